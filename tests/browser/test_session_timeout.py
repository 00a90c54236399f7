"""WCAG 2.2.1 (Timing Adjustable): the session warns before it ends and can be extended; what a PES typed into an
application step survives a session that ended before it was sent."""

import re

import pytest
from django.contrib.sessions.models import Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "test-password-123"


def login(page, user):
    page.goto("/konto/logowanie/")
    page.get_by_label("Adres e-mail").fill(user.email)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_load_state()


def test_the_session_warns_before_it_ends_and_can_be_extended(page, staff, settings):
    settings.SESSION_COOKIE_AGE = 123     # the warning comes two minutes before the end
    login(page, staff)
    dialog = page.get_by_role("alertdialog", name="Twoja sesja wkrótce wygaśnie")
    dialog.wait_for(state="visible", timeout=10_000)
    assert "za 3 minuty" in dialog.inner_text() or "za 2 minuty" in dialog.inner_text()
    before = Session.objects.get().expire_date
    stay = dialog.get_by_role("button", name="Przedłuż sesję")
    assert page.evaluate("document.activeElement.textContent").strip() == "Przedłuż sesję"
    stay.click()
    dialog.wait_for(state="hidden")
    assert Session.objects.get().expire_date > before


def test_what_was_typed_is_offered_back_after_logging_in_again(page, pes, pes_entity):
    from certification.tests.factories import ApplicationFactory

    application = ApplicationFactory(entity=pes_entity, created_by=pes, social_aims="")
    login(page, pes)
    page.goto(f"/certyfikacja/wnioski/{application.pk}/krok/entity/")
    aims = page.locator("[name=social_aims]")
    aims.fill("Zatrudniamy osoby po kryzysie bezdomności w naszej piekarni.")
    Session.objects.all().delete()               # the session ends while the person is typing
    page.get_by_role("button", name="Zapisz i przejdź dalej").click()
    page.wait_for_load_state()
    assert "/konto/logowanie/" in page.url
    assert "Twoja sesja wygasła" in page.content()
    page.get_by_label("Adres e-mail").fill(pes.email)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_url(re.compile(rf".*/wnioski/{application.pk}/krok/entity/"))
    page.get_by_role("button", name="Przywróć wpisany tekst").click()
    assert page.locator("[name=social_aims]").input_value() == \
        "Zatrudniamy osoby po kryzysie bezdomności w naszej piekarni."
    application.refresh_from_db()
    assert application.social_aims == ""          # nothing was saved behind the person's back
