"""The read-only API as a client uses it: JSON pages with the day they describe, filters, stable identifiers,
refusals in Polish, CORS open for GET, rate limits for anonymous clients, a fixed number of queries per page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = ["opendata:api_pes", "opendata:api_ps", "opendata:api_mark", "opendata:api_events",
         "opendata:api_indicator_values", "opendata:api_programmes"]


def test_a_page_says_what_day_it_describes_and_how_many_rows_there_are(client, world):
    body = client.get(reverse("opendata:api_pes")).json()
    assert body["as_of"] == world.entity.created_at.date().isoformat() or body["as_of"]
    assert body["count"] == 2
    assert [r["id"] for r in body["results"]] == sorted(r["id"] for r in body["results"])


def test_as_of_is_todays_date(client, world):
    from django.utils import timezone

    assert client.get(reverse("opendata:api_events")).json()["as_of"] == timezone.localdate().isoformat()


def test_ps_answers_as_of_the_day_asked(client, world):
    body = client.get(reverse("opendata:api_ps"), {"as_of": "2022-06-01"}).json()
    assert body["as_of"] == "2022-06-01"
    assert [r["id"] for r in body["results"]] == [world.old_ps.pk]


def test_filters_by_gmina(client, world):
    body = client.get(reverse("opendata:api_pes"), {"gmina": "0461011"}).json()
    assert [r["name"] for r in body["results"]] == ["Fundacja Zamknięta"]


def test_pages_are_limited_and_linked(client, world):
    body = client.get(reverse("opendata:api_pes"), {"page_size": 1}).json()
    assert len(body["results"]) == 1
    assert "page=2" in body["next"]


def test_a_wrong_parameter_is_a_400_in_polish(client, world):
    response = client.get(reverse("opendata:api_pes"), {"gmina": "12"})
    assert response.status_code == 400
    assert "7-cyfrowym kodem TERYT" in response.json()["gmina"][0]


def test_a_wrong_choice_is_a_400(client, world):
    assert client.get(reverse("opendata:api_events"), {"kind": "rave"}).status_code == 400


def test_detail_by_stable_identifier_with_its_day(client, world):
    body = client.get(reverse("opendata:api_pes_detail", args=[world.entity.pk])).json()
    assert (body["id"], body["nip"]) == (world.entity.pk, world.entity.nip)
    assert "as_of" in body


def test_detail_of_a_record_outside_the_dataset_is_a_json_404(client, world):
    response = client.get(reverse("opendata:api_pes_detail", args=[world.hidden_entity.pk]))
    assert response.status_code == 404
    assert response.json()["detail"] == "Nie ma takiego rekordu w tym zbiorze."


def test_an_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/v1/nie-ma/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_the_api_is_read_only(client, world):
    response = client.post(reverse("opendata:api_pes"), {})
    assert response.status_code == 405
    assert response.json()["detail"] == "API odpowiada tylko na odczyt (GET)."


def test_cors_is_open_for_get(client, world):
    response = client.get(reverse("opendata:api_pes"), HTTP_ORIGIN="https://mapa.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_cors_preflight_allows_only_reading(client):
    response = client.options(reverse("opendata:api_pes"), HTTP_ORIGIN="https://mapa.example.org",
                              HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    allowed = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}


def test_back_office_pages_get_no_cors_header(client_for, staff):
    response = client_for(staff).get(reverse("core:dashboard"), HTTP_ORIGIN="https://mapa.example.org")
    assert "Access-Control-Allow-Origin" not in response


def test_anonymous_clients_are_rate_limited(client, world, settings):
    settings.OPENDATA_ANON_RATE = "2/minute"
    url = reverse("opendata:api_events")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_the_limit_is_per_client_address(client, world, settings):
    settings.OPENDATA_ANON_RATE = "1/minute"
    url = reverse("opendata:api_events")
    client.get(url, REMOTE_ADDR="10.0.0.1")
    assert client.get(url, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_a_refusal_for_too_many_requests_says_when_to_come_back(client, world, settings):
    settings.OPENDATA_ANON_RATE = "1/minute"
    url = reverse("opendata:api_events")
    client.get(url)
    response = client.get(url)
    assert int(response["Retry-After"]) > 0
    assert response.json()["detail"].startswith("Zbyt wiele zapytań. Spróbuj ponownie za ")


# Expect per page: the request's savepoint and its release, the count, the page of rows, and for the PES their
# powiaty of activity (one prefetch): never a query per row.
QUERIES = {"opendata:api_pes": 5, "opendata:api_ps": 4, "opendata:api_mark": 4, "opendata:api_events": 4,
           "opendata:api_indicator_values": 4, "opendata:api_programmes": 4}


@pytest.mark.parametrize("url_name", LISTS)
def test_each_list_costs_a_fixed_number_of_queries(client, world, url_name, django_assert_num_queries):
    from entities.tests.factories import EntityFactory

    EntityFactory.create_batch(3)   # more rows must not mean more queries
    with django_assert_num_queries(QUERIES[url_name]):
        assert client.get(reverse(url_name)).status_code == 200


def test_the_openapi_description_is_served(client):
    schema = client.get(reverse("opendata:schema_json")).json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/pes/" in schema["paths"]


def test_an_empty_parameter_is_refused_not_ignored(client, world):
    response = client.get(reverse("opendata:api_pes"), {"powiat": ""})
    assert response.status_code == 400
    assert response.json()["powiat"] == ["Podaj wartość albo pomiń ten parametr."]


@pytest.mark.parametrize("size", ["0", "1001", "dużo", ""])
def test_a_page_size_out_of_range_is_refused_not_replaced(client, world, size):
    response = client.get(reverse("opendata:api_events"), {"page_size": size})
    assert response.status_code == 400
    assert response.json()["page_size"] == ["Podaj rozmiar strony liczbą całkowitą od 1 do 1000."]


def test_a_page_that_is_not_a_number_is_refused(client, world):
    response = client.get(reverse("opendata:api_events"), {"page": "pierwsza"})
    assert response.status_code == 400
    assert response.json()["page"] == ["Podaj numer strony liczbą całkowitą, od 1."]


def test_a_page_past_the_last_is_a_404_in_polish(client, world):
    response = client.get(reverse("opendata:api_events"), {"page": "9"})
    assert response.status_code == 404
    assert response.json()["detail"] == "Nie ma takiej strony."


def test_installing_the_api_leaves_django_s_own_polish_messages_alone():
    from django.utils.translation import gettext

    django_message = "Enter a valid email address."   # Django's own; the REST framework words it differently
    assert gettext(django_message) == "Wprowadź poprawny adres email."


def test_a_fractional_identifier_filter_is_refused(client, world):
    assert client.get(reverse("opendata:api_indicator_values"), {"programme": "1.5"}).status_code == 400


def test_a_yes_no_filter_refuses_anything_else(client, world):
    assert client.get(reverse("opendata:api_pes"), {"active": "może"}).status_code == 400
