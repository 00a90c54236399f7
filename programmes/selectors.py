"""Reads of programmes: the tree with indicator values, the structure's parts, values per year, action plans.

``*_get_for_user`` answer 404 both when a record is missing and when the user may not see programmes at all
(PES representatives, users without a role), so the two cannot be told apart."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_staff_member
from core.bip import BipSource, bip_metadata, history_of
from core.computations import rounded

from .models import (
    PUBLISHED,
    ActionPlan,
    ActionTask,
    BudgetLine,
    Consultation,
    Direction,
    Indicator,
    IndicatorValue,
    IndicatorValueCorrection,
    Priority,
    Programme,
    SpecificGoal,
    Status,
)
from .services import consultation_is_open


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    values: list[IndicatorValue]

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[-1] if self.values else None

    @property
    def percent(self) -> Decimal | None:
        """How far from the baseline to the target the latest value has come (%)."""
        target, latest = self.indicator.target, self.latest
        if target is None or latest is None:
            return None
        base = self.indicator.baseline_value or Decimal(0)
        if target == base:
            return None
        return rounded((latest.value - base) * 100 / (target - base), 0)

    @property
    def on_track(self) -> bool | None:
        """Whether progress keeps pace with time elapsed between the baseline year and the target year."""
        ind, latest, percent = self.indicator, self.latest, self.percent
        if percent is None:
            return None
        start = ind.baseline_year or ind.programme.start_year
        end = ind.target_year or ind.programme.end_year
        if end <= start:
            return percent >= 100
        assert latest is not None  # ``percent`` is None without a latest value
        expected = Decimal(min(max(latest.year - start, 0), end - start) * 100) / (end - start)
        return percent >= expected * Decimal("0.9")

    def sparkline(self, width: int = 120, height: int = 28) -> str:
        """Points of a small SVG polyline of the values over the years ('' with fewer than two values)."""
        if len(self.values) < 2:
            return ""
        years = [v.year for v in self.values]
        numbers = [float(v.value) for v in self.values]
        low, high = min(numbers), max(numbers)
        span_y = (high - low) or 1
        span_x = (years[-1] - years[0]) or 1
        points = []
        for year, number in zip(years, numbers, strict=True):
            x = 2 + (year - years[0]) / span_x * (width - 4)
            y = height - 2 - (number - low) / span_y * (height - 4)
            points.append(f"{x:.1f},{y:.1f}")
        return " ".join(points)


def _visible(user) -> None:
    if not user.has_perm("programmes.view_programme"):
        raise Http404


def programme_list(*, user) -> QuerySet[Programme]:
    if not user.has_perm("programmes.view_programme"):
        return Programme.objects.none()
    return Programme.objects.all()


def programme_get_for_user(*, user, pk) -> Programme:
    _visible(user)
    return get_object_or_404(Programme.objects, pk=pk)


def priority_get_for_user(*, user, pk) -> Priority:
    _visible(user)
    return get_object_or_404(Priority.objects.select_related("programme"), pk=pk)


def goal_get_for_user(*, user, pk) -> SpecificGoal:
    _visible(user)
    return get_object_or_404(SpecificGoal.objects.select_related("priority__programme"), pk=pk)


def direction_get_for_user(*, user, pk) -> Direction:
    _visible(user)
    return get_object_or_404(Direction.objects.select_related("goal__priority__programme"), pk=pk)


def indicator_get_for_user(*, user, pk) -> Indicator:
    _visible(user)
    return get_object_or_404(Indicator.objects.select_related("programme"), pk=pk)




def programme_years(programme: Programme) -> list[int]:
    """The years offered for a programme's values: its period, extended to this year while it runs on."""
    return list(range(programme.start_year, max(programme.end_year, timezone.localdate().year) + 1))


def indicator_rows(programme: Programme, *, year: int | None = None) -> list[IndicatorRow]:
    """The programme's indicators, each with its values in year order (up to ``year`` when given): two queries
    whatever their number. What the dashboard needs of the tree, and the tree's own rows."""
    values = IndicatorValue.objects.order_by("year")
    if year is not None:
        values = values.filter(year__lte=year)
    indicators = list(programme.indicators.prefetch_related(Prefetch("values", queryset=values)))
    for indicator in indicators:
        indicator.programme = programme  # the rows need its period; no query per row
    return [IndicatorRow(indicator=i, values=list(i.values.all())) for i in indicators]


def programme_tree(programme: Programme, *, year: int | None = None) -> dict:
    """The whole tree with indicators and their values in a fixed number of queries (whatever its size).

    With ``year``, each indicator shows its values up to that year only (its "latest" value is the one of that
    year, or the last before it), so the page reads as it stood at the end of the year."""
    priorities = list(programme.priorities.prefetch_related(
        Prefetch("goals", queryset=SpecificGoal.objects.prefetch_related("directions"))))
    rows = {row.indicator.pk: row for row in indicator_rows(programme, year=year)}
    by_priority: dict[int, list] = {}
    by_goal: dict[int, list] = {}
    top = []
    for row in rows.values():
        indicator = row.indicator
        if indicator.goal_id:
            by_goal.setdefault(indicator.goal_id, []).append(row)
        elif indicator.priority_id:
            by_priority.setdefault(indicator.priority_id, []).append(row)
        else:
            top.append(row)
    for priority in priorities:
        priority.indicator_rows = by_priority.get(priority.pk, [])
        for goal in priority.goals.all():
            goal.indicator_rows = by_goal.get(goal.pk, [])
    return {"priorities": priorities, "top_indicators": top, "all_rows": list(rows.values()),
            "year": timezone.localdate().year, "selected_year": year}


# --- indicator values -------------------------------------------------------------------------

@dataclass(frozen=True)
class ValueYear:
    """One year of an indicator on its values page: the stored value (or None) and what may be done with it."""

    year: int
    value: IndicatorValue | None
    computed: bool

    @property
    def action(self) -> str:
        """"correct" (locked), "enter" (manual, open) or "" (computed by the system: filled by "Compute")."""
        if self.value is not None and self.value.locked:
            return "correct"
        return "" if self.computed else "enter"


def indicator_value_years(indicator: Indicator) -> list[ValueYear]:
    """Every year of the programme's period (and any other year holding a value), newest first, with the value
    and its corrections (two queries)."""
    values = {v.year: v for v in indicator.values.select_related("entered_by").prefetch_related(
        Prefetch("corrections", queryset=IndicatorValueCorrection.objects.select_related("corrected_by")))}
    years = sorted(set(programme_years(indicator.programme)) | set(values), reverse=True)
    return [ValueYear(year=y, value=values.get(y), computed=bool(indicator.computation)) for y in years]


def indicator_value_year(indicator: Indicator, year: int) -> ValueYear:
    value = indicator.values.select_related("entered_by").prefetch_related(
        Prefetch("corrections", queryset=IndicatorValueCorrection.objects.select_related("corrected_by"))).filter(
        year=year).first()
    return ValueYear(year=year, value=value, computed=bool(indicator.computation))


# --- action plans ---------------------------------------------------------------------------

def action_plan_list(*, programme: Programme) -> QuerySet[ActionPlan]:
    """The programme's plans, newest first, each with its number of tasks and budget totals (one query)."""
    return programme.action_plans.annotate(
        task_count=Count("tasks", distinct=True), planned=Sum("tasks__budget__planned"),
        spent=Sum("tasks__budget__spent")).order_by("-year")


def action_plan_get_for_user(*, user, pk) -> ActionPlan:
    _visible(user)
    return get_object_or_404(ActionPlan.objects.select_related("programme"), pk=pk)


def action_task_get_for_user(*, user, pk) -> ActionTask:
    _visible(user)
    return get_object_or_404(ActionTask.objects.select_related("plan__programme"), pk=pk)


def action_task_list(*, plan: ActionPlan) -> QuerySet[ActionTask]:
    """The plan's tasks in plan order, with their directions and budget lines prefetched for a page."""
    return plan.tasks.prefetch_related(
        Prefetch("directions", queryset=Direction.objects.order_by("number")),
        Prefetch("budget", queryset=BudgetLine.objects.order_by("source"))).order_by("order", "pk")


@dataclass(frozen=True)
class BudgetTotal:
    source: str
    label: str
    planned: Decimal
    spent: Decimal


def action_budget_totals(tasks: QuerySet[ActionTask]) -> list[BudgetTotal]:
    """Planned and spent per funding source over ``tasks`` (all of them, not a page), summed in the database in
    one query; every source is listed, in the order of ``BudgetLine.Source``."""
    sums = {row["source"]: row for row in BudgetLine.objects.filter(task__in=tasks.order_by().values("pk"))
            .values("source").annotate(planned=Sum("planned"), spent=Sum("spent")).order_by("source")}
    zero = Decimal(0)
    return [BudgetTotal(source=value, label=str(label), planned=sums.get(value, {}).get("planned") or zero,
                        spent=sums.get(value, {}).get("spent") or zero)
            for value, label in BudgetLine.Source.choices]


# --- public (BIP) page --------------------------------------------------------------------------------------------

def programme_bip(programme: Programme):
    """The BIP metadata of a programme's public page: produced by its responsible body; published when it first
    became public (adopted, or put to consultation for a draft); changes of the programme, its structure, its
    indicators and their values."""
    public_from = PUBLISHED | {Status.CONSULTATION}
    became_public = programme.history.filter(status__in=public_from).order_by("history_date").values_list(
        "history_date", flat=True).first()
    return bip_metadata(produced_by=programme.responsible_body or None, published_at=became_public, sources=[
        BipSource(history_of(programme), fields=frozenset({
            "name", "start_year", "end_year", "period_label", "responsible_body", "main_goal", "status",
            "resolution_number", "resolution_date", "version", "consultation_until"}), label=lambda row: row.name),
        BipSource(Priority.history.filter(programme=programme), fields=frozenset({"number", "name"}),
                  label=lambda row: f"{Priority._meta.verbose_name} {row.number}"),
        BipSource(SpecificGoal.history.filter(priority__programme=programme), fields=frozenset({"number", "name"}),
                  label=lambda row: f"{SpecificGoal._meta.verbose_name} {row.number}"),
        BipSource(Direction.history.filter(goal__priority__programme=programme), fields=frozenset({"number", "text"}),
                  label=lambda row: f"{Direction._meta.verbose_name} {row.number}"),
        BipSource(Indicator.history.filter(programme=programme), fields=frozenset({
            "name", "unit", "baseline_value", "baseline_year", "target_value", "target_change", "target_year"}),
            label=lambda row: row.name),
        BipSource(IndicatorValue.history.filter(indicator__programme=programme), fields=frozenset({"year", "value"}),
                  label=lambda row: f"{IndicatorValue._meta.verbose_name} {row.year}"),
    ])


# --- consultation -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportComment:
    number: int
    submitted: object
    author: str
    concerns: str
    text: str
    response: str
    reason: str


@dataclass(frozen=True)
class ConsultationReportData:
    programme: str
    period: str
    responsible_body: str
    opened_on: object
    until: object
    closed_on: object
    approved_at: object
    comments: tuple[ReportComment, ...]


def consultation_report_data(*, consultation_id: int) -> ConsultationReportData:
    """Everything the consultation report shows: every comment of the consultation with its answer and reasons
    (an anonymous author is named so; the report is public, so no contact details)."""
    consultation = Consultation.objects.select_related("programme").get(pk=consultation_id)
    programme = consultation.programme
    comments = tuple(
        ReportComment(number=i, submitted=c.created_at.date(), author=c.author or _("anonymous"), concerns=c.concerns,
                      text=c.text, response=c.get_response_display(), reason=c.response_reason)
        for i, c in enumerate(consultation.comments.order_by("created_at", "pk"), start=1))
    return ConsultationReportData(
        programme=programme.name, period=programme.period_label, responsible_body=programme.responsible_body,
        opened_on=consultation.opened_on, until=consultation.until, closed_on=consultation.closed_on,
        approved_at=consultation.approved_at, comments=comments)


@dataclass(frozen=True)
class ConsultationDeadline:
    consultation: Consultation
    due: date
    overdue: bool


def consultation_deadlines(user, today=None) -> list[ConsultationDeadline]:
    """For a staff home page: closed consultations whose report is not published yet, the report's deadline
    (30 days after closing) and whether it has passed, soonest first. Empty for everybody but staff."""
    if not is_staff_member(user):
        return []
    today = today or timezone.localdate()
    rows = []
    for c in Consultation.objects.report_pending().select_related("programme"):
        due = c.report_due
        assert due is not None  # pending reports are those of closed consultations, which have a deadline
        rows.append(ConsultationDeadline(c, due, c.report_overdue(today)))
    return sorted(rows, key=lambda r: r.due)


def consultation_public(*, pk: int):
    """The programme whose public consultation page exists: in consultation now, or with a published report.
    Returns (programme, consultations with a published report, newest first); 404 otherwise."""
    programme = Programme.objects.filter(pk=pk).first()
    published = list(Consultation.objects.published().filter(programme_id=pk)) if programme else []
    if programme is None or (programme.status != Status.CONSULTATION and not published):
        raise Http404
    return programme, published


def open_consultations(user=None) -> list:
    """Programmes in public consultation that still take comments (``services.consultation_is_open``), for the
    public entrance: one query."""
    return [p for p in Programme.objects.filter(status=Status.CONSULTATION).order_by("consultation_until", "pk")
            if consultation_is_open(p)]
