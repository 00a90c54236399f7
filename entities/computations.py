"""Indicators computed from the registry (see programmes/computations.py)."""

from datetime import date

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from programmes.computations import computation

from .models import Entity, Group, Owes, PsStatus, YearlyFigures
from .selectors import current_ps_filter


def active_pes_at(day: date):
    """PES of the registry active on ``day`` (confirmed, registered by then, not closed); monitoring counts the same."""
    started = Q(registered_on__isnull=True) | Q(registered_on__lte=day)
    not_closed = Q(closed_on__isnull=True) | Q(closed_on__gt=day)
    return Entity.objects.pes().filter(started, not_closed, is_confirmed=True)


@computation("pes_count", label=_("Social economy entities in the registry (31 December)"), unit="PES")
def pes_count(*, year: int) -> int:
    return active_pes_at(date(year, 12, 31)).count()


def owes_accredited_on(day: date):
    """OWES whose accreditation is in force on ``day`` (no dates recorded counts as in force)."""
    return Owes.objects.filter(Q(accredited_on__isnull=True) | Q(accredited_on__lte=day),
                               Q(accredited_until__isnull=True) | Q(accredited_until__gte=day))


@computation("reintegration_units", label=_("Reintegration units: CIS, KIS, WTZ and ZAZ (31 December)"),
             unit="szt.")
def reintegration_units(*, year: int) -> int:
    return active_pes_at(date(year, 12, 31)).in_group(Group.REINTEGRATION).count()


@computation("owes_accredited", label=_("Accredited support centres (OWES) (31 December)"), unit="OWES")
def owes_accredited(*, year: int) -> int:
    return owes_accredited_on(date(year, 12, 31)).count()


@computation("ps_count", label=_("Social enterprises with a status in force (31 December)"), unit="PS")
def ps_count(*, year: int) -> int:
    return PsStatus.objects.filter(current_ps_filter(date(year, 12, 31))).values("entity").distinct().count()


@computation("pes_employees", label=_("Persons employed in PES (yearly figures)"), unit="osoby")
def pes_employees(*, year: int) -> int:
    return YearlyFigures.objects.filter(year=year).aggregate(n=Sum("employees_total"))["n"] or 0


@computation("pes_employees_at_risk", label=_("Persons at risk of exclusion employed in PES"), unit="osoby")
def pes_employees_at_risk(*, year: int) -> int:
    return sum(f.at_risk_total for f in YearlyFigures.objects.filter(year=year).only("at_risk"))
