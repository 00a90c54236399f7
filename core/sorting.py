"""Sorting and searching of list pages: ``?o=<key>`` or ``?o=-<key>`` among the keys a view whitelists, and
``?q=<text>``. The column headers (``{% sort_header %}`` in ``core/templatetags/sorting.py``) link to the same
page sorted by their key and say how it is sorted (``aria-sort``).

A key not in the view's table is ignored (the default order), so nobody orders a list by a field the page does
not show (or one that is not indexed, or private).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

SORT_PARAM = "o"
SEARCH_PARAM = "q"


@dataclass(frozen=True)
class Sorting:
    key: str
    descending: bool

    @property
    def value(self) -> str:
        return f"-{self.key}" if self.descending else self.key


def sort_list(qs: QuerySet, value: str | None, *, keys: dict[str, tuple[str, ...]], default: str
              ) -> tuple[QuerySet, Sorting]:
    """``qs`` ordered by the whitelisted key named in ``value`` (``"title"``, ``"-title"``); the primary key
    breaks ties so a page never repeats or drops a row. Returns the ordered queryset and the sorting in force."""
    value = (value or "").strip()
    descending, key = value.startswith("-"), value.removeprefix("-")
    if key not in keys:
        descending, key = default.startswith("-"), default.removeprefix("-")
    fields = [f"-{f}" if descending else f for f in keys[key]]
    return qs.order_by(*tie_broken(fields)), Sorting(key=key, descending=descending)


def tie_broken(fields: Sequence, pk_name: str = "id") -> list:
    """``fields`` (names, ``-names`` or expressions) with the primary key last, in the direction of the last
    field: rows equal on every field keep one order from one page to the next, so a page never repeats or drops
    a row (PostgreSQL's sort of a page, top-N, puts equal rows in any order, and a different one for each
    offset). Unchanged when the key is already last."""
    fields = list(fields)
    if not fields:
        return ["pk"]
    last = fields[-1]
    name: str | None
    if isinstance(last, str):
        name, descending = last.removeprefix("-"), last.startswith("-")
    else:  # F("name"), F("name").desc(): an OrderBy wraps the expression
        name = getattr(getattr(last, "expression", last), "name", None)
        descending = bool(getattr(last, "descending", False))
    if name in ("pk", pk_name):
        return fields
    return [*fields, "-pk" if descending else "pk"]


def search_list(qs: QuerySet, text: str | None, *, fields: tuple[str, ...]) -> QuerySet:
    """Rows where every word of ``text`` is in one of ``fields`` (case aside); all rows for an empty text."""
    for word in (text or "").split()[:10]:
        qs = qs.filter(reduce(or_, (Q(**{f"{name}__icontains": word}) for name in fields)))
    return qs
