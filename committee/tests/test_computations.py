"""The Committee's indicators (meetings held, resolutions adopted, attendance) against hand-counted records,
and their drill-down."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from committee import services
from committee.models import Attendance, Committee, Meeting, Resolution, Vote
from core.computations import NotAvailable, compute
from monitoring.drilldown import breakdown

from .factories import committee_with

pytestmark = pytest.mark.django_db
YEAR = 2025


def _at(month: int, year: int = YEAR) -> datetime:
    return datetime(year, month, 10, 10, 0, tzinfo=timezone.get_current_timezone())


def _meeting(committee, when, statuses, staff) -> Meeting:
    meeting = services.meeting_create(committee=committee, held_on=when, mode=Meeting.Mode.IN_PERSON, by=staff)
    if statuses:
        services.attendance_record(meeting=meeting, statuses=statuses, by=staff)
    return meeting


@pytest.fixture
def rkres(staff):
    """An RKRES of four in 2025: March (4 present), June (3 present, 1 excused), September (nobody present:
    not held), a meeting next year, one with no attendance recorded; and a certifying chapter's meeting."""
    committee, members = committee_with(4)
    p, e, u = Attendance.Status.PRESENT, Attendance.Status.EXCUSED, Attendance.Status.UNEXCUSED
    _meeting(committee, _at(3), {m.pk: p for m in members}, staff)
    _meeting(committee, _at(6), {members[0].pk: p, members[1].pk: p, members[2].pk: p, members[3].pk: e}, staff)
    _meeting(committee, _at(9), {m.pk: u for m in members}, staff)
    _meeting(committee, _at(11), {}, staff)
    _meeting(committee, _at(3, YEAR + 1), {m.pk: p for m in members}, staff)
    chapter, chapter_members = committee_with(2, kind=Committee.Kind.CHAPTER)
    _meeting(chapter, _at(4), {m.pk: p for m in chapter_members}, staff)
    return committee, members


def _decided(committee, members, staff, *, choice, closed_on: datetime) -> Resolution:
    """A resolution voted and closed through the services on ``closed_on`` (a closed resolution cannot be
    changed afterwards, even by the tests: the database refuses it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: closed_on)
        resolution = services.resolution_create(committee=committee, title="Opinia", by=staff)
        services.resolution_open_vote(resolution=resolution, by=staff)
        for member in members:
            services.conflict_declare(resolution=resolution, user=member.user, has_conflict=False)
            services.vote_cast(resolution=resolution, user=member.user, choice=choice)
        return services.resolution_close(resolution=resolution, by=staff)


def test_meetings_held_count_only_the_rkres_meetings_of_the_year_someone_attended(rkres):
    assert compute("committee_meetings", year=YEAR) == 2


def test_a_future_meeting_is_not_held_yet(rkres, staff):
    committee, members = rkres
    _meeting(committee, timezone.now() + timedelta(days=3), {members[0].pk: Attendance.Status.PRESENT}, staff)
    assert compute("committee_meetings", year=timezone.now().year) == (
        2 if timezone.now().year == YEAR else 1 if timezone.now().year == YEAR + 1 else 0)


def test_attendance_is_the_share_of_members_present_at_the_meetings_held(rkres):
    assert compute("committee_attendance", year=YEAR) == Decimal("87.5")   # 7 of 8
    with pytest.raises(NotAvailable, match="nie odbyło się żadne posiedzenie"):
        compute("committee_attendance", year=YEAR - 1)


def test_resolutions_adopted_in_the_year_by_the_rkres(rkres, staff):
    committee, members = rkres
    _decided(committee, members, staff, choice=Vote.Choice.FOR, closed_on=_at(3))
    _decided(committee, members, staff, choice=Vote.Choice.FOR, closed_on=_at(6))
    _decided(committee, members, staff, choice=Vote.Choice.AGAINST, closed_on=_at(6))     # rejected
    _decided(committee, members, staff, choice=Vote.Choice.FOR, closed_on=_at(2, YEAR + 1))
    services.resolution_create(committee=committee, title="Projekt", by=staff)            # not voted
    assert compute("committee_resolutions", year=YEAR) == 2


def test_the_committee_figures_drill_down_to_meetings_and_resolutions(client_for, staff, rkres):
    committee, members = rkres
    adopted = _decided(committee, members, staff, choice=Vote.Choice.FOR, closed_on=_at(5))
    meetings = breakdown("committee_meetings", year=YEAR)
    assert meetings.records_count == 2
    assert [line.value for line in meetings.records] == ["4 / 4", "3 / 4"]
    assert sum(line.value for line in meetings.groups[0][1]) == meetings.total
    attendance = breakdown("committee_attendance", year=YEAR)
    assert dict((line.label, line.value) for line in attendance.groups[0][1]) == {
        "obecni": 7, "nieobecni (usprawiedliwieni lub nie)": 1, "wszystkie": 8}
    page = client_for(staff).get(reverse("monitoring:figure", args=["committee_resolutions", YEAR])).content.decode()
    assert adopted.title in page
    assert reverse("committee:resolution", args=[adopted.pk]) in page
    rate = client_for(staff).get(reverse("monitoring:figure", args=["committee_attendance", YEAR])).content.decode()
    assert "<strong>87,5%</strong>" in rate
    unavailable = client_for(staff).get(reverse("monitoring:figure", args=["committee_attendance", YEAR - 1]))
    assert "nie odbyło się żadne posiedzenie" in unavailable.content.decode()
