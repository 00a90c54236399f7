"""The small-count rule (``monitoring.disclosure``): counts of persons are hidden at every level, counts of entities
only per powiat; zero is published. Then the report, where it is applied to each table."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from monitoring.disclosure import ENTITIES, PERSONS, is_hidden, suppress


def test_small_counts_of_persons_are_hidden_zero_and_larger_ones_stay(settings):
    settings.MONITORING_SUPPRESS_BELOW = 3
    assert suppress({"0401": 0, "0402": 1, "0403": 2, "0404": 3, "0405": None, "0406": 40}, counts=PERSONS) == {
        "0401": 0, "0402": None, "0403": None, "0404": 3, "0405": None, "0406": 40}
    assert suppress({"0402": 4}, threshold=5) == {"0402": None}


@pytest.mark.parametrize(("counts", "per_powiat", "hidden"), [
    (PERSONS, True, True), (PERSONS, False, True),       # persons: per powiat and in the voivodeship's total
    (ENTITIES, True, True), (ENTITIES, False, False),    # entities: per powiat only; "1 CIS in the voivodeship"
])
def test_which_small_counts_are_hidden(counts, per_powiat, hidden):
    assert is_hidden(1, counts=counts, per_powiat=per_powiat, threshold=3) is hidden


@pytest.mark.parametrize("counts", [PERSONS, ENTITIES])
def test_zero_and_counts_at_the_threshold_are_published(counts):
    assert not is_hidden(0, counts=counts, per_powiat=True, threshold=3)
    assert not is_hidden(3, counts=counts, per_powiat=True, threshold=3)


def test_an_unknown_kind_of_count_is_refused():
    with pytest.raises(ValueError, match="Unknown kind"):
        is_hidden(1, counts="events", per_powiat=False, threshold=3)


# --- in the report ------------------------------------------------------------------------------------

@pytest.fixture
def data(report, settings):
    """The report's registry (5 social cooperatives in Toruń, 1 CIS in powiat toruński, 2 foundations in
    Bydgoszcz) with 1 person at risk in a category, and an event with 2 participants."""
    from entities.models import Entity, YearlyFigures
    from events.tests.factories import EventFactory, RegistrationFactory
    from monitoring.figures import report_snapshot
    from monitoring.reports import report_data

    from .factories import YEAR

    settings.MONITORING_SUPPRESS_BELOW = 3
    YearlyFigures.objects.create(entity=Entity.objects.get(name="CIS w Chełmży"), year=YEAR, employees_total=9,
                                 at_risk={"disabled": 7, "homeless": 1})
    start = timezone.now().replace(year=YEAR, month=6, day=1)
    RegistrationFactory.create_batch(2, event=EventFactory(held=True, starts_at=start, ends_at=start), attended=True)
    snapshot = report_snapshot(report)
    snapshot.update(generated_at=timezone.now().isoformat(), version=1)
    return report_data(snapshot)


def test_the_report_publishes_the_voivodeships_numbers_of_entities(data):
    assert str(dict(data.pes_by_group)["podmioty reintegracyjne (CIS, KIS, WTZ, ZAZ)"]) == "1"


def test_the_report_hides_a_small_count_of_entities_in_a_powiat(data):
    rows = {row.name: row for row in data.pes_table}
    assert str(rows["toruński"].cells[-1]) == "<3"


def test_the_report_hides_a_small_count_of_persons_at_risk_in_the_voivodeship(data):
    assert str(dict(data.at_risk_by_category)["osoby w kryzysie bezdomności"]) == "<3"


def test_the_report_hides_a_small_count_of_participants_in_total(data):
    assert str(data.events[-1].participants) == "<3"


def test_the_report_hides_a_small_count_of_participants_of_a_kind(data):
    assert [str(p) for _kind, _n, p in data.events[-1].by_kind] == ["<3"]


def test_the_spreadsheet_hides_the_same_participants(data):
    from monitoring.reports import render_report_xlsx

    rows = list(load_workbook(io.BytesIO(render_report_xlsx(data)))["Wydarzenia"].iter_rows(values_only=True))
    assert rows[1][3] == "<3"
