from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from .models import Indicator, IndicatorValue, Programme, SpecificGoal


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
        return ((latest.value - base) * 100 / (target - base)).quantize(Decimal("1"))

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


def programme_list(*, user):
    if not user.has_perm("programmes.view_programme"):
        return Programme.objects.none()
    return Programme.objects.all()


def programme_get_for_user(*, user, pk) -> Programme:
    programme = Programme.objects.filter(pk=pk).first()
    if programme is None or not user.has_perm("programmes.view_programme"):
        raise Http404
    return programme


def programme_tree(programme: Programme) -> dict:
    """The whole tree with indicators and their values in a fixed number of queries (whatever its size)."""
    priorities = list(programme.priorities.prefetch_related(
        Prefetch("goals", queryset=SpecificGoal.objects.prefetch_related("directions"))))
    indicators = list(programme.indicators.prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.order_by("year"))))
    for indicator in indicators:
        indicator.programme = programme  # the rows need its period; no query per row
    rows = {i.pk: IndicatorRow(indicator=i, values=list(i.values.all())) for i in indicators}
    by_priority: dict[int, list] = {}
    by_goal: dict[int, list] = {}
    top = []
    for indicator in indicators:
        row = rows[indicator.pk]
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
            "year": timezone.localdate().year}
