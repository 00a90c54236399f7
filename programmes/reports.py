"""The consultation report PDF: data gathered by ``selectors.consultation_report_data``, rendered without the ORM,
stored and published by a background job."""

from django.utils.translation import gettext as _

from core.jobs import JobResult, job_handler
from core.pdf import render_pdf

from .selectors import ConsultationReportData, consultation_report_data
from .services import consultation_report_publish


def render_consultation_report(data: ConsultationReportData) -> bytes:
    return render_pdf("programmes/pdf/consultation_report.html", {"data": data})


@job_handler("programmes_consultation_report")
def consultation_report_job(job, progress) -> JobResult:
    consultation_id = job.params["consultation_id"]
    data = consultation_report_data(consultation_id=consultation_id)
    progress(40, _("Rendering the PDF"))
    pdf = render_consultation_report(data)
    filename = f"raport-z-konsultacji-{consultation_id}.pdf"
    consultation_report_publish(consultation_id=consultation_id, filename=filename, pdf=pdf)
    return JobResult(filename=filename, content=pdf)
