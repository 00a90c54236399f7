"""The harvester file dane.gov.pl imports: valid against the schema of format 1.13 (opendata/schemas/, written from
the documented structure), equal to the golden file for fixed inputs, one dataset per register that never leaves
the file, and an MD5 next to it."""

import dataclasses
import os
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from lxml import etree

from opendata import datasets as ds
from opendata.harvester import NAMESPACE, harvester_xml, md5_hex

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "harvester-1.13.xsd"
GOLDEN = Path(__file__).resolve().parent / "golden" / "harvester.xml"
FIXED = {"site_url": "https://rops.example.pl", "day": date(2026, 1, 15), "licence": "CC BY 4.0"}


def _xml(datasets=ds.DATASETS, **overrides) -> bytes:
    return harvester_xml(datasets, **{**FIXED, **overrides})


def _validate(content: bytes) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    schema.assertValid(etree.fromstring(content))


def test_the_file_validates_against_the_schema():
    _validate(_xml())


def test_the_file_equals_the_golden_file():
    # After a deliberate change: OPENDATA_UPDATE_GOLDEN=1 pytest opendata/tests/test_harvester.py, then review the diff.
    if os.environ.get("OPENDATA_UPDATE_GOLDEN"):
        GOLDEN.write_bytes(_xml())
    assert _xml() == GOLDEN.read_bytes()


def test_the_schema_refuses_a_dataset_identifier_longer_than_36_characters():
    broken = _xml().replace(b"<extIdent>rops-pes</extIdent>", b"<extIdent>" + b"x" * 37 + b"</extIdent>")
    with pytest.raises(etree.DocumentInvalid):
        _validate(broken)


def test_the_schema_refuses_a_dataset_without_its_update_frequency():
    broken = _xml().replace(b"<updateFrequency>daily</updateFrequency>", b"", 1)
    with pytest.raises(etree.DocumentInvalid):
        _validate(broken)


def _datasets(content: bytes):
    root = etree.fromstring(content)
    assert root.tag == f"{{{NAMESPACE}}}datasets"
    return root.findall("dataset")


def test_one_dataset_per_register_with_both_languages_licence_and_frequency():
    found = _datasets(_xml())
    assert [d.findtext("extIdent") for d in found] == [d.ext_ident for d in ds.DATASETS]
    for element in found:
        assert element.findtext("title/polish")
        assert element.findtext("title/english")
        assert element.findtext("description/polish")
        assert element.findtext("description/english")
        assert element.findtext("conditions/dbOrCopyrightedLicenseChosen") == "CC BY 4.0"
        assert element.findtext("updateFrequency") in {"daily", "monthly"}


def test_each_dataset_has_a_csv_and_a_json_resource_dated_by_the_data():
    for element, dataset in zip(_datasets(_xml()), ds.DATASETS, strict=True):
        resources = element.findall("resources/resource")
        assert [r.findtext("url") for r in resources] == [
            f"https://rops.example.pl/dane/{dataset.slug}.csv", f"https://rops.example.pl/dane/{dataset.slug}.json"]
        assert {r.findtext("dataDate") for r in resources} == {"2026-01-15"}


def test_a_retired_dataset_stays_in_the_file_marked_as_draft():
    retired = dataclasses.replace(ds.EVENTS, published=False)
    found = _datasets(_xml(datasets=(ds.PES, retired)))
    assert [(d.findtext("extIdent"), d.get("status")) for d in found] == [
        ("rops-pes", "published"), ("rops-wydarzenia", "draft")]
    _validate(_xml(datasets=(ds.PES, retired)))


@pytest.mark.django_db
def test_the_md5_file_is_the_checksum_of_the_xml_served(client):
    xml = client.get(reverse("opendata:harvester")).content
    md5 = client.get(reverse("opendata:harvester_md5")).content.decode()
    assert md5 == md5_hex(xml)
    assert reverse("opendata:harvester_md5") == reverse("opendata:harvester").replace(".xml", ".md5")


@pytest.mark.django_db
def test_the_served_file_validates_and_its_resources_answer(client, world):
    xml = client.get(reverse("opendata:harvester")).content
    _validate(xml)
    for url in etree.fromstring(xml).iterfind("dataset/resources/resource/url"):
        path = url.text.split("//", 1)[1].split("/", 1)[1]
        assert client.get("/" + path).status_code == 200, url.text
