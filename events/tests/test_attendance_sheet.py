"""The attendance sheet: search, filter, select all, mark in bulk (through ``services.attendance_mark``)."""

import pytest
from django.urls import reverse

from events.models import Registration
from events.selectors import attendance_sheet

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_sheet_searches_by_name(client_for, staff):
    event = EventFactory(held=True)
    RegistrationFactory(event=event, first_name="Anna", last_name="Kowalska")
    RegistrationFactory(event=event, first_name="Jan", last_name="Nowak")
    response = client_for(staff).get(reverse("events:attendance", args=[event.pk]), {"q": "kowal"})
    assert [r.last_name for r in response.context["rows"]] == ["Kowalska"]


def test_sheet_filters_by_attendance(staff):
    event = EventFactory(held=True)
    present = RegistrationFactory(event=event, attended=True)
    RegistrationFactory(event=event, attended=None)
    assert attendance_sheet(event=event, state="present") == [present]


def test_sheet_lists_only_confirmed_registrations(staff):
    event = EventFactory(held=True)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    assert attendance_sheet(event=event) == []


def test_sheet_is_for_staff_only(client_for, board):
    event = EventFactory(held=True)
    assert client_for(board).get(reverse("events:attendance", args=[event.pk])).status_code == 403


def test_outsider_gets_404(client_for, outsider):
    event = EventFactory(held=True)
    assert client_for(outsider).get(reverse("events:attendance", args=[event.pk])).status_code == 404


def test_marking_from_the_sheet_returns_to_the_sheet_with_its_search(client_for, staff):
    event = EventFactory(held=True)
    a = RegistrationFactory(event=event)
    response = client_for(staff).post(reverse("events:attendance", args=[event.pk]), {
        "registrations": [a.pk], "attended": "yes", "from_sheet": "1", "q": "Anna"})
    assert response.url == reverse("events:attendance", args=[event.pk]) + "?q=Anna"


def test_marking_500_at_once(client_for, staff):
    event = EventFactory(held=True, capacity=600)
    Registration.objects.bulk_create(Registration(event=event, first_name=f"Osoba{i}", last_name="Test",
                                                  category="pes") for i in range(500))
    ids = list(event.registrations.values_list("pk", flat=True))
    client_for(staff).post(reverse("events:attendance", args=[event.pk]),
                           {"registrations": ids, "attended": "yes", "from_sheet": "1"})
    assert event.registrations.filter(attended=True).count() == 500


def test_sheet_of_500_answers_in_fixed_queries(client_for, staff, django_assert_num_queries):
    event = EventFactory(held=True, capacity=600)
    Registration.objects.bulk_create(Registration(event=event, first_name=f"Osoba{i}", last_name="Test",
                                                  category="pes") for i in range(500))
    client = client_for(staff)
    # session, user, roles with the permissions, event, the registrations, and the page's navigation and messages
    with django_assert_num_queries(11):
        response = client.get(reverse("events:attendance", args=[event.pk]))
    assert len(response.context["rows"]) == 500


def test_an_event_not_taking_place_offers_no_marking(client_for, staff):
    event = EventFactory()
    RegistrationFactory(event=event)
    page = client_for(staff).get(reverse("events:attendance", args=[event.pk])).content.decode()
    assert 'name="attended"' not in page


def test_an_event_to_come_does_not_offer_held(client_for, staff):
    from events.models import EventStatus

    event = EventFactory(status=EventStatus.REGISTRATION_CLOSED)   # the factory's event starts in the future
    transitions = client_for(staff).get(reverse("events:detail", args=[event.pk])).context["transitions"]
    assert EventStatus.HELD not in [move.to for move in transitions]


def test_a_started_event_offers_held(client_for, staff):
    from datetime import timedelta

    from django.utils import timezone

    from events.models import EventStatus

    event = EventFactory(status=EventStatus.REGISTRATION_CLOSED, starts_at=timezone.now() - timedelta(hours=1),
                         ends_at=timezone.now() + timedelta(hours=2))
    transitions = client_for(staff).get(reverse("events:detail", args=[event.pk])).context["transitions"]
    assert EventStatus.HELD in [move.to for move in transitions]
