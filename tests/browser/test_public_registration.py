import time

import pytest
from django.core import mail

from events.models import Registration
from events.tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_registers_for_an_event_and_cancels_through_the_link(page, live_server, settings):
    settings.SITE_URL = live_server.url
    event = EventFactory(open=True, capacity=1, title="Forum Ekonomii Społecznej")
    page.goto("/wydarzenia/publiczne/")
    page.get_by_role("link", name="Forum Ekonomii Społecznej").first.click()
    page.get_by_label("Imię").fill("Alicja")
    page.get_by_label("Nazwisko").fill("Testowa")
    page.get_by_label("Adres e-mail").fill("alicja@example.com")
    page.get_by_label("Kategoria uczestnika").select_option("jst")
    page.get_by_label("Wyrażam zgodę").check()
    time.sleep(3.1)  # the form refuses posts made faster than a person could fill it in
    page.get_by_role("button", name="Zapisz się").click()
    assert page.get_by_role("status").inner_text().startswith("Twoje miejsce")
    registration = Registration.objects.get(event=event)
    assert registration.status == "confirmed"
    link = next(line for line in mail.outbox[0].body.splitlines() if "/rezygnacja/" in line)
    page.goto(link)
    page.get_by_role("button", name="Tak, rezygnuję z udziału").click()
    assert "anulowane" in page.get_by_role("status").inner_text()
    registration.refresh_from_db()
    assert registration.status == "cancelled"
