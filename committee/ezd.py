"""The EZD case package of a resolution: the resolution itself (the sealed PDF once the vote closed) and its
PDF documents (core.ezd)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.ezd import Access, CaseRecord, PackageFile, ezd_provider, stored_pdf
from core.pdf import render_pdf

from .reports import resolution_data


@ezd_provider("committee.resolution")
def resolution_case(resolution) -> CaseRecord:
    created = timezone.localdate(resolution.closed_at or resolution.created_at)
    number = resolution.number.replace("/", "-")
    # The sealed document when the vote has closed (stored once by the resolution job), else the draft as it is.
    content = stored_pdf(resolution.pdf) if resolution.pdf else None
    if content is None:
        content = render_pdf("committee/pdf/resolution.html", {"data": resolution_data(resolution_id=resolution.pk)})
    files = [PackageFile(name=f"uchwala-{number}.pdf", title=str(resolution), created=created, content=content)]
    for document in resolution.documents.order_by("pk"):
        content = stored_pdf(document.file) if document.original_name.lower().endswith(".pdf") else None
        if content is not None:
            files.append(PackageFile(name=f"dokument-{document.pk}.pdf", title=document.title, content=content,
                                     created=timezone.localdate(document.uploaded_at)))
    restricted = resolution.secret or resolution.documents.filter(restricted=True).exists()
    return CaseRecord(identifier=f"{settings.ROPS_NAME}/committee/resolution/{resolution.pk}",
                      title=_("Resolution %(number)s: %(title)s") % {"number": resolution.number,
                                                                    "title": resolution.title},
                      created=created, creator=resolution.committee.name,
                      access=Access.METADATA if restricted else Access.ALL, files=files)
