"""How every call to a register is made: one place for timeouts, retries, rate limits, the cache and the switch
between live calls and the recorded answers.

- ``session(source)`` is a ``requests.Session``; with the source's ``REGISTRY_<SOURCE>_LIVE`` off it is served by
  ``recorded.RecordedAdapter`` (no network), otherwise by the ordinary HTTP adapter.
- ``call(source, fn)`` runs ``fn`` (one request) under the source's rate limit and retries it on a timeout, a lost
  connection or a 5xx/429 answer, at most ``REGISTRY_RETRIES`` times, waiting ``REGISTRY_BACKOFF_SECONDS`` × 2ⁿ;
  what is still failing then becomes ``RegistryUnavailable`` with a Polish message.
- ``cached(source, key, fn)`` keeps the parsed answer in the Django cache for ``REGISTRY_CACHE_SECONDS``.
"""

import hashlib
import time
from collections.abc import Callable

import requests
from django.conf import settings
from django.core.cache import cache

from .errors import (
    RegistryRateLimited,
    RegistryUnavailable,
    rate_limited_message,
    unavailable_message,
)
from .recorded import RecordedAdapter

SOURCES = ("krs", "bir", "vat")
USER_AGENT = "rops-es/1.0 (registry of social-economy entities)"
RETRY_STATUSES = {429, 500, 502, 503, 504}


def is_live(source: str) -> bool:
    return bool(getattr(settings, f"REGISTRY_{source.upper()}_LIVE"))


def timeout() -> tuple[float, float]:
    """(connect, read) timeout of one request."""
    seconds = float(settings.REGISTRY_TIMEOUT_SECONDS)
    return (min(seconds, 5.0), seconds)


def session(source: str) -> requests.Session:
    s = requests.Session()
    s.headers["User-Agent"] = USER_AGENT
    if not is_live(source):
        adapter = RecordedAdapter(source)
        s.mount("https://", adapter)
        s.mount("http://", adapter)
    return s


class RetryableStatus(Exception):
    """A 5xx/429 answer worth asking again."""

    def __init__(self, status: int):
        self.status = status
        super().__init__(status)


def _rate_limit(source: str) -> None:
    """At most REGISTRY_<SOURCE>_PER_MINUTE calls a minute from this installation (a shared cache counts them)."""
    limit = int(getattr(settings, f"REGISTRY_{source.upper()}_PER_MINUTE"))
    key = f"registry:rate:{source}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    if count > limit:
        raise RegistryRateLimited(source, rate_limited_message(source))


def call(source: str, fn: Callable, *, sleep: Callable[[float], None] = time.sleep):
    """Run one request ``fn()`` with the rate limit and bounded retries; see the module docstring."""
    attempts = 1 + max(0, int(settings.REGISTRY_RETRIES))
    for attempt in range(attempts):
        _rate_limit(source)
        try:
            return fn()
        except RetryableStatus as exc:
            if exc.status == 429 and attempt == attempts - 1:
                raise RegistryRateLimited(source, rate_limited_message(source)) from None
            failure = exc
        except (requests.Timeout, requests.ConnectionError) as exc:
            failure = exc
        if attempt < attempts - 1:
            sleep(float(settings.REGISTRY_BACKOFF_SECONDS) * 2 ** attempt)
    raise RegistryUnavailable(source, unavailable_message(source)) from failure


def check_status(response: requests.Response, *, ok=(200,)) -> requests.Response:
    if response.status_code in RETRY_STATUSES:
        raise RetryableStatus(response.status_code)
    return response


def cache_key(source: str, *parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"registry:answer:{source}:{'live' if is_live(source) else 'recorded'}:{digest}"


_MISSING = object()


def cached(source: str, parts: tuple[str, ...], fn: Callable):
    """The cached answer for ``parts`` or ``fn()`` (kept for REGISTRY_CACHE_SECONDS; errors are never cached)."""
    key = cache_key(source, *parts)
    value = cache.get(key, _MISSING)
    if value is not _MISSING:
        return value
    value = fn()
    cache.set(key, value, timeout=int(settings.REGISTRY_CACHE_SECONDS))
    return value
