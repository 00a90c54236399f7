"""The background jobs of monitoring: the numbered report version (its data gathered by ``figures``, drawn by
``reports`` without the ORM, stored by ``services``). Registered in ``MonitoringConfig.ready``."""

from core.jobs import JobResult, job_handler

from .services import report_version_create


@job_handler("monitoring_report")
def report_job(job, progress) -> JobResult:
    """Generate a numbered version of a report (PDF + XLSX + snapshot); a re-run of the same job returns the
    version it already made."""
    version = report_version_create(report_id=job.params["report_id"], job=job, by=job.requested_by,
                                    progress=progress)
    with version.pdf.open("rb") as handle:
        content = handle.read()
    return JobResult(filename=version.filename("pdf"), content=content)
