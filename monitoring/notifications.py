"""What monitoring tells respondents (``core.notifications``) and reminds them of (``core.reminders``);
registered from ``MonitoringConfig.ready()``.

Before the deadline the campaign's own reminder days (``Campaign.reminder_days``, chosen by staff per campaign,
``monitoring.services.reminders_send``) remind the respondents; the reminder after the deadline, while the
campaign is still open, is core's (once per respondent)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from core.notifications import notification_kind
from core.reminders import AFTER, Due, end_of_day, reminder_source

from .models import Campaign, Response
from .services.campaigns import respondent_link

notification_kind("monitoring.invitation", _("Invitation to the yearly monitoring survey"), required=True)
notification_kind("monitoring.reminder", _("Reminders of the monitoring survey's deadline"))


@reminder_source
def overdue_answers(earliest, latest):
    """Respondents of an open campaign past its deadline who have not submitted: reminded once after it."""
    campaigns = Campaign.objects.filter(status=Campaign.Status.OPEN, deadline__gte=earliest.date() - timedelta(days=1),
                                        deadline__lte=latest.date())
    for campaign in campaigns:
        due = end_of_day(campaign.deadline)
        if not earliest <= due <= latest:
            continue
        missing = campaign.respondents.exclude(response__status=Response.Status.SUBMITTED).exclude(contact_email="") \
            .select_related("entity", "questionnaire")
        for respondent in missing:
            yield Due(key=f"monitoring.respondent:{respondent.pk}", to=respondent.contact_email, due=due,
                      kind="monitoring.reminder", template="monitoring/email/overdue_reminder.txt",
                      context={"campaign": campaign, "respondent": respondent, "link": respondent_link(respondent)},
                      offsets=(AFTER,))
