"""The EZD case package of a report version: its PDF (core.ezd)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.ezd import Access, CaseRecord, PackageFile, ezd_provider, stored_pdf


@ezd_provider("monitoring.reportversion")
def report_version_case(version) -> CaseRecord:
    created = timezone.localdate(version.created_at)
    title = _("%(report)s, version %(n)d") % {"report": version.report, "n": version.number}
    content = stored_pdf(version.pdf)
    files = [PackageFile(name=version.filename("pdf"), title=title, content=content, created=created)] \
        if content is not None else []
    return CaseRecord(identifier=f"{settings.ROPS_NAME}/monitoring/report/{version.report_id}/v{version.number}",
                      title=title, created=created, creator=settings.ROPS_NAME, access=Access.ALL, files=files)
