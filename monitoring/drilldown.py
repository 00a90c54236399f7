"""From a figure to what it counts: for each computation registered in ``core/computations.py``, its total
and the breakdown registered with it by the app that owns the data (``Details``: groups and the records behind
the figure, with links to the registry's, the events', the committee's and the certification's own pages).

The total is always the computation itself (``core.computations.compute``); the breakdown reads the same
rows through the same queryset function, and ``Details.records_total`` — the figure as its records add it up —
equals it for every registered computation (tested). A computation with nothing to count from for the year (e.g.
the campaign is not closed yet) shows why instead of a total.
"""

from dataclasses import dataclass
from decimal import Decimal

from core.computations import Details, NotAvailable, compute, figure_text, registered


@dataclass(frozen=True)
class Breakdown:
    computation: str
    label: str
    unit: str
    year: int
    total: Decimal | None
    details: Details | None = None
    unavailable: str = ""

    @property
    def total_text(self) -> str:
        return figure_text(self.total, self.unit)

    # What the figure counts (nothing when the year has nothing to count from).
    @property
    def groups(self) -> tuple:
        return self.details.groups if self.details else ()

    @property
    def records(self) -> tuple:
        return self.details.records if self.details else ()

    @property
    def records_count(self) -> int:
        return self.details.records_count if self.details else 0

    @property
    def more_records(self) -> int:
        return max(self.records_count - len(self.records), 0)


def breakdown(name: str, *, year: int) -> Breakdown:
    """The value of a registered computation for a year and what it counts (LookupError for an unknown name)."""
    entry = registered(name)
    head = {"computation": name, "label": str(entry.label), "unit": entry.unit, "year": year}
    try:
        total = compute(name, year=year)
    except NotAvailable as exc:
        return Breakdown(**head, total=None, unavailable=str(exc))
    return Breakdown(**head, total=total, details=entry.breakdown(year))
