"""The paginator of every list of the application: Django's, cutting its pages from a total order.

PostgreSQL sorts a page (``ORDER BY ... LIMIT ... OFFSET``, a top-N sort) putting rows that are equal on every
ordering field in any order, and in a different one for each offset. A list sorted by a column with repeated
values (a seat, a date, a status, an entity's name on its certificates) showed some rows on two pages and others
on none: the 3 900 entities of one powiat sorted by seat, 100 a page, came to 2 524 distinct ones. This paginator
orders a queryset by its own ordering and then by its primary key (``core.sorting.tie_broken``, the rule the
sortable lists apply), so the pages put together are the list, each row once. A test keeps every paginated view
on it (``core/tests/test_paging.py``).
"""

from collections.abc import Sequence

from django.core import paginator
from django.db.models import QuerySet

from .sorting import tie_broken

Page = paginator.Page


class Paginator(paginator.Paginator):
    def __init__(self, object_list, per_page, *args, **kwargs) -> None:
        if isinstance(object_list, QuerySet):
            object_list = totally_ordered(object_list)
        super().__init__(object_list, per_page, *args, **kwargs)

    def page(self, number) -> paginator.Page:
        """Django's page; one in the second half of the list is read from its end: the rows in the reverse of
        the list's (total) order, skipping those after the page, turned round. The database then skips fewer
        rows than the offset from the start (at 100 000 entities, the public catalogue's last page cost three
        times its first); the rows are the same, in the same order."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        # Read backwards only what totally_ordered could order (DISTINCT ON would keep other rows reversed).
        if not isinstance(rows, QuerySet) or not _reorderable(rows.query) or rows.query.distinct_fields \
                or bottom <= self.count - top:
            return self._get_page(rows[bottom:top], number, self)  # type: ignore[attr-defined]
        rows = _TurnedRound(rows.reverse()[self.count - top:self.count - bottom])
        return self._get_page(rows, number, self)  # type: ignore[attr-defined]


def totally_ordered(qs: QuerySet) -> QuerySet:
    """``qs`` ordered as it is, then by its primary key when its ordering does not end with it. Left as it is:
    a sliced or combined (``union``) queryset, which cannot be ordered again, and distinct ``values()`` rows, for
    which the key would be another column of the distinct rows."""
    query = qs.query
    if not _reorderable(query):
        return qs
    ordering = list(query.order_by) or list(query.extra_order_by) or (
        list(qs.model._meta.ordering) if query.default_ordering else [])
    complete = tie_broken(ordering, pk_name=qs.model._meta.pk.name)
    return qs if complete == ordering else qs.order_by(*complete)


def _reorderable(query) -> bool:
    return not (query.is_sliced or query.combinator or (query.distinct and query.values_select))


class _TurnedRound(Sequence):
    """The rows of a page read backwards, put back in the list's order; read when first used, as the sliced
    queryset of a page read from the start is (a view that never shows its page's rows sends no query)."""

    def __init__(self, backwards: QuerySet) -> None:
        self._backwards = backwards
        self._rows: list | None = None

    def _read(self) -> list:
        if self._rows is None:
            self._rows = list(self._backwards)[::-1]
        return self._rows

    def __getitem__(self, index):
        return self._read()[index]

    def __len__(self) -> int:
        return len(self._read())
