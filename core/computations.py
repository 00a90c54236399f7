"""Indicators the system computes from its own records, each registered once by name with what it counts.

An app registers a computation in its ``computations.py`` (imported in its AppConfig.ready()), together with
its breakdown — the records behind the figure, read through the very queryset function the total counts::

    def pes_details(year: int) -> Details:
        ...

    @computation("pes_count", label=_("Active PES in the registry"), unit="PES", breakdown=pes_details)
    def pes_count(*, year: int) -> Decimal:
        ...

The function receives the calendar year and returns the value for it, or raises ``NotAvailable`` when the
year has no data to count from yet (e.g. no closed monitoring campaign for it): no value is then better than a
false zero. An indicator whose ``computation`` names it is filled by
``programmes.services.indicator_values_compute`` and never typed by hand. A computation cannot be registered
without its breakdown, so every figure on the dashboard and in the report can be followed to what it counts
(``monitoring:figure``); ``Details.records_total`` is the figure recomputed from those records and a test
checks it equals the total of every registered computation.

This module is in core, below every app that registers a computation (it knows none of them), so the small
datatypes of a breakdown
(``Line``, ``Details``) and the one rule for showing a figure (``figure_text``: rounded half up, once) live here.
"""

import functools
import re
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext

# How many records a breakdown lists (their number is always given in full).
RECORDS_SHOWN = 50


class NotAvailable(Exception):  # noqa: N818 - reads as the answer it is
    """The computation has nothing to count from for that year; the message says why (shown to staff)."""


def year_end(year: int) -> date:
    """31 December of ``year``: the day the registry's figures of a year are counted on."""
    return date(year, 12, 31)


@dataclass(frozen=True)
class Line:
    """One row of a breakdown: a group or a record, with its value and a link to it."""

    label: str
    value: int | Decimal | str
    url: str = ""
    unit: str = ""   # how a numeric value is shown (``figure_text``)


@dataclass(frozen=True)
class Details:
    """What a computed figure counts in a year, read through the computation's own queryset function.

    ``records_total`` is the figure as the records add it up (their number, the sum of their values, or the rate
    they make); it must equal the computation's total (tested for every registered computation).
    """

    records_total: Decimal | int
    records_title: str
    records: tuple[Line, ...]
    records_count: int
    groups: tuple[tuple[str, tuple[Line, ...]], ...] = ()
    list_url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Computation:
    name: str
    label: str
    unit: str
    function: Callable[..., Decimal | int]
    breakdown: Callable[[int], Details]

    @property
    def source(self) -> str:
        """The label of the app that registered it (whose records it counts)."""
        return self.function.__module__.split(".", 1)[0]


_REGISTRY: dict[str, Computation] = {}


def computation(name: str, *, label, unit: str = "", breakdown: Callable[[int], Details]):
    """Register the decorated function as the computation ``name``, with the breakdown of what it counts."""
    if not callable(breakdown):
        raise TypeError(f"Computation {name!r} needs its breakdown.")

    def register(function):
        if name in _REGISTRY and _REGISTRY[name].function is not function:
            raise ValueError(f"Computation {name!r} is registered twice.")
        _REGISTRY[name] = Computation(name=name, label=label, unit=unit, function=function, breakdown=breakdown)
        return function

    return register


# --- figures computed once per page -----------------------------------------------------------------------
# The dashboard, a report's snapshot and a drill-down show several figures read from the same rows (the PES by kind
# and powiat give the PES count, the reintegration units and the map; the employment figures give two key figures,
# the map and a chart). A function marked ``@shared`` runs once per arguments inside ``shared_figures()`` and its
# result is handed to every caller: one rule, one query, whatever the number of places that show it. Outside such a
# block it simply runs. Results are shared as they are: callers must not change them.

_SHARED: ContextVar[dict | None] = ContextVar("shared_figures", default=None)


@contextmanager
def shared_figures():
    """Within the block, every ``@shared`` function runs once per arguments (nested blocks share the outer one)."""
    if _SHARED.get() is not None:
        yield
        return
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def shared(function):
    """Mark a figure's reading function whose result is reused within ``shared_figures()`` (see above)."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        memo = _SHARED.get()
        if memo is None:
            return function(*args, **kwargs)
        key = (function.__module__, function.__qualname__, args, tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = function(*args, **kwargs)
        return memo[key]

    return wrapper


def registered_computations() -> list[Computation]:
    return sorted(_REGISTRY.values(), key=lambda c: c.name)


def registered(name: str) -> Computation:
    """The computation registered as ``name`` (LookupError for an unknown name)."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LookupError(f"No computation named {name!r}.") from None


def compute(name: str, *, year: int) -> Decimal:
    """The value of the named computation for ``year`` (LookupError for an unknown name, NotAvailable when the
    year has no data for it)."""
    return Decimal(str(registered(name).function(year=year)))


def compute_or_none(name: str, *, year: int) -> Decimal | None:
    """``compute`` for display: None when the year has no data for it."""
    try:
        return compute(name, year=year)
    except NotAvailable:
        return None


def link(name: str, *args, **query) -> str:
    """A URL of the site for a breakdown's line, with the list filters in ``query``."""
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


# --- showing a figure -------------------------------------------------------------------------------------
# One rule for the dashboard, the drill-down, the campaign page, the PDF and the spreadsheet: a rate (%) shows
# one decimal, any other fraction two (grosze, averages); a value that rounds to a whole number shows none.
# The exact value is rounded half up once, here, and nowhere before.

def rounded(value, places: int) -> Decimal:
    """``value`` rounded half up to ``places`` decimals (2.25 → 2.3, 150 000.166… → 150 000.17)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def figure_places(value, unit: str = "") -> int:
    """How many decimals a figure of ``unit`` shows."""
    places = 1 if unit == "%" else 2
    exact = rounded(value, places)
    return 0 if exact == exact.to_integral_value() else places


def figure_value(value, unit: str = "") -> Decimal | None:
    """The figure as it is shown (None stays None): what a spreadsheet cell holds."""
    if value is None or value == "":
        return None
    return rounded(value, figure_places(value, unit))


# Units typed as data (Indicator.unit: "osoby", "miejsca pracy"): ngettext cannot know them, so the usual Polish
# nouns of units are listed here with their forms after 1, after 2-4 (not 12-14) and after the rest.
UNIT_FORMS = (("osoba", "osoby", "osób"), ("miejsce", "miejsca", "miejsc"), ("podmiot", "podmioty", "podmiotów"),
              ("wniosek", "wnioski", "wniosków"), ("uczestnik", "uczestników", "uczestników"),
              ("wydarzenie", "wydarzenia", "wydarzeń"), ("szkolenie", "szkolenia", "szkoleń"),
              ("spółdzielnia", "spółdzielnie", "spółdzielni"), ("organizacja", "organizacje", "organizacji"))
_UNIT_WORDS = {word: forms for forms in UNIT_FORMS for word in forms}


def polish_plural_index(n: int) -> int:
    """0 after 1, 1 after 2-4 (but not 12-14), 2 otherwise: the rule of Polish plural forms."""
    if n == 1:
        return 0
    return 1 if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else 2


def unit_text(value, unit: str) -> str:
    """The unit agreeing with the figure it follows ("1 osoba", "400 osób", "29 miejsc pracy"); a unit the
    list does not know, a fraction (its form is the genitive singular the data usually holds) or no value is
    left as typed."""
    if not unit or value is None or value == "":
        return unit or ""
    first, _sep, rest = unit.partition(" ")
    forms = _UNIT_WORDS.get(first)
    shown = figure_value(value, unit)
    if forms is None or shown is None or shown != shown.to_integral_value():
        return unit
    return " ".join(filter(None, [forms[polish_plural_index(abs(int(shown)))], rest]))


def no_data_text() -> str:
    return gettext("no data")


def figure_text(value, unit: str = "") -> str:
    """A figure for reading, grouped in the active language ("3 000,50", "83,3"), or "no data"."""
    shown = figure_value(value, unit)
    if shown is None:
        return no_data_text()
    return number_format(shown, figure_places(value, unit), use_l10n=True, force_grouping=True)


PERCENT_SIGN = "%"  # the project's one percentage style: "41,3%", no space before the sign (docs/polish.md)
_SHOWN_NUMBER = re.compile(r"-?\d[\d\s\xa0]*(,\d+)?")


def percent_text(value) -> str:
    """A percentage for reading in the project's one style: "41,3%", "50%" (at most one decimal, the decimal
    comma of the active language, no space before the sign); "" for nothing. A value that formats itself (a
    report's ``Num``) is taken as it shows itself, and gets the sign only when it shows a number."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        try:
            value = Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            return value
    text = figure_text(value, "%") if isinstance(value, int | float | Decimal) else str(value)
    return f"{text}{PERCENT_SIGN}" if _SHOWN_NUMBER.fullmatch(text) else text

