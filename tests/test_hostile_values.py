"""A sweep of hostile values where a number or an id is expected: never a 500, a clear 400, 404 or form error,
nothing written. (NUL bytes and lone surrogates: tests/test_hostile_input.py.)"""

import pytest
from django.urls import reverse

from certification.models import Application
from certification.tests.factories import EditionFactory
from events.models import EventKind
from events.tests.factories import EventFactory
from monitoring import services as monitoring
from monitoring.models import Response
from monitoring.tests.factories import CampaignFactory, pes_questionnaire

pytestmark = pytest.mark.django_db

# Not a plain number; a digit only to str.isdigit; past any integer column; past any float; a long string.
HOSTILE_IDS = ["abc", "²", "١٢", "9" * 30, "1e309", "-1", "1.5", "9" * 5000, ""]
HOSTILE_NUMBERS = ["9" * 30, "1e309", "-1e309", "NaN", "Infinity", "9" * 5000, "0x1F"]


def no_500(response) -> int:
    assert response.status_code < 500, response.content[:500]
    return response.status_code


@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_certification_start_with_hostile_ids(client_for, pes, pes_entity, value):
    edition = EditionFactory()
    client = client_for(pes)
    no_500(client.post(reverse("certification:start"), {"edition": edition.pk, "entity": value}))
    no_500(client.post(reverse("certification:start"), {"edition": value, "entity": pes_entity.pk}))
    assert not Application.objects.exists() or value == ""


@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_gala_with_hostile_ids(client_for, staff, value):
    gala = EventFactory(kind=EventKind.GALA)
    response = client_for(staff).post(reverse("certification:gala", args=[gala.pk]), {"certificates": [value]})
    assert no_500(response) in (200, 400)


@pytest.fixture
def respondent(pes_entity):
    campaign = CampaignFactory()
    questionnaire = pes_questionnaire(campaign)
    monitoring.respondents_add(campaign=campaign, questionnaire=questionnaire, entities=[pes_entity], by=None)
    return campaign.respondents.get()


@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
@pytest.mark.parametrize("question", ["1", "2"])   # a count, an amount
def test_a_monitoring_answer_with_a_hostile_number_is_a_form_error(client, respondent, question, value):
    url = reverse("monitoring:answer_by_token", args=[respondent.token])
    response = client.post(url, {f"q_{question}": value, "submit": "1"}, follow=True)
    assert no_500(response) in (200, 400)
    assert not Response.objects.filter(status=Response.Status.SUBMITTED).exists()
    saved = Response.objects.filter(respondent=respondent).first()
    assert saved is None or question not in saved.answers


def test_the_bound_on_numbers_is_named_in_polish(respondent):
    from monitoring.validation import parse

    question = respondent.questionnaire.questions.get(number="2")
    assert parse(question, "9" * 30)[1] == "Liczba jest za duża: najwyżej 12 cyfr przed przecinkiem."
    assert parse(question, "999999999999,99") == ("999999999999.99", None)


ADMIN_LISTS = ["/admin/committee/resolution/", "/admin/certification/application/", "/admin/monitoring/respondent/",
               "/admin/programmes/plan/", "/admin/accounts/user/"]


@pytest.mark.parametrize("value", ["9" * 30, "1e309", "abc", "²"])
@pytest.mark.parametrize("url", ADMIN_LISTS)
def test_admin_list_filters_with_hostile_ids(client_for, rops_admin, url, value):
    from django.urls import Resolver404, resolve

    try:
        resolve(url)
    except Resolver404:
        pytest.skip(f"{url} is not in the admin")
    client = client_for(rops_admin)
    for key in ("id__exact", "pk", "committee__id__exact", "edition__id__exact", "campaign__id__exact",
                "groups__id__exact", "plan__id__exact"):
        no_500(client.get(url, {key: value}))


@pytest.mark.parametrize("value", ["abc", "²", "9" * 30, "1e309"])
def test_admin_autocomplete_and_autocomplete_fields_with_hostile_ids(client_for, rops_admin, value):
    client = client_for(rops_admin)
    no_500(client.get("/admin/autocomplete/", {"app_label": "events", "model_name": "event",
                                              "field_name": "organiser", "term": value}))
    no_500(client.get("/admin/autocomplete/", {"app_label": value, "model_name": value, "field_name": value}))
    response = client.post("/admin/events/event/add/", {"title": "Gala", "kind": "gala", "organiser": value,
                                                        "partners": [value]})
    assert no_500(response) == 200   # the form again, with its errors
    assert "error" in response.content.decode()
