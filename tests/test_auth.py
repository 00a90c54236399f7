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
    assert response.status_code == 302
    assert reverse(LOGIN) in response.url


def test_the_idle_limit_is_short_and_renewed_at_least_every_minute(settings):
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_REFRESH_SECONDS <= 60


def _expiry():
    return Session.objects.get().expire_date


def test_a_request_within_the_refresh_time_does_not_write_the_session(client, staff):
    _login(client, staff.email)
    client.get(reverse("core:dashboard"))
    before = _expiry()
    client.get(reverse("core:dashboard"))
    assert _expiry() == before


def test_a_request_after_the_refresh_time_extends_the_session(client, staff, settings):
    _login(client, staff.email)
    client.get(reverse("core:dashboard"))
    before = _expiry()
    settings.SESSION_REFRESH_SECONDS = 0
    client.get(reverse("core:dashboard"))
    assert _expiry() > before


def test_the_warning_counts_the_idle_time_from_the_last_renewal(client, staff, settings):
    import time

    from core.middleware import SessionLifetimeMiddleware

    _login(client, staff.email)
    session = client.session
    session[SessionLifetimeMiddleware.RENEWED] = time.time() - 40
    session.save()
    page = client.get(reverse("core:dashboard")).content.decode()
    left = int(page.split('data-idle-seconds="')[1].split('"')[0])
    assert settings.SESSION_COOKIE_AGE - 45 <= left <= settings.SESSION_COOKIE_AGE - 39


def test_staying_signed_in_renews_the_session_at_once(client, staff):
    _login(client, staff.email)
    client.get(reverse("core:dashboard"))
    before = _expiry()
    time_passes = timezone.timedelta(seconds=1)
    Session.objects.update(expire_date=before - time_passes)
    response = client.post(reverse("core:session_extend"))
    assert _expiry() > before - time_passes
    assert response.json()["idle_seconds"] > 0


def test_logout_needs_post(client_for, staff):
    client = client_for(staff)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_an_ended_session_is_explained_on_the_login_page(client, staff):
    _login(client, staff.email)
    assert client.get(reverse("core:dashboard")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    page = client.get(reverse("core:dashboard"), follow=True).content.decode()
    assert "Twoja sesja wygasła" in page


def test_logging_out_is_not_called_an_ended_session(client, staff):
    _login(client, staff.email)
    client.get(reverse("core:dashboard"))
    client.post(reverse("accounts:logout"))
    page = client.get(reverse(LOGIN)).content.decode()
    assert "Twoja sesja wygasła" not in page


def test_a_session_ends_after_its_absolute_lifetime_however_active(client, staff, settings):
    import time

    _login(client, staff.email)
    assert client.get(reverse("core:dashboard")).status_code == 200
    session = client.session
    session["signed_in_at"] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert reverse(LOGIN) in response.url
    assert "Twoja sesja wygasła" in client.get(response.url).content.decode()


def test_signed_in_pages_and_downloads_are_not_cached(client_for, staff):
    response = client_for(staff).get(reverse("core:dashboard"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_pages_may_be_cached(client):
    response = client.get(reverse("entities:catalogue"))
    assert "no-store" not in response.get("Cache-Control", "")


# --- the client behind the TLS proxy (core/client.py) -----------------------------------------------

def _login_from(client, email, forwarded, password="test-password-123"):
    return client.post(reverse(LOGIN), {"username": email, "password": password},
                       REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)


def test_behind_the_proxy_the_lockout_follows_the_real_client(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        _login_from(client, staff.email, "203.0.113.7", "wrong")
    assert _login_from(client, staff.email, "203.0.113.7").status_code == 429
    # The same person from another address (all through the same proxy) still logs in.
    other = client.__class__()
    assert _login_from(other, staff.email, "198.51.100.20").status_code == 302


def test_an_address_the_client_made_up_is_not_believed(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 1
    for fake in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):   # a new made-up address each time, the same real one
        _login_from(client, staff.email, f"{fake}, 203.0.113.7", "wrong")
    assert _login_from(client, staff.email, "203.0.113.7").status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(rf, settings):
    from core.client import client_ip

    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(request) == "192.0.2.1"


@pytest.mark.parametrize(("forwarded", "proxies", "expected"), [
    ("203.0.113.7", 1, "203.0.113.7"),
    ("6.6.6.6, 203.0.113.7", 1, "203.0.113.7"),
    ("6.6.6.6, 203.0.113.7, 10.0.0.5", 2, "203.0.113.7"),
    ("", 1, "10.0.0.2"),
    ("not-an-address", 1, "10.0.0.2"),
])
def test_the_client_is_taken_that_many_places_from_the_right(rf, settings, forwarded, proxies, expected):
    from core.client import client_ip

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
