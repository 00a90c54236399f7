"""Report pages, downloads, the sector dashboard and drill-down: who sees what, and fixed query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.computations import compute_or_none, registered_computations
from core.models import Job
from entities.tests.factories import EntityFactory, PsStatusFactory
from events.tests.factories import EventFactory, RegistrationFactory
from monitoring import services
from monitoring.drilldown import breakdown
from monitoring.models import Report, ReportStatus, ReportVersion

from .factories import TORUN, YEAR

pytestmark = pytest.mark.django_db


def accepted(report, staff, opinion) -> Report:
    services.report_transition(report=report, to=ReportStatus.COMMITTEE_OPINION, by=staff,
                               committee_resolution=opinion)
    return services.report_transition(report=report, to=ReportStatus.ACCEPTED, by=staff,
                                      board_resolution_number="7/100/25",
                                      board_resolution_date=timezone.localdate() - timedelta(days=2))


# --- who may see and do what ------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["outsider", "pes", "member"])
def test_people_without_a_reporting_role_see_nothing(client_for, cast, generated, role):
    client = client_for(cast[role])
    assert client.get(reverse("monitoring:reports")).status_code == 403
    assert client.get(reverse("monitoring:dashboard")).status_code == 403
    assert client.get(reverse("monitoring:figure", args=["pes_count", YEAR])).status_code == 403
    assert client.get(reverse("monitoring:report", args=[generated.pk])).status_code == 404
    assert client.get(reverse("monitoring:report_download", args=[generated.pk, 1, "pdf"])).status_code == 404


def test_the_board_reads_and_downloads_but_cannot_act(client_for, board, staff, generated, opinion):
    accepted(generated, staff, opinion)
    client = client_for(board)
    page = client.get(reverse("monitoring:report", args=[generated.pk])).content.decode()
    assert generated.title in page
    assert "Wygeneruj nową wersję" not in page
    assert "Odnotuj" not in page
    download = client.get(reverse("monitoring:report_download", args=[generated.pk, 1, "xlsx"]))
    assert download.status_code == 200
    assert f"sprawozdanie-{YEAR}-v1.xlsx" in download["Content-Disposition"]
    for name in ["report_generate", "report_edit", "report_transition"]:
        assert client.post(reverse(f"monitoring:{name}", args=[generated.pk]),
                           {"to": "submitted", "title": "x"}).status_code == 403
    assert client.post(reverse("monitoring:report_create"), {}).status_code == 403
    assert not Job.objects.exists()


def test_staff_create_a_report_and_generate_it_through_the_job_page(client_for, staff, programme, campaign,
                                                                     django_capture_on_commit_callbacks):
    client = client_for(staff)
    response = client.post(reverse("monitoring:report_create"), {"kind": "annual", "programme": programme.pk,
                                                                 "year": YEAR})
    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    assert report.campaign == campaign
    assert report.title == f"Roczne sprawozdanie z realizacji programu za {YEAR} r."
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Wygeneruj nową wersję (PDF i XLSX)" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monitoring:report_generate", args=[report.pk]))
    job = Job.objects.get()
    assert response.url == f"{report.get_absolute_url()}?job={job.pk}#job-status"
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert ReportVersion.objects.get().job == job
    page = client.get(report.get_absolute_url()).content.decode()
    assert reverse("monitoring:report_download", args=[report.pk, 1, "pdf"]) in page
    download = client.get(reverse("monitoring:report_download", args=[report.pk, 1, "pdf"]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content)[:4] == b"%PDF"


def test_staff_edit_the_text_and_move_the_report_from_its_page(client_for, staff, generated, opinion):
    client = client_for(staff)
    client.post(reverse("monitoring:report_edit", args=[generated.pk]), {
        "title": "Sprawozdanie 2024", "introduction": "", "conclusions": "Wnioski ROPS.", "recommendations": ""})
    generated.refresh_from_db()
    assert generated.title == "Sprawozdanie 2024"
    assert generated.conclusions == "Wnioski ROPS."
    page = client.get(generated.get_absolute_url()).content.decode()
    assert "Odnotuj opinię Komitetu" in page
    assert opinion.title in page
    client.post(reverse("monitoring:report_transition", args=[generated.pk]),
                {"to": "committee_opinion", "committee_resolution": opinion.pk})
    response = client.post(reverse("monitoring:report_transition", args=[generated.pk]),
                           {"to": "accepted", "board_resolution_number": "", "board_resolution_date": ""},
                           follow=True)
    assert "Podaj numer i datę" in response.content.decode()
    generated.refresh_from_db()
    assert generated.status == ReportStatus.COMMITTEE_OPINION


def test_a_refused_step_comes_back_with_what_was_typed(client_for, staff, generated, opinion):
    client = client_for(staff)
    client.post(reverse("monitoring:report_transition", args=[generated.pk]),
                {"to": "committee_opinion", "committee_resolution": opinion.pk})
    future = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(reverse("monitoring:report_transition", args=[generated.pk]), {
        "to": "accepted", "board_resolution_number": "XII/345/26", "board_resolution_date": future,
        "note": "Uchwała z posiedzenia Zarządu"})
    assert response.status_code == 400
    page = response.content.decode()
    form = page[page.index('id="id_accepted_board_resolution_number"') - 300:]
    assert 'value="XII/345/26"' in form
    assert f'value="{future}"' in form
    assert "Uchwała z posiedzenia Zarządu" in form
    assert "Podaj numer i datę" in page
    generated.refresh_from_db()
    assert generated.status == ReportStatus.COMMITTEE_OPINION
    assert not generated.board_resolution_number
    bogus = client.post(reverse("monitoring:report_transition", args=[generated.pk]), {"to": "bogus"})
    assert bogus.status_code == 400
    assert "Nie udało się wprowadzić zmiany" in bogus.content.decode()


def test_a_text_refused_for_a_missing_title_comes_back_with_everything_typed(client_for, staff, generated):
    before = generated.conclusions
    response = client_for(staff).post(reverse("monitoring:report_edit", args=[generated.pk]), {
        "title": "", "introduction": "", "conclusions": "Długie wnioski pisane przez godzinę.", "recommendations": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Długie wnioski pisane przez godzinę." in page
    assert "Podaj tytuł" in page
    generated.refresh_from_db()
    assert generated.conclusions == before


def test_an_accepted_report_refuses_edits_and_generation_from_the_page(client_for, staff, generated, opinion):
    accepted(generated, staff, opinion)
    client = client_for(staff)
    page = client.get(generated.get_absolute_url()).content.decode()
    assert "przyjęte przez Zarząd" in page
    assert "Wygeneruj nową wersję" not in page
    assert "Zapisz tekst" not in page
    response = client.post(reverse("monitoring:report_edit", args=[generated.pk]), {
        "title": "Zmieniony", "introduction": "", "conclusions": "", "recommendations": ""}, follow=True)
    assert "nie mogą już zostać zmienione" in response.content.decode()
    response = client.post(reverse("monitoring:report_generate", args=[generated.pk]), follow=True)
    assert "nie mogą już zostać zmienione" in response.content.decode()
    generated.refresh_from_db()
    assert generated.title != "Zmieniony"
    assert not Job.objects.exists()
    assert generated.versions.count() == 1
    assert "Odnotuj przekazanie Sejmikowi" in page


def test_an_unknown_download_format_or_version_is_404(client_for, staff, generated):
    client = client_for(staff)
    assert client.get(reverse("monitoring:report_download", args=[generated.pk, 1, "docx"])).status_code == 404
    assert client.get(reverse("monitoring:report_download", args=[generated.pk, 2, "pdf"])).status_code == 404


def test_report_list_query_count_is_fixed(client_for, staff, generated, programme, django_assert_num_queries,
                                          django_assert_max_num_queries):
    client = client_for(staff)
    client.get(reverse("monitoring:reports"))
    # Session, user, roles, permissions, the reports with their version counts, the programmes of the form.
    with django_assert_max_num_queries(14) as ctx:
        client.get(reverse("monitoring:reports"))
    for year in range(2010, 2016):
        services.report_create(kind=Report.Kind.ANNUAL, programme=programme, year=year, by=staff)
    with django_assert_num_queries(len(ctx.captured_queries)):
        assert client.get(reverse("monitoring:reports")).status_code == 200


# --- what the board reads (selectors.reports_visible_to) ----------------------------------------------------

def test_the_board_does_not_see_a_draft_in_the_list_on_its_page_or_as_a_download(client_for, board, generated):
    client = client_for(board)
    assert generated.title not in client.get(reverse("monitoring:reports")).content.decode()
    assert client.get(reverse("monitoring:report", args=[generated.pk])).status_code == 404
    assert client.get(reverse("monitoring:report_download", args=[generated.pk, 1, "pdf"])).status_code == 404


def test_the_board_does_not_see_a_report_awaiting_the_committee_s_opinion(client_for, board, staff, generated,
                                                                          opinion):
    services.report_transition(report=generated, to=ReportStatus.COMMITTEE_OPINION, by=staff,
                               committee_resolution=opinion)
    assert client_for(board).get(reverse("monitoring:report", args=[generated.pk])).status_code == 404


@pytest.mark.parametrize("step", ["accepted", "submitted"])
def test_the_board_reads_an_accepted_or_submitted_report_only_in_its_accepted_version(client_for, board, staff,
                                                                                      report, opinion, step):
    services.report_version_create(report_id=report.pk, by=staff)
    services.report_version_create(report_id=report.pk, by=staff)
    report = accepted(report, staff, opinion)
    if step == "submitted":
        report = services.report_transition(report=report, to=ReportStatus.SUBMITTED, by=staff,
                                            sejmik_submitted_on=timezone.localdate())
    client = client_for(board)
    accepted_number = report.accepted_version.number
    other = 3 - accepted_number
    assert client.get(reverse("monitoring:report_download", args=[report.pk, accepted_number, "pdf"])).status_code \
        == 200
    assert client.get(reverse("monitoring:report_download", args=[report.pk, other, "pdf"])).status_code == 404
    page = client.get(reverse("monitoring:report", args=[report.pk])).content.decode()
    assert reverse("monitoring:report_download", args=[report.pk, other, "pdf"]) not in page
    assert report.title in client.get(reverse("monitoring:reports")).content.decode()


def test_staff_see_drafts_and_every_version(client_for, staff, generated):
    client = client_for(staff)
    assert generated.title in client.get(reverse("monitoring:reports")).content.decode()
    assert client.get(reverse("monitoring:report_download", args=[generated.pk, 1, "pdf"])).status_code == 200


# --- the sector dashboard ------------------------------------------------------------------------------

def test_the_dashboard_shows_key_figures_the_map_and_the_programme(client_for, board, programme, campaign):
    page = client_for(board).get(reverse("monitoring:dashboard"), {"year": YEAR, "metric": "pes"}).content.decode()
    assert f"Pulpit sektora {YEAR}" in page
    assert 'role="img"' in page
    assert page.count("<path") == 23
    assert reverse("monitoring:figure", args=["pes_count", YEAR]) in page
    indicator = programme.indicators.get(computation="pes_count")
    assert reverse("monitoring:indicator", args=[indicator.pk, YEAR]) in page
    assert f"{reverse('entities:list')}?powiat=0463" in page  # the map's table links to the registry
    survey = client_for(board).get(reverse("monitoring:dashboard"), {"year": YEAR, "metric": "q-pes-1"})
    assert "Liczba zatrudnionych ogółem" in survey.content.decode()


def test_the_dashboard_draws_the_sector_in_charts_with_their_data_and_each_indicator_trend(client_for, board,
                                                                                           programme, campaign):
    from entities.models import YearlyFigures

    entity = campaign.respondents.first().entity
    YearlyFigures.objects.create(entity=entity, year=YEAR, employees_total=9, at_risk={"disabled": 4, "homeless": 2})
    event = EventFactory(held=True, starts_at=timezone.now().replace(year=YEAR, month=6, day=1))
    RegistrationFactory.create_batch(2, event=event, attended=True)
    page = client_for(board).get(reverse("monitoring:dashboard"), {"year": YEAR}).content.decode()
    charts = page[page.index('id="sector-heading"'):page.index('id="indicators-heading"')]
    assert f"Podmioty ekonomii społecznej według rodzaju, {YEAR}" in charts
    assert charts.count("<svg") == 3
    assert charts.count("<rect") == 3 + 2 + 1   # 3 kinds, 2 categories, 1 kind
    assert '<th scope="row">spółdzielnie socjalne</th><td class="text-end">5</td>' in charts  # the text alternative
    assert "samorządów" not in charts   # no cooperation recorded: no empty chart
    assert " style=" not in page   # the content security policy allows no inline styles
    indicators = page[page.index('id="indicators-heading"'):]
    assert f"Wartości w kolejnych latach: {YEAR - 1} 40, {YEAR} 60" in indicators
    assert "<polyline" in indicators


# Session, user, the roles with the permissions (one query), years, campaign, its questions and figures, the
# registry's figures (PES and PS in one GROUP BY, the employment in one), the powiaty, events, certification, the
# Committee and the programme's indicators: each figure is read once whatever the places that show it
# (shared_figures), and none of it grows with the data. 64-70 before the issue, 30 before its second round; its
# target is under 25.
DASHBOARD_QUERIES = {"pes": 23, "ps": 23, "reintegration": 23, "employees": 23, "at_risk": 23, "participants": 23,
                     "q-pes-1": 23}


def test_the_dashboard_query_count_is_pinned_and_does_not_grow_with_the_data(client_for, staff, programme, campaign,
                                                                             django_assert_num_queries):
    from entities.models import YearlyFigures

    client = client_for(staff)
    url = reverse("monitoring:dashboard")
    client.get(url, {"year": YEAR})
    for metric, queries in DASHBOARD_QUERIES.items():
        with django_assert_num_queries(queries):
            client.get(url, {"year": YEAR, "metric": metric})
    for _ in range(10):
        entity = EntityFactory(seat_id=TORUN)
        PsStatusFactory(entity=entity)
        YearlyFigures.objects.create(entity=entity, year=YEAR, employees_total=4, at_risk={"disabled": 1})
    event = EventFactory(held=True, starts_at=timezone.now().replace(year=YEAR, month=6, day=1))
    RegistrationFactory.create_batch(5, event=event, attended=True)
    for metric, queries in DASHBOARD_QUERIES.items():
        with django_assert_num_queries(queries):
            assert client.get(url, {"year": YEAR, "metric": metric}).status_code == 200


# --- drill-down ----------------------------------------------------------------------------------------

def test_every_computation_has_a_breakdown_that_adds_up_to_it(registry, staff, pes_entity):
    from entities.models import YearlyFigures

    PsStatusFactory(entity=registry[0], granted_on=timezone.localdate().replace(year=YEAR - 1))
    YearlyFigures.objects.create(entity=registry[0], year=YEAR, employees_total=12, at_risk={"disabled": 4})
    YearlyFigures.objects.create(entity=registry[6], year=YEAR, employees_total=3, at_risk={"homeless": 1})
    for entry in registered_computations():
        name = entry.name
        details = breakdown(name, year=YEAR)
        assert details.total == compute_or_none(name, year=YEAR)
        assert (details.total is None) == bool(details.unavailable), name
        if details.groups and entry.unit != "%":
            title, lines = details.groups[-1]
            assert sum(line.value for line in lines) == details.total, name
    pes = breakdown("pes_count", year=YEAR)
    assert pes.total == 9
    assert pes.records_count == 9
    by_kind = dict((line.label, line.url) for line in pes.groups[0][1])
    assert by_kind["spółdzielnie socjalne"] == f"{reverse('entities:list')}?group=social_cooperative"
    assert breakdown("ps_count", year=YEAR).records[0].url == reverse("entities:detail",
                                                                              args=[registry[0].pk])
    assert [line.value for line in breakdown("pes_employees_at_risk", year=YEAR).records] == [4, 1]


def test_an_indicator_drills_down_to_the_entities_it_counts(client_for, staff, programme, registry,
                                                            django_assert_max_num_queries):
    indicator = programme.indicators.get(computation="pes_count")
    url = reverse("monitoring:indicator", args=[indicator.pk, YEAR])
    client = client_for(staff)
    page = client.get(url).content.decode()
    assert indicator.name in page
    assert "CIS w Chełmży" in page
    assert reverse("entities:detail", args=[registry[5].pk]) in page
    assert f"{reverse('entities:list')}?group=reintegration" in page
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    EntityFactory.create_batch(15, seat_id=TORUN)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_a_manual_indicator_shows_its_values_and_sources(client_for, staff, programme):
    indicator = programme.indicators.get(computation="")
    page = client_for(staff).get(reverse("monitoring:indicator", args=[indicator.pk, YEAR])).content.decode()
    assert "sprawozdania OWES" in page
    assert "50%" in page
    assert reverse("programmes:indicator_values", args=[indicator.pk]) in page


def test_an_unknown_figure_is_404(client_for, staff, programme):
    assert client_for(staff).get(reverse("monitoring:figure", args=["nope", YEAR])).status_code == 404
    assert client_for(staff).get(reverse("monitoring:figure", args=["pes_count", 99999])).status_code == 404
    indicator = programme.indicators.first()
    assert client_for(staff).get(reverse("monitoring:indicator", args=[indicator.pk, 99999])).status_code == 404
    assert client_for(staff).get(reverse("monitoring:indicator", args=[999999, YEAR])).status_code == 404
