"""The sector's figures for a year, read from the registry, the frozen campaign, the programme, events and
certification. The sector dashboard and the report snapshot both read them here.

Every count reuses the rule of the app that owns the data (the registry's ``Entity.objects.pes_on`` and
``ps_on``, the yearly figures of PES, the programme's registered computations, ``events_year_counts``, the
programme page's ``IndicatorRow``), never a copy of it. Each function runs a fixed number of queries, whatever
the data size. Values are plain JSON types (Decimals as strings) so that a report version can store them as they
were.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from certification.models import Certificate
from committee.computations import attendance_of_year, attendance_rate, resolutions_adopted
from core.computations import compute, rounded, shared_figures
from entities.computations import (
    PES_GROUPS,
    employment,
    pes_by_group_and_powiat,
    powiat_of,
    ps_by_powiat,
)
from entities.models import JstCooperation, Territory
from entities.selectors import powiaty
from events.models import EventKind, ParticipantCategory
from events.selectors import events_year_counts
from programmes.models import ActionTask, IndicatorValue
from programmes.selectors import IndicatorRow, programme_tree

from .computations import closed_campaign_figures
from .models import Campaign, Question, RespondentType, Response, unit_of


def _str(value) -> str | None:
    return None if value is None else str(value)


def powiat_list(voivodeship_code: str | None = None) -> list[list[str]]:
    """[code, name] of the voivodeship's powiaty, by name (one query)."""
    return [[t.code, t.name] for t in powiaty(voivodeship_code or settings.ROPS_VOIVODESHIP_CODE)]


# --- registry ---------------------------------------------------------------------------------------

def jst_cooperation(year: int) -> list[list]:
    """[kind label, count, value] of local governments' cooperation with PES in the year (one query)."""
    labels = dict(JstCooperation.Kind.choices)
    rows = JstCooperation.objects.filter(year=year).values_list("kind").annotate(
        n=Count("pk"), value=Sum("value")).order_by("kind")
    return [[str(labels.get(kind, kind)), n, _str(value)] for kind, n, value in rows]


def owes_accredited(year: int) -> int:
    """OWES whose accreditation was in force on 31 December (the ``owes_accredited`` computation; one query)."""
    return int(compute("owes_accredited", year=year))


# --- the frozen campaign ----------------------------------------------------------------------------

def closed_campaign(year: int) -> Campaign | None:
    return Campaign.objects.filter(year=year, status=Campaign.Status.CLOSED).first()


def campaign_figures(campaign: Campaign) -> list[dict]:
    """The campaign's frozen figures with each question's type and the unit its figures are shown in (two
    queries)."""
    types = {(kind, number): qtype for kind, number, qtype in Question.objects.filter(
        questionnaire__campaign=campaign).values_list("questionnaire__respondent_type", "number", "type")}
    labels = dict(RespondentType.choices)
    frozen = ([f for f in closed_campaign_figures(campaign.year)[1] if f.campaign_id == campaign.pk]
              if campaign.is_closed else campaign.figures.all())  # the survey's key figures read the same rows
    return [{
        "respondent_type": f.respondent_type, "respondent_label": str(labels[f.respondent_type]),
        "number": f.question_number, "text": f.question_text,
        "type": types.get((f.respondent_type, f.question_number), ""),
        "unit": unit_of(types.get((f.respondent_type, f.question_number), "")),
        "respondents": f.respondents, "total": _str(f.total), "average": _str(f.average), "yes_count": f.yes_count,
        "by_powiat": dict(f.by_powiat),
    } for f in frozen]


# --- response to a campaign (the campaign page and the report's method section) ------------------------------

@dataclass(frozen=True)
class CompletionRow:
    label: str
    asked: int
    submitted: int
    drafts: int

    @property
    def percent(self) -> int:
        """Submitted of those asked, in whole percent rounded half up (1 of 8: 13 %)."""
        return int(rounded(Decimal(100 * self.submitted) / self.asked, 0)) if self.asked else 0


def campaign_completion(*, campaign: Campaign) -> dict[str, list[CompletionRow]]:
    """Completion per respondent type and per powiat of the respondent's seat, named (two queries; the respondents
    are counted by the database, grouped by type, status and powiat: a campaign asks tens of thousands)."""
    rows = campaign.respondents.annotate(powiat=Substr("entity__seat_id", 1, 4)).values_list(
        "questionnaire__respondent_type", "response__status", "powiat").annotate(n=Count("pk")).order_by()
    by_type: dict[str, Counter] = {}
    by_powiat: dict[str, Counter] = {}
    for kind, status, seat_powiat, n in rows:
        powiat = powiat_of(seat_powiat)
        for bucket, key in ((by_type, kind), (by_powiat, powiat or "—")):
            counter = bucket.setdefault(key, Counter())
            counter["asked"] += n
            counter[status or "none"] += n
    def to_rows(bucket, label):
        return [CompletionRow(label(k), c["asked"], c[Response.Status.SUBMITTED], c[Response.Status.DRAFT])
                for k, c in sorted(bucket.items())]

    names = dict(powiat_list())
    by_powiat_rows = sorted(to_rows(by_powiat, lambda k: f"{names[k]} ({k})" if k in names else k),
                            key=lambda row: row.label)
    return {"by_type": to_rows(by_type, lambda k: str(RespondentType(k).label)), "by_powiat": by_powiat_rows}


def campaign_summary(campaign: Campaign) -> dict:
    """What the method section says about the campaign: dates and response per kind of respondent."""
    return {"year": campaign.year, "title": campaign.title,
            "closed_on": timezone.localdate(campaign.closed_at).isoformat() if campaign.closed_at else None,
            "response": [[row.label, row.asked, row.submitted] for row in campaign_completion(campaign=campaign)
                         ["by_type"]]}


# --- events and certification -----------------------------------------------------------------------

def events_of_year(year: int) -> dict:
    """Events that took place and their participants (``events_year_counts``, the events' own rule)."""
    counts = events_year_counts(year=year)
    kinds = dict(EventKind.choices)
    categories = dict(ParticipantCategory.choices)
    return {
        "year": year, "events": counts.events_total, "participants": counts.participants_total,
        "by_kind": [[str(kinds.get(k, k)), counts.events_by_kind.get(k, 0), counts.participants_by_kind.get(k, 0)]
                    for k in EventKind.values if counts.events_by_kind.get(k) or counts.participants_by_kind.get(k)],
        "participants_by_category": [[str(categories.get(c, c)), n] for c, n in
                                     sorted(counts.participants_by_category.items())],
        "participants_by_powiat": dict(counts.participants_by_powiat),
        "events_by_direction": {str(k): v for k, v in counts.events_by_direction.items()},
    }


def certification_of_year(year: int) -> dict:
    """The "Zakup Prospołeczny" mark in the year: certificates issued and withdrawn, holders on 31 December."""
    return {"year": year,
            "issued": Certificate.objects.filter(year=year).count(),
            "withdrawn": Certificate.objects.filter(withdrawn_at__year=year).count(),
            "holders": int(compute("certified_pes", year=year)),
            "products": int(compute("certified_products", year=year))}


def committee_of_year(year: int) -> dict:
    """The Regional Committee (RKRES) in the year: meetings held, attendance, resolutions and opinions adopted
    (the ``committee_*`` computations' own rules, ``committee.computations``; two queries)."""
    adopted = resolutions_adopted(year).order_by("closed_at", "pk").only("year", "sequence", "title")
    return {"year": year, "meetings": attendance_of_year(year)["meetings"], "attendance": _str(attendance_rate(year)),
            "resolutions": [[r.number, r.title] for r in adopted]}


# --- the programme ----------------------------------------------------------------------------------

def indicator_figure(row: IndicatorRow, *, year: int) -> dict:
    """An indicator as the report shows it for ``year``: the programme page's own % of target and on-track
    rule, applied to the values known up to that year."""
    indicator = row.indicator
    upto = IndicatorRow(indicator=indicator, values=[v for v in row.values if v.year <= year])
    latest = upto.latest
    return {
        "id": indicator.pk, "name": indicator.name, "unit": indicator.unit, "level": indicator.level,
        "baseline": _str(indicator.baseline_value), "baseline_year": indicator.baseline_year,
        "target": _str(indicator.target), "target_year": indicator.target_year,
        "source": indicator.data_source, "computation": indicator.computation,
        "values": {str(v.year): str(v.value) for v in upto.values},
        "locked": {str(v.year): v.locked for v in upto.values},
        "latest_year": latest.year if latest else None, "percent": _str(upto.percent), "on_track": upto.on_track,
    }


def programme_figures(programme, *, years: list[int]) -> dict:
    """The programme's structure with each indicator for the last of ``years`` and, per intervention direction,
    the action-plan tasks of those years (a fixed number of queries: ``programme_tree`` plus one)."""
    year = years[-1]
    tree = programme_tree(programme)
    tasks: dict[int, list[list[str]]] = defaultdict(list)
    for task in ActionTask.objects.filter(plan__programme=programme, plan__year__in=years).prefetch_related(
            "directions").order_by("plan__year", "order", "pk"):
        for direction in task.directions.all():
            tasks[direction.pk].append([task.title, str(task.get_status_display())])
    return {
        "name": programme.name, "period": programme.period_label or f"{programme.start_year}-{programme.end_year}",
        "main_goal": programme.main_goal,
        "top_indicators": [indicator_figure(r, year=year) for r in tree["top_indicators"]],
        "priorities": [{
            "number": p.number, "name": p.name,
            "indicators": [indicator_figure(r, year=year) for r in p.indicator_rows],
            "goals": [{
                "number": g.number, "name": g.name,
                "indicators": [indicator_figure(r, year=year) for r in g.indicator_rows],
                "directions": [{"id": d.pk, "number": d.number, "text": d.text, "tasks": tasks.get(d.pk, [])}
                               for d in g.directions.all()],
            } for g in p.goals.all()],
        } for p in tree["priorities"]],
    }


def indicator_values_of(programme, years: list[int]) -> dict[str, str]:
    """"indicator id:year" → value of the programme's stored values in those years (one query); compared with a
    version's snapshot before acceptance."""
    return {f"{i}:{y}": str(v) for i, y, v in IndicatorValue.objects.filter(
        indicator__programme=programme, year__in=years).values_list("indicator_id", "year", "value")}


def snapshot_indicator_values(snapshot: dict) -> dict[str, str]:
    """The same mapping, read from a version's snapshot."""
    years = {str(y) for y in snapshot["report"]["years"]}
    programme = snapshot["programme"]
    rows = list(programme["top_indicators"])
    for priority in programme["priorities"]:
        rows += priority["indicators"]
        for goal in priority["goals"]:
            rows += goal["indicators"]
    return {f"{r['id']}:{y}": v for r in rows for y, v in r["values"].items() if y in years}


def as_decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


# --- the report's snapshot --------------------------------------------------------------------------

# 2: the Committee per year; 3: PS among the PES, employment of PES only with the number of figures reported,
# the exact average of each survey figure.
SNAPSHOT_SCHEMA = 3


def report_snapshot(report) -> dict:
    """Everything one version of the report shows, read now (JSON types only).

    This is all the database work of a generation: the PDF and the spreadsheet are rendered from the
    snapshot alone, and the version keeps it, so later changes of the data never change an old version.
    Counts are stored as they are; hiding small counts is a rule of publishing, applied when rendering
    with the threshold recorded here.
    """
    with shared_figures():  # the PES and PS figures of the year are one query (the registry's GROUP BY)
        return _report_snapshot(report, Territory)


def _report_snapshot(report, Territory) -> dict:  # noqa: N803 - the model, imported late
    years, year = report.years, report.year
    campaign = report.campaign if report.campaign_id and report.campaign.is_closed else closed_campaign(year)
    programme = report.programme
    voivodeship = programme.region_name or Territory.objects.get(code=programme.region_code).name.lower()
    pes = pes_by_group_and_powiat(year)
    return {
        "schema": SNAPSHOT_SCHEMA,
        "report": {"id": report.pk, "kind": report.kind, "kind_label": str(report.get_kind_display()),
                   "title": report.title, "year_from": report.year_from, "year": year, "years": years,
                   "introduction": report.introduction, "conclusions": report.conclusions,
                   "recommendations": report.recommendations},
        "rops_name": settings.ROPS_NAME, "voivodeship": voivodeship, "voivodeship_code": programme.region_code,
        "suppress_below": settings.MONITORING_SUPPRESS_BELOW,
        "powiaty": powiat_list(programme.region_code),
        "sector": {
            "groups": [[g.value, str(g.label)] for g in PES_GROUPS],
            "pes_by_group_powiat": pes,
            "pes_total": sum(sum(by_powiat.values()) for by_powiat in pes.values()),
            "ps_by_powiat": ps_by_powiat(year),
            "employment": employment(year),
            "owes_accredited": owes_accredited(year),
            "jst_cooperation": jst_cooperation(year),
        },
        "campaign": ({**campaign_summary(campaign), "figures": campaign_figures(campaign)} if campaign else None),
        "programme": programme_figures(programme, years=years),
        "events": [events_of_year(y) for y in years],
        "committee": [committee_of_year(y) for y in years],
        "certification": [certification_of_year(y) for y in years],
    }
