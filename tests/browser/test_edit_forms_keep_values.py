"""Edit forms saved untouched in a real browser keep every stored value, dates included.

Chromium drops a value that ``<input type="date">`` cannot read (``26.06.2021``), so a form rendered that way
saves NULL. Each form here is opened, submitted without touching anything, and the record compared field by field.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from entities.models import Entity, LegalForm, Territory

WARSAW = ZoneInfo("Europe/Warsaw")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "test-password-123"


def login(page, user):
    page.goto("/konto/logowanie/")
    page.get_by_label("Adres e-mail").fill(user.email)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_load_state()


def snapshot(obj, *, ignore=()):
    obj.refresh_from_db()
    return {k: v for k, v in model_to_dict(obj).items() if k not in ignore}


def dates_the_browser_dropped(page) -> list[str]:
    """Date inputs whose value attribute the browser could not read (the property comes back empty)."""
    return page.evaluate("""() => [...document.querySelectorAll('input[type=date], input[type=datetime-local]')]
        .filter(i => i.getAttribute('value') && !i.value).map(i => i.name + '=' + i.getAttribute('value'))""")


def test_the_entity_form_saved_untouched_keeps_the_registration_date(page, staff):
    entity = Entity.objects.create(
        name="Fundacja Dobry Start", legal_form=LegalForm.FOUNDATION, nip="8567346215",
        seat=Territory.objects.get(code="0463011"), address="ul. Szeroka 1", postal_code="87-100",
        registered_on=date(2021, 6, 26), description="Pomagamy.")
    before = snapshot(entity)
    login(page, staff)
    page.goto(f"/rejestr/{entity.pk}/edycja/")
    assert dates_the_browser_dropped(page) == []
    page.get_by_role("button", name="Zapisz").click()
    page.wait_for_load_state()
    assert snapshot(entity) == before


def test_the_event_form_saved_untouched_keeps_its_times(page, staff):
    from events.tests.factories import EventFactory

    starts = datetime(2027, 3, 4, 10, 30, tzinfo=WARSAW)
    event = EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=5),
                         registration_deadline=starts - timedelta(days=2), gmina_id="0463011", capacity=40)
    before = snapshot(event)
    login(page, staff)
    page.goto(f"/wydarzenia/{event.pk}/edycja/")
    assert dates_the_browser_dropped(page) == []
    page.get_by_role("button", name="Zapisz").click()
    page.wait_for_load_state()
    assert snapshot(event) == before


def test_the_recommendations_step_saved_untouched_keeps_the_dates(page, pes, pes_entity):
    from certification import services
    from certification.tests.factories import ApplicationFactory

    application = ApplicationFactory(entity=pes_entity, created_by=pes)
    services.application_save_recommendations(application=application, by=pes, recommendations=[
        {"author": "Anna Nowak", "organisation": "Urząd Gminy Lubicz", "issued_on": date(2025, 3, 14),
         "summary": "Rzetelny partner"}])
    recommendation = application.recommendations.get()
    before = snapshot(recommendation)
    login(page, pes)
    page.goto(f"/certyfikacja/wnioski/{application.pk}/krok/recommendations/")
    assert dates_the_browser_dropped(page) == []
    page.get_by_role("button", name="Zapisz i przejdź dalej").click()
    page.wait_for_load_state()
    assert application.recommendations.get().issued_on == before["issued_on"]


def test_the_appointment_form_offers_today_as_a_date_the_browser_keeps(page, staff):
    from committee.tests.factories import CommitteeFactory

    committee = CommitteeFactory()
    login(page, staff)
    page.goto(f"/komitet/{committee.pk}/")
    assert dates_the_browser_dropped(page) == []
    assert page.locator("input[name=appointed_on]").input_value() == timezone.localdate().isoformat()
