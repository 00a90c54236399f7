"""Celery application.

Without REDIS_URL tasks run eagerly in-process (the demo); with it Redis is broker and
result backend and a real worker runs them. All settings live in Django settings (CELERY_*).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("rops")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
