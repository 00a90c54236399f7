"""The test suite: fast hashing, in-memory e-mail, eager Celery unless REDIS_URL is set."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-test-key")
os.environ.setdefault("DJANGO_DEBUG", "false")

from .base import *  # noqa: E402,F403
from .base import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"].pop("CONN_MAX_AGE", None)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True

# Tests sign in with force_login; the second factor is switched on by the tests of it (accounts/tests/test_mfa.py).
MFA_REQUIRED_ROLES: list[str] = []

# The tests' throwaway CA and seal (created once per run by the root conftest), outside the repository.
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

SEAL_DIR = Path(tempfile.mkdtemp(prefix="rops-test-seal-"))
SEAL_PKCS12_FILE = str(SEAL_DIR / "seal.p12")
SEAL_PKCS12_PASSPHRASE = "test-passphrase"  # noqa: S105 - the tests' throwaway seal
SEAL_TRUST_ROOTS = [str(SEAL_DIR / "ca.pem")]
SEAL_CRLS = [str(SEAL_DIR / "ca.crl")]
SEAL_TSA_URL = ""
SEAL_FETCH_REVOCATION = False

# Registry-wide figures are computed on every call in the suite (a kept figure costs one query to check, and the
# query counts pinned by the tests are those of a figure computed); entities/tests/test_kept.py turns keeping on
# to test it on PostgreSQL, and the benchmarks (bench/) turn it on as production has it.
REGISTRY_FIGURES_KEPT_SECONDS = int(os.environ.get("REGISTRY_FIGURES_KEPT_SECONDS", "0"))
