"""DCAT-AP metadata (the Polish profile, DCAT-AP PL, as dane.gov.pl reads it) of the open datasets, in RDF/XML.

One ``dcat:Dataset`` per open dataset with Polish and English titles and descriptions, publisher, contact point,
EU data themes, update frequency, keywords, language, spatial coverage (Poland) and two ``dcat:Distribution``
(CSV, JSON) carrying their licence, format and media type; a ``dcat:Catalog`` lists them all. Vocabularies are the EU
authority tables the profile prescribes. A retired dataset stays, marked ``adms:status`` withdrawn.

Pure: no ORM, no request.
"""

from datetime import date
from xml.etree import ElementTree as ET

from .datasets import Dataset

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "adms": "http://www.w3.org/ns/adms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU = "http://publications.europa.eu/resource/authority/"
FREQUENCY = {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "quarterly": "QUARTERLY",
             "everyHalfYear": "ANNUAL_2", "yearly": "ANNUAL", "irregular": "IRREG", "notPlanned": "NOT_PLANNED",
             "notApplicable": "UNKNOWN"}
LICENCES = {"CC0 1.0": "http://creativecommons.org/publicdomain/zero/1.0/",
            "CC BY 4.0": "http://creativecommons.org/licenses/by/4.0/",
            "CC BY-SA 4.0": "http://creativecommons.org/licenses/by-sa/4.0/"}
MEDIA_TYPES = {"csv": ("CSV", "text/csv"), "json": ("JSON", "application/json")}


def _sub(parent, name: str, text: str | None = None, *, lang: str | None = None, resource: str | None = None,
         about: str | None = None, datatype: str | None = None) -> ET.Element:
    # Names are written with their prefixes (declared once on rdf:RDF), so no global ElementTree state is touched.
    element = ET.SubElement(parent, name)
    if text is not None:
        element.text = text
    if lang:
        element.set("xml:lang", lang)
    if resource:
        element.set("rdf:resource", resource)
    if about:
        element.set("rdf:about", about)
    if datatype:
        element.set("rdf:datatype", NS["xsd"] + datatype)
    return element


def _publisher(parent, *, site_url: str, publisher: str) -> None:
    agent = _sub(_sub(parent, "dct:publisher"), "foaf:Agent", about=f"{site_url}/")
    _sub(agent, "foaf:name", publisher, lang="pl")


def dataset_uri(dataset: Dataset, site_url: str) -> str:
    return f"{site_url}/dane/{dataset.slug}/"


def _dataset(parent, dataset: Dataset, *, site_url: str, day: date, licence: str, publisher: str) -> None:
    element = _sub(parent, "dcat:Dataset", about=dataset_uri(dataset, site_url))
    _sub(element, "dct:identifier", dataset.ext_ident)
    _sub(element, "dct:title", dataset.title_pl, lang="pl")
    _sub(element, "dct:title", dataset.title_en, lang="en")
    _sub(element, "dct:description", dataset.description_pl, lang="pl")
    _sub(element, "dct:description", dataset.description_en, lang="en")
    _publisher(element, site_url=site_url, publisher=publisher)
    contact = _sub(_sub(element, "dcat:contactPoint"), "vcard:Organization")
    _sub(contact, "vcard:fn", publisher)
    _sub(contact, "vcard:hasURL", resource=f"{site_url}/dane/")
    for theme in dataset.categories:
        _sub(element, "dcat:theme", resource=f"{EU}data-theme/{theme}")
    _sub(element, "dct:accrualPeriodicity", resource=f"{EU}frequency/{FREQUENCY[dataset.update_frequency]}")
    for lang, words in (("pl", dataset.keywords_pl), ("en", dataset.keywords_en)):
        for word in words:
            _sub(element, "dcat:keyword", word, lang=lang)
    _sub(element, "dct:language", resource=f"{EU}language/POL")
    _sub(element, "dct:spatial", resource=f"{EU}country/POL")
    _sub(element, "dct:modified", day.isoformat(), datatype="date")
    _sub(element, "dcat:landingPage", resource=dataset_uri(dataset, site_url))
    _sub(element, "adms:status", resource=f"{EU}dataset-status/{'COMPLETED' if dataset.published else 'WITHDRAWN'}")
    for fmt, (file_type, media_type) in MEDIA_TYPES.items():
        url = f"{site_url}/dane/{dataset.slug}.{fmt}"
        distribution = _sub(_sub(element, "dcat:distribution"), "dcat:Distribution", about=url)
        _sub(distribution, "dct:identifier", dataset.resource_ident(fmt))
        _sub(distribution, "dct:title", f"{dataset.title_pl} ({file_type})", lang="pl")
        _sub(distribution, "dct:title", f"{dataset.title_en} ({file_type})", lang="en")
        _sub(distribution, "dcat:accessURL", resource=url)
        _sub(distribution, "dcat:downloadURL", resource=url)
        _sub(distribution, "dct:format", resource=f"{EU}file-type/{file_type}")
        _sub(distribution, "dcat:mediaType", resource=f"http://www.iana.org/assignments/media-types/{media_type}")
        _sub(distribution, "dct:license", resource=LICENCES.get(licence, licence))
        _sub(distribution, "dct:modified", day.isoformat(), datatype="date")


def dcat_rdf(datasets: tuple[Dataset, ...], *, site_url: str, day: date, licence: str, publisher: str,
             catalogue: bool) -> bytes:
    """RDF/XML of ``datasets``: with ``catalogue`` wrapped in a dcat:Catalog (the whole list), else the datasets
    alone (one dataset's own file)."""
    site_url = site_url.rstrip("/")
    root = ET.Element("rdf:RDF", {f"xmlns:{prefix}": uri for prefix, uri in NS.items()})
    parent = root
    if catalogue:
        catalog = _sub(root, "dcat:Catalog", about=f"{site_url}/dane/dcat.rdf")
        _sub(catalog, "dct:title", f"Otwarte dane: {publisher}", lang="pl")
        _sub(catalog, "dct:title", f"Open data: {publisher}", lang="en")
        _sub(catalog, "dct:description", "Rejestry publiczne ekonomii społecznej prowadzone przez ROPS.", lang="pl")
        _sub(catalog, "dct:description", "Public social economy registers kept by the ROPS.", lang="en")
        _publisher(catalog, site_url=site_url, publisher=publisher)
        _sub(catalog, "dct:modified", day.isoformat(), datatype="date")
        for dataset in datasets:
            _sub(catalog, "dcat:dataset", resource=dataset_uri(dataset, site_url))
    for dataset in datasets:
        _dataset(parent, dataset, site_url=site_url, day=day, licence=licence, publisher=publisher)
    ET.indent(root, space="  ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n").encode()
