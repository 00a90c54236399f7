"""Indicators computed from the Committee's records (see core/computations.py): the activity of the
RKRES in a year, each with the breakdown of what it counts (the meetings held, the resolutions adopted). The
certifying chapter's decisions are counted by certification."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.computations import RECORDS_SHOWN, Details, Line, NotAvailable, computation, link, rounded, shared

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


@shared
def attendance_of_year(year: int) -> dict[str, int]:
    """Attendance records of the year's meetings held and those meetings: {"present": n, "all": n,
    "meetings": n} (one query). Every meeting held has a record of someone present, so the meetings with records
    are the meetings held (``meetings_held``), counted in the same query."""
    return Attendance.objects.filter(meeting__in=meetings_held(year)).aggregate(
        present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)), all=Count("pk"),
        meetings=Count("meeting", distinct=True))


def attendance_rate(year: int) -> Decimal | None:
    """% of the attendance records of the year's meetings held that say "present" (None: no meeting held)."""
    counts = attendance_of_year(year)
    if not counts["all"]:
        return None
    return _rate(counts["present"], counts["all"])


def _rate(present: int, recorded: int) -> Decimal:
    return rounded(Decimal(100) * present / recorded, 1)


def _meetings_details(year: int, *, attendance: bool) -> Details:
    meetings = list(meetings_held(year).select_related("committee").annotate(
        present=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT), distinct=True),
        recorded=Count("attendance", distinct=True)).order_by("held_on", "pk"))
    present, recorded = sum(m.present for m in meetings), sum(m.recorded for m in meetings)
    groups: tuple[tuple[str, tuple[Line, ...]], ...]
    if attendance:
        groups = ((_("Attendance records"), (Line(_("present"), present),
                                             Line(_("absent (excused or not)"), recorded - present),
                                             Line(_("all"), recorded))),)
    else:
        modes = dict(Meeting.Mode.choices)
        by_mode: dict[str, int] = defaultdict(int)
        for meeting in meetings:
            by_mode[meeting.mode] += 1
        groups = ((_("By mode"), tuple(Line(str(modes[m]), n) for m, n in sorted(by_mode.items()))),)
    return Details(
        groups=groups,
        records_title=_("Meetings held (present / attendance recorded)"),
        records=tuple(Line(f"{m.held_on:%Y-%m-%d} – {m.committee.name}", f"{m.present} / {m.recorded}",
                           link("committee:meeting", m.pk)) for m in meetings[:RECORDS_SHOWN]),
        records_count=len(meetings),
        records_total=_rate(present, recorded) if attendance else len(meetings),
        note=_("A meeting counts when its date has passed and at least one member was recorded present."))


def resolutions_details(year: int) -> Details:
    resolutions = list(resolutions_adopted(year).order_by("closed_at", "pk"))
    subjects = dict(Resolution.Subject.choices)
    by_subject: dict[str, int] = defaultdict(int)
    for resolution in resolutions:
        by_subject[resolution.subject] += 1
    return Details(
        groups=((_("By subject"), tuple(Line(str(subjects[s]), n) for s, n in sorted(by_subject.items()))),),
        records_title=_("Resolutions adopted (by the date the vote closed)"),
        records=tuple(Line(f"{r.number} – {r.title}", f"{timezone.localtime(r.closed_at):%Y-%m-%d}",
                           link("committee:resolution", r.pk)) for r in resolutions[:RECORDS_SHOWN]),
        records_count=len(resolutions), records_total=len(resolutions))


@computation("committee_meetings", label=gettext_lazy("Meetings of the Committee (RKRES) held"), unit="szt.",
             breakdown=lambda year: _meetings_details(year, attendance=False))
def committee_meetings(*, year: int) -> int:
    return attendance_of_year(year)["meetings"]


@computation("committee_resolutions", label=gettext_lazy("Resolutions and opinions adopted by the Committee (RKRES)"),
             unit="szt.", breakdown=resolutions_details)
def committee_resolutions(*, year: int) -> int:
    return resolutions_adopted(year).count()


@computation("committee_attendance", label=gettext_lazy("Attendance at the Committee's (RKRES) meetings"), unit="%",
             breakdown=lambda year: _meetings_details(year, attendance=True))
def committee_attendance(*, year: int) -> Decimal:
    rate = attendance_rate(year)
    if rate is None:
        raise NotAvailable(_("No meeting of the Committee was held in %(year)d.") % {"year": year})
    return rate
