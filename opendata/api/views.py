"""The read-only API (/api/v1/): every open dataset as pages of rows, a row by its identifier, the programmes.

Thin views: the dataset says what the rows are (``opendata.datasets``), its FilterSet validates the query, the
pagination adds the day the answer describes. Nobody logs in; every client is rate-limited as anonymous.
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .. import datasets as ds
from ..selectors import programme_list, today
from .pagination import AsOfPagination
from .serializers import (
    ErrorSerializer,
    ProgrammeDetailSerializer,
    ProgrammeSerializer,
    detail_serializer,
    row_serializer,
)
from .throttling import ApiThrottle

BAD_REQUEST = OpenApiResponse(
    response={"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description="Błędny parametr zapytania: {parametr: [powody]}")
NOT_FOUND = OpenApiResponse(response=ErrorSerializer, description="Nie ma takiego zasobu (albo takiej strony)")
THROTTLED = OpenApiResponse(response=ErrorSerializer, description="Za dużo zapytań: spróbuj po czasie z Retry-After")
TERYT_PARAMETERS = [
    OpenApiParameter("powiat", {"type": "string", "pattern": r"^[0-9]{4}$"},
                     description="Kod TERYT powiatu (4 cyfry), np. 0463"),
    OpenApiParameter("gmina", {"type": "string", "pattern": r"^[0-9]{7}$"},
                     description="Kod TERYT gminy (7 cyfr), np. 0463011"),
]
NUMBER_PARAMETER = OpenApiParameter("number", {"type": "string", "pattern": r"^[A-Z]{2}(/[0-9]{1,4}){3}$"},
                                    description="Numer certyfikatu, np. ZP/04/2026/001")
ID_PARAMETER = {"type": "integer", "minimum": 1, "maximum": 2**62}
PROGRAMME_PARAMETERS = [
    OpenApiParameter("programme", ID_PARAMETER, description="Identyfikator programu"),
    OpenApiParameter("indicator", ID_PARAMETER, description="Identyfikator wskaźnika"),
    OpenApiParameter("year_from", {"type": "integer", "minimum": 1990, "maximum": 2100}, description="Od roku"),
    OpenApiParameter("year_to", {"type": "integer", "minimum": 1990, "maximum": 2100}, description="Do roku"),
]


def _messages(exc: DjangoValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}


class DatasetMixin:
    """Rows of ``dataset`` filtered by the query, and the day they describe (``self.as_of``)."""

    dataset: ds.Dataset
    throttle_classes = [ApiThrottle]
    filter_backends = [DjangoFilterBackend]
    pagination_class = AsOfPagination

    @property
    def filterset_class(self):
        return self.dataset.filterset

    def get_serializer_class(self):
        return row_serializer(self.dataset)

    def get_queryset(self):
        return self.dataset.rows(as_of=today())

    def rows(self):
        try:
            queryset, self.as_of = ds.dataset_query(self.dataset, self.request.query_params, request=self.request)
        except DjangoValidationError as exc:
            raise ValidationError(_messages(exc)) from None
        return queryset


class DatasetList(DatasetMixin, generics.ListAPIView):
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.rows())
        data = self.get_serializer([self.dataset.row(obj) for obj in page], many=True).data
        return self.paginator.get_paginated_response(data, as_of=self.as_of)


class DatasetDetail(DatasetMixin, generics.RetrieveAPIView):
    """One row by its identifier, as of the day the query asks for (where the dataset has one)."""

    filter_backends: list = []

    def get_serializer_class(self):
        return detail_serializer(self.dataset)

    def retrieve(self, request, *args, **kwargs):
        queryset = self.rows()
        obj = queryset.filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise NotFound(_("There is no such record in this dataset."))
        return Response(self.get_serializer({**self.dataset.row(obj), "as_of": self.as_of}).data)


def _list_view(dataset: ds.Dataset, *, summary: str, parameters=()):
    schema = extend_schema(summary=summary, description=dataset.description_pl, tags=[dataset.slug],
                           parameters=[*TERYT_PARAMETERS, *parameters] if dataset is not ds.PROGRAMME
                           else [*parameters],
                           responses={200: row_serializer(dataset), 400: BAD_REQUEST, 404: NOT_FOUND,
                                      429: THROTTLED})
    name = "".join(part.capitalize() for part in dataset.slug.split("-"))
    return schema(type(f"{name}List", (DatasetList,), {"dataset": dataset})).as_view()


def _detail_view(dataset: ds.Dataset, *, summary: str):
    schema = extend_schema(summary=summary, tags=[dataset.slug],
                           parameters=[OpenApiParameter("pk", ID_PARAMETER, OpenApiParameter.PATH,
                                                        description="Identyfikator (stały)")],
                           responses={200: detail_serializer(dataset), 400: BAD_REQUEST, 404: NOT_FOUND,
                                      429: THROTTLED})
    name = "".join(part.capitalize() for part in dataset.slug.split("-"))
    return schema(type(f"{name}Detail", (DatasetDetail,), {"dataset": dataset})).as_view()


pes_list = _list_view(ds.PES, summary="PES w rejestrze", parameters=[
    OpenApiParameter("active", {"type": "string", "enum": ["true", "false"]},
                     description="true: działające, false: zakończone")])
pes_detail = _detail_view(ds.PES, summary="Jeden PES")
ps_list = _list_view(ds.PS, summary="Przedsiębiorstwa społeczne (status w mocy)", parameters=[
    OpenApiParameter("as_of", {"type": "string", "format": "date"},
                     description="Status w mocy w tym dniu (domyślnie dziś)")])
ps_detail = _detail_view(ds.PS, summary="Jeden status przedsiębiorstwa społecznego")
mark_list = _list_view(ds.MARK, summary="Certyfikaty znaku „Zakup Prospołeczny” (obecne i dawne)",
                       parameters=[NUMBER_PARAMETER])
event_list = _list_view(ds.EVENTS, summary="Nadchodzące wydarzenia")
event_detail = _detail_view(ds.EVENTS, summary="Jedno wydarzenie")
indicator_value_list = _list_view(ds.PROGRAMME, summary="Wskaźniki programów i ich wartości w latach",
                                  parameters=PROGRAMME_PARAMETERS)


def programme_row(programme) -> dict:
    return {"id": programme.pk, "name": programme.name,
            "period": programme.period_label or f"{programme.start_year}-{programme.end_year}",
            "start_year": programme.start_year, "end_year": programme.end_year, "status": programme.status,
            "responsible_body": programme.responsible_body, "main_goal": programme.main_goal,
            "resolution_number": programme.resolution_number, "resolution_date": programme.resolution_date,
            "version": programme.version, "teryt_voivodeship": programme.region_code,
            "url": settings.SITE_URL + reverse("opendata:bip_programme", args=[programme.pk])}


@extend_schema(summary="Przyjęte programy rozwoju ekonomii społecznej", tags=["programy"],
               responses={200: ProgrammeSerializer, 400: BAD_REQUEST, 404: NOT_FOUND, 429: THROTTLED})
class ProgrammeList(generics.ListAPIView):
    throttle_classes = [ApiThrottle]
    pagination_class = AsOfPagination
    serializer_class = ProgrammeSerializer

    def get_queryset(self):
        return programme_list()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        data = self.get_serializer([programme_row(p) for p in page], many=True).data
        return self.paginator.get_paginated_response(data, as_of=today())


@extend_schema(summary="Jeden program", tags=["programy"],
               parameters=[OpenApiParameter("pk", ID_PARAMETER, OpenApiParameter.PATH,
                                            description="Identyfikator programu (stały)")],
               responses={200: ProgrammeDetailSerializer, 404: NOT_FOUND, 429: THROTTLED})
class ProgrammeDetail(generics.RetrieveAPIView):
    throttle_classes = [ApiThrottle]
    serializer_class = ProgrammeDetailSerializer

    def get_queryset(self):
        return programme_list()

    def retrieve(self, request, *args, **kwargs):
        programme = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if programme is None:
            raise NotFound(_("There is no such record in this dataset."))
        return Response(self.get_serializer({**programme_row(programme), "as_of": today()}).data)


def _refusal(exc) -> str | None:
    """The Polish wording of DRF's own refusals (its catalogue is not loaded: see INSTALLED_APPS)."""
    if isinstance(exc, exceptions.Throttled):
        wait = max(int(exc.wait or 1), 1)
        return ngettext("Too many requests. Try again in %(n)d second.",
                        "Too many requests. Try again in %(n)d seconds.", wait) % {"n": wait}
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("The API only answers reading (GET).")
    if isinstance(exc, exceptions.NotAcceptable):
        return _("The API answers in JSON only.")
    if isinstance(exc, exceptions.NotFound) and str(exc.detail) in {str(exceptions.NotFound.default_detail),
                                                                     "Invalid page."}:
        return _("There is no such page.")
    return None


def exception_handler(exc, context):
    """DRF's handler, with its own English messages replaced by Polish ones (ours stay as they are)."""
    response = drf_exception_handler(exc, context)
    message = _refusal(exc) if response is not None else None
    if message:
        response.data = {"detail": message}
    return response


def api_not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404 (an API client gets no HTML page)."""
    return JsonResponse({"detail": _("There is no such address in the API.")}, status=404)
