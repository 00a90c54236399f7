from django.contrib import admin
from django.urls import include, path

from core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("rejestr/", include("entities.urls")),
    path("", include("core.urls")),
]
