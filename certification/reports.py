"""The certificate PDF: data gathered by ``certificate_data``, rendered without the ORM, stored by a job."""

import base64
import io
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import gettext as _

from core.jobs import JobResult, job_handler
from core.mail import site_url
from core.pdf import render_pdf

from .models import Certificate


@dataclass(frozen=True)
class CertificateData:
    number: str
    entity_name: str
    items: tuple[str, ...]
    valid_from: date
    valid_until: date
    verify_url: str
    rops_name: str


def certificate_data(*, certificate_id: int) -> CertificateData:
    certificate = Certificate.objects.get(pk=certificate_id)
    url = site_url(reverse("certification:verify") + "?" + urlencode({"number": certificate.number}))
    return CertificateData(number=certificate.number, entity_name=certificate.entity_name,
                           items=tuple(line for line in certificate.items.splitlines() if line.strip()),
                           valid_from=certificate.valid_from, valid_until=certificate.valid_until, verify_url=url,
                           rops_name=settings.ROPS_NAME)


def qr_svg_data_uri(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def render_certificate_pdf(data: CertificateData) -> bytes:
    return render_pdf("certification/pdf/certificate.html", {"data": data, "qr": qr_svg_data_uri(data.verify_url)})


@job_handler("certificate_pdf")
def certificate_pdf_job(job, progress) -> JobResult:
    certificate_id = job.params["certificate_id"]
    data = certificate_data(certificate_id=certificate_id)
    progress(40, _("Rendering the PDF"))
    pdf = render_certificate_pdf(data)
    filename = f"certyfikat-{data.number.replace('/', '-')}.pdf"
    certificate = Certificate.objects.get(pk=certificate_id)
    if not certificate.pdf:  # the issued certificate keeps its first rendering
        certificate.pdf.save(filename, ContentFile(pdf), save=False)
        certificate.save(update_fields=["pdf"])
    return JobResult(filename=filename, content=pdf)
