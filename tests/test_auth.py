import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "accounts:login"


def _login(client, email, password="test-password-123"):
    return client.post(reverse(LOGIN), {"username": email, "password": password})


def test_login_by_email_in_any_case(client, staff):
    response = _login(client, staff.email.upper())
    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")


def test_wrong_password_shows_a_polish_message_and_keeps_the_email(client, staff):
    response = _login(client, staff.email, "wrong")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Wprowadź poprawne" in body
    assert staff.email in body


def test_lockout_after_repeated_failures_by_username_and_address(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        _login(client, staff.email, "wrong")
    response = _login(client, staff.email)  # even the right password is refused now
    assert response.status_code == 429
    assert "tymczasowo zablokowane" in response.content.decode()
    # Another address may still log in as the same user: the lock is per (username, address).
    other = client.__class__(REMOTE_ADDR="10.1.2.3")
    assert other.post(reverse(LOGIN), {"username": staff.email, "password": "test-password-123"}).status_code == 302


def test_password_reset_sends_a_link(client, staff):
    response = client.post(reverse("accounts:password_reset"), {"email": staff.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/konto/haslo/reset/" in mail.outbox[0].body


def test_idle_session_ends(client, staff):
    _login(client, staff.email)
    assert client.get(reverse("core:dashboard")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and reverse(LOGIN) in response.url


def test_each_request_extends_the_session(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


def test_logout_needs_post(client_for, staff):
    client = client_for(staff)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 302
