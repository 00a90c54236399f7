"""Developer machine and the demo: debug on, SQLite and eager Celery unless configured."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-local-demo-key-not-for-production")
os.environ.setdefault("DJANGO_DEBUG", "true")

from .base import *  # noqa: E402,F403

# The demo prints one password login per role; nobody is asked for a second factor unless this is set
# (DJANGO_MFA_REQUIRED_ROLES=rops_admin,rops_staff,committee_member). Production requires it by default.
MFA_REQUIRED_ROLES = env.list("DJANGO_MFA_REQUIRED_ROLES", default=[])  # noqa: F405
