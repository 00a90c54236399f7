import pytest

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
