"""The file dane.gov.pl imports automatically ("harwester XML", schema urn:otwarte-dane:harvester:1.13) and its MD5.

One ``dataset`` per open dataset, each with a CSV and a JSON ``resource`` whose files the portal downloads
(``availability`` local) and dates by ``dataDate``. The portal compares the MD5 file with the XML it fetched and
imports on a change; it publishes what the file lists and unpublishes what disappears from it, so a retired
dataset stays in the file marked ``status="draft"`` (``Dataset.published``) and nothing is ever left out.

Pure: no ORM, no request (the views pass the site's address and the day).
"""

import hashlib
from datetime import date
from xml.etree import ElementTree as ET

from .datasets import Dataset

NAMESPACE = "urn:otwarte-dane:harvester:1.13"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
FORMATS = ("csv", "json")
FORMAT_NAMES = {"csv": ("plik CSV", "CSV file"), "json": ("plik JSON", "JSON file")}


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = value
    return element


def _bilingual(parent: ET.Element, tag: str, polish: str, english: str) -> None:
    element = ET.SubElement(parent, tag)
    _text(element, "polish", polish)
    _text(element, "english", english)


def _flags(parent: ET.Element, *, resource: bool) -> None:
    # None of the registers is dynamic, high-value (in the EU sense) or research data; none holds protected data.
    for tag in ("hasDynamicData", "hasHighValueData", "hasHighValueDataFromEuropeanCommissionList",
                "hasResearchData"):
        _text(parent, tag, "false")
    if resource:
        _text(parent, "containsProtectedData", "false")


def _status(dataset: Dataset) -> str:
    return "published" if dataset.published else "draft"


def _dataset(root: ET.Element, dataset: Dataset, *, site_url: str, day: date, licence: str) -> None:
    element = ET.SubElement(root, "dataset", status=_status(dataset))
    assert len(dataset.ext_ident) <= 36, dataset.ext_ident
    _text(element, "extIdent", dataset.ext_ident)
    _bilingual(element, "title", dataset.title_pl, dataset.title_en)
    _bilingual(element, "description", dataset.description_pl, dataset.description_en)
    _text(element, "url", f"{site_url}/dane/{dataset.slug}/")
    _text(element, "updateFrequency", dataset.update_frequency)
    _flags(element, resource=False)
    categories = ET.SubElement(element, "categories")
    for category in dataset.categories:
        _text(categories, "category", category)
    conditions = ET.SubElement(element, "conditions")
    _text(conditions, "source", "true")
    _text(conditions, "modification", "true")
    _text(conditions, "dbOrCopyrighted", f"Zbiór jest bazą danych; można z niego korzystać na warunkach licencji "
                                         f"{licence}, podając źródło.")
    _text(conditions, "dbOrCopyrightedLicenseChosen", licence)
    resources = ET.SubElement(element, "resources")
    for fmt in FORMATS:
        name_pl, name_en = FORMAT_NAMES[fmt]
        resource = ET.SubElement(resources, "resource", status=_status(dataset))
        _text(resource, "extIdent", dataset.resource_ident(fmt))
        _text(resource, "url", f"{site_url}/dane/{dataset.slug}.{fmt}")
        _bilingual(resource, "title", f"{dataset.title_pl} ({name_pl})", f"{dataset.title_en} ({name_en})")
        _bilingual(resource, "description",
                   f"{dataset.description_pl} Stan na dzień {day:%d.%m.%Y}.",
                   f"{dataset.description_en} As of {day.isoformat()}.")
        _text(resource, "availability", "local")
        _text(resource, "dataDate", day.isoformat())
        _flags(resource, resource=True)
    tags = ET.SubElement(element, "tags")
    for lang, words in (("pl", dataset.keywords_pl), ("en", dataset.keywords_en)):
        for word in words:
            tag = _text(tags, "tag", word)
            tag.set("lang", lang)


def harvester_xml(datasets: tuple[Dataset, ...], *, site_url: str, day: date, licence: str) -> bytes:
    """The harvester file for ``datasets`` as of ``day`` (UTF-8 bytes, the same bytes for the same inputs)."""
    # The root is written with its prefix literally: ElementTree reserves "ns<N>" prefixes for itself, and the
    # portal's own template (like every file it imports) uses "ns2:datasets"; the elements inside are unqualified.
    root = ET.Element("ns2:datasets", {"xmlns:ns2": NAMESPACE, "xmlns:xsi": XSI})
    for dataset in datasets:
        _dataset(root, dataset, site_url=site_url.rstrip("/"), day=day, licence=licence)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def md5_hex(content: bytes) -> str:
    """The checksum the portal reads from the .md5 file next to the XML (hex digest; not used for security)."""
    return hashlib.md5(content, usedforsecurity=False).hexdigest()
