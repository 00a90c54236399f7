"""The background jobs of monitoring: the numbered report version (its data gathered by ``figures``, drawn by
``reports`` without the ORM, stored by ``services``) and its sealing once the Board accepts it. Registered in
``MonitoringConfig.ready``."""

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from core.jobs import JobResult, job_handler
from core.seal import seal_pdf

from .models import ReportVersion
from .services import report_version_create, report_version_seal_store


@job_handler("monitoring_report")
def report_job(job, progress) -> JobResult:
    """Generate a numbered version of a report (PDF + XLSX + snapshot); a re-run of the same job returns the
    version it already made."""
    version = report_version_create(report_id=job.params["report_id"], job=job, by=job.requested_by,
                                    progress=progress)
    return JobResult.of_record(version.pdf, version.filename("pdf"))


@job_handler("monitoring_report_seal")
def report_seal_job(job, progress) -> JobResult:
    """Seal the accepted version's PDF as it was generated (never rendered again)."""
    version = ReportVersion.objects.select_related("report").get(pk=job.params["version_id"])
    if not version.sealed_pdf:
        with version.pdf.open("rb") as handle:
            pdf = handle.read()
        progress(50, _("Sealing the PDF"))
        sealed = seal_pdf(pdf, reason=_("Accepted report %(version)s") % {"version": version})
        version = report_version_seal_store(version=version, content=ContentFile(sealed.content),
                                            sha256=sealed.sha256, level=sealed.level)
    return JobResult.of_record(version.sealed_pdf, version.filename("pdf"))
