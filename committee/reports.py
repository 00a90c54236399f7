"""Minutes (protokół) of a meeting as a PDF job: attendance, agenda, resolutions with their vote counts."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from core.jobs import JobResult, job_handler
from core.pdf import render_pdf

from .models import Meeting


@dataclass(frozen=True)
class MinutesData:
    committee: str
    held_on: datetime
    mode: str
    place: str
    attendance: tuple[tuple[str, str, str], ...]   # name, represents, status
    agenda: tuple[str, ...]
    resolutions: tuple[dict, ...]


def minutes_data(*, meeting_id: int) -> MinutesData:
    meeting = Meeting.objects.select_related("committee").get(pk=meeting_id)
    attendance = tuple(
        (str(a.member.user), a.member.get_category_display(), a.get_status_display())
        for a in meeting.attendance.select_related("member__user").order_by("member__user__last_name"))
    resolutions = tuple(
        {"number": r.number, "title": r.title, "adopted": r.adopted, **(r.result or {})}
        for r in meeting.resolutions.order_by("sequence"))
    return MinutesData(committee=meeting.committee.name, held_on=meeting.held_on, mode=meeting.get_mode_display(),
                       place=meeting.place, attendance=attendance, agenda=tuple(meeting.agenda_items),
                       resolutions=resolutions)


def render_minutes_pdf(data: MinutesData) -> bytes:
    return render_pdf("committee/pdf/minutes.html", {"data": data})


@job_handler("committee_minutes")
def minutes_job(job, progress) -> JobResult:
    data = minutes_data(meeting_id=job.params["meeting_id"])
    progress(50, _("Rendering the PDF"))
    return JobResult(filename=f"protokol-{data.held_on:%Y-%m-%d}.pdf", content=render_minutes_pdf(data))
