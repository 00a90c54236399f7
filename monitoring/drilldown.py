"""From a figure to what it counts: for each computation registered in ``programmes/computations.py``, the
breakdown of its value and the records behind it, with links to the registry's, the events' and the
certification's own pages (their list filters where one matches).

The total is always the computation itself (``programmes.computations.compute``); the breakdowns read the
same rows through the owning app's rule, so they add up to it (tested). Each breakdown runs a fixed number of
queries whatever the size of the data. A computation with nothing to count from for the year (e.g. the
campaign is not closed yet) shows why instead of a total.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from entities.computations import active_pes_at, owes_accredited_on
from entities.models import Entity, Group, PsStatus, YearlyFigures, legal_form_label
from entities.selectors import current_ps_filter
from programmes.computations import NotAvailable, compute, registered_computations

from .figures import employment, events_of_year, number_format, pes_by_group_and_powiat, powiat_list, year_end

RECORDS_SHOWN = 50


@dataclass(frozen=True)
class Line:
    label: str
    value: int | Decimal | str
    url: str = ""


@dataclass(frozen=True)
class Breakdown:
    computation: str
    label: str
    unit: str
    year: int
    total: Decimal | None
    groups: tuple[tuple[str, tuple[Line, ...]], ...] = ()
    records_title: str = ""
    records: tuple[Line, ...] = ()
    records_count: int = 0
    list_url: str = ""
    note: str = ""
    unavailable: str = ""

    @property
    def number_format(self) -> str:
        return number_format(self.total, self.unit)

    @property
    def more_records(self) -> int:
        return max(self.records_count - len(self.records), 0)


def _url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _by_powiat(values: dict[str, int], *, url=None) -> tuple[Line, ...]:
    names = dict(powiat_list())
    return tuple(Line(names.get(code, code or _("no seat given")), n, url(code) if url and code else "")
                 for code, n in sorted(values.items(), key=lambda kv: names.get(kv[0], "~")) if n)


def _pes(year: int) -> dict:
    by_group = pes_by_group_and_powiat(year)
    labels = dict(Group.choices)
    per_powiat: dict[str, int] = defaultdict(int)
    for values in by_group.values():
        for code, n in values.items():
            per_powiat[code] += n
    entities = active_pes_at(year_end(year)).select_related("seat").order_by("name", "pk")[:RECORDS_SHOWN]
    return {
        "groups": (
            (_("By kind"), tuple(Line(str(labels[g]), sum(v.values()), _url("entities:list", group=g))
                                 for g, v in by_group.items() if v)),
            (_("By powiat of the seat"), _by_powiat(per_powiat, url=lambda c: _url("entities:list", powiat=c))),
        ),
        "records_title": _("Entities counted"),
        "records": tuple(Line(e.name, e.seat.name if e.seat else "", _url("entities:detail", e.pk)) for e in entities),
        "records_count": sum(per_powiat.values()),
        "list_url": _url("entities:list", is_active="true"),
        "note": _("The registry's list shows the entities active today; the figure counts those registered and not "
                  "closed on 31 December."),
    }


def _ps(year: int) -> dict:
    pairs = set(PsStatus.objects.filter(current_ps_filter(year_end(year))).values_list("entity_id",
                                                                                       "entity__seat_id"))
    per_powiat: dict[str, int] = defaultdict(int)
    for _entity, seat in pairs:
        per_powiat[(seat or "")[:4]] += 1
    ids = sorted(e for e, _seat in pairs)
    entities = Entity.objects.filter(pk__in=ids).select_related("seat").order_by("name", "pk")[:RECORDS_SHOWN]
    return {
        "groups": ((_("By powiat of the seat"), _by_powiat(per_powiat, url=lambda c: _url("entities:list", ps="true",
                                                                                            powiat=c))),),
        "records_title": _("Social enterprises counted"),
        "records": tuple(Line(e.name, e.seat.name if e.seat else "", _url("entities:detail", e.pk)) for e in entities),
        "records_count": len(ids), "list_url": _url("entities:list", ps="true"),
        "note": _("The registry's list shows the status held today; the figure counts the status in force on "
                  "31 December."),
    }


def _employment(year: int, *, at_risk: bool) -> dict:
    figures = employment(year)
    rows = list(YearlyFigures.objects.filter(year=year).select_related("entity"))
    value = (lambda f: f.at_risk_total) if at_risk else (lambda f: f.employees_total)
    rows.sort(key=lambda f: (-value(f), f.entity.name))
    groups = [(_("By powiat of the seat"), _by_powiat(
        figures["at_risk_by_powiat" if at_risk else "employees_by_powiat"],
        url=lambda c: _url("entities:list", powiat=c)))]
    if at_risk:
        groups.insert(0, (_("By category (aggregates only)"), tuple(Line(label, n) for label, n in
                                                                   figures["at_risk_by_category"])))
    return {
        "groups": tuple(groups), "records_title": _("Yearly figures of the entities"),
        "records": tuple(Line(f.entity.name, value(f), _url("entities:detail", f.entity_id))
                         for f in rows[:RECORDS_SHOWN]),
        "records_count": len(rows),
    }


def _events(year: int, *, participants: bool) -> dict:
    from events.selectors import events_took_place

    counts = events_of_year(year)
    events = events_took_place(year).annotate(
        attended=Count("registrations", filter=Q(registrations__attended=True))).order_by("starts_at", "pk")
    shown = list(events[:RECORDS_SHOWN])
    return {
        "groups": ((_("By kind"), tuple(Line(kind, p if participants else n) for kind, n, p in counts["by_kind"])),),
        "records_title": _("Events that took place (held or reported), with their participants"),
        "records": tuple(Line(e.title, e.attended, _url("events:detail", e.pk)) for e in shown),
        "records_count": counts["events"], "list_url": _url("events:list", year=year),
    }


def _certificates(year: int, *, products: bool) -> dict:
    from certification.computations import certificates_valid_on

    certificates = list(certificates_valid_on(year_end(year)).select_related("application").annotate(
        products=Count("application__items")).order_by("number"))
    return {
        "records_title": _("Certificates in force on 31 December"),
        "records": tuple(Line(f"{c.number} – {c.entity_name}", c.products if products else "",
                              _url("certification:detail", c.application_id)) for c in certificates[:RECORDS_SHOWN]),
        "records_count": len(certificates),
    }


def _reintegration(year: int) -> dict:
    units = active_pes_at(year_end(year)).in_group(Group.REINTEGRATION)
    by_form: dict[str, int] = defaultdict(int)
    per_powiat: dict[str, int] = defaultdict(int)
    for legal_form, seat_id, n in units.values_list("legal_form", "seat_id").annotate(n=Count("pk")).order_by():
        by_form[legal_form] += n
        per_powiat[(seat_id or "")[:4]] += n
    shown = units.select_related("seat").order_by("name", "pk")[:RECORDS_SHOWN]
    return {
        "groups": (
            (_("By legal form"), tuple(Line(legal_form_label(form), n, _url("entities:list", legal_form=form))
                                       for form, n in sorted(by_form.items()))),
            (_("By powiat of the seat"), _by_powiat(per_powiat, url=lambda c: _url(
                "entities:list", group=Group.REINTEGRATION, powiat=c))),
        ),
        "records_title": _("Units counted"),
        "records": tuple(Line(e.name, e.seat.name if e.seat else "", _url("entities:detail", e.pk)) for e in shown),
        "records_count": sum(by_form.values()), "list_url": _url("entities:list", group=Group.REINTEGRATION),
    }


def _owes(year: int) -> dict:
    centres = list(owes_accredited_on(year_end(year)).select_related("operator").prefetch_related(
        "subregion").order_by("name", "pk"))
    return {
        "records_title": _("Support centres with accreditation in force on 31 December, with their subregion"),
        "records": tuple(Line(f"{c.name} ({c.operator.name})", ", ".join(t.name for t in c.subregion.all()),
                              _url("entities:detail", c.operator_id)) for c in centres[:RECORDS_SHOWN]),
        "records_count": len(centres),
    }


def _committee_meetings(year: int, *, attendance: bool) -> dict:
    from committee.computations import attendance_of_year, meetings_held
    from committee.models import Attendance, Meeting

    meetings = list(meetings_held(year).select_related("committee").annotate(
        present=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT), distinct=True),
        recorded=Count("attendance", distinct=True)).order_by("held_on", "pk"))
    modes = dict(Meeting.Mode.choices)
    by_mode: dict[str, int] = defaultdict(int)
    for meeting in meetings:
        by_mode[meeting.mode] += 1
    if attendance:
        counts = attendance_of_year(year)
        groups = ((_("Attendance records"), (Line(_("present"), counts["present"]),
                                             Line(_("absent (excused or not)"), counts["all"] - counts["present"]),
                                             Line(_("all"), counts["all"]))),)
    else:
        groups = ((_("By mode"), tuple(Line(str(modes[m]), n) for m, n in sorted(by_mode.items()))),)
    return {
        "groups": groups,
        "records_title": _("Meetings held (present / attendance recorded)"),
        "records": tuple(Line(f"{m.held_on:%Y-%m-%d} – {m.committee.name}", f"{m.present} / {m.recorded}",
                              _url("committee:meeting", m.pk)) for m in meetings[:RECORDS_SHOWN]),
        "records_count": len(meetings),
        "note": _("A meeting counts when its date has passed and at least one member was recorded present."),
    }


def _committee_resolutions(year: int) -> dict:
    from committee.computations import resolutions_adopted
    from committee.models import Resolution

    resolutions = list(resolutions_adopted(year).order_by("closed_at", "pk"))
    subjects = dict(Resolution.Subject.choices)
    by_subject: dict[str, int] = defaultdict(int)
    for resolution in resolutions:
        by_subject[resolution.subject] += 1
    return {
        "groups": ((_("By subject"), tuple(Line(str(subjects[s]), n) for s, n in sorted(by_subject.items()))),),
        "records_title": _("Resolutions adopted (by the date the vote closed)"),
        "records": tuple(Line(f"{r.number} – {r.title}", f"{r.closed_at:%Y-%m-%d}", _url("committee:resolution", r.pk))
                         for r in resolutions[:RECORDS_SHOWN]),
        "records_count": len(resolutions),
    }


def _survey(measure: str, year: int) -> dict:
    from .computations import frozen_figure
    from .models import Response

    try:
        figure = frozen_figure(measure, year)
    except NotAvailable:
        return {}
    answers = Response.objects.filter(
        respondent__campaign_id=figure.campaign_id, status=Response.Status.SUBMITTED,
        respondent__questionnaire__respondent_type=figure.respondent_type).values_list(
        "respondent_id", "respondent__entity__name", "answers").order_by("respondent__entity__name", "pk")
    answered = [(pk, name, a[figure.question_number]) for pk, name, a in answers
                if a.get(figure.question_number) is not None]
    yes_no = figure.yes_count is not None
    if yes_no:
        groups = ((_("Answers"), (Line(_("yes"), figure.yes_count),
                                  Line(_("no"), figure.respondents - figure.yes_count),
                                  Line(_("answered"), figure.respondents))),)
    else:
        groups = ((_("By powiat of the respondent's seat"), _by_powiat(
            {code: Decimal(v) for code, v in figure.by_powiat.items()})),
                  (_("Answers"), (Line(_("answered"), figure.respondents),
                                  Line(_("average"), figure.average if figure.average is not None else "—"))))
    show = (lambda v: _("yes") if v else _("no")) if yes_no else (lambda v: v)
    return {
        "groups": groups,
        "records_title": _("Submitted answers to question %(number)s: %(text)s") % {
            "number": figure.question_number, "text": figure.question_text},
        "records": tuple(Line(name, show(value), _url("monitoring:answer", pk)) for pk, name, value in
                         answered[:RECORDS_SHOWN]),
        "records_count": len(answered),
        "list_url": _url("monitoring:campaign", figure.campaign_id),
        "note": _("Frozen when the campaign for %(year)d was closed; answers still in draft at that time do not "
                  "count.") % {"year": year},
    }


BREAKDOWNS: dict[str, Callable[[int], dict]] = {
    "pes_count": _pes,
    "ps_count": _ps,
    "pes_employees": lambda year: _employment(year, at_risk=False),
    "pes_employees_at_risk": lambda year: _employment(year, at_risk=True),
    "events_held": lambda year: _events(year, participants=False),
    "event_participants": lambda year: _events(year, participants=True),
    "certified_pes": lambda year: _certificates(year, products=False),
    "certified_products": lambda year: _certificates(year, products=True),
    "reintegration_units": _reintegration,
    "owes_accredited": _owes,
    "committee_meetings": lambda year: _committee_meetings(year, attendance=False),
    "committee_attendance": lambda year: _committee_meetings(year, attendance=True),
    "committee_resolutions": _committee_resolutions,
}


def _details(name: str, year: int) -> dict:
    from .computations import measure_of

    if name in BREAKDOWNS:
        return BREAKDOWNS[name](year)
    measure = measure_of(name)
    return _survey(measure, year) if measure else {}


def breakdown(name: str, *, year: int) -> Breakdown:
    """The value of a registered computation for a year and what it counts (LookupError for an unknown name)."""
    entry = next((c for c in registered_computations() if c.name == name), None)
    if entry is None:
        raise LookupError(name)
    try:
        total = compute(name, year=year)
    except NotAvailable as exc:
        return Breakdown(computation=name, label=str(entry.label), unit=entry.unit, year=year, total=None,
                         unavailable=str(exc))
    return Breakdown(computation=name, label=str(entry.label), unit=entry.unit, year=year, total=total,
                     **_details(name, year))
