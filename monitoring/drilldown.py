"""From a figure to what it counts: for each computation registered in ``programmes/computations.py``, the
breakdown of its value and the records behind it, with links to the registry's, the events' and the
certification's own pages (their list filters where one matches).

The total is always the computation itself (``programmes.computations.compute``); the breakdowns read the
same rows through the owning app's rule, so they add up to it (tested). Each breakdown runs a fixed number of
queries whatever the size of the data.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from entities.computations import active_pes_at
from entities.models import Entity, Group, PsStatus, YearlyFigures
from entities.selectors import current_ps_filter
from programmes.computations import compute, registered_computations

from .figures import employment, events_of_year, pes_by_group_and_powiat, powiat_list, year_end

RECORDS_SHOWN = 50


@dataclass(frozen=True)
class Line:
    label: str
    value: int | Decimal | str
    url: str = ""


@dataclass(frozen=True)
class Breakdown:
    computation: str
    label: str
    unit: str
    year: int
    total: Decimal
    groups: tuple[tuple[str, tuple[Line, ...]], ...] = ()
    records_title: str = ""
    records: tuple[Line, ...] = ()
    records_count: int = 0
    list_url: str = ""
    note: str = ""

    @property
    def more_records(self) -> int:
        return max(self.records_count - len(self.records), 0)


def _url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _by_powiat(values: dict[str, int], *, url=None) -> tuple[Line, ...]:
    names = dict(powiat_list())
    return tuple(Line(names.get(code, code or _("no seat given")), n, url(code) if url and code else "")
                 for code, n in sorted(values.items(), key=lambda kv: names.get(kv[0], "~")) if n)


def _pes(year: int) -> dict:
    by_group = pes_by_group_and_powiat(year)
    labels = dict(Group.choices)
    per_powiat: dict[str, int] = defaultdict(int)
    for values in by_group.values():
        for code, n in values.items():
            per_powiat[code] += n
    entities = active_pes_at(year_end(year)).select_related("seat").order_by("name", "pk")[:RECORDS_SHOWN]
    return {
        "groups": (
            (_("By kind"), tuple(Line(str(labels[g]), sum(v.values()), _url("entities:list", group=g))
                                 for g, v in by_group.items() if v)),
            (_("By powiat of the seat"), _by_powiat(per_powiat, url=lambda c: _url("entities:list", powiat=c))),
        ),
        "records_title": _("Entities counted"),
        "records": tuple(Line(e.name, e.seat.name if e.seat else "", _url("entities:detail", e.pk)) for e in entities),
        "records_count": sum(per_powiat.values()),
        "list_url": _url("entities:list", is_active="true"),
        "note": _("The registry's list shows the entities active today; the figure counts those registered and not "
                  "closed on 31 December."),
    }


def _ps(year: int) -> dict:
    pairs = set(PsStatus.objects.filter(current_ps_filter(year_end(year))).values_list("entity_id",
                                                                                       "entity__seat_id"))
    per_powiat: dict[str, int] = defaultdict(int)
    for _entity, seat in pairs:
        per_powiat[(seat or "")[:4]] += 1
    ids = sorted(e for e, _seat in pairs)
    entities = Entity.objects.filter(pk__in=ids).select_related("seat").order_by("name", "pk")[:RECORDS_SHOWN]
    return {
        "groups": ((_("By powiat of the seat"), _by_powiat(per_powiat, url=lambda c: _url("entities:list", ps="true",
                                                                                            powiat=c))),),
        "records_title": _("Social enterprises counted"),
        "records": tuple(Line(e.name, e.seat.name if e.seat else "", _url("entities:detail", e.pk)) for e in entities),
        "records_count": len(ids), "list_url": _url("entities:list", ps="true"),
        "note": _("The registry's list shows the status held today; the figure counts the status in force on "
                  "31 December."),
    }


def _employment(year: int, *, at_risk: bool) -> dict:
    figures = employment(year)
    rows = list(YearlyFigures.objects.filter(year=year).select_related("entity"))
    value = (lambda f: f.at_risk_total) if at_risk else (lambda f: f.employees_total)
    rows.sort(key=lambda f: (-value(f), f.entity.name))
    groups = [(_("By powiat of the seat"), _by_powiat(
        figures["at_risk_by_powiat" if at_risk else "employees_by_powiat"],
        url=lambda c: _url("entities:list", powiat=c)))]
    if at_risk:
        groups.insert(0, (_("By category (aggregates only)"), tuple(Line(label, n) for label, n in
                                                                   figures["at_risk_by_category"])))
    return {
        "groups": tuple(groups), "records_title": _("Yearly figures of the entities"),
        "records": tuple(Line(f.entity.name, value(f), _url("entities:detail", f.entity_id))
                         for f in rows[:RECORDS_SHOWN]),
        "records_count": len(rows),
    }


def _events(year: int, *, participants: bool) -> dict:
    from events.models import Event
    from events.selectors import TOOK_PLACE

    counts = events_of_year(year)
    events = Event.objects.filter(status__in=TOOK_PLACE, starts_at__year=year).annotate(
        attended=Count("registrations", filter=Q(registrations__attended=True))).order_by("starts_at", "pk")
    shown = list(events[:RECORDS_SHOWN])
    return {
        "groups": ((_("By kind"), tuple(Line(kind, p if participants else n) for kind, n, p in counts["by_kind"])),),
        "records_title": _("Events that took place (held or reported), with their participants"),
        "records": tuple(Line(e.title, e.attended, _url("events:detail", e.pk)) for e in shown),
        "records_count": counts["events"], "list_url": _url("events:list", year=year),
    }


def _certificates(year: int, *, products: bool) -> dict:
    from certification.computations import certificates_valid_on

    certificates = list(certificates_valid_on(year_end(year)).select_related("application").annotate(
        products=Count("application__items")).order_by("number"))
    return {
        "records_title": _("Certificates in force on 31 December"),
        "records": tuple(Line(f"{c.number} – {c.entity_name}", c.products if products else "",
                              _url("certification:detail", c.application_id)) for c in certificates[:RECORDS_SHOWN]),
        "records_count": len(certificates),
    }


BREAKDOWNS: dict[str, Callable[[int], dict]] = {
    "pes_count": _pes,
    "ps_count": _ps,
    "pes_employees": lambda year: _employment(year, at_risk=False),
    "pes_employees_at_risk": lambda year: _employment(year, at_risk=True),
    "events_held": lambda year: _events(year, participants=False),
    "event_participants": lambda year: _events(year, participants=True),
    "certified_pes": lambda year: _certificates(year, products=False),
    "certified_products": lambda year: _certificates(year, products=True),
}


def breakdown(name: str, *, year: int) -> Breakdown:
    """The value of a registered computation for a year and what it counts (LookupError for an unknown name)."""
    entry = next((c for c in registered_computations() if c.name == name), None)
    if entry is None:
        raise LookupError(name)
    details = BREAKDOWNS[name](year) if name in BREAKDOWNS else {}
    return Breakdown(computation=name, label=str(entry.label), unit=entry.unit, year=year,
                     total=compute(name, year=year), **details)
