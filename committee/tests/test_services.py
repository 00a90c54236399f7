from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from committee import services
from committee.models import Attendance, Meeting, Member, Resolution, Vote
from core.reminders import reminders_send

from .factories import committee_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(staff):
    committee, members = committee_with(6)
    resolution = services.resolution_create(committee=committee, title="Opinia o programie", by=staff)
    resolution = services.resolution_open_vote(resolution=resolution, by=staff)
    return committee, members, resolution


def declare_and_vote(resolution, member, choice):
    services.conflict_declare(resolution=resolution, user=member.user, has_conflict=False)
    return services.vote_cast(resolution=resolution, user=member.user, choice=choice)


def test_numbers_are_per_committee_and_year(staff):
    committee, _ = committee_with(1)
    first = services.resolution_create(committee=committee, title="A", by=staff)
    second = services.resolution_create(committee=committee, title="B", by=staff)
    year = timezone.localdate().year
    assert (first.number, second.number) == (f"1/{year}", f"2/{year}")


def test_a_member_must_declare_before_voting(setup):
    _, members, resolution = setup
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(resolution=resolution, user=members[0].user, choice="for")
    assert exc.value.code == "undeclared"
    assert not Vote.objects.exists()


def test_recused_member_cannot_vote_and_nothing_is_recorded(setup):
    _, members, resolution = setup
    services.conflict_declare(resolution=resolution, user=members[2].user, has_conflict=True, note="zarząd PES")
    with pytest.raises(PermissionDenied):
        services.vote_cast(resolution=resolution, user=members[2].user, choice="for")
    assert not Vote.objects.exists()
    with pytest.raises(ValidationError):  # the declaration cannot be taken back
        services.conflict_declare(resolution=resolution, user=members[2].user, has_conflict=False)


def test_non_member_cannot_vote(setup, outsider):
    _, _, resolution = setup
    with pytest.raises(PermissionDenied):
        services.vote_cast(resolution=resolution, user=outsider, choice="for")
    with pytest.raises(PermissionDenied):
        services.conflict_declare(resolution=resolution, user=outsider, has_conflict=False)


def test_changing_a_vote_follows_the_rules(setup, staff):
    committee, members, resolution = setup
    declare_and_vote(resolution, members[0], "for")
    services.vote_cast(resolution=resolution, user=members[0].user, choice="against")
    assert Vote.objects.get().choice == "against"
    committee.vote_change_allowed = False
    committee.save()
    strict = services.resolution_create(committee=committee, title="B", by=staff)
    services.resolution_open_vote(resolution=strict, by=staff)
    declare_and_vote(strict, members[0], "for")
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(resolution=strict, user=members[0].user, choice="against")
    assert exc.value.code == "no_change"
    assert Vote.objects.get(resolution=strict).choice == "for"


def test_voting_after_the_deadline_is_refused(setup):
    _, members, resolution = setup
    services.conflict_declare(resolution=resolution, user=members[0].user, has_conflict=False)
    Resolution.objects.filter(pk=resolution.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(resolution=resolution, user=members[0].user, choice="for")
    assert exc.value.code == "deadline"
    assert not Vote.objects.exists()


def test_closing_counts_stores_and_freezes(setup, staff, django_capture_on_commit_callbacks):
    _, members, resolution = setup
    for member, choice in zip(members[:4], ["for", "for", "against", "abstain"], strict=True):
        declare_and_vote(resolution, member, choice)
    services.conflict_declare(resolution=resolution, user=members[5].user, has_conflict=True)
    with django_capture_on_commit_callbacks(execute=True):
        closed = services.resolution_close(resolution=resolution, by=staff)
    assert closed.adopted
    assert closed.result["votes_for"] == 2
    assert closed.result["base"] == 5
    assert closed.result["quorum_met"]
    assert services.resolution_recount_matches(closed)
    assert len(mail.outbox) == 6
    assert all(m.subject.startswith("Wynik") for m in mail.outbox)
    with pytest.raises(ValidationError):
        services.vote_cast(resolution=resolution, user=members[4].user, choice="for")
    with pytest.raises(ValidationError):
        services.resolution_close(resolution=resolution, by=staff)


def test_rules_changed_after_opening_do_not_change_the_count(setup, staff):
    committee, members, resolution = setup
    for member, choice in zip(members[:4], ["for", "for", "against", "abstain"], strict=True):
        declare_and_vote(resolution, member, choice)
    committee.majority = "absolute"
    committee.save()
    assert services.resolution_close(resolution=resolution, by=staff).adopted  # simple majority applied


def test_only_staff_or_the_secretary_close_and_the_task_only_after_the_deadline(setup):
    _, members, resolution = setup
    with pytest.raises(PermissionDenied):
        services.resolution_close(resolution=resolution, by=members[3].user)
    with pytest.raises(ValidationError):
        services.resolution_close(resolution=resolution, by=None)
    assert services.resolution_close(resolution=resolution, by=members[1].user).is_closed  # the secretary


def test_an_open_vote_without_a_deadline_takes_votes_and_staff_close_it_but_the_system_does_not(setup, staff):
    """A vote recorded open before deadlines were required (or by hand): members still vote, staff close it, the
    scheduled closing leaves it alone; nothing answers with an error page."""
    _, members, resolution = setup
    Resolution.objects.filter(pk=resolution.pk).update(deadline=None)
    resolution.refresh_from_db()
    declare_and_vote(resolution, members[2], Vote.Choice.FOR)
    with pytest.raises(ValidationError):
        services.resolution_close(resolution=resolution, by=None)
    resolution.refresh_from_db()
    assert resolution.is_open
    assert services.resolution_close(resolution=resolution, by=staff).is_closed


def test_scheduled_closing_and_reminders(setup, django_capture_on_commit_callbacks):
    _, members, resolution = setup
    declare_and_vote(resolution, members[0], "for")
    services.conflict_declare(resolution=resolution, user=members[1].user, has_conflict=True)
    assert reminders_send(now=resolution.deadline - timedelta(days=5)) == 0  # too early
    mail.outbox.clear()
    assert reminders_send(now=resolution.deadline - timedelta(hours=10)) == 4
    assert reminders_send(now=resolution.deadline - timedelta(hours=5)) == 0  # once only
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in members[2:])
    assert services.close_due_votes() == 0  # the deadline is still ahead
    Resolution.objects.filter(pk=resolution.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    assert services.close_due_votes() == 1
    resolution.refresh_from_db()
    assert resolution.is_closed
    assert resolution.closed_by is None


def test_three_consecutive_unexcused_absences_flag_a_member(staff):
    committee, members = committee_with(3)
    for days in (90, 60, 30):
        meeting = Meeting.objects.create(committee=committee, held_on=timezone.now() - timedelta(days=days))
        services.attendance_record(meeting=meeting, by=staff, statuses={
            members[0].pk: Attendance.Status.PRESENT, members[1].pk: Attendance.Status.UNEXCUSED,
            members[2].pk: Attendance.Status.EXCUSED if days == 60 else Attendance.Status.UNEXCUSED})
    assert services.members_flagged_for_dismissal(committee) == [members[1]]
    services.member_dismiss(member=members[1], reason=Member.DismissalReason.ABSENCES, by=staff)
    assert services.members_flagged_for_dismissal(committee) == []
    assert members[1].history.first().dismissal_reason == "absences"


def test_dismissed_member_cannot_vote(setup, staff):
    _, members, resolution = setup
    services.member_dismiss(member=members[3], reason=Member.DismissalReason.OWN_REQUEST, by=staff)
    with pytest.raises(PermissionDenied):
        services.conflict_declare(resolution=resolution, user=members[3].user, has_conflict=False)


def test_closed_votes_are_immutable_in_the_database_on_postgresql(setup, staff):
    if connection.vendor != "postgresql":
        pytest.skip("the triggers exist on PostgreSQL")
    from django.db import DatabaseError, transaction

    _, members, resolution = setup
    vote = declare_and_vote(resolution, members[0], "for")
    services.resolution_close(resolution=resolution, by=staff)
    with pytest.raises(DatabaseError), transaction.atomic():
        Vote.objects.filter(pk=vote.pk).update(choice="against")
    with pytest.raises(DatabaseError), transaction.atomic():
        Resolution.objects.filter(pk=resolution.pk).update(adopted=False)
    with pytest.raises(DatabaseError), transaction.atomic():   # who was counted cannot change either
        Resolution.objects.filter(pk=resolution.pk).update(entitled_members=[members[0].pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        Vote.objects.create(resolution=resolution, member=members[2], choice="for")
    assert Vote.objects.get().choice == "for"


