"""Reports: workflow and who may move them, immutability after acceptance, numbered versions with their
snapshot, the PDF and the spreadsheet, small-count suppression, and the background job."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from core.models import Job
from core.services import job_retry, job_run
from monitoring import services
from monitoring.figures import report_snapshot
from monitoring.models import Report, ReportEvent, ReportStatus, ReportVersion
from monitoring.permissions import can_transition_report
from monitoring.reports import report_data
from programmes.models import IndicatorValue
from programmes.services import indicator_value_set, indicator_values_compute

from .factories import YEAR

pytestmark = pytest.mark.django_db

ACCEPT = {"board_resolution_number": "12/345/25", "board_resolution_date": timezone.localdate() - timedelta(days=1)}


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def accept(report, staff, opinion) -> Report:
    services.report_transition(report=report, to=ReportStatus.COMMITTEE_OPINION, by=staff,
                               committee_resolution=opinion)
    return services.report_transition(report=report, to=ReportStatus.ACCEPTED, by=staff, **ACCEPT)


# --- workflow ---------------------------------------------------------------------------------------

def test_a_report_goes_from_draft_to_the_sejmik_and_each_step_records_who_and_when(generated, staff, opinion):
    report = services.report_transition(report=generated, to=ReportStatus.COMMITTEE_OPINION, by=staff,
                                        committee_resolution=opinion)
    assert report.committee_resolution == opinion
    report = services.report_transition(report=report, to=ReportStatus.ACCEPTED, by=staff, **ACCEPT)
    assert report.accepted_version == generated.versions.get()
    assert report.board_resolution_number == "12/345/25"
    report = services.report_transition(report=report, to=ReportStatus.SUBMITTED, by=staff,
                                        sejmik_submitted_on=timezone.localdate(), sejmik_reference="ROPS.3.2025")
    assert report.status == ReportStatus.SUBMITTED
    assert report.status_changed_at is not None
    steps = list(ReportEvent.objects.values_list("from_status", "to_status", "actor"))
    assert steps == [("draft", "committee_opinion", staff.pk), ("committee_opinion", "accepted", staff.pk),
                     ("accepted", "submitted", staff.pk)]
    assert report.history.first().history_user == staff


def test_the_committee_opinion_can_send_the_report_back_to_draft_with_a_reason(generated, staff, opinion):
    services.report_transition(report=generated, to=ReportStatus.COMMITTEE_OPINION, by=staff,
                               committee_resolution=opinion)
    with pytest.raises(ValidationError, match="powód"):
        services.report_transition(report=generated, to=ReportStatus.DRAFT, by=staff)
    report = services.report_transition(report=generated, to=ReportStatus.DRAFT, by=staff,
                                        note="Komitet prosi o uzupełnienie wniosków.")
    assert report.status == ReportStatus.DRAFT
    assert report.committee_resolution is None


@pytest.mark.parametrize(("to", "kwargs", "message"), [
    (ReportStatus.ACCEPTED, ACCEPT, "nie może"),                                 # skips the Committee
    (ReportStatus.SUBMITTED, {"sejmik_submitted_on": timezone.localdate()}, "nie może"),
    (ReportStatus.COMMITTEE_OPINION, {}, "uchwałę"),                              # no resolution chosen
])
def test_moves_out_of_order_or_without_their_data_are_refused(generated, staff, to, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        services.report_transition(report=generated, to=to, by=staff, **kwargs)
    generated.refresh_from_db()
    assert generated.status == ReportStatus.DRAFT
    assert not ReportEvent.objects.exists()


def test_the_committee_opinion_needs_a_generated_version_and_an_adopted_resolution(report, generated, staff,
                                                                                   opinion, member):
    from committee import services as committee
    from committee.models import Resolution, Vote

    fresh = services.report_create(kind=Report.Kind.PERIODIC, programme=report.programme, year_from=YEAR - 1,
                                   year=YEAR, by=staff)
    with pytest.raises(ValidationError, match="Wygeneruj"):
        services.report_transition(report=fresh, to=ReportStatus.COMMITTEE_OPINION, by=staff,
                                   committee_resolution=opinion)
    rejected = committee.resolution_create(committee=opinion.committee, title="Opinia o sprawozdaniu (odrzucona)",
                                           subject=Resolution.Subject.REPORT, by=staff)
    committee.resolution_open_vote(resolution=rejected, by=staff)
    committee.conflict_declare(resolution=rejected, user=member, has_conflict=False)
    committee.vote_cast(resolution=rejected, user=member, choice=Vote.Choice.AGAINST)
    rejected = committee.resolution_close(resolution=rejected, by=staff)
    undecided = committee.resolution_create(committee=opinion.committee, title="Opinia (w przygotowaniu)", by=staff)
    for resolution in [rejected, undecided]:
        with pytest.raises(ValidationError, match="uchwałę"):
            services.report_transition(report=generated, to=ReportStatus.COMMITTEE_OPINION, by=staff,
                                       committee_resolution=resolution)


def test_the_board_resolution_and_the_sejmik_date_are_required_and_not_in_the_future(generated, staff, opinion):
    services.report_transition(report=generated, to=ReportStatus.COMMITTEE_OPINION, by=staff,
                               committee_resolution=opinion)
    tomorrow = timezone.localdate() + timedelta(days=1)
    for kwargs in [{}, {"board_resolution_number": "1/2/25"},
                   {"board_resolution_number": "1/2/25", "board_resolution_date": tomorrow}]:
        with pytest.raises(ValidationError, match="Zarządu"):
            services.report_transition(report=generated, to=ReportStatus.ACCEPTED, by=staff, **kwargs)
    services.report_transition(report=generated, to=ReportStatus.ACCEPTED, by=staff, **ACCEPT)
    with pytest.raises(ValidationError, match="Sejmik"):
        services.report_transition(report=generated, to=ReportStatus.SUBMITTED, by=staff,
                                   sejmik_submitted_on=ACCEPT["board_resolution_date"] - timedelta(days=3))


@pytest.mark.parametrize("role", ["board", "member", "pes", "outsider"])
def test_only_rops_staff_move_a_report(generated, cast, opinion, role):
    user = cast[role]
    assert not can_transition_report(user, generated, ReportStatus.COMMITTEE_OPINION)
    with pytest.raises(PermissionDenied):
        services.report_transition(report=generated, to=ReportStatus.COMMITTEE_OPINION, by=user,
                                   committee_resolution=opinion)
    with pytest.raises(PermissionDenied):
        services.report_generate(report=generated, by=user)
    with pytest.raises(PermissionDenied):
        services.report_update(report=generated, by=user, title="x", introduction="", conclusions="",
                               recommendations="")


def test_staff_and_administrators_may_move_a_report(generated, staff, rops_admin, opinion):
    assert can_transition_report(staff, generated, ReportStatus.COMMITTEE_OPINION)
    report = services.report_transition(report=generated, to=ReportStatus.COMMITTEE_OPINION, by=rops_admin,
                                        committee_resolution=opinion)
    assert can_transition_report(rops_admin, report, ReportStatus.ACCEPTED)
    assert not can_transition_report(rops_admin, report, ReportStatus.SUBMITTED)  # not the next step


# --- immutability after acceptance -----------------------------------------------------------------

def test_acceptance_locks_the_years_indicator_values_through_the_programme(generated, staff, opinion, programme):
    accept(generated, staff, opinion)
    values = IndicatorValue.objects.filter(indicator__programme=programme)
    assert all(v.locked for v in values.filter(year=YEAR))
    assert not values.get(year=YEAR - 1).locked
    trained = programme.indicators.get(computation="")
    with pytest.raises(ValidationError, match="zablokowana"):
        indicator_value_set(indicator=trained, year=YEAR, value=Decimal(99), source_note="", by=staff)
    counted = programme.indicators.get(computation="pes_count")
    IndicatorValue.objects.create(indicator=counted, year=YEAR - 1, value=1)
    assert [v.year for v in indicator_values_compute(programme=programme, year=YEAR, by=staff)] == [YEAR]


def test_an_accepted_report_is_neither_edited_nor_generated_again(generated, staff, opinion):
    accept(generated, staff, opinion)
    with pytest.raises(ValidationError, match="przyjęte przez Zarząd"):
        services.report_update(report=generated, by=staff, title="Nowy tytuł", introduction="", conclusions="x",
                               recommendations="")
    with pytest.raises(ValidationError, match="przyjęte przez Zarząd"):
        services.report_generate(report=generated, by=staff)
    with pytest.raises(ValidationError, match="przyjęte przez Zarząd"):
        services.report_version_create(report_id=generated.pk, by=staff)
    generated.refresh_from_db()
    assert generated.title != "Nowy tytuł"
    assert generated.versions.count() == 1
    assert not Job.objects.exists()


def test_a_report_under_the_committees_opinion_is_changed_only_after_returning_to_draft(generated, staff, opinion):
    services.report_transition(report=generated, to=ReportStatus.COMMITTEE_OPINION, by=staff,
                               committee_resolution=opinion)
    with pytest.raises(ValidationError, match="do projektu"):
        services.report_update(report=generated, by=staff, title="x", introduction="", conclusions="",
                               recommendations="")


def test_acceptance_is_refused_when_the_values_changed_after_the_version(generated, staff, opinion, programme):
    services.report_transition(report=generated, to=ReportStatus.COMMITTEE_OPINION, by=staff,
                               committee_resolution=opinion)
    trained = programme.indicators.get(computation="")
    indicator_value_set(indicator=trained, year=YEAR, value=Decimal(61), source_note="korekta", by=staff)
    with pytest.raises(ValidationError, match="wersji 1"):
        services.report_transition(report=generated, to=ReportStatus.ACCEPTED, by=staff, **ACCEPT)
    assert not IndicatorValue.objects.filter(locked=True).exists()


# --- versions and their snapshot ------------------------------------------------------------------

def test_each_generation_makes_the_next_version_and_old_ones_stay_as_they_were(generated, staff, programme):
    first = generated.versions.get()
    first_pdf = first.pdf.read()
    trained = programme.indicators.get(computation="")
    indicator_value_set(indicator=trained, year=YEAR, value=Decimal(75), source_note="", by=staff)
    second = services.report_version_create(report_id=generated.pk, by=staff)
    assert [v.number for v in generated.versions.all()] == [2, 1]
    assert second.pdf.name != first.pdf.name
    assert second.filename("pdf") == f"sprawozdanie-{YEAR}-v2.pdf"
    first.refresh_from_db()
    assert first.pdf.read() == first_pdf
    assert first.snapshot["version"] == 1
    old, new = (v.snapshot["programme"]["priorities"][0]["goals"][0]["indicators"][0]["values"][str(YEAR)]
                for v in (first, second))
    assert (old, new) == ("60.00", "75.00")


def test_generation_needs_the_campaign_of_the_year_closed(programme, staff, django_capture_on_commit_callbacks):
    from .factories import CampaignFactory

    CampaignFactory(year=YEAR + 1)  # open
    report = services.report_create(kind=Report.Kind.ANNUAL, programme=programme, year=YEAR + 1, by=staff)
    with pytest.raises(ValidationError, match="nie zostało jeszcze zamknięte"):
        services.report_generate(report=report, by=staff)
    assert not Job.objects.exists()


def test_a_report_exists_once_per_programme_kind_and_period(report, staff, programme):
    with pytest.raises(ValidationError):
        services.report_create(kind=Report.Kind.ANNUAL, programme=programme, year=YEAR, by=staff)
    periodic = services.report_create(kind=Report.Kind.PERIODIC, programme=programme, year_from=YEAR - 2, year=YEAR,
                                      by=staff)
    assert periodic.years == [YEAR - 2, YEAR - 1, YEAR]
    assert periodic.campaign == report.campaign


# --- what the report shows ----------------------------------------------------------------------------

def test_small_counts_of_entities_are_hidden_per_powiat_only_and_totals_are_counted_before(report, settings):
    settings.MONITORING_SUPPRESS_BELOW = 3
    snapshot = report_snapshot(report)
    snapshot.update(generated_at=timezone.now().isoformat(), version=1)
    data = report_data(snapshot)
    rows = {row.name: row for row in data.pes_table}
    groups = list(data.groups)
    social, reintegration, ngo = (groups.index(label) for label in (
        "spółdzielnie socjalne", "podmioty reintegracyjne (CIS, KIS, WTZ, ZAZ)", "organizacje pozarządowe"))
    assert str(rows["Toruń"].cells[social]) == "5"
    assert rows["toruński"].cells[reintegration].hidden
    assert str(rows["toruński"].cells[reintegration]) == "<3"
    assert str(rows["Bydgoszcz"].cells[ngo]) == "<3"
    assert rows["Bydgoszcz"].cells[ngo].value == 2
    assert str(data.pes_table_total.cells[reintegration]) == "1"   # one CIS in the voivodeship: a public fact
    assert str(dict(data.pes_by_group)["organizacje pozarządowe"]) == "2"   # the chart's totals are published too
    assert str(data.pes_table_total.cells[-1]) == str(data.pes_total) == "8"
    assert data.pes_map["0415"].hidden
    assert not data.pes_map["0463"].hidden
    settings.MONITORING_SUPPRESS_BELOW = 6  # the threshold used is the one recorded in the snapshot
    assert str(report_data(snapshot).pes_table_total.cells[-1]) == "8"


def test_the_pdf_has_the_title_contents_sector_figures_map_and_indicator_table(report, staff, real_pdf):
    services.report_update(report=report, by=staff, title=report.title, introduction="",
                           conclusions="Sektor rośnie w powiatach miejskich.", recommendations="Wspierać CIS.")
    version = services.report_version_create(report_id=report.pk, by=staff)
    data = version.pdf.read()
    assert data[:4] == b"%PDF"
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == report.title
    assert reader.trailer["/Root"].get("/Lang") == "pl"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for assistive technology
    # Produced by core.pdf like every other PDF: declared PDF/UA-1.
    assert b'pdfuaid:part="1"' in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    text = re.sub(r"\s+", "", pdf_text(data))  # extraction splits kerned pairs ("T oruń") and wraps cells
    for expected in [report.title, "WOJEWÓDZTWO KUJAWSKO-POMORSKIE", "Spis treści", "Stan sektora", "Toruń",
                     "spółdzielnie socjalne", "Liczba przeszkolonych przedstawicieli kadr PES",
                     "Liczba PES w rejestrze",
                     "50%", "Wnioski", "Sektor rośnie w powiatach miejskich.", "Wspierać CIS.", "<3",
                     "Podmioty ekonomii społecznej według powiatów", "Liczba zatrudnionych ogółem", "Strona 3 / "]:
        assert re.sub(r"\s+", "", expected) in text, expected


def test_the_report_shows_the_committees_year(report, staff, committee_year, real_pdf):
    snapshot = report_snapshot(report)
    assert snapshot["committee"] == [{"year": YEAR, "meetings": 1, "attendance": "50.0",
                                      "resolutions": [[committee_year.number, committee_year.title]]}]
    version = services.report_version_create(report_id=report.pk, by=staff)
    text = re.sub(r"\s+", "", pdf_text(version.pdf.read()))
    for expected in ["Koordynacja: Komitet, wydarzenia i certyfikacja",
                     "Regionalny Komitet Rozwoju Ekonomii Społecznej (RKRES)",
                     f"Uchwała {committee_year.number}: {committee_year.title}"]:
        assert re.sub(r"\s+", "", expected) in text, expected
    rows = list(load_workbook(io.BytesIO(version.xlsx.read()))["Komitet"].iter_rows(values_only=True))
    assert rows == [("Rok", "Odbyte posiedzenia", "Frekwencja (%)", "Podjęte uchwały i opinie"), (YEAR, 1, 50, 1)]


def test_a_version_from_before_the_committee_was_in_the_snapshot_still_renders(report, committee_year):
    snapshot = report_snapshot(report)
    del snapshot["committee"]
    snapshot.update(generated_at=timezone.now().isoformat(), version=1)
    data = report_data(snapshot)
    assert data.committee == ()
    assert data.committee_resolutions == ()


def test_the_report_draws_entities_persons_at_risk_and_events_in_charts(report, campaign):
    """Three bar charts (with text alternatives) besides the map; a hidden small count gets no bar."""
    from entities.models import YearlyFigures
    from events.tests.factories import EventFactory, RegistrationFactory
    from monitoring import reports

    entity = campaign.respondents.first().entity
    YearlyFigures.objects.create(entity=entity, year=YEAR, employees_total=20, at_risk={"disabled": 9, "homeless": 1})
    start = timezone.now().replace(year=YEAR, month=6, day=1)
    RegistrationFactory.create_batch(4, event=EventFactory(held=True, starts_at=start, ends_at=start), attended=True)
    snapshot = report_snapshot(report)
    snapshot.update(generated_at=timezone.now().isoformat(), version=1)
    data = report_data(snapshot)
    page = reports.report_html(data)
    assert page.count('<figure><img') == 4   # the map and three charts
    for caption in [f"Podmioty ekonomii społecznej według rodzaju, {YEAR} r.",
                    f"Zatrudnione osoby zagrożone wykluczeniem według kategorii, {YEAR} r.",
                    f"Wydarzenia, które się odbyły, według rodzaju, {YEAR} r."]:
        assert f"<figcaption>{caption}</figcaption>" in page, caption
    assert f'alt="Wydarzenia, które się odbyły, według rodzaju, {YEAR} r.: Konferencja 1"' in page
    at_risk = reports.bar_chart_svg(data.at_risk_by_category, title="x")
    assert at_risk.count('width="0.0"') == 1
    assert "&lt;3" in at_risk   # the homeless person is hidden


def test_the_pdf_is_drawn_from_that_document_with_its_figures(report, campaign, real_pdf):
    """The real WeasyPrint PDF (not a stub) carries the charts' captions drawn from that document."""
    from entities.models import YearlyFigures
    from monitoring import reports

    entity = campaign.respondents.first().entity
    YearlyFigures.objects.create(entity=entity, year=YEAR, employees_total=20, at_risk={"disabled": 9})
    snapshot = report_snapshot(report)
    snapshot.update(generated_at=timezone.now().isoformat(), version=1)
    pdf = reports.render_report_pdf(report_data(snapshot))
    text = re.sub(r"\s+", "", pdf_text(pdf))
    for caption in [f"Podmioty ekonomii społecznej według rodzaju, {YEAR} r.",
                    f"Zatrudnione osoby zagrożone wykluczeniem według kategorii, {YEAR} r."]:
        assert re.sub(r"\s+", "", caption) in text, caption


def test_the_spreadsheet_has_the_same_figures_with_hidden_counts_marked(generated):
    version = generated.versions.get()
    book = load_workbook(io.BytesIO(version.xlsx.read()))
    assert {"Sprawozdanie", "PES wg powiatów", "Zatrudnienie", "Badanie", "Wskaźniki", "Wydarzenia",
            "Certyfikacja"} <= set(book.sheetnames)
    rows = {row[0]: row for row in book["PES wg powiatów"].iter_rows(values_only=True)}
    header = rows["Powiat"]
    assert rows["Toruń"][header.index("spółdzielnie socjalne")] == 5
    assert rows["Bydgoszcz"][header.index("organizacje pozarządowe")] == "<3"
    assert rows["Województwo razem"][header.index("PES razem")] == 8
    indicators = {row[1]: row for row in book["Wskaźniki"].iter_rows(values_only=True)}
    trained = indicators["Liczba przeszkolonych przedstawicieli kadr PES"]
    assert trained[0] == "1.1"
    assert trained[7:9] == (40, 60)
    assert trained[9] == 50


# --- the background job ---------------------------------------------------------------------------------

def _queue(report, staff, django_capture_on_commit_callbacks) -> Job:
    with django_capture_on_commit_callbacks(execute=False):
        return services.report_generate(report=report, by=staff)


def test_the_job_makes_a_version_and_offers_its_pdf(report, staff, django_capture_on_commit_callbacks, real_pdf):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.report_generate(report=report, by=staff)
    job.refresh_from_db()
    version = ReportVersion.objects.get()
    assert job.state == Job.State.SUCCEEDED
    assert version.job == job
    assert version.created_by == staff
    content = job.result.read()
    assert job.progress == 100
    assert content[:4] == b"%PDF"
    assert content == version.pdf.read()
    assert job.result_name == f"sprawozdanie-{YEAR}-v1.pdf"


def test_a_job_whose_worker_died_after_storing_the_version_is_rerun_into_the_same_version(
        report, staff, django_capture_on_commit_callbacks):
    from monitoring.jobs import report_job

    job = _queue(report, staff, django_capture_on_commit_callbacks)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, attempts=1)
    report_job(Job.objects.get(pk=job.pk), lambda *a: None)  # the version was stored, then the worker was lost
    job_run(job_id=job.pk)  # the broker redelivers the task
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert job.attempts == 2
    assert ReportVersion.objects.count() == 1
    assert ReportVersion.objects.get().job == job
    assert job_run(job_id=job.pk) is None
    assert ReportVersion.objects.count() == 1  # a further delivery


def test_a_job_lost_before_storing_anything_is_rerun_once(report, staff, django_capture_on_commit_callbacks):
    job = _queue(report, staff, django_capture_on_commit_callbacks)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, attempts=1)
    job_run(job_id=job.pk)
    assert list(ReportVersion.objects.values_list("number", "job")) == [(1, job.pk)]


def test_a_failed_job_says_why_and_a_retry_makes_exactly_one_version(report, staff, monkeypatch,
                                                                     django_capture_on_commit_callbacks):
    from monitoring import reports

    real = reports.render_report_pdf
    calls = {"n": 0}

    def flaky(data):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("brak miejsca na dysku")
        return real(data)

    monkeypatch.setattr(reports, "render_report_pdf", flaky)
    job = _queue(report, staff, django_capture_on_commit_callbacks)
    with pytest.raises(OSError):
        job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "brak miejsca" in job.error
    assert not ReportVersion.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=job, by=staff)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert ReportVersion.objects.count() == 1


def test_a_job_queued_before_acceptance_fails_with_the_reason(generated, staff, opinion,
                                                              django_capture_on_commit_callbacks):
    job = _queue(generated, staff, django_capture_on_commit_callbacks)
    accept(generated, staff, opinion)
    with pytest.raises(ValidationError):
        job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "przyjęte przez Zarząd" in job.error
    assert generated.versions.count() == 1
