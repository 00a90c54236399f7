"""Whole datasets as files: the same rows and filters as the API, the day in every CSV row and in the name."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from opendata.datasets import DATASETS

pytestmark = pytest.mark.django_db


def _content(response) -> str:
    return b"".join(response.streaming_content).decode()


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda d: d.slug)
def test_csv_has_every_column_and_the_day_in_each_row(client, world, dataset):
    response = client.get(reverse("opendata:download", args=[dataset.slug, "csv"]))
    rows = list(csv.DictReader(io.StringIO(_content(response))))
    assert list(rows[0]) == [c.name for c in dataset.columns] + ["as_of"]
    assert {r["as_of"] for r in rows} == {timezone.localdate().isoformat()}


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda d: d.slug)
def test_json_file_equals_the_api_rows(client, world, dataset):
    body = json.loads(_content(client.get(reverse("opendata:download", args=[dataset.slug, "json"]))))
    api = client.get(f"/api/v1/{dataset.slug}/", {"page_size": 1000}).json()
    assert body["results"] == api["results"]
    assert body["as_of"] == api["as_of"]


def test_file_name_carries_the_day(client, world):
    response = client.get(reverse("opendata:download", args=["pes", "csv"]))
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="pes-{day}.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_files_take_the_api_filters(client, world):
    response = client.get(reverse("opendata:download", args=["pes", "csv"]), {"powiat": "0461"})
    rows = list(csv.DictReader(io.StringIO(_content(response))))
    assert [r["name"] for r in rows] == ["Fundacja Zamknięta"]


def test_csv_writes_lists_booleans_and_empty_values_plainly(client, world):
    rows = list(csv.DictReader(io.StringIO(_content(
        client.get(reverse("opendata:download", args=["pes", "csv"]), {"gmina": "0463011"})))))
    assert (rows[0]["activity_area"], rows[0]["is_active"], rows[0]["closed_on"]) == ("0415|0463", "true", "")


def test_a_hidden_value_is_an_empty_cell(client, world):
    rows = list(csv.DictReader(io.StringIO(_content(
        client.get(reverse("opendata:download", args=["wskazniki-programu", "csv"]))))))
    assert {r["year"]: r["value"] for r in rows} == {"2023": "", "2024": "40.00"}


def test_a_wrong_filter_is_a_400_in_polish_and_no_file(client, world):
    response = client.get(reverse("opendata:download", args=["pes", "csv"]), {"powiat": "x"})
    assert response.status_code == 400
    assert "4-cyfrowym kodem TERYT" in response.json()["powiat"][0]


def test_an_unknown_dataset_is_a_404(client):
    assert client.get("/dane/nie-ma.csv").status_code == 404


def test_downloads_are_rate_limited(client, world, settings):
    settings.OPENDATA_DOWNLOAD_RATE = "1/minute"
    url = reverse("opendata:download", args=["wydarzenia", "json"])
    assert [client.get(url).status_code for _ in range(2)] == [200, 429]


def test_downloads_are_open_to_other_sites(client, world):
    response = client.get(reverse("opendata:download", args=["wydarzenia", "json"]), HTTP_ORIGIN="https://x.example")
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda d: d.slug)
def test_a_file_costs_a_fixed_number_of_queries(client, world, dataset, django_assert_max_num_queries):
    from entities.tests.factories import EntityFactory

    EntityFactory.create_batch(3)
    with django_assert_max_num_queries(5):
        _content(client.get(reverse("opendata:download", args=[dataset.slug, "csv"])))
