"""Nothing personal leaves: every open dataset, in every form (API pages and records, CSV, JSON, the harvester
file, DCAT-AP) and every public BIP page, is checked against the list of personal field names and against the
personal values planted in the world (contact persons, applicants' contacts, participants, survey answers,
members' e-mails and phones, per-entity head counts)."""

import pytest
from django.urls import reverse

from opendata.datasets import DATASETS, PERSONAL_FIELDS

from .conftest import PLANTED

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def _leaks(text: str) -> set[str]:
    return {name for name, value in PLANTED.items() if value in text}


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda d: d.slug)
def test_no_column_of_an_open_dataset_is_a_personal_field(dataset):
    assert {c.name for c in dataset.columns} & PERSONAL_FIELDS == set()


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda d: d.slug)
def test_no_api_field_is_a_personal_field(client, world, dataset):
    rows = client.get(f"/api/v1/{dataset.slug}/").json()["results"]
    assert set().union(*(row.keys() for row in rows)) & PERSONAL_FIELDS == set()


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda d: d.slug)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_no_planted_personal_value_is_in_a_file(client, world, dataset, fmt):
    assert _leaks(_text(client.get(reverse("opendata:download", args=[dataset.slug, fmt])))) == set()


@pytest.mark.parametrize("url", ["/api/v1/pes/", "/api/v1/przedsiebiorstwa-spoleczne/", "/api/v1/zakup-prospoleczny/",
                                 "/api/v1/wydarzenia/", "/api/v1/wskazniki-programu/", "/api/v1/programy/",
                                 "/dane/harvester.xml", "/dane/dcat.rdf", "/dane/", "/api/schema.json"])
def test_no_planted_personal_value_is_in_the_api_or_the_metadata(client, world, url):
    assert _leaks(_text(client.get(url))) == set()


def test_no_planted_personal_value_is_in_a_record(client, world):
    texts = [_text(client.get(reverse("opendata:api_pes_detail", args=[world.entity.pk]))),
             _text(client.get(reverse("opendata:api_event_detail", args=[world.event.pk]))),
             _text(client.get(reverse("opendata:api_ps_detail", args=[world.ps.pk])))]
    assert _leaks("".join(texts)) == set()


def test_no_planted_personal_value_is_on_a_public_bip_page(client, world):
    urls = [reverse("opendata:bip"), reverse("opendata:bip_committee", args=[world.committee.pk]),
            reverse("opendata:bip_resolutions"), reverse("opendata:bip_resolution", args=[world.resolution.pk]),
            reverse("opendata:bip_programme", args=[world.programme.pk]), reverse("certification:register")]
    assert _leaks("".join(_text(client.get(url)) for url in urls)) == set()


def test_the_planted_values_are_really_there_to_be_found(world):
    """The check above can fail: each planted value is stored where the system keeps it."""
    from entities.models import Contact

    assert Contact.objects.filter(email=PLANTED["contact_email"]).exists()
    assert world.certificate.application.contact_email == PLANTED["applicant_email"]
    assert world.event.registrations.filter(email=PLANTED["participant_email"]).exists()
    assert world.member.user.email == PLANTED["member_email"]
