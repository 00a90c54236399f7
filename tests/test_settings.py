"""Configuration read from the environment, checked in fresh interpreters (settings load once)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']),"
    " 'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL,"
    " 'visibility': s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'], 'limit': s.CELERY_TASK_TIME_LIMIT,"
    " 'acks_late': s.CELERY_TASK_ACKS_LATE, 'reject': s.CELERY_TASK_REJECT_ON_WORKER_LOST,"
    " 'lang': s.LANGUAGE_CODE}))"
)


CLEARED = {"DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _run(env_overrides: dict[str, str], settings_module="config.settings.local", code=PROBE, args=None):
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update({"DJANGO_SETTINGS_MODULE": settings_module, **env_overrides})
    cmd = [sys.executable, *(args or ["-c", code])]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def _settings(**env) -> dict:
    result = _run(env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_database_url_the_demo_uses_an_sqlite_file_in_the_project():
    s = _settings()
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["name"] == str(ROOT / "db.sqlite3")


def test_database_url_selects_postgresql():
    s = _settings(DATABASE_URL="postgres://u:p@db:5432/rops")
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["name"] == "rops"


def test_without_redis_tasks_run_in_process():
    s = _settings()
    assert s["eager"] is True
    assert s["broker"].startswith("memory://")


def test_with_redis_a_worker_runs_tasks_safely_for_long_jobs():
    s = _settings(REDIS_URL="redis://127.0.0.1:6379/0")
    assert s["eager"] is False
    assert s["broker"] == "redis://127.0.0.1:6379/0"
    assert s["acks_late"]
    assert s["reject"]
    assert s["visibility"] > s["limit"]


def test_polish_is_the_default_language():
    assert _settings()["lang"] == "pl"


def test_production_settings_pass_the_deploy_check():
    result = _run(
        {"DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-value-1234567890",
         "DJANGO_ALLOWED_HOSTS": "rops.example.pl", "DATABASE_URL": "postgres://u:p@db:5432/rops"},
        settings_module="config.settings.production",
        args=["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _run({}, settings_module="config.settings.production", args=["manage.py", "check"])
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
