"""The demo leaves every open dataset with rows, a valid harvester file and the public BIP pages working."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from opendata.datasets import DATASETS

pytestmark = pytest.mark.django_db


def test_the_demo_fills_every_open_dataset_and_the_public_pages(settings, client):
    from lxml import etree

    from committee.models import Committee
    from programmes.models import Programme

    from .test_harvester import SCHEMA

    settings.DEBUG = True
    call_command("seed_demo", quiet_logins=True)
    settings.DEBUG = False
    counts = {d.slug: client.get(f"/api/v1/{d.slug}/").json()["count"] for d in DATASETS}
    assert all(counts.values()), counts
    harvester = client.get(reverse("opendata:harvester")).content
    etree.XMLSchema(etree.parse(str(SCHEMA))).assertValid(etree.fromstring(harvester))
    urls = [reverse("opendata:bip_committee", args=[c.pk]) for c in Committee.objects.all()]
    urls += [reverse("opendata:bip_programme", args=[p.pk]) for p in Programme.objects.published()]
    urls += [reverse("opendata:bip_resolutions"), reverse("opendata:catalogue"), reverse("certification:register")]
    assert {url: client.get(url).status_code for url in urls} == {url: 200 for url in urls}
