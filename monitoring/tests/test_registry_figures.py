"""The registry's figures against one hand-counted registry, through every path a reader takes: the computation,
the dashboard's key figures and map, the drill-down page, the report's snapshot and the rendered report (PDF and
spreadsheet). Each place must give the same numbers.

On 31 December YEAR the registry holds (Toruń is powiat 0463, Bydgoszcz 0461, Chełmża lies in powiat toruński):

  A  social cooperative, Toruń     PES, PS in force              figures 10 employed, 4 at risk
  B  foundation, Toruń             PES, PS in force              figures  6 employed, 3 at risk
  C  association, Bydgoszcz        PES                           figures  5 employed
  D  CIS, Chełmża                  PES                           no figures
  E  association, Bydgoszcz        PES, PS expired on 30.12      figures  3 employed
  F  social cooperative, Toruń     closed on 30.06, PS never marked lost, figures 8 employed, 3 at risk
  G  gmina Toruń (JST)             not a PES                     figures 20 employed, 5 at risk
  H  company, Bydgoszcz            not a PES, with a PS record   figures 15 employed

PES: 5 (A–E: Toruń 2, Bydgoszcz 2, toruński 1). PS: 2 (A, B; Toruń). Employed in PES: 24 (Toruń 16,
Bydgoszcz 8), of whom at risk of exclusion 7 (Toruń 7). Nothing at all is recorded for YEAR - 1: no data.
(Before the rules had one home: PS 4 — F and H counted —, employed 67, at risk 15, and 0 for YEAR - 1.)
"""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.computations import NotAvailable, compute
from entities.models import LegalForm, PsStatus, YearlyFigures
from entities.tests.factories import EntityFactory
from monitoring import services
from monitoring.drilldown import breakdown
from monitoring.figures import report_snapshot
from monitoring.models import Report
from monitoring.reports import render_report_xlsx, report_data
from programmes.models import Indicator, IndicatorValue
from programmes.services import indicator_values_compute

from .factories import BYDGOSZCZ, CHELMZA, TORUN, YEAR, CampaignFactory, small_programme

pytestmark = pytest.mark.django_db
END = date(YEAR, 12, 31)


@pytest.fixture
def registry(db):
    def entity(name, form, seat, **kwargs):
        return EntityFactory(name=name, legal_form=form, seat_id=seat, registered_on=date(YEAR - 5, 1, 1),
                             **kwargs)

    def ps(entity, **kwargs):
        PsStatus.objects.create(entity=entity, kind=PsStatus.Kind.STATUTORY, granted_on=date(YEAR - 2, 3, 1),
                                **kwargs)

    def figures(entity, employed, **at_risk):
        YearlyFigures.objects.create(entity=entity, year=YEAR, employees_total=employed, at_risk=at_risk)

    a = entity("A Spółdzielnia", LegalForm.SOCIAL_COOPERATIVE, TORUN)
    b = entity("B Fundacja", LegalForm.FOUNDATION, TORUN)
    c = entity("C Stowarzyszenie", LegalForm.ASSOCIATION, BYDGOSZCZ)
    d = entity("D CIS", LegalForm.CIS, CHELMZA)
    e = entity("E Stowarzyszenie", LegalForm.ASSOCIATION, BYDGOSZCZ)
    f = entity("F Zamknięta", LegalForm.SOCIAL_COOPERATIVE, TORUN, closed_on=date(YEAR, 6, 30), is_active=False)
    g = entity("G Gmina Toruń", LegalForm.LOCAL_GOVERNMENT, TORUN)
    h = entity("H Spółka", LegalForm.COMPANY, BYDGOSZCZ)
    for holder in (a, b, f, h):
        ps(holder)
    ps(e, valid_until=date(YEAR, 12, 30))
    figures(a, 10, disabled=4)
    figures(b, 6, homeless=2, disabled=1)
    figures(c, 5)
    figures(e, 3)
    figures(f, 8, disabled=3)
    figures(g, 20, long_term_unemployed=5)
    figures(h, 15)
    # Years the dashboard offers are those of the campaigns.
    CampaignFactory(year=YEAR)
    CampaignFactory(year=YEAR - 1)
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "g": g, "h": h}


# --- the computations --------------------------------------------------------------------------------------

def test_pes_are_counted_on_31_december(registry):
    assert compute("pes_count", year=YEAR) == 5


def test_ps_are_counted_only_among_the_pes_of_the_day(registry):
    assert compute("ps_count", year=YEAR) == 2


def test_employment_counts_only_the_figures_of_pes(registry):
    assert compute("pes_employees", year=YEAR) == 24


def test_persons_at_risk_count_only_the_figures_of_pes(registry):
    assert compute("pes_employees_at_risk", year=YEAR) == 7


def test_each_figure_is_counted_once_whatever_the_number_of_its_categories(registry):
    """B reports two categories, C and E none: the database adds them up in one pass (a row per category on
    PostgreSQL), yet every figure is one figure and its employees are added once."""
    from core.computations import shared_figures
    from entities.computations import employment, powiat_of
    from entities.models import AtRiskCategory

    with shared_figures():
        figures = employment(YEAR)
    labels = dict(AtRiskCategory.choices)
    assert (figures["reported"], figures["employees"], figures["at_risk"]) == (4, 24, 7)
    assert figures["at_risk_by_category"] == [[str(labels["disabled"]), 5], [str(labels["homeless"]), 2]]
    assert figures["employees_by_powiat"] == {powiat_of(TORUN): 16, powiat_of(BYDGOSZCZ): 8}
    assert figures["at_risk_by_powiat"] == {powiat_of(TORUN): 7}


def test_the_querysets_behind_the_figures_hold_the_hand_counted_entities(registry):
    from entities.models import Entity

    assert set(Entity.objects.pes_on(END).values_list("name", flat=True)) == {
        "A Spółdzielnia", "B Fundacja", "C Stowarzyszenie", "D CIS", "E Stowarzyszenie"}
    assert set(Entity.objects.ps_on(END).values_list("name", flat=True)) == {"A Spółdzielnia", "B Fundacja"}
    assert set(YearlyFigures.objects.of_pes(YEAR).values_list("entity__name", flat=True)) == {
        "A Spółdzielnia", "B Fundacja", "C Stowarzyszenie", "E Stowarzyszenie"}


def test_the_figures_of_pes_follow_the_entitys_rule_through_a_join(registry):
    """``of_pes`` applies ``pes_on``'s rule to the figures' entity (``pes_on_q`` through the relation): the same
    entities on every condition of the rule, read by one join instead of ``IN (subquery)``."""
    from entities.models import Entity

    unconfirmed = EntityFactory(name="I Niepotwierdzona", legal_form=LegalForm.FOUNDATION, seat_id=TORUN,
                                is_confirmed=False)
    later = EntityFactory(name="J Późniejsza", legal_form=LegalForm.FOUNDATION, seat_id=TORUN,
                          registered_on=date(YEAR + 1, 1, 2))
    for entity in (unconfirmed, later):
        YearlyFigures.objects.create(entity=entity, year=YEAR, employees_total=4, at_risk={})
    shown = YearlyFigures.objects.of_pes(YEAR)
    assert set(shown.values_list("entity_id", flat=True)) == set(
        YearlyFigures.objects.filter(year=YEAR, entity__in=Entity.objects.pes_on(END)).values_list("entity_id",
                                                                                                   flat=True))
    assert unconfirmed.pk not in set(shown.values_list("entity_id", flat=True))
    assert later.pk not in set(shown.values_list("entity_id", flat=True))
    assert "IN (SELECT" not in str(shown.query).upper()


def test_a_status_record_in_force_follows_one_rule(registry):
    statuses = PsStatus.objects.filter(entity=registry["e"])
    assert not statuses.in_force(END).exists()                       # expired the day before
    assert statuses.in_force(date(YEAR, 12, 30)).exists()           # valid until that day, inclusive
    assert list(statuses.with_in_force(date(YEAR, 12, 30)).values_list("in_force", flat=True)) == [True]


@pytest.mark.parametrize("name", ["pes_employees", "pes_employees_at_risk"])
def test_a_year_without_yearly_figures_has_no_employment_value_not_zero(registry, name):
    with pytest.raises(NotAvailable, match=str(YEAR - 1)):
        compute(name, year=YEAR - 1)


def test_the_indicator_of_a_year_without_yearly_figures_gets_no_value(registry, staff):
    programme = small_programme()
    employed = Indicator.objects.create(programme=programme, name="Osoby zatrudnione w PES", unit="osoby",
                                        computation="pes_employees", baseline_value=0, baseline_year=2020,
                                        target_value=1000, target_year=2028, order=2)
    indicator_values_compute(programme=programme, year=YEAR - 1, by=staff)
    assert not IndicatorValue.objects.filter(indicator=employed, year=YEAR - 1).exists()
    indicator_values_compute(programme=programme, year=YEAR, by=staff)
    assert IndicatorValue.objects.get(indicator=employed, year=YEAR).value == 24


# --- the dashboard --------------------------------------------------------------------------------------

def _card(page: str, label: str) -> str:
    return page[page.index(label):][:400]


@pytest.mark.parametrize(("label", "shown"), [
    ("Podmioty ekonomii społecznej w rejestrze (31 grudnia)", "5 <span"),
    ("Przedsiębiorstwa społeczne z ważnym statusem (31 grudnia)", "2 <span"),
    ("Osoby zatrudnione w PES (dane roczne)", "24 <span"),
    ("Osoby zagrożone wykluczeniem zatrudnione w PES", "7 <span"),
])
def test_the_dashboard_key_figures_are_the_hand_counted_ones(client_for, board, registry, label, shown):
    page = client_for(board).get(reverse("monitoring:dashboard"), {"year": YEAR}).content.decode()
    assert shown in _card(page, label)


@pytest.mark.parametrize("label", ["Osoby zatrudnione w PES (dane roczne)",
                                   "Osoby zagrożone wykluczeniem zatrudnione w PES"])
def test_the_dashboard_says_no_data_for_employment_of_a_year_without_figures(client_for, board, registry, label):
    page = client_for(board).get(reverse("monitoring:dashboard"), {"year": YEAR - 1}).content.decode()
    card = _card(page, label)
    assert '<p class="h4 mb-1">—</p><p class="small text-muted mb-1">brak danych</p>' in card


def _map(client, metric: str, year: int = YEAR) -> dict:
    response = client.get(reverse("monitoring:dashboard"), {"year": year, "metric": metric})
    return {row.name: row.value for row in response.context["data"].map_rows}


@pytest.mark.parametrize(("metric", "expected"), [
    ("pes", {"Toruń": 2, "Bydgoszcz": 2, "toruński": 1}),
    ("ps", {"Toruń": 2, "Bydgoszcz": 0, "toruński": 0}),
    ("employees", {"Toruń": 16, "Bydgoszcz": 8, "toruński": 0}),
    ("at_risk", {"Toruń": 7, "Bydgoszcz": 0, "toruński": 0}),
])
def test_the_map_rows_are_the_hand_counted_ones(client_for, board, registry, metric, expected):
    rows = _map(client_for(board), metric)
    assert {name: rows[name] for name in expected} == expected


def test_the_map_table_prints_the_ps_of_torun(client_for, board, registry):
    page = client_for(board).get(reverse("monitoring:dashboard"), {"year": YEAR, "metric": "ps"}).content.decode()
    assert f'<a href="{reverse("entities:list")}?ps=true&amp;powiat=0463">Toruń</a></th><td class="text-end">2</td>' \
        in page


def test_the_map_of_employment_in_a_year_without_figures_has_no_data_rather_than_zeros(client_for, board, registry):
    client = client_for(board)
    assert set(_map(client, "employees", YEAR - 1).values()) == {None}
    page = client.get(reverse("monitoring:dashboard"), {"year": YEAR - 1, "metric": "employees"}).content.decode()
    assert '<th scope="row">Toruń</th><td class="text-end">brak danych</td>' in page


# --- the drill-down --------------------------------------------------------------------------------------

def _figure_page(client, name: str, year: int = YEAR) -> str:
    return client.get(reverse("monitoring:figure", args=[name, year])).content.decode()


def test_the_ps_drill_down_lists_the_two_social_enterprises_only(client_for, staff, registry):
    page = _figure_page(client_for(staff), "ps_count")
    assert "Policzone przedsiębiorstwa społeczne (2)" in page
    assert "F Zamknięta" not in page
    assert "H Spółka" not in page


def test_the_ps_drill_down_adds_up_to_the_total(registry):
    details = breakdown("ps_count", year=YEAR)
    assert [line.label for line in details.records] == ["A Spółdzielnia", "B Fundacja"]
    assert [(line.label, line.value) for line in details.groups[0][1]] == [("Toruń", 2)]


def test_the_employment_drill_down_lists_the_figures_of_pes_only(client_for, staff, registry):
    page = _figure_page(client_for(staff), "pes_employees")
    assert "<strong>24 osoby</strong>" in page
    for outside in ("F Zamknięta", "G Gmina Toruń", "H Spółka"):
        assert outside not in page, outside


def test_the_employment_drill_down_adds_up_to_the_total(registry):
    details = breakdown("pes_employees_at_risk", year=YEAR)
    assert [(line.label, line.value) for line in details.records] == [
        ("A Spółdzielnia", 4), ("B Fundacja", 3), ("C Stowarzyszenie", 0), ("E Stowarzyszenie", 0)]
    assert dict((line.label, line.value) for line in details.groups[0][1]) == {
        "osoby z niepełnosprawnościami": 5, "osoby w kryzysie bezdomności": 2}


def test_the_drill_down_of_a_year_without_figures_says_why(client_for, staff, registry):
    page = _figure_page(client_for(staff), "pes_employees", YEAR - 1)
    assert f"Za {YEAR - 1} r. nie ma rocznych danych podmiotów ekonomii społecznej." in page
    assert "brak danych" in page


# --- the report ------------------------------------------------------------------------------------------

@pytest.fixture
def report_of(staff):
    programme = small_programme()

    def make(year: int) -> dict:
        report = services.report_create(kind=Report.Kind.ANNUAL, programme=programme, year=year, by=staff)
        snapshot = report_snapshot(report)
        snapshot.update(generated_at=timezone.now().isoformat(), version=1)
        return snapshot

    return make


def _html(snapshot) -> str:
    """The HTML document the report's PDF is drawn from (``reports.report_html``, no stub)."""
    from monitoring import reports

    return reports.report_html(report_data(snapshot))


def _sheet(snapshot, name: str) -> dict:
    book = load_workbook(io.BytesIO(render_report_xlsx(report_data(snapshot))))
    return {row[0]: row for row in book[name].iter_rows(values_only=True)}


def test_the_snapshot_counts_ps_among_the_pes(registry, report_of):
    sector = report_of(YEAR)["sector"]
    assert sector["ps_by_powiat"] == {"0463": 2}


def test_the_snapshot_counts_the_employment_of_pes(registry, report_of):
    employment = report_of(YEAR)["sector"]["employment"]
    assert (employment["employees"], employment["at_risk"]) == (24, 7)


def test_the_rendered_report_says_5_pes_of_which_2_ps(registry, report_of):
    html = _html(report_of(YEAR))
    assert (f"Na dzień 31 grudnia {YEAR} r. liczba podmiotów ekonomii społecznej w rejestrze wynosiła 5, w tym 2 "
            "ze statusem przedsiębiorstwa społecznego (PS).") in html


def test_the_rendered_report_gives_the_employment_of_pes(registry, report_of):
    html = _html(report_of(YEAR))
    assert (f"Liczba osób zatrudnionych w podmiotach ekonomii społecznej w {YEAR} r.: 24, w tym osób zagrożonych "
            "wykluczeniem społecznym: 7") in html


def test_the_spreadsheet_gives_the_same_totals(registry, report_of):
    snapshot = report_of(YEAR)
    pes = _sheet(snapshot, "PES wg powiatów")
    header = pes["Powiat"]
    assert (pes["Województwo razem"][header.index("PS")], pes["Województwo razem"][header.index("PES razem")]) == (
        2, 5)
    assert _sheet(snapshot, "Zatrudnienie")["Województwo razem"][1:] == (24, 7)


def test_the_report_of_a_year_without_figures_says_no_data(registry, report_of, monkeypatch, real_pdf):
    snapshot = report_of(YEAR - 1)
    html = _html(snapshot)
    assert (f"Brak danych: za {YEAR - 1} r. nie wprowadzono rocznych danych o zatrudnieniu w podmiotach ekonomii "
            "społecznej.") in html
    assert "Liczba osób zatrudnionych w podmiotach" not in html


def test_the_spreadsheet_of_a_year_without_figures_says_no_data(registry, report_of):
    assert _sheet(report_of(YEAR - 1), "Zatrudnienie")["Województwo razem"][1:] == ("brak danych", "brak danych")

