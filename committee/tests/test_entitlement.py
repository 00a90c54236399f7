"""Who is a member, and who votes on a resolution: one rule for the form, the services, the dashboard, the
reminders and the tally (docs/committee.md, "Kto głosuje nad uchwałą")."""

from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from committee import services
from committee.models import Category, ConflictDeclaration, Meeting, Member, Vote
from committee.permissions import can_close_vote
from committee.selectors import resolution_count, voting_standing
from core.reminders import reminders_send

from .factories import committee_with

pytestmark = pytest.mark.django_db


@contextmanager
def days_ago(days: int):
    """Run the block as if it were ``days`` days ago (the services read the clock through ``timezone.now``)."""
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - timedelta(days=days)):
        yield


@pytest.fixture
def vote(staff):
    """A committee of four whose vote opened three days ago."""
    committee, members = committee_with(4)
    resolution = services.resolution_create(committee=committee, title="Opinia o programie", by=staff)
    with days_ago(3):
        resolution = services.resolution_open_vote(resolution=resolution, by=staff)
    return committee, members, resolution


@pytest.fixture
def newcomer(vote, staff, member):
    """``member`` appointed today, while the vote is open."""
    return services.member_appoint(committee=vote[0], user=member, category=Category.PES, by=staff)


def declare_and_vote(resolution, user, choice="for"):
    services.conflict_declare(resolution=resolution, user=user, has_conflict=False)
    return services.vote_cast(resolution=resolution, user=user, choice=choice)


# --- in office ----------------------------------------------------------------------------------

def test_in_office_counts_the_day_of_appointment_and_not_the_day_of_dismissal(staff):
    today = timezone.localdate()
    committee, (kept, appointed_today, appointed_tomorrow, dismissed_today, dismissed_tomorrow) = committee_with(5)
    Member.objects.filter(pk=appointed_today.pk).update(appointed_on=today)
    Member.objects.filter(pk=appointed_tomorrow.pk).update(appointed_on=today + timedelta(days=1))
    services.member_dismiss(member=dismissed_today, reason=Member.DismissalReason.OWN_REQUEST, by=staff)
    services.member_dismiss(member=dismissed_tomorrow, reason=Member.DismissalReason.OWN_REQUEST, by=staff,
                            dismissed_on=today + timedelta(days=1))
    in_office = set(Member.objects.in_office().filter(committee=committee))
    assert in_office == {kept, appointed_today, dismissed_tomorrow}


def test_a_member_whose_appointment_starts_later_neither_sees_the_committee_nor_answers_its_survey(
        client_for, staff, member):
    from committee import survey as surveys

    committee, _ = committee_with(3)
    services.member_appoint(committee=committee, user=member, category=Category.PES, by=staff,
                            appointed_on=timezone.localdate() + timedelta(days=7))
    client = client_for(member)
    assert committee.name not in client.get(reverse("committee:list")).content.decode()
    assert client.get(committee.get_absolute_url()).status_code == 404
    survey = surveys.survey_create(committee=committee, year=timezone.localdate().year, by=staff)
    survey = surveys.survey_set_status(survey=survey, status="open", by=staff)
    with pytest.raises(PermissionDenied):
        surveys.survey_answer(survey=survey, user=member, answers={})
    assert not survey.participations.exists()


def test_the_meeting_page_and_attendance_are_for_the_members_in_office_on_the_meeting_day(client_for, staff):
    committee, members = committee_with(3)
    meeting = Meeting.objects.create(committee=committee, held_on=timezone.now() - timedelta(days=10))
    services.member_dismiss(member=members[2], reason=Member.DismissalReason.OWN_REQUEST, by=staff,
                            dismissed_on=timezone.localdate() - timedelta(days=20))
    page = client_for(staff).get(reverse("committee:meeting", args=[meeting.pk])).content.decode()
    assert f'name="m_{members[0].pk}"' in page
    assert f'name="m_{members[2].pk}"' not in page
    with pytest.raises(ValidationError):
        services.attendance_record(meeting=meeting, statuses={members[2].pk: "present"}, by=staff)
    assert not meeting.attendance.exists()


# --- who votes ----------------------------------------------------------------------------------

def test_voting_opens_with_the_members_in_office_frozen(vote):
    _, members, resolution = vote
    assert resolution.entitled_members == sorted(m.pk for m in members)
    assert resolution.entitled_chair == members[0].pk


def test_a_member_appointed_after_voting_opened_may_not_declare_and_is_told_why(vote, newcomer):
    _, _, resolution = vote
    with pytest.raises(PermissionDenied) as refused:
        services.conflict_declare(resolution=resolution, user=newcomer.user, has_conflict=False)
    assert "po otwarciu głosowania" in str(refused.value)
    assert date_format(resolution.opened_on) in str(refused.value)
    assert not ConflictDeclaration.objects.filter(member=newcomer).exists()


def test_a_member_appointed_after_voting_opened_may_not_vote(vote, newcomer):
    _, _, resolution = vote
    ConflictDeclaration.objects.create(resolution=resolution, member=newcomer, has_conflict=False)  # edited in
    with pytest.raises(PermissionDenied) as refused:
        services.vote_cast(resolution=resolution, user=newcomer.user, choice="for")
    assert "po otwarciu głosowania" in str(refused.value)
    assert not Vote.objects.exists()


def test_the_newcomer_sees_why_on_the_page_and_the_page_refuses_them(client_for, member, vote, newcomer):
    _, _, resolution = vote
    client = client_for(member)
    page = client.get(reverse("committee:resolution", args=[resolution.pk])).content.decode()
    assert "Powołano Cię" in page
    assert 'name="has_conflict"' not in page   # no declaration form is offered
    response = client.post(reverse("committee:resolution_action", args=[resolution.pk, "declare"]),
                           {"has_conflict": "no"}, follow=True)
    assert "po otwarciu głosowania" in response.content.decode()
    client.post(reverse("committee:resolution_action", args=[resolution.pk, "vote"]), {"choice": "for"})
    assert not resolution.declarations.filter(member=newcomer).exists()
    assert not Vote.objects.filter(member=newcomer).exists()


def test_the_dashboard_lists_exactly_who_is_counted(client_for, staff, vote, newcomer):
    _, members, resolution = vote
    declare_and_vote(resolution, members[0].user)
    partial = client_for(staff).get(reverse("committee:resolution", args=[resolution.pk]),
                                    HTTP_HX_REQUEST="true").content.decode()
    assert str(newcomer.user) not in partial
    assert all(str(m.user) in partial for m in members)
    assert "Zagłosowało: 1 z 4 uprawnionych" in partial


def test_every_vote_the_service_accepts_is_counted(vote, newcomer):
    _, members, resolution = vote
    for person in [*members, newcomer]:
        try:
            declare_and_vote(resolution, person.user, "for" if person.pk % 2 else "against")
        except (PermissionDenied, ValidationError):
            pass
    count = resolution_count(resolution)
    assert count.votes_for + count.votes_against + count.abstentions == Vote.objects.filter(
        resolution=resolution).count()


def test_a_vote_cast_before_a_dismissal_stays_counted_and_the_dismissed_may_no_longer_act(staff, vote):
    _, members, resolution = vote
    declare_and_vote(resolution, members[0].user, "for")
    declare_and_vote(resolution, members[2].user, "for")
    services.member_dismiss(member=members[2], reason=Member.DismissalReason.OWN_REQUEST, by=staff)
    with pytest.raises(PermissionDenied) as refused:
        services.vote_cast(resolution=resolution, user=members[2].user, choice="against")
    assert "Odwołano Cię" in str(refused.value)
    closed = services.resolution_close(resolution=resolution, by=staff)
    assert closed.result["votes_for"] == 2


def test_a_same_day_dismissal_after_closing_leaves_the_recount_matching(staff):
    committee, members = committee_with(4)
    resolution = services.resolution_create(committee=committee, title="Opinia", by=staff)
    resolution = services.resolution_open_vote(resolution=resolution, by=staff)
    for person in members[:3]:
        declare_and_vote(resolution, person.user)
    closed = services.resolution_close(resolution=resolution, by=staff)
    services.member_dismiss(member=members[1], reason=Member.DismissalReason.OWN_REQUEST, by=staff)
    closed.refresh_from_db()
    assert services.resolution_recount_matches(closed)


def test_reminders_go_only_to_who_may_still_vote(staff, vote, newcomer):
    _, members, resolution = vote
    declare_and_vote(resolution, members[0].user)
    services.conflict_declare(resolution=resolution, user=members[1].user, has_conflict=True)
    services.member_dismiss(member=members[2], reason=Member.DismissalReason.OWN_REQUEST, by=staff)
    mail.outbox.clear()
    assert reminders_send(now=resolution.deadline - timedelta(hours=10)) == 1
    assert [m.to for m in mail.outbox] == [[members[3].user.email]]


def test_standing_of_an_outsider_says_only_members_vote(vote, outsider):
    standing = voting_standing(vote[2], outsider)
    assert standing.refusal == "Oświadczenia składają i nad uchwałami komitetu głosują wyłącznie jego członkowie."


# --- who closes ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "may"), [("staff", True), ("secretary", True), ("chair", False),
                                          ("dismissed_secretary", False), ("outsider", False)])
def test_who_may_close_a_vote(staff, outsider, vote, who, may):
    _, members, resolution = vote
    people = {"staff": staff, "secretary": members[1].user, "chair": members[0].user, "outsider": outsider}
    if who == "dismissed_secretary":
        services.member_dismiss(member=members[1], reason=Member.DismissalReason.OWN_REQUEST, by=staff)
        people[who] = members[1].user
    assert can_close_vote(people[who], resolution) is may


def test_the_close_button_follows_the_same_rule_as_the_service(client_for, vote):
    _, members, resolution = vote
    url = reverse("committee:resolution", args=[resolution.pk])
    assert "Zamknij głosowanie" in client_for(members[1].user).get(url).content.decode()
    assert "Zamknij głosowanie" not in client_for(members[0].user).get(url).content.decode()
    response = client_for(members[0].user).post(reverse("committee:resolution_action", args=[resolution.pk, "close"]),
                                                follow=True)
    assert "wyłącznie pracownicy ROPS lub sekretarz" in response.content.decode()
    resolution.refresh_from_db()
    assert resolution.is_open
