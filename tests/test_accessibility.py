"""WCAG 2.1 AA basics of the shell: language, skip link, landmarks, labels, errors tied to fields."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_page_declares_polish_and_has_skip_link_and_landmarks(client_for, staff):
    html = client_for(staff).get(reverse("core:dashboard")).content.decode()
    assert '<html lang="pl">' in html
    assert re.search(r'<a class="skip-link" href="#main">Przejdź do treści głównej</a>', html)
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    assert '<nav class="navbar navbar-expand-lg" aria-label="Nawigacja główna">' in html
    assert 'aria-current="page"' in html


def test_login_fields_are_labelled(client):
    html = client.get(reverse("accounts:login")).content.decode()
    for field_id in ["id_username", "id_password"]:
        assert f'for="{field_id}"' in html
        assert f'id="{field_id}"' in html


def test_errors_are_tied_to_their_fields(client):
    html = client.post(reverse("accounts:password_reset"),
                       {"email": "not-an-email"}).content.decode()
    match = re.search(r'<input[^>]*id="id_email"[^>]*>', html)
    assert match
    assert 'aria-invalid="true"' in match.group(0)
    described = re.search(r'aria-describedby="([^"]+)"', match.group(0))
    assert described, match.group(0)
    for error_id in described.group(1).split():
        assert f'id="{error_id}"' in html


def test_no_inline_scripts_or_styles_in_the_shell(client_for, staff):
    html = client_for(staff).get(reverse("core:dashboard")).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html


def test_content_security_policy_is_sent(client):
    csp = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp


def test_polish_error_pages(client_for, staff):
    response = client_for(staff).get("/nie-ma-takiej-strony/")
    assert response.status_code == 404
    assert "Błąd 404" in response.content.decode()


def test_polish_even_when_the_browser_asks_for_english(client):
    html = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="pl">' in html
    assert "Zaloguj się" in html


def test_english_when_chosen_with_the_switcher(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html
