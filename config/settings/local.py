"""Developer machine and the demo: debug on, SQLite and eager Celery unless configured."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-local-demo-key-not-for-production")
os.environ.setdefault("DJANGO_DEBUG", "true")

from .base import *  # noqa: E402,F403
