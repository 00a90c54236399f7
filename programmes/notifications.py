"""What programmes reminds staff of (``core.reminders``); registered from ``ProgrammesConfig.ready()``."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.mail import site_url
from core.notifications import notification_kind
from core.reminders import Due, end_of_day, reminder_source

from .models import REPORT_DUE_DAYS, Consultation

notification_kind("programmes.report_reminder", _("Reminders of the consultation report's deadline (staff)"))


@reminder_source
def consultation_report_reminders(earliest, latest):
    """A closed consultation whose report is not published: the ROPS staff, before and after its 30-day
    deadline (art. 6 of the act on development policy)."""
    pending = Consultation.objects.report_pending().filter(
        closed_on__gte=earliest.date() - timedelta(days=REPORT_DUE_DAYS + 1),
        closed_on__lte=latest.date() - timedelta(days=REPORT_DUE_DAYS)).select_related("programme")
    consultations = [c for c in pending if earliest <= end_of_day(c.report_due) <= latest]
    if not consultations:
        return
    staff = get_user_model().objects.filter(is_active=True, groups__name__in=[Role.ROPS_STAFF, Role.ROPS_ADMIN]) \
        .exclude(email="").values_list("email", flat=True).distinct()
    addresses = sorted(set(staff))
    for consultation in consultations:
        url = site_url(reverse("programmes:consultation", args=[consultation.programme_id]))
        for address in addresses:
            yield Due(key=f"programmes.consultation_report:{consultation.pk}", to=address,
                      due=end_of_day(consultation.report_due), kind="programmes.report_reminder",
                      template="programmes/email/report_reminder.txt",
                      context={"consultation": consultation, "url": url})
