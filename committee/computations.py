"""Indicators computed from the Committee's records (see programmes/computations.py): the activity of the
RKRES in a year. The certifying chapter's decisions are counted by certification."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.computations import NotAvailable, computation

from .models import Attendance, Committee, Meeting, Resolution


def meetings_held(year: int):
    """RKRES meetings of ``year`` that took place: dated in the year, not in the future, with at least one
    member recorded present (a meeting scheduled but never held has no attendance)."""
    someone_present = Attendance.objects.filter(meeting=OuterRef("pk"), status=Attendance.Status.PRESENT)
    return Meeting.objects.filter(Exists(someone_present), committee__kind=Committee.Kind.RKRES,
                                  held_on__year=year, held_on__lte=timezone.now())


def resolutions_adopted(year: int):
    """RKRES resolutions and opinions adopted in ``year``: the vote closed in that year with a majority for."""
    return Resolution.objects.filter(committee__kind=Committee.Kind.RKRES, status=Resolution.Status.CLOSED,
                                     adopted=True, closed_at__year=year)


def attendance_of_year(year: int) -> dict[str, int]:
    """Attendance records of the year's meetings held: {"present": n, "all": n} (one query)."""
    return Attendance.objects.filter(meeting__in=meetings_held(year)).aggregate(
        present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)), all=Count("pk"))


def attendance_rate(year: int) -> Decimal | None:
    """% of the attendance records of the year's meetings held that say "present" (None: no meeting held)."""
    counts = attendance_of_year(year)
    if not counts["all"]:
        return None
    return (Decimal(100) * counts["present"] / counts["all"]).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@computation("committee_meetings", label=_("Meetings of the Committee (RKRES) held"), unit="szt.")
def committee_meetings(*, year: int) -> int:
    return meetings_held(year).count()


@computation("committee_resolutions", label=_("Resolutions and opinions adopted by the Committee (RKRES)"),
             unit="szt.")
def committee_resolutions(*, year: int) -> int:
    return resolutions_adopted(year).count()


@computation("committee_attendance", label=_("Attendance at the Committee's (RKRES) meetings"), unit="%")
def committee_attendance(*, year: int) -> Decimal:
    rate = attendance_rate(year)
    if rate is None:
        raise NotAvailable(_("No meeting of the Committee was held in %(year)d.") % {"year": year})
    return rate
