"""Indicators computed from the registry (see core/computations.py), each registered with the breakdown of
what it counts, and the registry's figures by kind and powiat that the dashboard and the report show.

Every figure here reads one of the registry's rules, and its breakdown reads the very same queryset:

- PES on 31 December: ``Entity.objects.pes_on`` (``pes_count``; ``reintegration_units`` are those of them that
  are CIS, KIS, WTZ or ZAZ);
- social enterprises: ``Entity.objects.ps_on`` (PES on that day with a status in force, ``PsStatus.in_force``);
- employment in PES: ``YearlyFigures.objects.of_pes`` (the figures of the PES on 31 December of the year);
- OWES: ``owes_accredited_on``.

Entities are placed in the powiat of the seat recorded now (the registry does not date a change of seat).
Each function runs a fixed number of queries, whatever the size of the registry.
"""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.computations import RECORDS_SHOWN, Details, Line, NotAvailable, computation, link, year_end

from .models import (
    GROUP_FORMS,
    NOT_PES,
    AtRiskCategory,
    Entity,
    Group,
    Owes,
    YearlyFigures,
    at_risk_sum,
    legal_form_label,
)

# The registry's kinds of PES (local governments and "other" are not PES).
PES_GROUPS = [Group(g) for g in Group if not GROUP_FORMS[g] & NOT_PES]
GROUP_OF_FORM = {form: group for group, forms in GROUP_FORMS.items() for form in forms}


def powiat_of(code: str | None) -> str:
    """The 4-digit powiat code of a gmina's code ("" without a seat)."""
    return (code or "")[:4]


def powiat_lines(values: dict[str, object], *, url=None) -> tuple[Line, ...]:
    """Non-zero values per powiat code of the voivodeship as lines named after the powiat (one query)."""
    from .selectors import powiaty

    names = {t.code: t.name for t in powiaty(settings.ROPS_VOIVODESHIP_CODE)}
    return tuple(Line(names.get(code, code or _("no seat given")), n, url(code) if url and code else "")
                 for code, n in sorted(values.items(), key=lambda kv: names.get(kv[0], "~")) if n)


def _entity_lines(queryset) -> tuple[Line, ...]:
    shown = queryset.select_related("seat").order_by("name", "pk")[:RECORDS_SHOWN]
    return tuple(Line(e.name, e.seat.name if e.seat else "", link("entities:detail", e.pk)) for e in shown)


# --- PES on 31 December ------------------------------------------------------------------------------------

def pes_by_group_and_powiat(year: int) -> dict[str, dict[str, int]]:
    """PES on 31 December (``Entity.objects.pes_on``) by kind and powiat of their seat (one query)."""
    rows = Entity.objects.pes_on(year_end(year)).values_list("legal_form", "seat_id").annotate(
        n=Count("pk")).order_by()
    result: dict[str, dict[str, int]] = {g.value: {} for g in PES_GROUPS}
    for legal_form, seat_id, n in rows:
        bucket = result.setdefault(GROUP_OF_FORM[legal_form], {})
        powiat = powiat_of(seat_id)
        bucket[powiat] = bucket.get(powiat, 0) + n
    return result


def pes_details(year: int) -> Details:
    by_group = pes_by_group_and_powiat(year)
    labels = dict(Group.choices)
    per_powiat: dict[str, int] = defaultdict(int)
    for values in by_group.values():
        for code, n in values.items():
            per_powiat[code] += n
    counted = sum(per_powiat.values())
    return Details(
        groups=(
            (_("By kind"), tuple(Line(str(labels[g]), sum(v.values()), link("entities:list", group=g))
                                 for g, v in by_group.items() if v)),
            (_("By powiat of the seat"), powiat_lines(per_powiat, url=lambda c: link("entities:list", powiat=c))),
        ),
        records_title=_("Entities counted"), records=_entity_lines(Entity.objects.pes_on(year_end(year))),
        records_count=counted, records_total=counted, list_url=link("entities:list", is_active="true"),
        note=_("The registry's list shows the entities active today; the figure counts those registered and not "
               "closed on 31 December."))


@computation("pes_count", label=gettext_lazy("Social economy entities in the registry (31 December)"), unit="PES",
             breakdown=pes_details)
def pes_count(*, year: int) -> int:
    return Entity.objects.pes_on(year_end(year)).count()


def reintegration_details(year: int) -> Details:
    units = Entity.objects.pes_on(year_end(year)).in_group(Group.REINTEGRATION)
    by_form: dict[str, int] = defaultdict(int)
    per_powiat: dict[str, int] = defaultdict(int)
    for legal_form, seat_id, n in units.values_list("legal_form", "seat_id").annotate(n=Count("pk")).order_by():
        by_form[legal_form] += n
        per_powiat[powiat_of(seat_id)] += n
    counted = sum(by_form.values())
    return Details(
        groups=(
            (_("By legal form"), tuple(Line(legal_form_label(form), n, link("entities:list", legal_form=form))
                                       for form, n in sorted(by_form.items()))),
            (_("By powiat of the seat"), powiat_lines(per_powiat, url=lambda c: link(
                "entities:list", group=Group.REINTEGRATION, powiat=c))),
        ),
        records_title=_("Units counted"), records=_entity_lines(units), records_count=counted,
        records_total=counted, list_url=link("entities:list", group=Group.REINTEGRATION))


@computation("reintegration_units", label=gettext_lazy("Reintegration units: CIS, KIS, WTZ and ZAZ (31 December)"),
             unit="szt.", breakdown=reintegration_details)
def reintegration_units(*, year: int) -> int:
    return Entity.objects.pes_on(year_end(year)).in_group(Group.REINTEGRATION).count()


# --- social enterprises ------------------------------------------------------------------------------------

def ps_by_powiat(year: int) -> dict[str, int]:
    """Social enterprises on 31 December (``Entity.objects.ps_on``) by powiat of their seat (one query)."""
    result: dict[str, int] = defaultdict(int)
    for seat_id, n in Entity.objects.ps_on(year_end(year)).values_list("seat_id").annotate(
            n=Count("pk")).order_by():
        result[powiat_of(seat_id)] += n
    return dict(result)


def ps_details(year: int) -> Details:
    per_powiat = ps_by_powiat(year)
    counted = sum(per_powiat.values())
    return Details(
        groups=((_("By powiat of the seat"), powiat_lines(per_powiat, url=lambda c: link(
            "entities:list", ps="true", powiat=c))),),
        records_title=_("Social enterprises counted"), records=_entity_lines(Entity.objects.ps_on(year_end(year))),
        records_count=counted, records_total=counted, list_url=link("entities:list", ps="true"),
        note=_("Counted among the entities counted as PES on 31 December, by the status in force on that day; the "
               "registry's list shows the status held today."))


@computation("ps_count", label=gettext_lazy("Social enterprises with a status in force (31 December)"), unit="PS",
             breakdown=ps_details)
def ps_count(*, year: int) -> int:
    return Entity.objects.ps_on(year_end(year)).count()


# --- employment in PES -------------------------------------------------------------------------------------

def employment(year: int) -> dict:
    """Employment in PES reported in the registry's yearly figures (``YearlyFigures.objects.of_pes``): the number
    of figures reported, totals, persons at risk by category (aggregates only) and both by powiat (one query).

    The same rows as the ``pes_employees`` computations, their drill-down, the dashboard and the report.
    """
    employees = at_risk = 0
    by_category: dict[str, int] = defaultdict(int)
    employees_by_powiat: dict[str, int] = defaultdict(int)
    at_risk_by_powiat: dict[str, int] = defaultdict(int)
    # Plain values, not model instances: a region has tens of thousands of rows (see docs/performance.md).
    rows = YearlyFigures.objects.of_pes(year).values_list("employees_total", "at_risk", "entity__seat_id")
    reported = 0
    for employees_total, categories, seat_id in rows:
        reported += 1
        powiat = powiat_of(seat_id)
        row_at_risk = at_risk_sum(categories)
        for category, n in categories.items():
            by_category[category] += int(n)
        employees += employees_total
        at_risk += row_at_risk
        employees_by_powiat[powiat] += employees_total
        at_risk_by_powiat[powiat] += row_at_risk
    labels = dict(AtRiskCategory.choices)
    return {"reported": reported, "employees": employees, "at_risk": at_risk,
            "at_risk_by_category": [[str(labels.get(c, c)), n] for c, n in sorted(by_category.items())],
            "employees_by_powiat": dict(employees_by_powiat), "at_risk_by_powiat": dict(at_risk_by_powiat)}


def employment_reported(year: int) -> dict:
    """``employment`` of a year for which PES reported figures; NotAvailable for a year without any (no data is
    not zero persons employed)."""
    figures = employment(year)
    if not figures["reported"]:
        raise NotAvailable(_("No yearly figures of social economy entities are recorded for %(year)d.")
                           % {"year": year})
    return figures


def _employment_details(year: int, *, at_risk: bool) -> Details:
    figures = employment_reported(year)
    rows = list(YearlyFigures.objects.of_pes(year).select_related("entity"))
    value = (lambda f: f.at_risk_total) if at_risk else (lambda f: f.employees_total)
    rows.sort(key=lambda f: (-value(f), f.entity.name))
    groups = [(_("By powiat of the seat"), powiat_lines(
        figures["at_risk_by_powiat" if at_risk else "employees_by_powiat"],
        url=lambda c: link("entities:list", powiat=c)))]
    if at_risk:
        groups.insert(0, (_("By category (aggregates only)"), tuple(Line(label, n) for label, n in
                                                                   figures["at_risk_by_category"])))
    return Details(
        groups=tuple(groups), records_title=_("Yearly figures of the entities counted as PES on 31 December"),
        records=tuple(Line(f.entity.name, value(f), link("entities:detail", f.entity_id))
                      for f in rows[:RECORDS_SHOWN]),
        records_count=len(rows), records_total=sum(value(f) for f in rows),
        note=_("Only the figures of entities counted as PES on 31 December: those of local governments, companies "
               "and entities closed during the year are not employment in PES."))


@computation("pes_employees", label=gettext_lazy("Persons employed in PES (yearly figures)"), unit="osoby",
             breakdown=lambda year: _employment_details(year, at_risk=False))
def pes_employees(*, year: int) -> int:
    return employment_reported(year)["employees"]


@computation("pes_employees_at_risk", label=gettext_lazy("Persons at risk of exclusion employed in PES"),
             unit="osoby", breakdown=lambda year: _employment_details(year, at_risk=True))
def pes_employees_at_risk(*, year: int) -> int:
    return employment_reported(year)["at_risk"]


# --- OWES --------------------------------------------------------------------------------------------------

def owes_accredited_on(day: date):
    """OWES whose accreditation is in force on ``day`` (no dates recorded counts as in force)."""
    return Owes.objects.filter(Q(accredited_on__isnull=True) | Q(accredited_on__lte=day),
                               Q(accredited_until__isnull=True) | Q(accredited_until__gte=day))


def owes_details(year: int) -> Details:
    centres = list(owes_accredited_on(year_end(year)).select_related("operator").prefetch_related(
        "subregion").order_by("name", "pk"))
    return Details(
        records_title=_("Support centres with accreditation in force on 31 December, with their subregion"),
        records=tuple(Line(f"{c.name} ({c.operator.name})", ", ".join(t.name for t in c.subregion.all()),
                           link("entities:detail", c.operator_id)) for c in centres[:RECORDS_SHOWN]),
        records_count=len(centres), records_total=len(centres))


@computation("owes_accredited", label=gettext_lazy("Accredited support centres (OWES) (31 December)"), unit="OWES",
             breakdown=owes_details)
def owes_accredited(*, year: int) -> int:
    return owes_accredited_on(year_end(year)).count()
