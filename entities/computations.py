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
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.computations import RECORDS_SHOWN, Details, Line, NotAvailable, computation, link, shared, year_end

from .kept import kept, registry_version
from .models import (
    GROUP_FORMS,
    NOT_PES,
    AtRiskCategory,
    Entity,
    Group,
    Owes,
    YearlyFigures,
    legal_form_label,
)
from .selectors import powiaty

# The registry's kinds of PES (local governments and "other" are not PES).
PES_GROUPS = [Group(g) for g in Group if not GROUP_FORMS[g] & NOT_PES]
GROUP_OF_FORM = {form: group for group, forms in GROUP_FORMS.items() for form in forms}


def powiat_of(code: str | None) -> str:
    """The 4-digit powiat code of a gmina's code ("" without a seat)."""
    return (code or "")[:4]


def powiat_lines(values: Mapping[str, int | Decimal | str], *, url=None) -> tuple[Line, ...]:
    """Non-zero values per powiat code of the voivodeship as lines named after the powiat (one query)."""
    names = {t.code: t.name for t in powiaty(settings.ROPS_VOIVODESHIP_CODE)}
    return tuple(Line(names.get(code, code or _("no seat given")), n, url(code) if url and code else "")
                 for code, n in sorted(values.items(), key=lambda kv: names.get(kv[0], "~")) if n)


def _entity_lines(queryset) -> tuple[Line, ...]:
    shown = queryset.select_related("seat").order_by("name", "pk")[:RECORDS_SHOWN]
    return tuple(Line(e.name, e.seat.name if e.seat else "", link("entities:detail", e.pk)) for e in shown)


def registry_figures_keep(years) -> list[int]:
    """Compute and keep the registry-wide figures of ``years`` under the registry's version in force
    (``entities.kept``), so that the first dashboard after a write does not wait for them (Celery beat,
    ``entities-figures-keep``). Nothing when figures are not kept (SQLite, keeping off). The years kept."""
    if registry_version() is None:
        return []
    for year in years:
        _pes_and_ps_by_form_and_powiat(year)
        _employment_rows(year)
    return list(years)


# --- PES on 31 December ------------------------------------------------------------------------------------

@shared
def _pes_and_ps_by_form_and_powiat(year: int) -> list[tuple[str, str, int, int]]:
    """(legal form, powiat of the seat, PES, of them PS) on 31 December: ``Entity.objects.pes_on`` grouped by
    legal form and the powiat part of the seat's code (``powiat_of``, in the database: a few hundred groups rather
    than one per gmina), counting those with a PS status in force (``with_ps_flag``, the rule ``ps_on`` applies to
    the PES). One scan of the registry for the PES and the PS figures, the map and the charts (shared)."""
    day = year_end(year)
    rows = Entity.objects.pes_on(day).with_ps_flag(day).annotate(powiat=Substr("seat_id", 1, 4)).values_list(
        "legal_form", "powiat").annotate(n=Count("pk"), ps=Count("pk", filter=Q(has_ps=True))).order_by()
    sql, params = rows.query.sql_with_params()
    return kept(sql, params, lambda: [(form, powiat_of(powiat), n, ps) for form, powiat, n, ps in rows])


@shared
def pes_by_group_and_powiat(year: int) -> dict[str, dict[str, int]]:
    """PES on 31 December (``Entity.objects.pes_on``) by kind and powiat of their seat (one query)."""
    result: dict[str, dict[str, int]] = {g.value: {} for g in PES_GROUPS}
    for legal_form, powiat, n, _ps in _pes_and_ps_by_form_and_powiat(year):
        bucket = result.setdefault(GROUP_OF_FORM[legal_form], {})
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
    # The same GROUP BY of ``pes_on`` as the map and the chart (shared on the dashboard and in the report).
    return sum(sum(by_powiat.values()) for by_powiat in pes_by_group_and_powiat(year).values())


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
    # ``pes_on(...).in_group(REINTEGRATION)``: the legal forms of the groups are disjoint (GROUP_FORMS).
    return sum(pes_by_group_and_powiat(year)[Group.REINTEGRATION].values())


# --- social enterprises ------------------------------------------------------------------------------------

@shared
def ps_by_powiat(year: int) -> dict[str, int]:
    """Social enterprises on 31 December (``Entity.objects.ps_on``) by powiat of their seat (one query, the same
    as the PES's)."""
    result: dict[str, int] = defaultdict(int)
    for _form, powiat, _n, ps in _pes_and_ps_by_form_and_powiat(year):
        if ps:
            result[powiat] += ps
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
    return sum(ps_by_powiat(year).values())


# --- employment in PES -------------------------------------------------------------------------------------

def _at_risk_sql(column: str) -> str:
    """SQL of the persons at risk in one row's ``at_risk`` categories (``at_risk_sum``), for ordering by it."""
    if connection.vendor == "postgresql":
        return f"(SELECT COALESCE(SUM(c.value::numeric), 0) FROM jsonb_each_text({column}) c)"  # noqa: S608
    return f"(SELECT COALESCE(SUM(CAST(c.value AS INTEGER)), 0) FROM json_each({column}) c)"  # noqa: S608


def _employment_rows(year: int) -> list[tuple[str | None, str | None, int, int]]:
    """The year's figures of PES (``YearlyFigures.objects.of_pes``) added up by the database in one query over
    the queryset's own SQL: (powiat, None, figures reported, employees) per powiat and (powiat, category, 0,
    persons at risk) per powiat and category (``at_risk_sum`` is the same sum for one row).

    PostgreSQL reads the figures once: each row is joined to its categories (``jsonb_each_text ... WITH
    ORDINALITY``; a row without any is kept with none) and grouped by powiat and category; a row is counted, and
    its employees added, on its first category only (or on its only line when it has none), so that each figure
    is counted once whatever the number of its categories. SQLite, the demo's database, has no lateral join with
    an ordinal: it reads the rows once into a CTE and adds them up twice (``json_each``)."""
    rows, params = YearlyFigures.objects.of_pes(year).annotate(powiat=Substr("entity__seat_id", 1, 4)).values_list(
        "powiat", "employees_total", "at_risk").order_by().query.sql_with_params()
    if connection.vendor == "postgresql":
        first = "(c.ord IS NULL OR c.ord = 1)"
        sql = (f"SELECT s.powiat, c.key, COUNT(*) FILTER (WHERE {first}), "  # noqa: S608 - the ORM's SQL
               f"SUM(s.employees_total) FILTER (WHERE {first}), SUM(c.value::numeric) FROM ({rows}) s "
               "LEFT JOIN LATERAL jsonb_each_text(s.at_risk) WITH ORDINALITY c(key, value, ord) ON TRUE "
               "GROUP BY s.powiat, c.key")
        def run() -> list[tuple]:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        found = kept(sql, params, run)
        out: list[tuple[str | None, str | None, int, int]] = []
        per_powiat: dict[str | None, list[int]] = {}
        for powiat, category, n, employees, at_risk in found:
            counted = per_powiat.setdefault(powiat, [0, 0])
            counted[0] += int(n)
            counted[1] += int(employees or 0)
            if category is not None:
                out.append((powiat, category, 0, int(at_risk or 0)))
        return [(powiat, None, n, employees) for powiat, (n, employees) in per_powiat.items()] + out
    sql = (f"WITH s AS ({rows}) "  # noqa: S608 - the ORM's SQL with its parameters
           "SELECT s.powiat, NULL, COUNT(*), SUM(s.employees_total) FROM s GROUP BY s.powiat "
           "UNION ALL SELECT s.powiat, c.key, 0, SUM(CAST(c.value AS INTEGER)) FROM s, json_each(s.at_risk) c "
           "GROUP BY s.powiat, c.key")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(powiat, category, int(n), int(total or 0)) for powiat, category, n, total in cursor.fetchall()]


@shared
def employment(year: int) -> dict:
    """Employment in PES reported in the registry's yearly figures (``YearlyFigures.objects.of_pes``): the number
    of figures reported, totals, persons at risk by category (aggregates only) and both by powiat.

    The same rows as the ``pes_employees`` computations, their drill-down, the dashboard and the report, added up
    by the database (one query, whatever the number of rows; read once within ``shared_figures``).
    """
    reported = employees = at_risk = 0
    by_category: dict[str, int] = defaultdict(int)
    employees_by_powiat: dict[str, int] = defaultdict(int)
    at_risk_by_powiat: dict[str, int] = defaultdict(int)
    for seat_powiat, category, n, total in _employment_rows(year):
        powiat = powiat_of(seat_powiat)
        if category is None:
            reported += n
            employees += total
            employees_by_powiat[powiat] += total
        else:
            at_risk += total
            by_category[category] += total
            at_risk_by_powiat[powiat] += total
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
    table = YearlyFigures._meta.db_table
    # The column's name comes from _meta, no value is interpolated.
    value = RawSQL(_at_risk_sql(f'"{table}"."at_risk"'), ()) if at_risk else F("employees_total")  # noqa: S611
    # The largest figures first, read by the database (not every row of the year as an instance).
    shown = YearlyFigures.objects.of_pes(year).annotate(value=value).order_by(
        "-value", "entity__name", "pk").values_list("entity_id", "entity__name", "value")[:RECORDS_SHOWN]
    groups = [(_("By powiat of the seat"), powiat_lines(
        figures["at_risk_by_powiat" if at_risk else "employees_by_powiat"],
        url=lambda c: link("entities:list", powiat=c)))]
    if at_risk:
        groups.insert(0, (_("By category (aggregates only)"), tuple(Line(label, n) for label, n in
                                                                   figures["at_risk_by_category"])))
    return Details(
        groups=tuple(groups), records_title=_("Yearly figures of the entities counted as PES on 31 December"),
        records=tuple(Line(name, int(n), link("entities:detail", pk)) for pk, name, n in shown),
        records_count=figures["reported"], records_total=figures["at_risk" if at_risk else "employees"],
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
