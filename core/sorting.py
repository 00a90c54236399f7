"""Sorting and searching of list pages: ``?o=<key>`` or ``?o=-<key>`` among the keys a view whitelists, and
``?q=<text>``. The column headers (``{% sort_header %}`` in ``core/templatetags/sorting.py``) link to the same
page sorted by their key and say how it is sorted (``aria-sort``).

A key not in the view's table is ignored (the default order), so nobody orders a list by a field the page does
not show (or one that is not indexed, or private).
"""

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
    return qs.order_by(*fields, "-pk" if descending else "pk"), Sorting(key=key, descending=descending)


def search_list(qs: QuerySet, text: str | None, *, fields: tuple[str, ...]) -> QuerySet:
    """Rows where every word of ``text`` is in one of ``fields`` (case aside); all rows for an empty text."""
    for word in (text or "").split()[:10]:
        qs = qs.filter(reduce(or_, (Q(**{f"{name}__icontains": word}) for name in fields)))
    return qs
