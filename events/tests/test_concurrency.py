"""Two people taking the last seat at the same moment (real transactions on PostgreSQL)."""

import pytest
from django.db import connection

from events.models import Registration
from events.services import ParticipantData, registration_create
from tests.concurrency import run_together

from .factories import EventFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(event, people) -> list:
    return run_together([lambda p=p: registration_create(event=event, data=p, consent=True) for p in people])[1]


def test_two_registrations_for_the_last_seat_give_one_seat_and_one_waiting_place():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    event = EventFactory(open=True, capacity=1)
    people = [ParticipantData(first_name="A", last_name=str(i), email=f"p{i}@example.com", category="pes")
              for i in range(2)]
    assert _race(event, people) == []
    statuses = sorted(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == ["confirmed", "waiting"]


def test_the_same_person_twice_at_once_is_registered_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    event = EventFactory(open=True, capacity=10)
    same = ParticipantData(first_name="A", last_name="B", email="same@example.com", category="pes")
    errors = _race(event, [same, same])
    assert Registration.objects.filter(event=event).count() == 1
    assert len(errors) == 1
    assert getattr(errors[0], "code", "") == "duplicate"
