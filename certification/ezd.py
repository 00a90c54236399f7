"""The EZD case package of an application for the mark: its PDF attachments and the certificate (core.ezd)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.ezd import Access, CaseRecord, PackageFile, ezd_provider, stored_pdf


@ezd_provider("certification.application")
def application_case(application) -> CaseRecord:
    created = timezone.localdate(application.submitted_at or application.created_at)
    files = []
    for n, attachment in enumerate(application.attachments.order_by("uploaded_at", "pk"), start=1):
        content = stored_pdf(attachment.file) if attachment.content_kind == "pdf" else None
        if content is not None:
            files.append(PackageFile(name=f"{n:02d}-zalacznik-{attachment.pk}.pdf",
                                     title=f"{attachment.get_kind_display()}: {attachment.original_name}",
                                     content=content, created=timezone.localdate(attachment.uploaded_at)))
    certificate = getattr(application, "certificate", None)
    content = stored_pdf(certificate.pdf) if certificate is not None else None
    if content is not None:
        files.append(PackageFile(name=f"certyfikat-{certificate.number.replace('/', '-')}.pdf",
                                 title=_("Certificate %(number)s") % {"number": certificate.number},
                                 content=content, created=certificate.valid_from))
    return CaseRecord(identifier=f"{settings.ROPS_NAME}/certification/application/{application.pk}",
                      title=_("Application for the mark: %(entity)s") % {"entity": application.entity_name},
                      created=created, creator=application.entity_name or str(application.entity),
                      access=Access.METADATA, files=files)
