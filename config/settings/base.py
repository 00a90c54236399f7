"""Settings shared by every environment.

Every environment value is read here through ``env`` and documented in ``.env.example``.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

# --- Applications ---------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "rules",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "template_partials",
    # Django REST framework itself is deliberately not an installed app: its catalogue would override six of
    # Django's Polish form messages project-wide ("Enter a valid email address." and others). The API's
    # refusals are worded in opendata's own catalogue (opendata.api.views.exception_handler).
    "drf_spectacular",
    "corsheaders",
]
LOCAL_APPS = [
    "accounts",
    "core",
    "entities",
    "programmes",
    "committee",
    "certification",
    "monitoring",
    "events",
    "opendata",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before anything else looks at them.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.ModelBackend",  # Django's, with the permissions read in one query
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CORS first after security: it answers preflight requests of /api/ and /dane/ before anything else.
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.PolishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.MfaEnforcementMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.HostileInputMiddleware",
    "core.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last, as its documentation requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "core.context_processors.navigation",
                "core.context_processors.session_limits",
            ],
            "builtins": ["core.templatetags.polish"],  # {{ value|pl }}: Polish data marked lang="pl"
        },
    },
]

# --- Data -----------------------------------------------------------------------------------
# DATABASE_URL absent: an SQLite file in the project folder (the embedded demo default).
# DATABASE_URL set (postgres://...): PostgreSQL through psycopg 3.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer fails a request in seconds instead of holding a web worker.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int("DJANGO_DB_CONNECT_TIMEOUT",
                                                                                default=5)
    # JIT compilation is for long analytical queries: for the dashboard's aggregates PostgreSQL's default
    # (jit_above_cost) spent ~80 ms compiling a query that runs in less (docs/performance.md).
    if not env.bool("DJANGO_DB_JIT", default=False):
        DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds short-lived counters only (the open-data API's rate limits): the process's memory by default (the
# demo, one process), Redis when DJANGO_CACHE_URL is set (production: every worker counts against the same limit).
CACHES = {"default": env.cache_url("DJANGO_CACHE_URL", default="locmemcache://")}

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and generated files live outside the web root and are served only by views that
# check permissions first; there is deliberately no MEDIA_URL route.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Assets (fonts, logo) that PDF templates may load: never the network.
PDF_ASSET_ROOT = str(BASE_DIR / "static")

# --- Language, time -------------------------------------------------------------------------
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Polish dates and numbers as offices write them (config/formats/pl/formats.py): 1.12.2026, 1 grudnia 2026.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

# --- Security ---------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Idle timeout: the session ends after this many seconds without a request.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_IDLE_SECONDS", default=30 * 60)
# A request renews the idle time by saving the session, at most once per this many seconds (not on every request:
# the row was rewritten on each page, 2-6 ms and a write per request). core.middleware.SessionLifetimeMiddleware
# keeps the time of the last renewal and the warning dialog counts from it, so the idle limit it shows is exact.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env.int("DJANGO_SESSION_REFRESH_SECONDS", default=60)
# Absolute lifetime: a session ends this many seconds after signing in, however active (ASVS 7.3.2).
SESSION_ABSOLUTE_SECONDS = env.int("DJANGO_SESSION_ABSOLUTE_SECONDS", default=10 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Second factor (django-otp, accounts/mfa.py): roles that must use it; others may enrol voluntarily.
MFA_REQUIRED_ROLES = env.list("DJANGO_MFA_REQUIRED_ROLES", default=["rops_admin", "rops_staff", "committee_member"])
OTP_TOTP_ISSUER = env("DJANGO_OTP_ISSUER", default="ROPS – ekonomia społeczna")

# django-axes: lock out a (username, address) pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("DJANGO_AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("DJANGO_AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Proxies in front of the application that append the client's address to X-Forwarded-For (the TLS proxy of the
# documented deployment: 1). 0 ignores the header. The lockout and rate limits take the client from it
# (core/client.py), so five wrong passwords lock that client out, not everyone behind the proxy.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.client.client_ip"

# Content Security Policy (django-csp 4): only our own origin; htmx and Bootstrap are static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- E-mail ---------------------------------------------------------------------------------
# Console by default (the demo prints e-mails); set DJANGO_EMAIL_URL=smtp://user:pass@host:587 for SMTP.
EMAIL_CONFIG = env.email_url("DJANGO_EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="ROPS <no-reply@rops.example.pl>")

# --- Celery ---------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
# The longest task may run this long; the Redis visibility timeout must exceed it, or Redis
# would hand an unacknowledged long task to a second worker while the first still runs it.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Handing a job to a dead or hung broker must fail in seconds (the request goes on, the job is sent again by
# core.services.jobs_recover), not hold a web worker for minutes.
JOB_ENQUEUE_TIMEOUT_SECONDS = env.float("JOB_ENQUEUE_TIMEOUT_SECONDS", default=3)
CELERY_BROKER_CONNECTION_TIMEOUT = JOB_ENQUEUE_TIMEOUT_SECONDS
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 2,
                                   "socket_connect_timeout": JOB_ENQUEUE_TIMEOUT_SECONDS,
                                   "socket_timeout": JOB_ENQUEUE_TIMEOUT_SECONDS}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = CELERY_BROKER_TRANSPORT_OPTIONS
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = JOB_ENQUEUE_TIMEOUT_SECONDS
CELERY_REDIS_SOCKET_TIMEOUT = JOB_ENQUEUE_TIMEOUT_SECONDS
# Jobs (core.Job): a queued job not started after this many seconds is sent again; a running one without a
# heartbeat for JOB_STALE_AFTER_SECONDS lost its worker and is restarted, at most JOB_MAX_ATTEMPTS times in all.
JOB_REQUEUE_AFTER_SECONDS = env.int("JOB_REQUEUE_AFTER_SECONDS", default=300)
JOB_HEARTBEAT_SECONDS = env.int("JOB_HEARTBEAT_SECONDS", default=30)
JOB_STALE_AFTER_SECONDS = env.int("JOB_STALE_AFTER_SECONDS", default=180)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_RETRY_DELAY = 30
CELERY_TASK_ANNOTATIONS = {"*": {"max_retries": 3}}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic tasks (Celery beat). Apps add their entries here as they need them.
CELERY_BEAT_SCHEDULE: dict = {"core-jobs-recover": {"task": "core.tasks.jobs_recover_task", "schedule": 60}}
# Retention by JRWA category (core.retention): on the 1st of each month the records past their period are listed
# for staff to confirm disposal. {rule key: category} overrides a declared category ("A", "B5", "BE10", "Bc").
CELERY_BEAT_SCHEDULE["core-retention-review"] = {"task": "core.tasks.retention_review_task",
                                                 "schedule": crontab(minute=0, hour=4, day_of_month="1")}
RETENTION_CATEGORIES: dict[str, str] = env.dict("RETENTION_CATEGORIES", default={})
# Notifications people control (core.notifications, docs/notifications.md): the daily digest at 7:00, and the
# reminders before and after each due date (vote deadline, return for corrections, survey, consultation report),
# each once. A reminder goes at due date + offset (negative: before), or later by at most REMINDER_CATCH_UP_HOURS
# when the task did not run then; a "before" reminder never after the due date itself.
CELERY_BEAT_SCHEDULE["core-digests"] = {"task": "core.tasks.digests_send_task", "schedule": crontab(minute=0, hour=7)}
CELERY_BEAT_SCHEDULE["core-reminders"] = {"task": "core.tasks.reminders_send_task", "schedule": 3600}
CELERY_BEAT_SCHEDULE["entities-figures-keep"] = {"task": "entities.tasks.registry_figures_keep_task", "schedule": 300}
REMINDER_OFFSETS_HOURS: dict[str, int] = {"before": env.int("REMINDER_BEFORE_HOURS", default=48) * -1,
                                          "after": env.int("REMINDER_AFTER_HOURS", default=24)}
REMINDER_CATCH_UP_HOURS = env.int("REMINDER_CATCH_UP_HOURS", default=24)

# --- Forms, UI ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Domain -----------------------------------------------------------------------------------
# TERYT code of the voivodeship this installation serves (04 = kujawsko-pomorskie).
ROPS_VOIVODESHIP_CODE = env("ROPS_VOIVODESHIP_CODE", default="04")
ROPS_NAME = env("ROPS_NAME", default="Regionalny Ośrodek Polityki Społecznej w Toruniu")
# The public address of the application, for links in e-mails (no request is at hand in tasks).
SITE_URL = env("DJANGO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}

# --- Self-registration ----------------------------------------------------------------------
# A registration whose e-mail link was never used is deleted (account and data) after this many days.
REGISTRATION_PURGE_DAYS = env.int("REGISTRATION_PURGE_DAYS", default=14)
CELERY_BEAT_SCHEDULE["accounts-registrations-purge"] = {
    "task": "accounts.tasks.registrations_purge_task",
    "schedule": 24 * 3600,
}

# --- Events ---------------------------------------------------------------------------------
# Participants' personal data is kept this many days after the event ends, then anonymised
# by `manage.py anonymise_participants` (run daily by Celery beat).
EVENTS_PARTICIPANT_RETENTION_DAYS = env.int("EVENTS_PARTICIPANT_RETENTION_DAYS", default=365)
CELERY_BEAT_SCHEDULE["events-anonymise-participants"] = {
    "task": "events.tasks.anonymise_participants_task",
    "schedule": 24 * 3600,
}

# Largest accepted upload (bytes); files are also checked by content (core/uploads.py).
UPLOAD_MAX_SIZE = env.int("DJANGO_UPLOAD_MAX_SIZE", default=10 * 1024 * 1024)
# Largest size a zip container (DOCX, ODT, XLSX) may unpack to; above it the file is refused as a "zip bomb".
UPLOAD_MAX_UNCOMPRESSED = env.int("DJANGO_UPLOAD_MAX_UNCOMPRESSED", default=100 * 1024 * 1024)
# XLSX imports (entities, monitoring answers) unpack to at most this: openpyxl keeps shared strings in memory.
IMPORT_MAX_UNCOMPRESSED = env.int("DJANGO_IMPORT_MAX_UNCOMPRESSED", default=30 * 1024 * 1024)

# --- Certification --------------------------------------------------------------------------
CELERY_BEAT_SCHEDULE["certification-daily"] = {
    "task": "certification.tasks.certificates_daily_task",
    "schedule": 24 * 3600,
}
# The signed list of all certificates with their state (docs/sealing.md), once a day.
CELERY_BEAT_SCHEDULE["certification-signed-list"] = {
    "task": "certification.tasks.certificate_list_publish_task",
    "schedule": 24 * 3600,
}

# --- Monitoring -----------------------------------------------------------------------------
CELERY_BEAT_SCHEDULE["monitoring-reminders"] = {
    "task": "monitoring.tasks.monitoring_reminders_task",
    "schedule": 24 * 3600,
}
# Published outputs (reports, public pages) hide counts below this number per territory.
MONITORING_SUPPRESS_BELOW = env.int("MONITORING_SUPPRESS_BELOW", default=3)

# --- Committee ------------------------------------------------------------------------------
CELERY_BEAT_SCHEDULE["committee-close-due-votes"] = {"task": "committee.tasks.close_due_votes_task", "schedule": 300}

# --- State registers (entities/sources; docs/entities.md "Data from the state registers") -----
# Live calls are off by default: the demo and the tests are served recorded answers shipped in
# entities/sources/recorded/. Each register is switched on separately, with its address (and key).
REGISTRY_KRS_LIVE = env.bool("REGISTRY_KRS_LIVE", default=False)
REGISTRY_KRS_URL = env("REGISTRY_KRS_URL", default="https://api-krs.ms.gov.pl/api").rstrip("/")
REGISTRY_BIR_LIVE = env.bool("REGISTRY_BIR_LIVE", default=False)
# GUS BIR 1.1: the test environment (public test key) by default; production needs its own free key.
REGISTRY_BIR_URL = env("REGISTRY_BIR_URL",
                       default="https://wyszukiwarkaregontest.stat.gov.pl/wsBIR/UslugaBIRzewnPubl.svc")
REGISTRY_BIR_KEY = env("REGISTRY_BIR_KEY", default="")
REGISTRY_VAT_LIVE = env.bool("REGISTRY_VAT_LIVE", default=False)
REGISTRY_VAT_URL = env("REGISTRY_VAT_URL", default="https://wl-api.mf.gov.pl").rstrip("/")
# Every call: timeout (seconds), retries with exponential backoff, answers cached this long.
REGISTRY_TIMEOUT_SECONDS = env.float("REGISTRY_TIMEOUT_SECONDS", default=10.0)
REGISTRY_RETRIES = env.int("REGISTRY_RETRIES", default=2)
REGISTRY_BACKOFF_SECONDS = env.float("REGISTRY_BACKOFF_SECONDS", default=1.0)
REGISTRY_CACHE_SECONDS = env.int("REGISTRY_CACHE_SECONDS", default=3600)
# How long a registry-wide figure (PES and PS counts, employment in PES) is kept under the registry's version
# (entities/kept.py; PostgreSQL only; a write moves the version on, so this only bounds the cache's size; 0: off).
REGISTRY_FIGURES_KEPT_SECONDS = env.int("REGISTRY_FIGURES_KEPT_SECONDS", default=86400)
# Calls per minute to each register (the white list also limits searches per day).
REGISTRY_KRS_PER_MINUTE = env.int("REGISTRY_KRS_PER_MINUTE", default=60)
REGISTRY_BIR_PER_MINUTE = env.int("REGISTRY_BIR_PER_MINUTE", default=60)
REGISTRY_VAT_PER_MINUTE = env.int("REGISTRY_VAT_PER_MINUTE", default=10)
# Fill-ins the public self-registration form may ask for, per address and hour.
REGISTRY_PUBLIC_LOOKUPS_PER_HOUR = env.int("REGISTRY_PUBLIC_LOOKUPS_PER_HOUR", default=10)
# The nightly watch catches up at most this many missed days.
REGISTRY_WATCH_MAX_DAYS = env.int("REGISTRY_WATCH_MAX_DAYS", default=14)
CELERY_BEAT_SCHEDULE["entities-registry-watch"] = {
    "task": "entities.tasks.registry_watch_task",
    "schedule": 24 * 3600,
}

# --- Open data (opendata/, docs/opendata.md) ----------------------------------------------------------
# Requests per client address to the API and to the downloads (the views read these at each request).
OPENDATA_ANON_RATE = env("OPENDATA_ANON_RATE", default="120/minute")
OPENDATA_DOWNLOAD_RATE = env("OPENDATA_DOWNLOAD_RATE", default="30/minute")
# Licence of the open datasets, as dane.gov.pl names it (harvester file and DCAT-AP metadata).
OPENDATA_LICENCE = env("OPENDATA_LICENCE", default="CC BY 4.0")
# The read-only API (Django REST framework): JSON only, nobody logs in (so no session and no CSRF), every client is
# anonymous and rate-limited; pagination, filters and throttles are set on the views (opendata/api/views.py).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Throttles take the client from core.client.client_ip (the same rule as the login lockout).
    "URL_FORMAT_OVERRIDE": None,
    "EXCEPTION_HANDLER": "opendata.api.views.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Otwarte dane ROPS – ekonomia społeczna",
    "DESCRIPTION": "Rejestry publiczne: PES, przedsiębiorstwa społeczne, znak „Zakup Prospołeczny”, wydarzenia i "
                   "program wraz ze wskaźnikami. Tylko odczyt, bez danych osobowych. Opis zbiorów: docs/opendata.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "MarkStatusEnum": ["current", "withdrawn", "expired"],
        "MarkStatusFilterEnum": ["current", "past"],
        "EventStatusEnum": "events.models.EventStatus",
        "ProgrammeStatusEnum": ["adopted", "in_force", "closed"],
        "PsKindEnum": "entities.models.PsStatus.Kind",
        "EventKindEnum": "events.models.EventKind",
        "EntityGroupEnum": "entities.models.Group",
    },
}
# CORS (django-cors-headers): anybody's page may read the open data with GET; nothing else is allowed cross-origin.
CORS_URLS_REGEX = r"^/(api|dane)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# --- Electronic seal (core/seal.py, docs/sealing.md) -----------------------------------------------
# The key is configured here, never kept in the repository. The demo and the tests make a throwaway CA and seal
# under SEAL_DIR (`manage.py seal_demo_ca`, run by seed_demo); production points these at the real key.
SEAL_DIR = Path(env("SEAL_DIR", default=str(Path(str(MEDIA_ROOT)) / "private" / "seal")))
# pkcs12: a PKCS#12 file and its passphrase; pkcs11: a hardware token or HSM holding a qualified electronic seal.
SEAL_BACKEND = env("SEAL_BACKEND", default="pkcs12")
SEAL_PKCS12_FILE = env("SEAL_PKCS12_FILE", default=str(SEAL_DIR / "seal.p12"))
SEAL_PKCS12_PASSPHRASE = env("SEAL_PKCS12_PASSPHRASE", default="")
SEAL_PKCS11_MODULE = env("SEAL_PKCS11_MODULE", default="")
SEAL_PKCS11_TOKEN_LABEL = env("SEAL_PKCS11_TOKEN_LABEL", default="")
SEAL_PKCS11_KEY_LABEL = env("SEAL_PKCS11_KEY_LABEL", default="")
SEAL_PKCS11_CERT_LABEL = env("SEAL_PKCS11_CERT_LABEL", default="")
SEAL_PKCS11_PIN = env("SEAL_PKCS11_PIN", default="")
# The seal's certificate (PEM; default: the one in the PKCS#12 file) and earlier seals whose documents still count
# as ours after the key is renewed (comma-separated PEM files).
SEAL_CERTIFICATE = env("SEAL_CERTIFICATE", default="")
SEAL_PREVIOUS_CERTIFICATES = env.list("SEAL_PREVIOUS_CERTIFICATES", default=[])
# Roots the seal chains to (PEM files) and revocation lists embedded as validation data (DER or PEM files).
SEAL_TRUST_ROOTS = env.list("SEAL_TRUST_ROOTS", default=[str(SEAL_DIR / "ca.pem")])
SEAL_CRLS = env.list("SEAL_CRLS", default=[str(SEAL_DIR / "ca.crl")])
# Fetch OCSP answers and CRLs named in the certificates when sealing and checking (production, a qualified seal).
SEAL_FETCH_REVOCATION = env.bool("SEAL_FETCH_REVOCATION", default=False)
# RFC 3161 timestamp server (empty: no timestamp, PAdES B-B) and its timeout in seconds.
SEAL_TSA_URL = env("SEAL_TSA_URL", default="")
SEAL_TSA_TIMEOUT = env.int("SEAL_TSA_TIMEOUT", default=10)
