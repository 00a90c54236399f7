"""The report on the sector and the programme's implementation: built from a version's snapshot, rendered to
a PDF (WeasyPrint) and an XLSX without touching the database, and produced by the ``monitoring_report`` job.

``report_data(snapshot)`` applies the publishing rules (small counts hidden by ``monitoring.disclosure``, with
the threshold recorded in the snapshot; every number shown by ``core.computations.figure_text``, rounded
half up once) so the PDF and the spreadsheet show exactly the same figures.
"""

import base64
import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.computations import figure_places, figure_text, figure_value, no_data_text
from core.exports import xlsx_append
from core.pdf import pdf_html, render_pdf

from .disclosure import ENTITIES, PERSONS, is_hidden
from .figures import as_decimal
from .maps import choropleth_svg
from .models import unit_of

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Num:
    """A published number: its value (None: no data), or hidden because it is a small count (``hidden_below``)."""

    value: Decimal | int | None
    hidden_below: int = 0
    unit: str = ""
    text: str = ""   # instead of a value: "—" where the figure does not apply (the "yes" count of an amount)

    @property
    def hidden(self) -> bool:
        return self.hidden_below > 0

    def __str__(self) -> str:
        if self.hidden:
            return f"<{self.hidden_below}"
        return self.text or figure_text(self.value, self.unit)

    @property
    def cell(self):
        """What a spreadsheet cell holds: the number as the PDF shows it, the "<3" mark, "no data" or "—"."""
        if self.hidden or self.text:
            return str(self)
        shown = figure_value(self.value, self.unit)
        if shown is None:
            return no_data_text()
        return int(shown) if figure_places(self.value, self.unit) == 0 else float(shown)


NOT_APPLICABLE = Num(None, text="—")


def _number(value, unit: str = "") -> Num:
    """An amount, average or indicator value (never hidden)."""
    return Num(as_decimal(value), unit=unit)


def _counts(values: dict, limit: int, *, counts: str, per_powiat: bool = True) -> dict:
    """Counts of persons or entities as published: the disclosure rule decides which are hidden."""
    return {k: Num(v, hidden_below=limit if is_hidden(v, counts=counts, per_powiat=per_powiat, threshold=limit)
                   else 0) for k, v in values.items()}


def _count(value, limit: int, *, counts: str) -> Num:
    """A count for the whole voivodeship."""
    return _counts({"": value}, limit, counts=counts, per_powiat=False)[""]


@dataclass(frozen=True)
class PowiatRow:
    name: str
    cells: tuple[Num, ...]


@dataclass(frozen=True)
class FigureRow:
    number: str
    text: str
    respondents: int
    total: Num
    average: Num
    yes: Num


@dataclass(frozen=True)
class IndicatorLine:
    name: str
    unit: str
    baseline: Num
    baseline_year: int | None
    target: Num
    target_year: int | None
    values: tuple[Num, ...]
    latest_year: int | None
    percent: Num
    on_track: str
    source: str
    computed: bool


@dataclass(frozen=True)
class DirectionLine:
    number: str
    text: str
    events: int
    tasks: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class GoalSection:
    number: str
    name: str
    indicators: tuple[IndicatorLine, ...]
    directions: tuple[DirectionLine, ...]


@dataclass(frozen=True)
class PrioritySection:
    number: str
    name: str
    indicators: tuple[IndicatorLine, ...]
    goals: tuple[GoalSection, ...]


@dataclass(frozen=True)
class EventsYear:
    year: int
    events: int
    participants: Num
    by_kind: tuple[tuple[str, int, Num], ...]     # kind, events, participants
    by_category: tuple[tuple[str, Num], ...]


@dataclass(frozen=True)
class ReportData:
    title: str
    kind_label: str
    period_label: str
    years: tuple[int, ...]
    year: int
    version: int
    generated_at: datetime
    generated_by: str
    rops_name: str
    voivodeship: str
    voivodeship_code: str
    suppress_below: int
    introduction: str
    conclusions: str
    recommendations: str
    # State of the sector (registry on 31 December of the last year).
    groups: tuple[str, ...]
    pes_by_group: tuple[tuple[str, Num], ...]
    pes_total: Num
    ps_total: Num
    pes_table: tuple[PowiatRow, ...]          # cells: one per group, PS, total
    pes_table_total: PowiatRow
    pes_map: dict[str, Num]                   # powiat code -> PES (as published)
    employment_reported: bool                 # False: no yearly figures of PES for the year (no data)
    employees: Num
    at_risk: Num
    at_risk_by_category: tuple[tuple[str, Num], ...]
    employment_table: tuple[PowiatRow, ...]   # cells: employees, of whom at risk
    owes_accredited: int
    jst_cooperation: tuple[tuple[str, int, Num], ...]
    # The frozen campaign of the last year.
    campaign_title: str
    campaign_closed_on: object
    campaign_response: tuple[tuple[str, int, int], ...]
    campaign_figures: dict[str, tuple[FigureRow, ...]]   # respondent label -> rows
    campaign_figures_by_type: dict[str, tuple[FigureRow, ...]]   # pes/owes/jst -> rows
    campaign_by_powiat_columns: tuple[str, ...]
    campaign_by_powiat: tuple[PowiatRow, ...]
    # The programme.
    programme_name: str
    programme_period: str
    main_goal: str
    value_years: tuple[int, ...]
    top_indicators: tuple[IndicatorLine, ...]
    priorities: tuple[PrioritySection, ...]
    # Coordination: events and certification, per year of the period.
    events: tuple[EventsYear, ...]
    participants_by_powiat: tuple[PowiatRow, ...]
    certification: tuple[tuple[int, int, int, int, int], ...]
    indicator_count: int = 0
    # The Committee (RKRES) per year: (year, meetings held, attendance %, resolutions adopted); then the
    # resolutions and opinions of the period (number, title). Snapshots of schema 1 have none.
    committee: tuple[tuple[int, int, Num, int], ...] = ()
    committee_resolutions: tuple[tuple[str, str], ...] = ()

    @property
    def has_campaign(self) -> bool:
        return bool(self.campaign_title)

    @property
    def no_data_text(self) -> str:
        return no_data_text()


def _indicator(row: dict, value_years: list[int]) -> IndicatorLine:
    on_track = {True: _("yes"), False: _("no"), None: "—"}[row["on_track"]]
    unit = row["unit"]
    return IndicatorLine(
        name=row["name"], unit=unit, baseline=_number(row["baseline"], unit), baseline_year=row["baseline_year"],
        target=_number(row["target"], unit), target_year=row["target_year"],
        values=tuple(_number(row["values"].get(str(y)), unit) for y in value_years), latest_year=row["latest_year"],
        percent=_number(row["percent"], "%"), on_track=on_track, source=row["source"],
        computed=bool(row["computation"]))


def report_data(snapshot: dict) -> ReportData:
    """What the PDF and the spreadsheet show, from a version's snapshot (no database)."""
    limit = snapshot["suppress_below"]
    info = snapshot["report"]
    years = info["years"]
    year = info["year"]
    powiaty = snapshot["powiaty"]
    sector = snapshot["sector"]
    groups = sector["groups"]
    pes = sector["pes_by_group_powiat"]
    ps = sector["ps_by_powiat"]

    # PES by kind and powiat: counts of entities, hidden per powiat only; totals are added up before any cell is
    # hidden and the voivodeship's totals are published (monitoring.disclosure).
    table, map_values = [], {}
    for code, name in powiaty:
        raw = [pes.get(g, {}).get(code, 0) for g, _label in groups] + [ps.get(code, 0)]
        raw.append(sum(raw[:-1]))
        shown = _counts(dict(enumerate(raw)), limit, counts=ENTITIES)
        table.append(PowiatRow(name, tuple(shown[i] for i in range(len(raw)))))
        map_values[code] = shown[len(raw) - 1]
    group_totals = [sum(pes.get(g, {}).values()) for g, _label in groups]
    totals_raw = [*group_totals, sum(ps.values()), sum(group_totals)]
    totals = _counts(dict(enumerate(totals_raw)), limit, counts=ENTITIES, per_powiat=False)
    # Employment: counts of persons. A snapshot of schema 2 has no "reported" and always had figures.
    employment = sector["employment"]
    employment_reported = bool(employment.get("reported", True))
    employment_table = []
    for code, name in powiaty:
        cells = _counts({"e": employment["employees_by_powiat"].get(code, 0),
                         "r": employment["at_risk_by_powiat"].get(code, 0)}, limit, counts=PERSONS)
        employment_table.append(PowiatRow(name, (cells["e"], cells["r"])))

    campaign = snapshot["campaign"] or {}
    figures_by_label: dict[str, list[FigureRow]] = {}
    figures_by_type: dict[str, list[FigureRow]] = {}
    by_powiat_columns, by_powiat_values = [], []
    for f in campaign.get("figures", []):
        is_count, yes_no = f["type"] == "count", f["yes_count"] is not None
        unit = unit_of(f["type"])
        # The answers to a count question are counted as persons (monitoring.disclosure); a sum of percentages
        # or of yes/no answers means nothing and is not shown.
        if is_count and f["total"] is not None:
            total = _count(int(Decimal(f["total"])), limit, counts=PERSONS)
        else:
            total = NOT_APPLICABLE if yes_no or f["type"] == "percent" else _number(f["total"], unit)
        row = FigureRow(number=f["number"], text=f["text"], respondents=f["respondents"], total=total,
                        average=NOT_APPLICABLE if yes_no else _number(f["average"], unit),
                        yes=Num(f["yes_count"]) if yes_no else NOT_APPLICABLE)
        figures_by_label.setdefault(f["respondent_label"], []).append(row)
        figures_by_type.setdefault(f["respondent_type"], []).append(row)
        if is_count:
            by_powiat_columns.append(f"{f['respondent_type'].upper()} {f['number']}")
            by_powiat_values.append(_counts({code: int(Decimal(f["by_powiat"].get(code, "0")))
                                             for code, _name in powiaty}, limit, counts=PERSONS))
    campaign_by_powiat = tuple(PowiatRow(name, tuple(values[code] for values in by_powiat_values))
                               for code, name in powiaty) if by_powiat_values else ()

    programme = snapshot["programme"]
    value_years = years if len(years) > 1 else [year - 1, year]
    last_events = snapshot["events"][-1]
    events_by_direction = last_events["events_by_direction"]
    indicator_count = len(programme["top_indicators"])

    def goal(g) -> GoalSection:
        return GoalSection(g["number"], g["name"], tuple(_indicator(r, value_years) for r in g["indicators"]),
                           tuple(DirectionLine(d["number"], d["text"], events_by_direction.get(str(d["id"]), 0),
                                               tuple(tuple(t) for t in d["tasks"])) for d in g["directions"]))

    priorities = []
    for p in programme["priorities"]:
        goals = tuple(goal(g) for g in p["goals"])
        indicator_count += len(p["indicators"]) + sum(len(g.indicators) for g in goals)
        priorities.append(PrioritySection(p["number"], p["name"],
                                          tuple(_indicator(r, value_years) for r in p["indicators"]), goals))
    events = tuple(EventsYear(
        year=e["year"], events=e["events"], participants=_count(e["participants"], limit, counts=PERSONS),
        by_kind=tuple((kind, n, _count(p, limit, counts=PERSONS)) for kind, n, p in e["by_kind"]),
        by_category=tuple((label, _count(n, limit, counts=PERSONS)) for label, n in e["participants_by_category"]),
    ) for e in snapshot["events"])
    participants = _counts({code: last_events["participants_by_powiat"].get(code, 0) for code, _n in powiaty}, limit,
                           counts=PERSONS)
    closed_on = parse_date(campaign["closed_on"]) if campaign.get("closed_on") else None
    generated_at = parse_datetime(snapshot["generated_at"])
    assert generated_at is not None  # written as an ISO timestamp by ``report_version_create``
    return ReportData(
        title=info["title"], kind_label=info["kind_label"],
        period_label=str(year) if len(years) == 1 else f"{years[0]}–{year}", years=tuple(years), year=year,
        version=snapshot.get("version", 0), generated_at=generated_at,
        generated_by=snapshot.get("generated_by", ""), rops_name=snapshot["rops_name"],
        voivodeship=snapshot["voivodeship"], voivodeship_code=snapshot["voivodeship_code"], suppress_below=limit,
        introduction=info["introduction"], conclusions=info["conclusions"], recommendations=info["recommendations"],
        groups=tuple(label for _g, label in groups),
        pes_by_group=tuple((label, totals[i]) for i, (_g, label) in enumerate(groups)),
        pes_total=totals[len(totals_raw) - 1], ps_total=totals[len(groups)],
        pes_table=tuple(table), pes_table_total=PowiatRow(_("Voivodeship in total"), tuple(
            totals[i] for i in range(len(totals_raw)))),
        pes_map=map_values,
        employment_reported=employment_reported,
        employees=_count(employment["employees"], limit, counts=PERSONS) if employment_reported else Num(None),
        at_risk=_count(employment["at_risk"], limit, counts=PERSONS) if employment_reported else Num(None),
        at_risk_by_category=tuple((label, _count(n, limit, counts=PERSONS))
                                  for label, n in employment["at_risk_by_category"]),
        employment_table=tuple(employment_table), owes_accredited=sector["owes_accredited"],
        jst_cooperation=tuple((label, n, _number(value, "zł")) for label, n, value in sector["jst_cooperation"]),
        campaign_title=campaign.get("title", ""), campaign_closed_on=closed_on,
        campaign_response=tuple(tuple(r) for r in campaign.get("response", [])),
        campaign_figures={k: tuple(v) for k, v in figures_by_label.items()},
        campaign_figures_by_type={k: tuple(v) for k, v in figures_by_type.items()},
        campaign_by_powiat_columns=tuple(by_powiat_columns), campaign_by_powiat=campaign_by_powiat,
        programme_name=programme["name"], programme_period=programme["period"], main_goal=programme["main_goal"],
        value_years=tuple(value_years), top_indicators=tuple(_indicator(r, value_years)
                                                             for r in programme["top_indicators"]),
        priorities=tuple(priorities), events=events,
        participants_by_powiat=tuple(PowiatRow(name, (participants[code],)) for code, name in powiaty),
        certification=tuple((c["year"], c["issued"], c["withdrawn"], c["holders"], c["products"])
                            for c in snapshot["certification"]),
        indicator_count=indicator_count,
        committee=tuple((c["year"], c["meetings"], _number(c["attendance"], "%"), len(c["resolutions"]))
                        for c in snapshot.get("committee", [])),
        committee_resolutions=tuple(tuple(r) for c in snapshot.get("committee", []) for r in c["resolutions"]),
    )


# --- charts -------------------------------------------------------------------------------------------

def bar_chart_svg(rows: tuple[tuple[str, Num], ...], *, title: str, width: int = 640, font_size: int = 9) -> str:
    """Horizontal bars with their values written out; hidden values get no bar. The PDF's text is 9 px at print
    scale; the screen passes a larger ``font_size``."""
    bar_h, gap, label_w = max(18, font_size + 9), 8, max(330, font_size * 31)
    numbers = [float(n.value) for _label, n in rows if not n.hidden and n.value]
    top = max(numbers) if numbers else 1
    height = len(rows) * (bar_h + gap) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img"><title>{escape(title)}</title>']
    for i, (label, number) in enumerate(rows):
        y = 5 + i * (bar_h + gap)
        length = 0 if number.hidden or not number.value else float(number.value) / top * (width - label_w - 60)
        base = y + bar_h / 2 + font_size * 0.35
        parts.append(f'<text x="{label_w - 6}" y="{base:.1f}" font-size="{font_size}" text-anchor="end">'
                     f'{escape(label)}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{bar_h}" fill="#3182bd"/>'
                     f'<text x="{label_w + length + 4:.1f}" y="{base:.1f}" font-size="{font_size + 1}">'
                     f'{escape(str(number))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode()


# --- rendering ----------------------------------------------------------------------------------------

REPORT_TEMPLATE = "monitoring/pdf/report.html"


def report_html(data: ReportData) -> str:
    """The HTML document the report's PDF is drawn from (its map and charts as SVG images with their captions)."""
    return pdf_html(REPORT_TEMPLATE, report_context(data))


def render_report_pdf(data: ReportData) -> bytes:
    """The PDF: title page, contents with page numbers, the skeleton of domain.md §6, through core.pdf (tagged,
    PDF/UA-1, its language and title)."""
    return render_pdf(REPORT_TEMPLATE, report_context(data))


def report_context(data: ReportData) -> dict:
    """The template context of the report: the data, the map and the charts drawn as SVG data URIs."""
    with translation.override(settings.LANGUAGE_CODE):
        map_title = _("Social economy entities by powiat, %(year)d") % {"year": data.year}
        chart_title = _("Social economy entities by kind, %(year)d") % {"year": data.year}
        pes_map = choropleth_svg({code: (None if n.hidden else n.value) for code, n in data.pes_map.items()},
                                 voivodeship_code=data.voivodeship_code, title=map_title, unit="PES")
        at_risk_title = _("Employed persons at risk of exclusion by category, %(year)d") % {"year": data.year}
        last_events = data.events[-1] if data.events else None
        events_title = _("Events that took place by kind, %(year)d") % {"year": data.year}
        events_rows = tuple((kind, Num(n)) for kind, n, _p in last_events.by_kind) if last_events else ()
        context = {
            "data": data, "map_title": map_title, "chart_title": chart_title,
            "map_uri": svg_data_uri(pes_map) if pes_map else "",
            "chart_uri": svg_data_uri(bar_chart_svg(data.pes_by_group, title=chart_title)),
            "at_risk_title": at_risk_title, "at_risk_chart_uri": svg_data_uri(bar_chart_svg(
                data.at_risk_by_category, title=at_risk_title)) if data.at_risk_by_category else "",
            "events_title": events_title, "events_rows": events_rows,
            "events_chart_uri": svg_data_uri(bar_chart_svg(events_rows, title=events_title)) if events_rows else "",
        }
    return context


def _sheet(book, title: str, header: list, rows) -> None:
    sheet = book.create_sheet(title[:31])
    xlsx_append(sheet, header)
    for row in rows:
        xlsx_append(sheet, row)


def render_report_xlsx(data: ReportData) -> bytes:
    """The same figures for analysts, one sheet per table; hidden counts are the text "<3"."""
    # lazy: openpyxl (0.3 s to import) is needed only when a spreadsheet is read or written
    from openpyxl import Workbook

    with translation.override(settings.LANGUAGE_CODE):
        book = Workbook(write_only=True)
        _sheet(book, _("Report"), [_("Title"), data.title], [
            [_("Kind"), data.kind_label], [_("Period"), data.period_label], [_("Version"), data.version],
            [_("Generated"), data.generated_at.strftime("%Y-%m-%d %H:%M")], [_("Voivodeship"), data.voivodeship],
            [_("Hidden counts"), _("Counts of persons below %(n)d and counts of entities below %(n)d in a powiat "
                                   "are shown as “<%(n)d”.") % {"n": data.suppress_below}]])
        _sheet(book, _("PES by powiat"), [_("Powiat"), *data.groups, _("PS"), _("PES in total")],
               [[row.name, *[n.cell for n in row.cells]] for row in (*data.pes_table, data.pes_table_total)])
        _sheet(book, _("Employment"), [_("Powiat"), _("Employed"), _("Of whom at risk of exclusion")],
               ([[row.name, *[n.cell for n in row.cells]] for row in data.employment_table]
                if data.employment_reported else [])
               + [[_("Voivodeship in total"), data.employees.cell, data.at_risk.cell]])
        _sheet(book, _("Campaign"), [_("Respondents"), _("Question"), _("Text"), _("Answered"), _("Total"),
                                     _("Average"), _("Yes")],
               [[label, r.number, r.text, r.respondents, r.total.cell, r.average.cell, r.yes.cell]
                for label, rows in data.campaign_figures.items() for r in rows])
        indicator_rows = [_indicator_cells("", line) for line in data.top_indicators]
        for priority in data.priorities:
            indicator_rows += [_indicator_cells(priority.number, line) for line in priority.indicators]
            for goal in priority.goals:
                indicator_rows += [_indicator_cells(goal.number, line) for line in goal.indicators]
        _sheet(book, _("Indicators"), [_("Goal"), _("Indicator"), _("Unit"), _("Baseline"), _("Baseline year"),
                                       _("Target"), _("Target year"),
                                       *[_("Value %(year)d") % {"year": y} for y in data.value_years],
                                       _("% of target"), _("On track")], indicator_rows)
        _sheet(book, _("Events"), [_("Year"), _("Kind"), _("Events"), _("Participants")],
               [[e.year, kind, n, p.cell] for e in data.events for kind, n, p in e.by_kind])
        _sheet(book, _("Certification"), [_("Year"), _("Certificates issued"), _("Withdrawn"),
                                          _("Entities holding the mark"), _("Certified products and services")],
               [list(row) for row in data.certification])
        _sheet(book, _("Committee"), [_("Year"), _("Meetings held"), _("Attendance (%)"),
                                      _("Resolutions and opinions adopted")],
               [[year, meetings, attendance.cell, resolutions] for year, meetings, attendance, resolutions
                in data.committee])
        buffer = io.BytesIO()
        book.save(buffer)
    return buffer.getvalue()


def _indicator_cells(number: str, line: IndicatorLine) -> list:
    return [number, line.name, line.unit, line.baseline.cell, line.baseline_year, line.target.cell,
            line.target_year, *[v.cell for v in line.values], line.percent.cell, line.on_track]
