"""DCAT-AP (PL profile) metadata: parsed as RDF, each dataset carries what the profile requires and recommends."""

import dataclasses
from datetime import date

import pytest
from django.urls import reverse
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rdf_ns

from opendata import datasets as ds
from opendata.dcat import dcat_rdf

ADMS_STATUS = URIRef("http://www.w3.org/ns/adms#status")
EU = "http://publications.europa.eu/resource/authority/"
SITE = "https://rops.example.pl"


def _graph(datasets=ds.DATASETS, catalogue=True) -> Graph:
    content = dcat_rdf(datasets, site_url=SITE, day=date(2026, 1, 15), licence="CC BY 4.0",
                       publisher="ROPS w Toruniu", catalogue=catalogue)
    return Graph().parse(data=content, format="xml")


def _dataset(graph: Graph, dataset) -> URIRef:
    return URIRef(f"{SITE}/dane/{dataset.slug}/")


def test_the_catalogue_lists_every_dataset():
    graph = _graph()
    (catalogue,) = graph.subjects(rdf_ns.RDF.type, rdf_ns.DCAT.Catalog)
    assert set(graph.objects(catalogue, rdf_ns.DCAT.dataset)) == {_dataset(graph, d) for d in ds.DATASETS}


@pytest.mark.parametrize("dataset", ds.DATASETS, ids=lambda d: d.slug)
def test_each_dataset_has_the_mandatory_and_recommended_properties(dataset):
    graph = _graph((dataset,), catalogue=False)
    subject = _dataset(graph, dataset)
    assert (subject, rdf_ns.RDF.type, rdf_ns.DCAT.Dataset) in graph
    assert {t.language for t in graph.objects(subject, rdf_ns.DCTERMS.title)} == {"pl", "en"}
    assert {t.language for t in graph.objects(subject, rdf_ns.DCTERMS.description)} == {"pl", "en"}
    assert graph.value(subject, rdf_ns.DCTERMS.identifier) == Literal(dataset.ext_ident)
    assert graph.value(subject, rdf_ns.DCTERMS.publisher) is not None
    assert graph.value(subject, rdf_ns.DCAT.contactPoint) is not None
    themes = {str(t) for t in graph.objects(subject, rdf_ns.DCAT.theme)}
    assert themes == {f"{EU}data-theme/{c}" for c in dataset.categories}
    assert str(graph.value(subject, rdf_ns.DCTERMS.accrualPeriodicity)).startswith(f"{EU}frequency/")
    assert str(graph.value(subject, rdf_ns.DCTERMS.language)) == f"{EU}language/POL"
    assert list(graph.objects(subject, rdf_ns.DCAT.keyword))


@pytest.mark.parametrize("dataset", ds.DATASETS, ids=lambda d: d.slug)
def test_each_distribution_names_its_file_format_and_licence(dataset):
    graph = _graph((dataset,), catalogue=False)
    distributions = list(graph.objects(_dataset(graph, dataset), rdf_ns.DCAT.distribution))
    formats = {str(graph.value(d, rdf_ns.DCTERMS["format"])) for d in distributions}
    assert formats == {f"{EU}file-type/CSV", f"{EU}file-type/JSON"}
    for distribution in distributions:
        assert graph.value(distribution, rdf_ns.DCAT.accessURL) == distribution
        assert str(graph.value(distribution, rdf_ns.DCTERMS.license)) == "http://creativecommons.org/licenses/by/4.0/"
        assert graph.value(distribution, rdf_ns.DCAT.mediaType) is not None


def test_a_retired_dataset_is_marked_withdrawn_not_left_out():
    graph = _graph((dataclasses.replace(ds.EVENTS, published=False),), catalogue=False)
    assert str(graph.value(_dataset(graph, ds.EVENTS), ADMS_STATUS)) == f"{EU}dataset-status/WITHDRAWN"


@pytest.mark.django_db
def test_the_metadata_is_served_for_the_catalogue_and_each_dataset(client):
    response = client.get(reverse("opendata:dcat"))
    assert response["Content-Type"] == "application/rdf+xml; charset=utf-8"
    assert len(Graph().parse(data=response.content, format="xml")) > 0
    assert client.get(reverse("opendata:dcat_dataset", args=["pes"])).status_code == 200
    assert client.get("/dane/dcat/nie-ma.rdf").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("dataset", ds.DATASETS, ids=lambda d: d.slug)
def test_the_landing_page_of_each_dataset_describes_its_columns(client, dataset):
    html = client.get(reverse("opendata:dataset", args=[dataset.slug])).content.decode()
    assert dataset.title_pl in html
    assert all(f"<code>{c.name}</code>" in html for c in dataset.columns)
