"""Indicators the system computes from its own records, each registered once by name.

An app registers a computation in its ``computations.py`` (imported in its AppConfig.ready())::

    @computation("pes_count", label=_("Active PES in the registry"), unit="PES")
    def pes_count(*, year: int) -> Decimal:
        ...

The function receives the calendar year and returns the value for it, or raises ``NotAvailable`` when the
year has no data to count from yet (e.g. no closed monitoring campaign for it): no value is then better than a
false zero. An indicator whose ``computation`` names it is filled by
``programmes.services.indicator_values_compute`` and never typed by hand.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


class NotAvailable(Exception):  # noqa: N818 - reads as the answer it is
    """The computation has nothing to count from for that year; the message says why (shown to staff)."""


@dataclass(frozen=True)
class Computation:
    name: str
    label: str
    unit: str
    function: Callable[..., Decimal | int]

    @property
    def source(self) -> str:
        """The label of the app that registered it (whose records it counts)."""
        return self.function.__module__.split(".", 1)[0]


_REGISTRY: dict[str, Computation] = {}


def computation(name: str, *, label, unit: str = ""):
    def register(function):
        if name in _REGISTRY and _REGISTRY[name].function is not function:
            raise ValueError(f"Computation {name!r} is registered twice.")
        _REGISTRY[name] = Computation(name=name, label=label, unit=unit, function=function)
        return function

    return register


def registered_computations() -> list[Computation]:
    return sorted(_REGISTRY.values(), key=lambda c: c.name)


def compute(name: str, *, year: int) -> Decimal:
    """The value of the named computation for ``year`` (LookupError for an unknown name, NotAvailable when the
    year has no data for it)."""
    try:
        entry = _REGISTRY[name]
    except KeyError:
        raise LookupError(f"No computation named {name!r}.") from None
    return Decimal(str(entry.function(year=year)))


def compute_or_none(name: str, *, year: int) -> Decimal | None:
    """``compute`` for display: None when the year has no data for it."""
    try:
        return compute(name, year=year)
    except NotAvailable:
        return None
