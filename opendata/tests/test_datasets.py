"""What each open dataset holds: the registers' own rules decide, the rows carry stable identifiers and TERYT."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from opendata import datasets as ds
from opendata.datasets import dataset_query

pytestmark = pytest.mark.django_db


def _rows(dataset, **params):
    queryset, day = dataset_query(dataset, params)
    return [dataset.row(obj) for obj in queryset], day


def test_pes_lists_published_pes_active_and_closed(world):
    rows, _ = _rows(ds.PES)
    names = {r["name"] for r in rows}
    assert names == {"Spółdzielnia Socjalna Otwarta", "Fundacja Zamknięta"}


def test_pes_leaves_out_entities_not_confirmed_or_withdrawn_from_the_catalogue(world):
    rows, _ = _rows(ds.PES)
    ids = {r["id"] for r in rows}
    assert world.unconfirmed_entity.pk not in ids
    assert world.hidden_entity.pk not in ids


def test_pes_row_has_stable_id_teryt_and_ps_flag(world):
    rows, day = _rows(ds.PES, gmina="0463011")
    (row,) = rows
    assert row["id"] == world.entity.pk
    assert (row["teryt_gmina"], row["teryt_powiat"]) == ("0463011", "0463")
    assert row["activity_area"] == ["0415", "0463"]
    assert row["has_ps_status"] is True
    assert day == timezone.localdate()


def test_pes_closed_entity_says_so(world):
    (row,) = _rows(ds.PES, active="false")[0]
    assert (row["is_active"], row["closed_on"], row["catalogue_url"]) == (False, date(2024, 1, 31), "")


def test_pes_filters_by_powiat_kind_and_date(world):
    assert [r["name"] for r in _rows(ds.PES, powiat="0461")[0]] == ["Fundacja Zamknięta"]
    assert [r["name"] for r in _rows(ds.PES, kind="social_cooperative")[0]] == ["Spółdzielnia Socjalna Otwarta"]
    assert [r["name"] for r in _rows(ds.PES, date_from="2020-05-04", date_to="2020-05-04")[0]] == [
        "Spółdzielnia Socjalna Otwarta"]


def test_a_wrong_teryt_code_is_refused_with_a_polish_reason(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        dataset_query(ds.PES, {"powiat": "04"})
    assert "4-cyfrowym kodem TERYT" in exc.value.message_dict["powiat"][0]


def test_ps_lists_statuses_in_force_on_the_day_asked(world):
    now = [r["id"] for r in _rows(ds.PS)[0]]
    assert now == [world.ps.pk]
    then, day = _rows(ds.PS, as_of="2022-06-01")
    assert [r["id"] for r in then] == [world.old_ps.pk]
    assert day == date(2022, 6, 1)


def test_ps_row_carries_the_decision(world):
    (row,) = _rows(ds.PS)[0]
    assert (row["decision_number"], row["granted_on"], row["entity_id"]) == (
        "WPS-II.1.2025", date(2025, 2, 3), world.entity.pk)


def test_mark_holds_current_and_past_certificates(world):
    rows = {r["number"]: r["status"] for r in _rows(ds.MARK)[0]}
    assert rows == {world.certificate.number: "current", world.withdrawn.number: "withdrawn"}


def test_mark_filters_current_or_past(world):
    assert [r["number"] for r in _rows(ds.MARK, status="current")[0]] == [world.certificate.number]
    assert [r["number"] for r in _rows(ds.MARK, status="past")[0]] == [world.withdrawn.number]


def test_events_are_the_upcoming_public_ones(world):
    rows, _ = _rows(ds.EVENTS)
    assert [r["id"] for r in rows] == [world.event.pk]
    assert rows[0]["organiser_id"] == world.entity.pk


def test_events_filter_by_start_date(world):
    start = timezone.localdate(world.event.starts_at)
    assert _rows(ds.EVENTS, date_from=(start + timedelta(days=1)).isoformat())[0] == []
    assert len(_rows(ds.EVENTS, date_to=start.isoformat())[0]) == 1


def test_programme_values_come_from_adopted_programmes_only(world):
    rows, _ = _rows(ds.PROGRAMME)
    assert {r["programme_id"] for r in rows} == {world.programme.pk}


def test_a_small_count_of_persons_is_hidden(world):
    values = {r["year"]: r["value"] for r in _rows(ds.PROGRAMME)[0]}
    assert values == {2023: None, 2024: world.big_value.value}


def test_a_small_value_that_is_not_a_count_of_persons_is_published(world):
    world.indicator.unit = "PLN"
    world.indicator.save()
    values = {r["year"]: r["value"] for r in _rows(ds.PROGRAMME)[0]}
    assert values[2023] == world.small_value.value


def test_every_dataset_ever_published_is_still_listed():
    assert ds.EVER_PUBLISHED <= {d.ext_ident for d in ds.DATASETS}


@pytest.mark.parametrize("dataset", ds.DATASETS, ids=lambda d: d.slug)
def test_identifiers_fit_the_portal(dataset):
    assert len(dataset.ext_ident) <= 36
    assert all(len(dataset.resource_ident(fmt)) <= 36 for fmt in ("csv", "json"))
    assert dataset.identifier in {c.name for c in dataset.columns}


@pytest.mark.parametrize("dataset", ds.DATASETS, ids=lambda d: d.slug)
def test_every_dataset_has_rows_in_the_world(world, dataset):
    assert _rows(dataset)[0]


@pytest.mark.parametrize("dataset", ds.DATASETS, ids=lambda d: d.slug)
def test_docs_describe_every_dataset_and_column(dataset):
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "opendata.md").read_text(encoding="utf-8")
    assert f"`{dataset.slug}`" in docs
    assert [c.name for c in dataset.columns if f"| `{c.name}` |" not in docs] == []


@pytest.mark.parametrize("dataset", ds.DATASETS, ids=lambda d: d.slug)
def test_each_dataset_names_its_api_list_whose_path_ends_in_its_slug(dataset):
    from django.urls import reverse

    assert reverse(dataset.api) == f"/api/v1/{dataset.slug}/"
