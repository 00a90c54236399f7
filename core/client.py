"""The address of the person behind a request: the one rule for the login lockout and anything else that
must tell clients apart.

Behind the TLS proxy of the documented deployment every request comes from the proxy's address; the proxy
appends the address it received the request from to ``X-Forwarded-For``. With ``DJANGO_TRUSTED_PROXY_COUNT``
proxies in front of the application (each appending one address), the client is the entry that many places from
the right; whatever stands further left was sent by the client itself and is never trusted. With no trusted proxy
(the default, and the demo) the header is ignored altogether.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address as the trusted proxies saw it (``REMOTE_ADDR`` without trusted proxies)."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # Not through the whole chain of proxies (a direct request, or a misconfigured count).
        return remote
    return _valid(forwarded[-proxies]) or remote
