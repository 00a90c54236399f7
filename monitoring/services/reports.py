"""The only writers of reports: creation, the narrative, generation of numbered versions and the workflow.

``report_transition`` is the single path for every change of status (views, the demo, commands). From
acceptance by the Board on, the report and the programme's indicator values of its years never change:
the values are locked through ``programmes.services.indicator_values_lock`` (the programme's one lock rule).
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_staff, staff_actors
from core.audit import set_history_user as _history_user
from core.services import job_create
from core.workflow import transition
from programmes.services import indicator_values_lock

from .. import reports as report_files  # its renderers looked up when called (tests replace them there)
from ..figures import closed_campaign, indicator_values_of, report_snapshot, snapshot_indicator_values
from ..models import REPORT_FINAL, REPORT_WORKFLOW, Campaign, Report, ReportEvent, ReportStatus, ReportVersion

JOB_KIND = "monitoring_report"


def _require_draft(report: Report) -> None:
    """Only a draft is edited or generated; an accepted report never changes."""
    if report.status in REPORT_FINAL:
        raise ValidationError(_("The report has been accepted by the Board: it and its figures can no longer be "
                                "changed or generated again."), code="immutable")
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(_("The Committee has given its opinion on this version: return the report to draft "
                                "to change it."), code="not_draft")


def default_title(kind: str, year_from: int, year: int) -> str:
    if kind == Report.Kind.PERIODIC:
        return _("Report on the implementation of the programme in %(from)d–%(to)d") % {"from": year_from,
                                                                                        "to": year}
    return _("Annual report on the implementation of the programme in %(year)d") % {"year": year}


@transaction.atomic
def report_create(*, kind: str, programme, year: int, by, year_from: int | None = None, title: str = "") -> Report:
    """A draft report; it is linked to the monitoring campaign of its (last) year when there is one."""
    require_staff(by)
    if kind == Report.Kind.ANNUAL or year_from is None:
        year_from = year
    if year_from > year:
        raise ValidationError(_("The period must start before it ends."), code="period")
    if Report.objects.filter(programme=programme, kind=kind, year_from=year_from, year=year).exists():
        raise ValidationError(_("This report already exists; open it from the list."), code="duplicate")
    report = Report(kind=kind, programme=programme, year_from=year_from, year=year, created_by=by,
                    title=title.strip() or default_title(kind, year_from, year),
                    campaign=Campaign.objects.filter(year=year).first())
    _history_user(report, by)
    report.save()
    return report


@transaction.atomic
def report_update(*, report: Report, by, title: str, introduction: str, conclusions: str,
                  recommendations: str) -> Report:
    """Change the narrative written by staff (introduction, conclusions, recommendations) of a draft."""
    require_staff(by)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    report.title = title.strip() or report.title
    report.introduction, report.conclusions = introduction.strip(), conclusions.strip()
    report.recommendations = recommendations.strip()
    _history_user(report, by)
    report.save(update_fields=["title", "introduction", "conclusions", "recommendations"])
    return report


@transaction.atomic
def report_generate(*, report: Report, by):
    """Queue the generation of a new version (a background job; the caller shows the job page).

    Refused unless the report is a draft and the monitoring campaign of its year is closed (frozen).
    """
    require_staff(by)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    campaign = closed_campaign(report.year)
    if campaign is None:
        raise ValidationError(_("The monitoring campaign for %(year)d is not closed yet: its figures are not "
                                "frozen.") % {"year": report.year}, code="campaign_open")
    if report.campaign_id != campaign.pk:
        report.campaign = campaign
        report.save(update_fields=["campaign"])
    return job_create(kind=JOB_KIND, title=_("%(title)s – new version") % {"title": report.title},
                      params={"report_id": report.pk}, by=by)


def report_version_create(*, report_id: int, by=None, job=None, progress=None) -> ReportVersion:
    """Make the next numbered version: snapshot the figures, render the PDF and the XLSX, store all three.

    Safe to run again for the same ``job`` (a worker lost mid-way): the version it already stored is returned,
    so a job makes exactly one version. Rendering happens outside any transaction (the job page sees the
    progress); the number is taken under the report's row lock and the files are re-rendered in the rare case
    that a concurrent generation took the number meanwhile.
    """
    def step(percent: int, message: str) -> None:
        if progress is not None:
            progress(percent, message)

    if job is not None:
        existing = ReportVersion.objects.filter(job=job).first()
        if existing is not None:
            return existing
    report = Report.objects.select_related("programme", "campaign").get(pk=report_id)
    _require_draft(report)
    step(10, _("Reading the figures"))
    snapshot = report_snapshot(report)
    snapshot["generated_at"] = timezone.now().isoformat()
    snapshot["generated_by"] = str(by) if by is not None else ""
    for _attempt in range(3):
        number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        snapshot["version"] = number
        data = report_files.report_data(snapshot)
        step(40, _("Rendering the PDF"))
        pdf = report_files.render_report_pdf(data)
        step(80, _("Writing the spreadsheet"))
        xlsx = report_files.render_report_xlsx(data)
        step(95, _("Saving the version"))
        with transaction.atomic():
            locked = Report.objects.select_for_update().get(pk=report.pk)
            _require_draft(locked)
            if job is not None and ReportVersion.objects.filter(job=job).exists():
                return ReportVersion.objects.get(job=job)
            if (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1 != number:
                continue  # another generation numbered its version first: render again with the next number
            version = ReportVersion(report=locked, number=number, job=job, snapshot=snapshot, created_by=by)
            version.pdf.save(version.filename("pdf"), ContentFile(pdf), save=False)
            version.xlsx.save(version.filename("xlsx"), ContentFile(xlsx), save=False)
            version.save()
            return version
    raise ValidationError(_("Several versions were being generated at once; try again."), code="busy")


def latest_version(report: Report) -> ReportVersion | None:
    return report.versions.order_by("-number").first()


@transaction.atomic
def report_transition(*, report: Report, to: str, by, note: str = "", committee_resolution=None,
                      board_resolution_number: str = "", board_resolution_date=None, sejmik_submitted_on=None,
                      sejmik_reference: str = "") -> Report:
    """Move a report along draft → Committee's opinion → accepted by the Board → submitted to the Sejmik.

    ``by=None`` is the system. Acceptance records the Board's resolution, fixes the accepted version and locks
    the programme's indicator values of the report's years (refused if they changed since that version).
    """

    def apply(report: Report, old: str) -> list[str]:
        today = timezone.localdate()
        version = latest_version(report)
        if to == ReportStatus.COMMITTEE_OPINION:
            if version is None:
                raise ValidationError(_("Generate the report before recording the Committee's opinion."),
                                      code="no_version")
            if committee_resolution is None or not committee_resolution.is_closed or \
                    not committee_resolution.adopted:
                raise ValidationError(_("Choose the Committee's adopted resolution giving its opinion on the "
                                        "report."), code="resolution")
            report.committee_resolution = committee_resolution
            return ["committee_resolution"]
        if to == ReportStatus.DRAFT:
            report.committee_resolution = None
            return ["committee_resolution"]
        if to == ReportStatus.ACCEPTED:
            number = board_resolution_number.strip()
            if not number or board_resolution_date is None or board_resolution_date > today:
                raise ValidationError(_("Give the number and the date (today or earlier) of the Board's "
                                        "resolution."), code="resolution")
            _check_values_unchanged(report, version)
            report.board_resolution_number, report.board_resolution_date = number, board_resolution_date
            report.accepted_version = version
            for year in report.years:
                indicator_values_lock(programme=report.programme, year=year, by=by)
            return ["board_resolution_number", "board_resolution_date", "accepted_version"]
        if to == ReportStatus.SUBMITTED:
            if sejmik_submitted_on is None or sejmik_submitted_on > today or (
                    report.board_resolution_date and sejmik_submitted_on < report.board_resolution_date):
                raise ValidationError(_("Give the date of submission to the Sejmik (after the Board's resolution, "
                                        "not in the future)."), code="date")
            report.sejmik_submitted_on, report.sejmik_reference = sejmik_submitted_on, sejmik_reference.strip()
            return ["sejmik_submitted_on", "sejmik_reference"]
        return []

    def record(report: Report, old: str, clean_note: str) -> None:
        ReportEvent.objects.create(report=report, actor=by, from_status=old, to_status=to, note=clean_note)

    def after_commit(report: Report, old: str) -> None:
        if to == ReportStatus.ACCEPTED:
            _seal_accepted(report.accepted_version_id, by)  # type: ignore[arg-type]  # set by the acceptance

    return transition(REPORT_WORKFLOW, report, to=to, by=by, actors_of=staff_actors, note=note, apply=apply,
                      record=record, after_commit=after_commit,
                      queryset=Report.objects.select_related("programme"))


def _seal_accepted(version_id: int, by) -> None:
    version = ReportVersion.objects.select_related("report").get(pk=version_id)
    job_create(kind="monitoring_report_seal", title=_("Sealing %(version)s") % {"version": version},
               params={"version_id": version_id}, by=by)


@transaction.atomic
def report_version_seal_store(*, version: ReportVersion, content, sha256: str, level: str) -> ReportVersion:
    """Keep the sealed PDF of the accepted version and its SHA-256, once (a second sealing is dropped)."""
    version = ReportVersion.objects.select_for_update().select_related("report").get(pk=version.pk)
    if version.report.accepted_version_id != version.pk:
        raise ValidationError(_("Only the accepted version of a report is sealed."))
    if not version.sealed_pdf:
        version.sealed_pdf.save(version.filename("pdf").replace(".pdf", "-pieczec.pdf"), content, save=False)
        version.pdf_sha256, version.seal_level = sha256, level
        version.save(update_fields=["sealed_pdf", "pdf_sha256", "seal_level"])
    return version


def _check_values_unchanged(report: Report, version: ReportVersion | None) -> None:
    """The Board accepts the figures of the version it saw: the programme's values must still be those."""
    if version is None:
        raise ValidationError(_("The report has no version to accept."), code="no_version")
    if indicator_values_of(report.programme, report.years) != snapshot_indicator_values(version.snapshot):
        raise ValidationError(_("The programme's indicator values changed after version %(n)d was generated: return "
                                "the report to draft and generate it again.") % {"n": version.number},
                              code="values_changed")
