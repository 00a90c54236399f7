"""Event participants in the register of processing activities (core.privacy)."""

from django.utils.translation import gettext_lazy as _

from core.privacy import Erasure, ProcessingActivity, register_activity
from core.retention import ANONYMISE, RetentionRule, register_rule

from .models import Registration
from .services import participant_erase, registrations_dispose


def _export(email: str) -> list[tuple[str, str, str]]:
    rows = []
    for r in Registration.objects.filter(email__iexact=email).select_related("event"):
        record = f"{_('registration')} #{r.pk}: {r.event}"
        rows += [(record, str(_("first name")), r.first_name), (record, str(_("last name")), r.last_name),
                 (record, str(_("e-mail address")), r.email), (record, str(_("institution")), r.institution),
                 (record, str(_("accessibility needs")), r.accessibility_needs),
                 (record, str(_("status")), r.get_status_display())]
    return rows


def _erase(email: str, by) -> Erasure:
    return participant_erase(email=email, by=by)


register_activity(ProcessingActivity(
    key="events.participants", name=_("Participants of events"),
    purpose=_("Organising events (trainings, conferences, galas), attendance lists and the monitoring of the "
              "regional programme."),
    legal_basis=_("Art. 6(1)(e) GDPR: a task in the public interest (the act on social economy)."),
    data_subjects=_("People who register for events."),
    categories=_("First and last name, e-mail, institution, participant category, powiat, accessibility needs, "
                 "attendance."),
    recipients=_("ROPS staff; the event's organisers; no transfers outside the EEA."),
    retention=_("Until the period set in EVENTS_PARTICIPANT_RETENTION_DAYS after the event; then anonymised "
                "(counts are kept)."),
    exporter=_export, anonymiser=_erase))


def _past(before):
    return Registration.objects.filter(anonymised_at__isnull=True, event__ends_at__date__lt=before)


def _dispose(ids, by) -> int:
    return registrations_dispose(ids=ids, by=by)


register_rule(RetentionRule(key="events.registrations", name=_("Registrations for events"), category="B5",
                            action=ANONYMISE, candidates=_past, dispose=_dispose))
