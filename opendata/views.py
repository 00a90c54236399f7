"""Open data pages and files (/dane/) and the public BIP pages of the committee and the programme (/bip/).

Downloads are whole datasets in CSV or JSON (the same rows and filters as the API, streamed), the harvester file
for dane.gov.pl with its MD5, and DCAT-AP metadata. Nothing here needs a login; nothing personal is shown.
"""

import csv
import json
from collections.abc import Iterator
from itertools import islice

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.views import APIView

from committee.models import Committee
from committee.selectors import (
    composition_bip,
    public_composition,
    public_resolution_get,
    public_resolution_list,
    resolution_bip,
)
from core.paging import Paginator
from programmes.selectors import programme_bip, programme_tree

from .api.serializers import row_serializer
from .api.throttling import DownloadThrottle
from .datasets import DATASETS, Dataset, dataset_get, dataset_query
from .dcat import dcat_rdf
from .harvester import harvester_xml, md5_hex
from .selectors import programme_indicators, programme_list, published_value, today

CHUNK = 1000


def _serialized(dataset: Dataset, queryset) -> Iterator[dict]:
    """The rows as the API gives them, read and serialized a thousand at a time."""
    serializer = row_serializer(dataset)
    rows = queryset.iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        yield from serializer([dataset.row(obj) for obj in chunk], many=True).data


class _Echo:
    def write(self, value):
        return value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "|".join(value)
    return str(value)


def _csv(dataset: Dataset, queryset, day) -> Iterator[str]:
    writer = csv.writer(_Echo())
    names = [column.name for column in dataset.columns]
    yield writer.writerow([*names, "as_of"])
    for row in _serialized(dataset, queryset):
        yield writer.writerow([*(_csv_cell(row[name]) for name in names), day.isoformat()])


def _json(dataset: Dataset, queryset, day) -> Iterator[str]:
    yield json.dumps({"dataset": dataset.slug, "as_of": day.isoformat()}, ensure_ascii=False)[:-1] + ', "results": ['
    for i, row in enumerate(_serialized(dataset, queryset)):
        yield ("," if i else "") + "\n" + json.dumps(row, cls=JSONEncoder, ensure_ascii=False)
    yield "\n]}\n"


@extend_schema(exclude=True)
class DatasetDownload(APIView):
    """/dane/<slug>.csv and .json: the whole dataset (filters as in the API), the day it describes in every row
    (CSV) or at the top (JSON) and in the file name."""

    throttle_classes = [DownloadThrottle]

    def get(self, request, slug: str, fmt: str):
        dataset = dataset_get(slug)
        if dataset is None:
            raise NotFound()
        try:
            queryset, day = dataset_query(dataset, request.query_params, request=request)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        if fmt == "csv":
            response = StreamingHttpResponse(_csv(dataset, queryset, day), content_type="text/csv; charset=utf-8")
        else:
            response = StreamingHttpResponse(_json(dataset, queryset, day),
                                             content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{dataset.slug}-{day.isoformat()}.{fmt}"'
        return response


def _harvester() -> bytes:
    return harvester_xml(DATASETS, site_url=settings.SITE_URL, day=today(), licence=settings.OPENDATA_LICENCE)


def harvester(request) -> HttpResponse:
    """The file dane.gov.pl fetches daily (its address is registered once with the portal)."""
    return HttpResponse(_harvester(), content_type="application/xml; charset=utf-8")


def harvester_md5(request) -> HttpResponse:
    """The MD5 of today's harvester file, at the same address with .md5 (as the portal looks for it)."""
    return HttpResponse(md5_hex(_harvester()), content_type="text/plain; charset=utf-8")


def _dcat(datasets, *, catalogue: bool) -> HttpResponse:
    body = dcat_rdf(datasets, site_url=settings.SITE_URL, day=today(), licence=settings.OPENDATA_LICENCE,
                    publisher=settings.ROPS_NAME, catalogue=catalogue)
    return HttpResponse(body, content_type="application/rdf+xml; charset=utf-8")


def dcat_catalogue(request) -> HttpResponse:
    return _dcat(DATASETS, catalogue=True)


def dcat_dataset(request, slug: str) -> HttpResponse:
    dataset = dataset_get(slug)
    if dataset is None:
        raise Http404
    return _dcat((dataset,), catalogue=False)


def _localised(dataset: Dataset) -> dict:
    english = (get_language() or "").startswith("en")
    return {"dataset": dataset, "title": dataset.title_en if english else dataset.title_pl,
            "description": dataset.description_en if english else dataset.description_pl,
            "columns": [(c, c.en if english else c.pl) for c in dataset.columns]}


def catalogue(request) -> HttpResponse:
    """/dane/: every open dataset with its files, the API and the metadata for dane.gov.pl."""
    return render(request, "opendata/catalogue.html", {
        "datasets": [_localised(d) for d in DATASETS], "as_of": today()})


def dataset_page(request, slug: str) -> HttpResponse:
    """/dane/<slug>/: one dataset, its columns and files (the landing page its metadata points to)."""
    dataset = dataset_get(slug)
    if dataset is None:
        raise Http404
    return render(request, "opendata/dataset.html", {**_localised(dataset), "as_of": today()})


# --- BIP pages -------------------------------------------------------------------------------------------------

def bip_index(request) -> HttpResponse:
    return render(request, "opendata/bip_index.html", {
        "committees": Committee.objects.order_by("kind", "name"), "programmes": programme_list()})


def bip_committee(request, pk: int) -> HttpResponse:
    """The current composition of a committee: who sits on it and whom they represent (names only)."""
    committee = get_object_or_404(Committee, pk=pk)
    members = list(public_composition(committee))
    return render(request, "opendata/bip_committee.html", {
        "committee": committee, "members": members, "bip": composition_bip(committee, members),
        "resolutions": public_resolution_list(committee=committee)[:10]})


def bip_resolutions(request) -> HttpResponse:
    page = Paginator(public_resolution_list(), 30).get_page(request.GET.get("page"))
    return render(request, "opendata/bip_resolutions.html", {"page_obj": page})


def bip_resolution(request, pk: int) -> HttpResponse:
    resolution = public_resolution_get(pk=pk)
    return render(request, "opendata/bip_resolution.html", {"resolution": resolution,
                                                            "bip": resolution_bip(resolution)})


def _cell(value) -> dict:
    if value is None:
        return {"missing": True}
    shown = published_value(value)
    return {"value": shown, "hidden": shown is None}


def bip_programme(request, pk: int) -> HttpResponse:
    """An adopted programme: its goals, priorities, directions and indicators with their yearly values (small
    counts of persons hidden as in the open data)."""
    programme = programme_list().filter(pk=pk).first()
    if programme is None:
        raise Http404
    indicators = programme_indicators(programme)
    years = sorted({v.year for i in indicators for v in i.values.all()})
    rows = []
    for indicator in indicators:
        by_year = {v.year: v for v in indicator.values.all()}
        rows.append((indicator, [_cell(by_year.get(year)) for year in years]))
    tree = programme_tree(programme)
    return render(request, "opendata/bip_programme.html", {
        "programme": programme, "priorities": tree["priorities"], "rows": rows, "years": years,
        "bip": programme_bip(programme)})
