"""Rate limits for anonymous clients, counted in the Django cache (process memory in the demo, Redis in
production). The rates are read at each request (settings OPENDATA_ANON_RATE, OPENDATA_DOWNLOAD_RATE)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from core.client import client_ip


class _ByClient(AnonRateThrottle):
    """Counted per client by the project's one rule of who the client is behind the proxy (core.client)."""

    def get_ident(self, request):
        return client_ip(request) or super().get_ident(request)


class ApiThrottle(_ByClient):
    scope = "opendata_api"

    def get_rate(self):
        return settings.OPENDATA_ANON_RATE


class DownloadThrottle(_ByClient):
    """Whole-dataset files cost more than a page: a limit of their own."""

    scope = "opendata_download"

    def get_rate(self):
        return settings.OPENDATA_DOWNLOAD_RATE
