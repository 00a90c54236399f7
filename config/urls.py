from django.contrib import admin
from django.urls import include, path

from core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("rejestr/", include("entities.urls")),
    path("program/", include("programmes.urls")),
    path("komitet/", include("committee.urls")),
    path("certyfikacja/", include("certification.urls")),
    path("wydarzenia/", include("events.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("", include("opendata.urls")),
    path("", include("core.urls")),
]

handler404 = "core.views.page_not_found"
