"""Survey respondents in the register of processing activities (core.privacy)."""

from django.utils.translation import gettext_lazy as _

from core.privacy import Erasure, ProcessingActivity, register_activity

from .models import Respondent
from .services.campaigns import respondent_contacts_erase


def _export(email: str) -> list[tuple[str, str, str]]:
    return [(f"{_('survey respondent')}: {r.campaign}", str(_("contact e-mail")), r.contact_email)
            for r in Respondent.objects.filter(contact_email__iexact=email).select_related("campaign")]


def _erase(email: str, by) -> Erasure:
    return respondent_contacts_erase(email=email, by=by)


register_activity(ProcessingActivity(
    key="monitoring.respondents", name=_("Contact persons of survey respondents"),
    purpose=_("Sending the yearly monitoring survey and its reminders to entities."),
    legal_basis=_("Art. 6(1)(e) GDPR: monitoring of the regional programme."),
    data_subjects=_("People whose e-mail is given as a respondent's contact."),
    categories=_("E-mail."),
    recipients=_("ROPS staff; the mail provider as processor."),
    retention=_("Until the campaign closes; the answers are the entity's, not personal data."),
    exporter=_export, anonymiser=_erase))
