"""Registry figures kept between requests, under the registry's version (migration 0011).

A figure that scans the whole registry (the PES and PS counts, employment in PES: ``entities.computations``) is
computed once per version of the registry's data and served from the cache while the version stays the same.
PostgreSQL moves the version on when a transaction that wrote to the entities, their yearly figures or their PS
statuses commits (triggers: the ORM, bulk updates, imports and raw SQL alike), so a kept figure is never older
than the data a reader would see:

- the version is read before the figure is computed, so what is stored under version *n* holds at least every
  write committed up to *n* (a write committed in between moves the version on, and the entry is not read again);
- a transaction that has itself written to those tables (the setting ``rops.registry_touched``) computes the
  figure afresh: it may be reading its own uncommitted writes;
- the key names the database (its random registry id, its object ids, name and server) and the statement itself
  (its SQL with its parameters), so a changed rule, another database or a restored backup never reads another's
  entry.

The registry list's total is kept the same way (``kept_count``, ``KeptCountPaginator``), when every table its
count reads is one the version follows.

SQLite (the demo) and ``REGISTRY_FIGURES_KEPT_SECONDS=0`` compute every time.
"""

import hashlib
import logging
import re
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.utils.functional import cached_property

from core.paging import Paginator

T = TypeVar("T")
logger = logging.getLogger(__name__)


def registry_version() -> tuple[str, int] | None:
    """(the database's identity, the version of its data), or None when the figures are not kept: not
    PostgreSQL, keeping turned off, or this transaction has written to the registry. One query."""
    if connection.vendor != "postgresql" or settings.REGISTRY_FIGURES_KEPT_SECONDS <= 0:
        return None
    with connection.cursor() as cursor:
        # The database's and the version table's own object ids change when a backup is restored (a new database,
        # or the tables recreated by pg_restore --clean): figures kept before a restore are never read after it.
        cursor.execute("SELECT registry, n, current_setting('rops.registry_touched', true), "
                       "'entities_registry_version'::regclass::oid, "
                       "(SELECT oid FROM pg_database WHERE datname = current_database()) "
                       "FROM entities_registry_version WHERE id = 1")
        registry, version, touched, table, database = cursor.fetchone()
    return None if touched == "on" else (f"{registry}:{database}:{table}", int(version))


def kept(sql: str, params, compute: Callable[[], T]) -> T:
    """``compute()``, the result of the statement ``sql`` with ``params``, kept under the registry's version: read
    from the cache when the same statement was computed under the version in force."""
    version = registry_version()
    if version is None:
        return compute()
    db = settings.DATABASES["default"]
    key = "registry-figures:" + hashlib.sha256("\0".join(
        (version[0], str(version[1]), str(db.get("NAME")), str(db.get("HOST")), str(db.get("PORT")), sql,
         repr(tuple(params))),
    ).encode()).hexdigest()
    try:
        found = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache that cannot be reached costs time, never the figure
        logger.warning("The cache could not be read; the registry figure is computed.", exc_info=True)
        return compute()
    if found is None:
        found = compute()
        try:
            cache.set(key, found, timeout=settings.REGISTRY_FIGURES_KEPT_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("The cache could not be written; the registry figure is not kept.", exc_info=True)
    return found


#: The tables whose writes move the registry's version (the triggers of migration 0011). A count is kept only when
#: it reads these tables and no other: anything else it reads could change without the version moving.
VERSIONED_TABLES = frozenset({"entities_entity", "entities_yearlyfigures", "entities_psstatus"})
# What follows FROM or JOIN, quoted or not (a function, a column of EXTRACT(... FROM x)): anything that is not one of
# the tables above, or a statement that names none, is computed, never kept.
_SOURCE = re.compile(r'\b(?:FROM|JOIN)\s+(?:"([^"]+)"|([\w.]+))', re.IGNORECASE)


def kept_count(queryset: QuerySet) -> int:
    """``queryset.count()``, kept under the registry's version when every table the count reads moves it.

    The key is the statement that selects the rows counted (the queryset without its ordering and its
    ``select_related``: the same rows, the same count) with its parameters, so two filters never share an entry
    and a count of "PS now" names its day. A count that reads any other table (a representative's entities,
    products, territories) is computed every time."""
    rows = queryset.order_by().select_related(None).values("pk")
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # a queryset that can match no row (none(), an empty pk__in): Django counts 0 unasked
        return queryset.count()
    sources = {quoted or bare for quoted, bare in _SOURCE.findall(sql)}
    if not sources or not sources <= VERSIONED_TABLES:
        return queryset.count()
    return kept("count:" + sql, params, queryset.count)


class KeptCountPaginator(Paginator):
    """The project's paginator (``core.paging``) whose total is ``kept_count``: paging through a list, or coming
    back to it, does not count the registry again while it has not changed (the count is most of a list request's
    database time at 100 000 entities, docs/performance.md)."""

    @cached_property
    def count(self) -> int:
        return kept_count(self.object_list)
