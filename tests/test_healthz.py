import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_unconfigured_redis(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "not configured", "status": "ok"}


def test_healthz_fails_when_redis_is_configured_but_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"].startswith("error")
    assert response.json()["status"] == "error"


def test_healthz_answers_503_naming_the_database_when_it_hangs(client, monkeypatch):
    import time

    from core import views

    def hang():
        time.sleep(6)
        return "ok"

    monkeypatch.setattr(views, "_database_check", hang)
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    assert response.json()["database"] == "error: timeout"


def test_healthz_answers_503_when_the_database_refuses(client, monkeypatch):
    """Even the connection the request itself would open fails: the view is not inside ATOMIC_REQUESTS."""
    from django.db import OperationalError
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    response = client.get("/healthz")
    monkeypatch.undo()
    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError"
