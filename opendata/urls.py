"""Open data (/dane/), the read-only API (/api/) and the public BIP pages (/bip/)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView

from . import views
from .api import views as api

app_name = "opendata"

urlpatterns = [
    # Files and metadata for people and for dane.gov.pl.
    path("dane/", views.catalogue, name="catalogue"),
    path("dane/harvester.xml", views.harvester, name="harvester"),
    path("dane/harvester.md5", views.harvester_md5, name="harvester_md5"),
    path("dane/dcat.rdf", views.dcat_catalogue, name="dcat"),
    path("dane/dcat/<slug:slug>.rdf", views.dcat_dataset, name="dcat_dataset"),
    re_path(r"^dane/(?P<slug>[a-z-]+)\.(?P<fmt>csv|json)$", views.DatasetDownload.as_view(), name="download"),
    path("dane/<slug:slug>/", views.dataset_page, name="dataset"),
    # The API and its OpenAPI description.
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/schema.json", SpectacularJSONAPIView.as_view(), name="schema_json"),
    path("api/v1/pes/", api.pes_list, name="api_pes"),
    path("api/v1/pes/<int:pk>/", api.pes_detail, name="api_pes_detail"),
    path("api/v1/przedsiebiorstwa-spoleczne/", api.ps_list, name="api_ps"),
    path("api/v1/przedsiebiorstwa-spoleczne/<int:pk>/", api.ps_detail, name="api_ps_detail"),
    path("api/v1/zakup-prospoleczny/", api.mark_list, name="api_mark"),
    path("api/v1/wydarzenia/", api.event_list, name="api_events"),
    path("api/v1/wydarzenia/<int:pk>/", api.event_detail, name="api_event_detail"),
    path("api/v1/wskazniki-programu/", api.indicator_value_list, name="api_indicator_values"),
    path("api/v1/programy/", api.ProgrammeList.as_view(), name="api_programmes"),
    path("api/v1/programy/<int:pk>/", api.ProgrammeDetail.as_view(), name="api_programme_detail"),
    re_path(r"^api/", api.api_not_found),
    # Public pages ready for the Bulletin of Public Information.
    path("bip/", views.bip_index, name="bip"),
    path("bip/komitety/<int:pk>/", views.bip_committee, name="bip_committee"),
    path("bip/uchwaly/", views.bip_resolutions, name="bip_resolutions"),
    path("bip/uchwaly/<int:pk>/", views.bip_resolution, name="bip_resolution"),
    path("bip/programy/<int:pk>/", views.bip_programme, name="bip_programme"),
]
