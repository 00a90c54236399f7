"""Two people taking the last seat at the same moment (real transactions on PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from events.models import Registration
from events.services import ParticipantData, registration_create

from .factories import EventFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(event, people) -> list:
    barrier = threading.Barrier(len(people))
    errors: list = []

    def attempt(data):
        try:
            barrier.wait()
            registration_create(event=event, data=data, consent=True)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


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
    assert len(errors) == 1 and getattr(errors[0], "code", "") == "duplicate"
