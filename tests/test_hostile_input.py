"""NUL bytes and lone surrogates never reach a view or the database: a 400 page in Polish, nothing written."""

import pytest
from django.urls import reverse

from entities.models import Entity

pytestmark = pytest.mark.django_db

REFUSED = "nie mogą zostać przyjęte"


@pytest.mark.parametrize("query", [{"q": "fund\x00acja"}, {"powiat\x00": "0463"}])
def test_registry_filters_refuse_hostile_values(client_for, staff, query):
    response = client_for(staff).get(reverse("entities:list"), query)
    assert response.status_code == 400
    assert REFUSED in response.content.decode()


def test_the_anonymous_option_endpoints_refuse_nul(client):
    response = client.get(reverse("entities:gmina_options"), {"powiat": "04\x0063"})
    assert response.status_code == 400


def test_admin_search_refuses_nul(client_for, rops_admin):
    response = client_for(rops_admin).get("/admin/entities/entity/", {"q": "a\x00b"})
    assert response.status_code == 400


def test_a_form_post_with_nul_writes_nothing(client_for, staff):
    response = client_for(staff).post(reverse("entities:create"), {"name": "Fundacja\x00 Zła",
                                                                   "legal_form": "foundation"})
    assert response.status_code == 400
    assert not Entity.objects.filter(name__startswith="Fundacja").exists()


def test_ordinary_polish_text_passes(client_for, staff):
    response = client_for(staff).get(reverse("entities:list"), {"q": "Spółdzielnia „Żółw”"})
    assert response.status_code == 200


def test_a_lone_surrogate_is_refused(rf):
    """Browsers cannot send one in a form (invalid UTF-8 is decoded to U+FFFD), but a client decoding its own way
    could: the rule refuses it wherever it appears."""
    from core.middleware import HostileInputMiddleware

    request = rf.get("/rejestr/")
    request.GET = request.GET.copy()
    request.GET["q"] = "\ud800"
    assert HostileInputMiddleware.hostile_part(request) == "q"


def test_the_api_answers_hostile_input_in_its_own_documented_shape(client):
    """The open-data API documents a bad parameter as JSON {name: [reasons]}; the edge rule answers there in it,
    naming the parameter, not with the HTML page."""
    response = client.get("/api/v1/wydarzenia/", {"kind": "gala\x00"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["kind"]
    assert "nie są tekstem" in response.json()["kind"][0]
