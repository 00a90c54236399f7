"""User accounts (staff, members, representatives) in the register of processing activities (core.privacy)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.privacy import Erasure, ProcessingActivity, Refusal, register_activity


def _export(email: str) -> list[tuple[str, str, str]]:
    rows = []
    for user in get_user_model().objects.filter(email__iexact=email).prefetch_related("groups"):
        record = f"{_('account')} #{user.pk}"
        rows += [(record, str(_("e-mail")), user.email), (record, str(_("full name")), user.get_full_name()),
                 (record, str(_("roles")), ", ".join(g.name for g in user.groups.all())),
                 (record, str(_("account active")), str(user.is_active)),
                 (record, str(_("last login")), user.last_login.isoformat() if user.last_login else "")]
    return rows


def _erase(email: str, by) -> Erasure:
    if not get_user_model().objects.filter(email__iexact=email).exists():
        return Erasure()
    return Erasure(refused=(Refusal(str(_("the account")), str(_(
        "Who did what in the system (decisions, votes, answers) must stay attributable: the audit trail is kept "
        "for the archival period of the records it concerns (art. 17(3)(b) and (e) GDPR). Deactivate the account "
        "in the administration instead."))),))


register_activity(ProcessingActivity(
    key="accounts.users", name=_("User accounts"),
    purpose=_("Signing in to the back office, roles and permissions, and the audit trail of who did what."),
    legal_basis=_("Art. 6(1)(c) and (e) GDPR: the office's duties of records keeping and its public tasks."),
    data_subjects=_("ROPS staff, committee members, PES representatives, Board viewers."),
    categories=_("Name, e-mail, roles, sign-in history, second-factor settings."),
    recipients=_("ROPS administrators; the hosting provider as processor."),
    retention=_("While the account exists; the audit trail for the archival period of the records it concerns."),
    exporter=_export, anonymiser=_erase))
