"""One shape for every workflow (core.workflow): each is declared as data and moved by one engine.

The engine is tested through a real workflow (the event's) and directly; the registry through every app.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.workflow import STAFF, SYSTEM, WORKFLOWS, Workflow, transition

ROOT = Path(__file__).resolve().parent.parent

EVERY_WORKFLOW = {"accounts.registration", "certification.application", "committee.resolution", "committee.survey",
                  "events.event", "monitoring.campaign", "monitoring.report", "programmes.programme"}


def test_every_workflow_of_the_system_is_declared_once_as_data():
    assert set(WORKFLOWS) == EVERY_WORKFLOW


@pytest.mark.parametrize("name", sorted(EVERY_WORKFLOW))
def test_each_workflow_names_every_move_it_offers(name):
    workflow = WORKFLOWS[name]
    for source, targets in workflow.table.items():
        for to, actors in targets.items():
            assert actors, f"{name}: nobody may move {source} → {to}"
            assert workflow.move(to).label
    assert workflow.note_required <= set(workflow.states.values)
    assert workflow.deadline_required <= set(workflow.states.values)


def test_a_workflow_refuses_a_state_it_does_not_know():
    from events.models import EventStatus

    with pytest.raises(ValueError, match="unknown states"):
        Workflow(name="x", states=EventStatus, table={EventStatus.PLANNED: {"nowhere": {STAFF}}})


def test_the_moves_offered_are_those_the_actor_may_make():
    from certification.models import APPLICATION_WORKFLOW, Actor, Status

    staff = [move.to for move in APPLICATION_WORKFLOW.moves(Status.FORMAL_CHECK, {Actor.STAFF})]
    assert staff == [Status.RETURNED, Status.ASSESSMENT, Status.REFUSED, Status.WITHDRAWN]
    assert APPLICATION_WORKFLOW.moves(Status.FORMAL_CHECK, {Actor.APPLICANT}) == []
    returned = APPLICATION_WORKFLOW.move(Status.RETURNED)
    assert returned.needs_note
    assert returned.needs_deadline
    assert returned.note_label
    assert APPLICATION_WORKFLOW.move(Status.REFUSED).adverse


def test_the_programme_move_carries_the_fields_it_records():
    from programmes.models import PROGRAMME_WORKFLOW, Status

    assert PROGRAMME_WORKFLOW.move(Status.ADOPTED).fields == ("resolution_number", "resolution_date")
    assert PROGRAMME_WORKFLOW.move(Status.IN_FORCE).fields == ()


# --- the engine, through the event's workflow ----------------------------------------------------------------

def _staff_only(user, obj):
    return {SYSTEM} if user is None else ({STAFF} if user.is_staff else set())


@pytest.mark.django_db
def test_a_move_outside_the_table_is_refused_and_writes_nothing():
    from events.models import EVENT_WORKFLOW, EventStatus
    from events.tests.factories import EventFactory

    event = EventFactory(status=EventStatus.REPORTED)
    with pytest.raises(ValidationError) as refused:
        transition(EVENT_WORKFLOW, event, to=EventStatus.PLANNED, by=None, actors_of=_staff_only)
    assert refused.value.code == "invalid_transition"
    event.refresh_from_db()
    assert event.status == EventStatus.REPORTED


@pytest.mark.django_db
def test_an_actor_the_table_does_not_name_is_refused(django_user_model):
    from events.models import EVENT_WORKFLOW, EventStatus
    from events.tests.factories import EventFactory

    event = EventFactory(status=EventStatus.PLANNED)
    outsider = django_user_model.objects.create_user(email="x@example.pl", password="x")
    with pytest.raises(PermissionDenied):
        transition(EVENT_WORKFLOW, event, to=EventStatus.CANCELLED, by=outsider, actors_of=_staff_only)
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED


@pytest.mark.django_db
def test_a_refusal_by_the_app_writes_nothing_and_schedules_nothing(django_capture_on_commit_callbacks):
    from events.models import EVENT_WORKFLOW, EventStatus
    from events.tests.factories import EventFactory

    event = EventFactory(status=EventStatus.PLANNED)
    called = []

    def apply(obj, old):
        obj.title = "changed"
        raise ValidationError("no")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        transition(EVENT_WORKFLOW, event, to=EventStatus.CANCELLED, by=None, actors_of=_staff_only, apply=apply,
                   record=lambda *a: called.append("record"), after_commit=lambda *a: called.append("after"))
    assert callbacks == []
    assert called == []
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED
    assert event.title != "changed"


@pytest.mark.django_db
def test_a_move_saves_what_apply_changed_records_and_runs_its_side_effects_after_commit(
        django_capture_on_commit_callbacks):
    from events.models import EVENT_WORKFLOW, EventStatus
    from events.tests.factories import EventFactory

    event = EventFactory(status=EventStatus.PLANNED)
    seen = []

    def apply(obj, old):
        obj.title = "Targi Ekonomii Społecznej w Toruniu"
        return ["title"]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        moved = transition(EVENT_WORKFLOW, event, to=EventStatus.CANCELLED, by=None, actors_of=_staff_only,
                           apply=apply, record=lambda obj, old, note: seen.append(("record", old)),
                           after_commit=lambda obj, old: seen.append(("after", old)))
        assert seen == [("record", EventStatus.PLANNED)]
    assert len(callbacks) == 1
    callbacks[0]()
    assert seen[-1] == ("after", EventStatus.PLANNED)
    event.refresh_from_db()
    assert moved.status == event.status == EventStatus.CANCELLED
    assert event.title == "Targi Ekonomii Społecznej w Toruniu"


@pytest.mark.django_db
def test_the_state_is_read_under_the_lock_not_from_the_callers_copy():
    from events.models import EVENT_WORKFLOW, EventStatus
    from events.tests.factories import EventFactory

    event = EventFactory(status=EventStatus.PLANNED)
    stale = type(event).objects.get(pk=event.pk)
    type(event).objects.filter(pk=event.pk).update(status=EventStatus.CANCELLED)
    with pytest.raises(ValidationError):
        transition(EVENT_WORKFLOW, stale, to=EventStatus.REGISTRATION_OPEN, by=None, actors_of=_staff_only)


@pytest.mark.django_db
def test_a_move_that_needs_a_reason_or_a_deadline_is_refused_without_it(staff):
    from certification.models import Status
    from certification.services import application_transition
    from certification.tests.factories import ApplicationFactory
    from entities.models import Entity

    application = ApplicationFactory(entity=Entity.objects.create(name="Spółdzielnia Socjalna „Razem”"),
                                     created_by=staff, status=Status.FORMAL_CHECK)
    with pytest.raises(ValidationError) as no_reason:
        application_transition(application=application, to=Status.RETURNED, by=staff, note=" ",
                               deadline=timezone.localdate() + timedelta(days=7))
    assert no_reason.value.code == "note_required"
    with pytest.raises(ValidationError) as no_deadline:
        application_transition(application=application, to=Status.RETURNED, by=staff, note="Popraw NIP.",
                               deadline=timezone.localdate())
    assert no_deadline.value.code == "deadline"
    application.refresh_from_db()
    assert application.status == Status.FORMAL_CHECK
    assert mail.outbox == []


def test_templates_hold_no_status_literals():
    """The moves, their labels and what they need come from the domain (``Workflow.moves``), never from a
    template comparing a status with a literal."""
    pattern = re.compile(r"""\b(status|state|\w+\.value)\s*(==|!=)\s*['"][a-z]""")
    offenders = [f"{path.relative_to(ROOT)}:{n}" for path in ROOT.glob("*/templates/**/*.html")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if pattern.search(line)]
    assert offenders == []
