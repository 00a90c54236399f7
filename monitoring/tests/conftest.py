import pytest
from django.utils import timezone

from entities.models import LegalForm
from entities.tests.factories import EntityFactory
from monitoring import services
from monitoring.models import Report

from .factories import BYDGOSZCZ, CHELMZA, TORUN, YEAR, closed_campaign, small_programme


@pytest.fixture(autouse=True)
def _quick_pdf(request, monkeypatch):
    """WeasyPrint takes seconds per report: tests render a stub unless they ask for ``real_pdf``."""
    if "real_pdf" not in request.fixturenames:
        monkeypatch.setattr("monitoring.reports.render_report_pdf", lambda data: b"%PDF-1.4\n% stub\n")


@pytest.fixture
def real_pdf():
    """Render the report with WeasyPrint (see ``_quick_pdf``)."""


@pytest.fixture
def registry(db):
    """Five social cooperatives in Toruń, one CIS in powiat toruński, two foundations in Bydgoszcz."""
    return ([EntityFactory(seat_id=TORUN) for _ in range(5)]
            + [EntityFactory(seat_id=CHELMZA, legal_form=LegalForm.CIS, name="CIS w Chełmży")]
            + [EntityFactory(seat_id=BYDGOSZCZ, legal_form=LegalForm.FOUNDATION) for _ in range(2)])


@pytest.fixture
def programme(db):
    return small_programme()


@pytest.fixture
def campaign(registry, staff):
    return closed_campaign(year=YEAR, entities=registry[:3], by=staff)


@pytest.fixture
def report(programme, campaign, staff) -> Report:
    return services.report_create(kind=Report.Kind.ANNUAL, programme=programme, year=YEAR, by=staff)


@pytest.fixture
def generated(report, staff) -> Report:
    """The report with one generated version."""
    services.report_version_create(report_id=report.pk, by=staff)
    return report


@pytest.fixture
def opinion(staff, member):
    """An adopted resolution of the Committee giving its opinion on the report."""
    from committee import services as committee
    from committee.models import Category, Resolution, Vote
    from committee.tests.factories import CommitteeFactory

    rkres = CommitteeFactory()
    committee.member_appoint(committee=rkres, user=member, category=Category.PES, role="chair", by=staff,
                             appointed_on=rkres.term_start)
    resolution = committee.resolution_create(committee=rkres, title="Opinia o sprawozdaniu",
                                             subject=Resolution.Subject.REPORT, by=staff)
    committee.resolution_open_vote(resolution=resolution, by=staff)
    committee.conflict_declare(resolution=resolution, user=member, has_conflict=False)
    committee.vote_cast(resolution=resolution, user=member, choice=Vote.Choice.FOR)
    return committee.resolution_close(resolution=resolution, by=staff)


@pytest.fixture
def committee_year(staff, member):
    """The Committee in the report's year: one meeting of two members (one present) and an opinion adopted at
    it, everything done through the services on that day."""
    from datetime import datetime

    from committee import services as committee
    from committee.models import Attendance, Category, Resolution, Vote
    from committee.tests.factories import CommitteeFactory

    day = datetime(YEAR, 5, 20, 10, tzinfo=timezone.get_current_timezone())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: day)
        rkres = CommitteeFactory(term_start=day.date().replace(month=1, day=1))
        chair = committee.member_appoint(committee=rkres, user=member, category=Category.PES, role="chair", by=staff,
                                         appointed_on=rkres.term_start)
        other = committee.member_appoint(committee=rkres, user=staff, category=Category.JST, by=staff,
                                         appointed_on=rkres.term_start)
        meeting = committee.meeting_create(committee=rkres, mode="in_person", by=staff, held_on=day)
        committee.attendance_record(meeting=meeting, by=staff, statuses={chair.pk: Attendance.Status.PRESENT,
                                                                          other.pk: Attendance.Status.EXCUSED})
        resolution = committee.resolution_create(committee=rkres, title="Opinia o sprawozdaniu", meeting=meeting,
                                                 subject=Resolution.Subject.REPORT, by=staff)
        committee.resolution_open_vote(resolution=resolution, by=staff)
        committee.conflict_declare(resolution=resolution, user=member, has_conflict=False)
        committee.vote_cast(resolution=resolution, user=member, choice=Vote.Choice.FOR)
        committee.conflict_declare(resolution=resolution, user=staff, has_conflict=True)
        resolution = committee.resolution_close(resolution=resolution, by=staff)
    return resolution
