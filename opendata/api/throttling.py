"""Rate limits for anonymous clients, counted in the Django cache (process memory in the demo, Redis in
production). The rates are read at each request (settings OPENDATA_ANON_RATE, OPENDATA_DOWNLOAD_RATE)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class ApiThrottle(AnonRateThrottle):
    scope = "opendata_api"

    def get_rate(self):
        return settings.OPENDATA_ANON_RATE


class DownloadThrottle(AnonRateThrottle):
    """Whole-dataset files cost more than a page: a limit of their own."""

    scope = "opendata_download"

    def get_rate(self):
        return settings.OPENDATA_DOWNLOAD_RATE
