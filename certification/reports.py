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
from core.seal import seal_pdf

from .models import Certificate
from .services import certificate_pdf_store


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


# The seal's field on the landscape certificate: between ROPS's name and the QR code, inside the frame.
SEAL_BOX = (380, 62, 640, 104)


def render_certificate_pdf(data: CertificateData) -> bytes:
    return render_pdf("certification/pdf/certificate.html", {"data": data, "qr": qr_svg_data_uri(data.verify_url)})


@job_handler("certificate_pdf")
def certificate_pdf_job(job, progress) -> JobResult:
    """Render and seal the certificate once; a sealed certificate is never rendered again (the job run again
    returns the stored file)."""
    certificate_id = job.params["certificate_id"]
    certificate = Certificate.objects.get(pk=certificate_id)
    filename = f"certyfikat-{certificate.number.replace('/', '-')}.pdf"
    if certificate.pdf:
        return JobResult.of_record(certificate.pdf, filename)
    data = certificate_data(certificate_id=certificate_id)
    progress(40, _("Rendering the PDF"))
    pdf = render_certificate_pdf(data)
    progress(70, _("Sealing the PDF"))
    sealed = seal_pdf(pdf, reason=_("Certificate %(number)s") % {"number": data.number}, box=SEAL_BOX)
    certificate = certificate_pdf_store(certificate=certificate, filename=filename, content=ContentFile(sealed.content),
                                        sha256=sealed.sha256, level=sealed.level)
    return JobResult.of_record(certificate.pdf, filename)
