"""Minutes (protokół) of a meeting as a PDF job: attendance, agenda, resolutions with their vote counts."""

from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from core.jobs import JobResult, job_handler
from core.pdf import render_pdf
from core.seal import seal_pdf

from .models import Meeting, Resolution
from .services import meeting_minutes_store, resolution_pdf_store


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
    """Render and seal the minutes once; afterwards the job hands out the sealed file (never rendered again)."""
    meeting = Meeting.objects.get(pk=job.params["meeting_id"])
    filename = f"protokol-{meeting.held_on:%Y-%m-%d}.pdf"
    if not meeting.minutes_pdf:
        data = minutes_data(meeting_id=meeting.pk)
        progress(40, _("Rendering the PDF"))
        pdf = render_minutes_pdf(data)
        progress(70, _("Sealing the PDF"))
        sealed = seal_pdf(pdf, reason=_("Minutes of the meeting"))
        meeting = meeting_minutes_store(meeting=meeting, filename=filename, content=ContentFile(sealed.content),
                                        sha256=sealed.sha256, level=sealed.level)
    return JobResult.of_record(meeting.minutes_pdf, filename)


@dataclass(frozen=True)
class ResolutionData:
    committee: str
    number: str
    title: str
    subject: str
    description: str
    meeting: str
    closed_at: datetime | None   # None: a draft, rendered as it is for an EZD package (``committee.ezd``)
    adopted: bool | None
    result: dict


def resolution_data(*, resolution_id: int) -> ResolutionData:
    resolution = Resolution.objects.select_related("committee", "meeting").get(pk=resolution_id)
    return ResolutionData(committee=resolution.committee.name, number=resolution.number, title=resolution.title,
                          subject=resolution.get_subject_display(), description=resolution.description,
                          meeting=str(resolution.meeting.held_on.date()) if resolution.meeting else "",
                          closed_at=resolution.closed_at, adopted=resolution.adopted, result=resolution.result or {})


@job_handler("committee_resolution")
def resolution_job(job, progress) -> JobResult:
    """Render and seal a closed resolution once (started when the vote closes)."""
    resolution = Resolution.objects.get(pk=job.params["resolution_id"])
    filename = f"uchwala-{resolution.number.replace('/', '-')}.pdf"
    if not resolution.pdf:
        data = resolution_data(resolution_id=resolution.pk)
        progress(40, _("Rendering the PDF"))
        pdf = render_pdf("committee/pdf/resolution.html", {"data": data})
        progress(70, _("Sealing the PDF"))
        sealed = seal_pdf(pdf, reason=_("Resolution %(number)s") % {"number": data.number})
        resolution = resolution_pdf_store(resolution=resolution, filename=filename,
                                          content=ContentFile(sealed.content), sha256=sealed.sha256,
                                          level=sealed.level)
    return JobResult.of_record(resolution.pdf, filename)
