"""What certification tells applicants (``core.notifications``) and reminds them of (``core.reminders``);
registered from ``CertificationConfig.ready()``."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from core.mail import site_url
from core.notifications import notification_kind
from core.reminders import Due, end_of_day, reminder_source

from .models import Application, Status

# Changes of an application's status the procedure requires the applicant to hear of: the return for
# corrections (with its deadline) and every decision. Other changes are news the applicant may turn down.
DECISIONS = frozenset({Status.RETURNED, Status.GRANTED, Status.REFUSED, Status.CERTIFICATE_ISSUED,
                       Status.EXPIRED, Status.WITHDRAWN})

notification_kind("certification.decision", _("Returns for corrections and decisions on my applications"),
                  required=True)
notification_kind("certification.progress", _("Other changes of my applications' status"))
notification_kind("certification.corrections_reminder", _("Reminders of the deadline for corrections"))
notification_kind("certification.expiry", _("My certificate is about to expire"))


@reminder_source
def corrections_reminders(earliest, latest):
    """An application returned for corrections, before and after the deadline (while still not resubmitted):
    its contact address and the entity's representatives."""
    returned = Application.objects.filter(
        status=Status.RETURNED, corrections_deadline__gte=earliest.date() - timedelta(days=1),
        corrections_deadline__lte=latest.date()).select_related("entity", "edition")
    for application in returned:
        due = end_of_day(application.corrections_deadline)
        if not earliest <= due <= latest:
            continue
        recipients = {application.contact_email, *application.entity.representations.values_list("user__email",
                                                                                                 flat=True)}
        for address in sorted(a for a in recipients if a):
            yield Due(key=f"certification.corrections:{application.pk}:{application.corrections_deadline}",
                      to=address, due=due, kind="certification.corrections_reminder",
                      template="certification/email/corrections_reminder.txt",
                      context={"application": application, "url": site_url(application.get_absolute_url())})
