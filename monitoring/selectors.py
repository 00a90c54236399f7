from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db.models import Count, F, Max, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.permissions import is_board_viewer, is_pes_representative, is_staff_member
from core.computations import compute_or_none, figure_text, registered_computations, shared, shared_figures
from core.home import Queue
from entities.computations import employment, pes_by_group_and_powiat, ps_by_powiat
from entities.models import Entity, Group
from programmes.models import Indicator, Programme
from programmes.models import Status as ProgrammeStatus
from programmes.selectors import IndicatorRow, indicator_rows

from . import figures as f
from .computations import campaign_years
from .maps import choropleth_svg
from .models import REPORT_FINAL, Campaign, Report, ReportStatus, Respondent, Response
from .reports import Num, bar_chart_svg


def missing_respondents(*, campaign: Campaign):
    return campaign.respondents.exclude(response__status=Response.Status.SUBMITTED).select_related(
        "entity", "questionnaire").order_by("questionnaire__respondent_type", "entity__name")


def respondents_for_user(*, user):
    """Open questionnaires a PES representative answers for their entities."""
    return Respondent.objects.filter(campaign__status=Campaign.Status.OPEN,
                                     entity__in=Entity.objects.represented_by(user)).select_related(
        "campaign", "questionnaire", "entity", "response")


def respondent_get_for_user(*, user, pk) -> Respondent:
    respondent = Respondent.objects.select_related("campaign", "questionnaire", "entity").filter(pk=pk).first()
    if respondent is None or not user.has_perm("monitoring.answer_respondent", respondent):
        raise Http404
    return respondent


def respondent_by_token(*, token: str) -> Respondent:
    respondent = Respondent.objects.select_related("campaign", "questionnaire", "entity").filter(
        token=token).first()
    if respondent is None or len(token) < 32:
        raise Http404
    return respondent


# --- reports ------------------------------------------------------------------------------------------

# The one privacy rule of reports. ROPS staff see every report and every version. A board viewer reads what
# staff submitted to the Board: reports the Board accepted or that were sent on to the Sejmik (``REPORT_FINAL``),
# and of those only the version the Board accepted — never a draft, one awaiting the Committee's opinion, or a
# version the Board did not accept.

def reports_visible_to(user):
    """The reports ``user`` may read (none without a reporting role)."""
    if not user.has_perm("monitoring.view_reports"):
        return Report.objects.none()
    if user.has_perm("monitoring.manage_reports"):
        return Report.objects.all()
    return Report.objects.filter(status__in=REPORT_FINAL)


def report_versions_visible_to(user, report):
    """The versions of a visible ``report`` that ``user`` may read and download."""
    if user.has_perm("monitoring.manage_reports"):
        return report.versions.all()
    return report.versions.filter(pk=report.accepted_version_id) if report.accepted_version_id else \
        report.versions.none()


def report_list(*, user):
    """Reports with their programme and the number of versions the user may read (one query)."""
    versions = None if user.has_perm("monitoring.manage_reports") else Q(versions__pk=F("accepted_version"))
    return reports_visible_to(user).select_related("programme", "campaign").annotate(
        version_count=Count("versions", filter=versions), last_version=Max("versions__number", filter=versions))


def report_get_for_user(*, user, pk):
    report = reports_visible_to(user).select_related("programme", "campaign", "committee_resolution",
                                                     "accepted_version").filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def report_version_get_for_user(*, user, report_pk, number):
    report = report_get_for_user(user=user, pk=report_pk)
    version = report_versions_visible_to(user, report).select_related("report").filter(number=number).first()
    if version is None:
        raise Http404
    return version


# --- the sector dashboard -------------------------------------------------------------------------------

@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: Decimal | None
    unit: str
    url: str

    @property
    def text(self) -> str:
        """The value as shown ("no data" when the year has nothing to count from)."""
        return figure_text(self.value, self.unit)


# The dashboard's key figures, grouped by the records they count, in this order.
KEY_FIGURE_SOURCES = ["entities", "monitoring", "events", "certification", "committee"]


def _source_label(source: str) -> str:
    if source == "monitoring":
        return str(_("Survey of the year (closed campaign)"))
    return str(apps.get_app_config(source).verbose_name)


def key_figures_of(year: int) -> list[tuple[str, list[KeyFigure]]]:
    """Every registered computation's value for the year ("None": nothing to count from), grouped by source."""
    groups: dict[str, list[KeyFigure]] = {}
    for c in registered_computations():
        groups.setdefault(c.source, []).append(KeyFigure(str(c.label), compute_or_none(c.name, year=year), c.unit,
                                                         reverse("monitoring:figure", args=[c.name, year])))
    order = {source: i for i, source in enumerate(KEY_FIGURE_SOURCES)}
    return [(_source_label(source), figures) for source, figures in
            sorted(groups.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))]


@dataclass(frozen=True)
class MapRow:
    code: str
    name: str
    value: Decimal | int | None
    url: str


@dataclass(frozen=True)
class Chart:
    """A bar chart of the dashboard and its data (the table is the chart's text alternative)."""

    title: str
    rows: list[tuple[str, Decimal | int | None]]
    svg: str


def _chart(title: str, rows: list[tuple[str, Decimal | int | None]]) -> Chart | None:
    rows = [(label, value) for label, value in rows if value]
    if not rows:
        return None
    return Chart(title=title, rows=rows, svg=bar_chart_svg(tuple((label, Num(value)) for label, value in rows),
                                                           title=title, width=720, font_size=13))


def sector_charts(year: int) -> list[Chart]:
    """The state of the sector in bars: PES by kind, persons at risk employed (by category, aggregates only),
    events by kind, local governments' cooperation with PES (a fixed number of queries)."""
    by_group = pes_by_group_and_powiat(year)
    labels = dict(Group.choices)
    events = f.events_of_year(year)
    charts = [
        _chart(_("Social economy entities by kind, %(year)d") % {"year": year},
               [(str(labels[g]), sum(v.values())) for g, v in by_group.items()]),
        _chart(_("Employed persons at risk of exclusion by category, %(year)d") % {"year": year},
               [(label, n) for label, n in employment(year)["at_risk_by_category"]]),
        _chart(_("Events that took place by kind, %(year)d") % {"year": year},
               [(label, n) for label, n, _participants in events["by_kind"]]),
        _chart(_("Cooperation of local governments with PES by kind, %(year)d") % {"year": year},
               [(label, n) for label, n, _value in f.jst_cooperation(year)]),
    ]
    return [c for c in charts if c is not None]


@dataclass
class Dashboard:
    year: int
    years: list[int]
    metric: str
    metric_label: str
    metrics: list[tuple[str, str]]
    key_figures: list[tuple[str, list[KeyFigure]]]
    map_svg: str
    map_rows: list[MapRow]
    campaign: Campaign | None
    programme: object
    indicators: list[dict]
    charts: list[Chart]


@shared
def dashboard_years() -> list[int]:
    """Years to choose from: those of the campaigns, and last year."""
    years = {year for year, _status in campaign_years()} | {timezone.localdate().year - 1}
    return sorted(years, reverse=True)


def default_dashboard_year(years: list[int]) -> int:
    """The year of the last closed campaign, else the newest year to choose from."""
    closed = [year for year, status in campaign_years() if status == Campaign.Status.CLOSED]
    return max(closed) if closed else years[0]


def _metric_values(metric: str, year: int, figures: list[dict]) -> tuple[str, dict | None, Callable[[str], str] | None]:
    """(title, values by powiat, url for a powiat code or None) of one map metric."""
    registry = reverse("entities:list")
    if metric in ("pes", "reintegration"):
        by_group = pes_by_group_and_powiat(year)
        if metric == "reintegration":
            return (str(Group.REINTEGRATION.label), by_group[Group.REINTEGRATION],
                    lambda c: f"{registry}?group=reintegration&powiat={c}")
        values: dict[str, int] = {}
        for group_values in by_group.values():
            for code, n in group_values.items():
                values[code] = values.get(code, 0) + n
        return str(_("Social economy entities")), values, lambda c: f"{registry}?powiat={c}"
    if metric == "ps":
        return str(_("Social enterprises (PS)")), ps_by_powiat(year), lambda c: f"{registry}?ps=true&powiat={c}"
    if metric in ("employees", "at_risk"):
        data = employment(year)
        title = _("Persons employed in PES") if metric == "employees" else _("Employed persons at risk of exclusion")
        if not data["reported"]:
            return str(title), None, None   # no yearly figures of PES: no data, not zeros
        return str(title), data[f"{metric if metric == 'at_risk' else 'employees'}_by_powiat"], None
    if metric == "participants":
        return str(_("Participants of events")), f.events_of_year(year)["participants_by_powiat"], None
    for figure in figures:
        if metric == f"q-{figure['respondent_type']}-{figure['number']}":
            return (f"{figure['respondent_label']}: {figure['text']}",
                    {k: Decimal(v) for k, v in figure["by_powiat"].items()}, None)
    return _metric_values("pes", year, figures)


def dashboard_data(*, year: int, metric: str) -> Dashboard:
    """Key figures of the year (the programme's registered computations, each linked to its breakdown), the map
    of one metric by powiat, and the indicators of the programme in force. A fixed number of queries: a figure
    shown in several places (key figure, map, chart) is read once (``shared_figures``)."""
    with shared_figures():
        return _dashboard_data(year=year, metric=metric)


def _dashboard_data(*, year: int, metric: str) -> Dashboard:
    years = dashboard_years()
    campaign = f.closed_campaign(year)
    figures = f.campaign_figures(campaign) if campaign else []
    metrics = [("pes", str(_("Social economy entities"))), ("ps", str(_("Social enterprises (PS)"))),
               ("reintegration", str(_("Reintegration units"))), ("employees", str(_("Persons employed in PES"))),
               ("at_risk", str(_("Employed persons at risk of exclusion"))),
               ("participants", str(_("Participants of events")))]
    metrics += [(f"q-{x['respondent_type']}-{x['number']}",
                 _("Survey %(respondents)s: %(number)s. %(text)s") % {
                     "respondents": x["respondent_label"], "number": x["number"], "text": x["text"]})
                for x in figures if x["type"] == "count"]
    if metric not in dict(metrics):
        metric = "pes"
    title, values, url = _metric_values(metric, year, figures)
    names = f.powiat_list()
    map_rows = [MapRow(code, name, None if values is None else values.get(code, 0), url(code) if url else "")
                for code, name in names]
    map_svg = choropleth_svg({row.code: row.value for row in map_rows},
                             voivodeship_code=settings.ROPS_VOIVODESHIP_CODE, title=f"{title}, {year}")
    key_figures = key_figures_of(year)
    programme = Programme.objects.filter(status=ProgrammeStatus.IN_FORCE).order_by("-start_year", "pk").first()
    indicators = []
    if programme is not None:
        for row in indicator_rows(programme):
            item = f.indicator_figure(row, year=year)
            item["url"] = reverse("monitoring:indicator", args=[row.indicator.pk, year])
            item["value"] = item["values"].get(str(year))
            trend = IndicatorRow(indicator=row.indicator, values=[v for v in row.values if v.year <= year])
            item["sparkline"] = trend.sparkline()
            item["trend"] = [(v.year, v.value) for v in trend.values]
            indicators.append(item)
    return Dashboard(year=year, years=years, metric=metric, metric_label=dict(metrics)[metric], metrics=metrics,
                     key_figures=key_figures,
                     map_svg=map_svg, map_rows=map_rows, campaign=campaign, programme=programme,
                     indicators=indicators, charts=sector_charts(year))


def indicator_get_for_user(*, user, pk):
    indicator = Indicator.objects.select_related("programme").filter(pk=pk).first()
    if indicator is None or not user.has_perm("monitoring.view_dashboard"):
        raise Http404
    return indicator


# --- the home page ("Moje sprawy") ------------------------------------------------------------------------------

def respondent_matters(user):
    """The open questionnaires a PES representative has not submitted yet (None for other roles): one query
    besides the role."""
    if not is_pes_representative(user):
        return None
    return [r for r in respondents_for_user(user=user).exclude(response__status=Response.Status.SUBMITTED)
            .order_by("campaign__deadline", "entity__name")]


def staff_queues(user):
    """Reports in progress and the open campaigns with their completion, for the staff's home page (None for
    other roles): two queries whatever the number of campaigns."""
    if not is_staff_member(user):
        return None
    n = Report.objects.exclude(status__in=REPORT_FINAL).count()
    queues = [Queue(ngettext("%(n)d report in progress", "%(n)d reports in progress", n) % {"n": n}, n,
                    f"{reverse('monitoring:reports')}?in_progress=1")]
    campaigns = Campaign.objects.filter(status=Campaign.Status.OPEN).annotate(
        asked=Count("respondents", distinct=True),
        answered=Count("respondents", filter=Q(respondents__response__status=Response.Status.SUBMITTED),
                       distinct=True)).order_by("-year")
    for campaign in campaigns:
        queues.append(Queue(ngettext("%(title)s: %(answered)d of %(n)d respondent answered",
                                     "%(title)s: %(answered)d of %(n)d respondents answered", campaign.asked) % {
            "title": campaign.title, "answered": campaign.answered, "n": campaign.asked}, campaign.asked,
            reverse("monitoring:campaign", args=[campaign.pk])))
    return queues


@dataclass
class BoardMatters:
    awaiting: list       # reports with the Committee's opinion, awaiting the Board's acceptance
    accepted: list       # the latest accepted (and submitted) ones


def board_matters(user, *, latest: int = 5) -> BoardMatters | None:
    """What the Board viewer reads: reports awaiting the Board's acceptance and the latest accepted ones (None
    for other roles): two queries."""
    if not is_board_viewer(user):
        return None
    reports = Report.objects.select_related("programme")
    return BoardMatters(
        awaiting=list(reports.filter(status=ReportStatus.COMMITTEE_OPINION).order_by("-year", "pk")),
        accepted=list(reports.filter(status__in=REPORT_FINAL).order_by("-board_resolution_date", "-year")[:latest]))
