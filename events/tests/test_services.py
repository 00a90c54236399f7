from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import EventStatus, Registration
from events.services import (
    ParticipantData,
    attendance_mark,
    event_transition,
    event_update,
    participants_anonymise,
    registration_cancel,
    registration_create,
    walk_in_add,
)

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def person(n=1, **extra) -> ParticipantData:
    return ParticipantData(first_name="Ewa", last_name=f"Osoba{n}", email=f"ewa{n}@example.com", category="pes",
                           **extra)


def register(event, n=1, **kw):
    return registration_create(event=event, data=person(n), consent=True, **kw)


def test_registration_is_confirmed_while_seats_remain_then_waits(django_capture_on_commit_callbacks):
    event = EventFactory(open=True, capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        first, second, third = register(event, 1), register(event, 2), register(event, 3)
    assert [r.status for r in (first, second, third)] == ["confirmed", "confirmed", "waiting"]
    assert [m.to for m in mail.outbox] == [["ewa1@example.com"], ["ewa2@example.com"], ["ewa3@example.com"]]
    assert "lista rezerwowa" in mail.outbox[2].subject.lower()
    assert f"/wydarzenia/rezygnacja/{third.cancel_token}/" in mail.outbox[2].body


def test_cancellation_moves_the_first_waiting_person_up_and_tells_them(django_capture_on_commit_callbacks):
    event = EventFactory(open=True, capacity=1)
    seat = register(event, 1)
    waiting_1, waiting_2 = register(event, 2), register(event, 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=seat)
    waiting_1.refresh_from_db()
    waiting_2.refresh_from_db()
    assert waiting_1.status == "confirmed"
    assert waiting_2.status == "waiting"
    assert [m.to for m in mail.outbox] == [["ewa2@example.com"]]


def test_larger_capacity_moves_people_up(staff):
    event = EventFactory(open=True, capacity=1)
    register(event, 1)
    waiting = register(event, 2)
    event_update(event=event, by=staff, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_registration_after_the_deadline_is_refused_and_nothing_is_saved():
    event = EventFactory(open=True, registration_deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as exc:
        register(event)
    assert exc.value.code == "closed"
    assert not Registration.objects.exists()


def test_registration_when_not_open_is_refused():
    with pytest.raises(ValidationError):
        register(EventFactory(status=EventStatus.PLANNED))


def test_the_same_address_cannot_register_twice_but_may_again_after_cancelling():
    event = EventFactory(open=True)
    first = register(event, 1)
    with pytest.raises(ValidationError) as exc:
        registration_create(event=event, data=person(1, institution="x"), consent=True)
    assert exc.value.code == "duplicate"
    registration_cancel(registration=first)
    assert register(event, 1).status == "confirmed"


def test_duplicate_is_caught_case_insensitively():
    event = EventFactory(open=True)
    register(event, 1)
    loud = ParticipantData(first_name="E", last_name="O", email="EWA1@EXAMPLE.COM", category="pes")
    with pytest.raises(ValidationError):
        registration_create(event=event, data=loud, consent=True)


def test_consent_is_required():
    with pytest.raises(ValidationError):
        registration_create(event=EventFactory(open=True), data=person(), consent=False)
    assert not Registration.objects.exists()


def test_person_cannot_cancel_after_the_event_started():
    started = EventFactory(open=True, starts_at=timezone.now() - timedelta(minutes=5))
    registration = RegistrationFactory(event=started)
    with pytest.raises(ValidationError):
        registration_cancel(registration=registration)


def test_nobody_cancels_registrations_of_a_held_event(staff):
    registration = RegistrationFactory(event=EventFactory(held=True))
    with pytest.raises(ValidationError):
        registration_cancel(registration=registration, by=staff)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_attendance_in_bulk_only_touches_confirmed_registrations_of_the_event(staff):
    event = EventFactory(held=True, capacity=5)
    a, b = RegistrationFactory(event=event), RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waiting")
    other = RegistrationFactory(event=EventFactory(held=True))
    changed = attendance_mark(event=event, registration_ids=[a.pk, b.pk, waiting.pk, other.pk], attended=True,
                              by=staff)
    assert changed == 2
    assert set(Registration.objects.filter(attended=True).values_list("pk", flat=True)) == {a.pk, b.pk}
    assert a.history.first().history_user == staff


def test_walk_in_is_present_and_may_exceed_capacity(staff):
    event = EventFactory(held=True, capacity=1)
    RegistrationFactory(event=event)
    walk_in = walk_in_add(event=event, data=person(9), by=staff)
    assert walk_in.attended is True
    assert walk_in.walk_in
    assert walk_in.status == "confirmed"


def test_workflow_transitions(staff):
    event = EventFactory()
    event_transition(event=event, to=EventStatus.REGISTRATION_OPEN, by=staff)
    event_transition(event=event, to=EventStatus.REGISTRATION_CLOSED, by=staff)
    with pytest.raises(ValidationError):  # not started yet
        event_transition(event=event, to=EventStatus.HELD, by=staff)
    with pytest.raises(ValidationError):  # not a transition at all
        event_transition(event=event, to=EventStatus.REPORTED, by=staff)


def test_reported_needs_an_outcome_report(staff):
    event = EventFactory(held=True)
    with pytest.raises(ValidationError):
        event_transition(event=event, to=EventStatus.REPORTED, by=staff)
    event_update(event=event, by=staff, outcome_report="Udział 120 osób, 14 wystawców.")
    assert event_transition(event=event, to=EventStatus.REPORTED, by=staff).status == "reported"


def test_only_staff_move_events(board):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        event_transition(event=EventFactory(), to=EventStatus.CANCELLED, by=board)


def test_cancelling_an_event_tells_everyone_registered(staff, django_capture_on_commit_callbacks):
    event = EventFactory(open=True, capacity=1)
    register(event, 1)
    register(event, 2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_transition(event=event, to=EventStatus.CANCELLED, by=staff)
    assert sorted(m.to[0] for m in mail.outbox) == ["ewa1@example.com", "ewa2@example.com"]


def test_anonymisation_clears_personal_data_after_retention_and_keeps_counts():
    old = EventFactory(held=True, starts_at=timezone.now() - timedelta(days=400),
                       ends_at=timezone.now() - timedelta(days=399))
    recent = EventFactory(held=True)
    old_reg = RegistrationFactory(event=old, attended=True, institution="Fundacja X", accessibility_needs="pętla")
    recent_reg = RegistrationFactory(event=recent, attended=True)
    assert participants_anonymise(retention_days=365) == 1
    old_reg.refresh_from_db()
    recent_reg.refresh_from_db()
    assert (old_reg.first_name, old_reg.last_name, old_reg.email, old_reg.institution,
            old_reg.accessibility_needs) == ("", "", "", "", "")
    assert old_reg.anonymised_at
    assert old_reg.attended
    assert old_reg.category == "pes"
    assert recent_reg.email
    assert recent_reg.anonymised_at is None
    assert participants_anonymise(retention_days=365) == 0  # already done
    # Personal data never reached the audit history either.
    assert not hasattr(old_reg.history.first(), "email")


def test_cancel_tokens_are_long_random_and_unique():
    tokens = {RegistrationFactory().cancel_token for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(t) >= 40 for t in tokens)
