"""Attendance list (PDF to sign) and participants export (XLSX), produced as background jobs."""

import io
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import xlsx_append
from core.jobs import JobResult, job_handler
from core.pdf import render_pdf

from .models import Event, ParticipantCategory, Registration


@dataclass(frozen=True)
class ParticipantRow:
    number: int
    name: str
    email: str
    institution: str
    category: str
    status: str
    attended: str
    walk_in: bool


@dataclass(frozen=True)
class ParticipantList:
    title: str
    kind: str
    starts_at: datetime
    place: str
    rows: tuple[ParticipantRow, ...]


def participant_list(*, event_id: int, include_waiting: bool = False) -> ParticipantList:
    event = Event.objects.get(pk=event_id)
    statuses = ["confirmed", "waiting"] if include_waiting else ["confirmed"]
    registrations = event.registrations.filter(status__in=statuses).select_related("entity").order_by(
        "last_name", "first_name", "pk")
    yes, no = _("yes"), _("no")
    rows = tuple(
        ParticipantRow(
            number=i, name=f"{r.last_name} {r.first_name}".strip() or _("anonymised participant"), email=r.email,
            institution=r.institution or (str(r.entity) if r.entity else ""),
            category=str(ParticipantCategory(r.category).label), status=str(Registration.Status(r.status).label),
            attended={True: yes, False: no, None: "—"}[r.attended], walk_in=r.walk_in,
        )
        for i, r in enumerate(registrations, start=1)
    )
    place = event.venue or ", ".join(p for p in [event.city, event.country] if p)
    return ParticipantList(title=event.title, kind=event.get_kind_display(), starts_at=event.starts_at,
                           place=place, rows=rows)


def render_attendance_pdf(data: ParticipantList) -> bytes:
    return render_pdf("events/pdf/attendance_list.html", {"data": data})


def render_participants_xlsx(data: ParticipantList) -> bytes:
    # lazy: openpyxl (0.3 s to import) is needed only when a spreadsheet is read or written
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Participants")[:31]
    xlsx_append(sheet, [data.title])
    xlsx_append(sheet, [data.kind, timezone.localtime(data.starts_at).strftime("%Y-%m-%d %H:%M"), data.place])
    xlsx_append(sheet, [])
    xlsx_append(sheet, [_("No."), _("Name"), _("E-mail"), _("Institution"), _("Category"), _("Status"), _("Attended"),
                  _("Added at the door")])
    for row in data.rows:
        xlsx_append(sheet, [row.number, row.name, row.email, row.institution, row.category, row.status, row.attended,
                      _("yes") if row.walk_in else ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@job_handler("events_attendance_pdf")
def attendance_pdf_job(job, progress) -> JobResult:
    data = participant_list(event_id=job.params["event_id"])
    progress(50, _("Rendering the PDF"))
    return JobResult(filename=f"lista-obecnosci-{job.params['event_id']}.pdf", content=render_attendance_pdf(data))


@job_handler("events_participants_xlsx")
def participants_xlsx_job(job, progress) -> JobResult:
    data = participant_list(event_id=job.params["event_id"], include_waiting=True)
    progress(50, _("Writing the spreadsheet"))
    return JobResult(filename=f"uczestnicy-{job.params['event_id']}.xlsx", content=render_participants_xlsx(data),
                     content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
