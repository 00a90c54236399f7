"""Committee members in the register of processing activities (core.privacy)."""

from django.utils.translation import gettext_lazy as _

from core.privacy import Erasure, ProcessingActivity, Refusal, register_activity

from .models import Interest, Member


def _export(email: str) -> list[tuple[str, str, str]]:
    rows = []
    for m in Member.objects.filter(user__email__iexact=email).select_related("committee"):
        record = f"{_('membership')}: {m.committee}"
        rows += [(record, str(_("represents")), m.get_category_display()),
                 (record, str(_("body represented")), m.represented_body),
                 (record, str(_("appointed on")), m.appointed_on.isoformat()),
                 (record, str(_("dismissed on")), m.dismissed_on.isoformat() if m.dismissed_on else "")]
    for i in Interest.objects.filter(person__email__iexact=email).select_related("entity"):
        rows.append((str(_("register of interests")), i.get_kind_display(), i.organisation_name))
    return rows


def _erase(email: str, by) -> Erasure:
    if not Member.objects.filter(user__email__iexact=email).exists():
        return Erasure()
    return Erasure(refused=(Refusal(str(_("committee membership, declarations and votes")), str(_(
        "The composition of the committee and its resolutions are public information and records of the office "
        "kept for their archival period (art. 17(3)(b) GDPR)."))),))


register_activity(ProcessingActivity(
    key="committee.members", name=_("Members of the Regional Committee and the chapter"),
    purpose=_("The committee's work: appointments, meetings, declarations of conflicts of interest, the register "
              "of interests, votes and the publication of its composition."),
    legal_basis=_("Art. 6(1)(c) and (e) GDPR: the act on social economy (art. 57) and the rules of procedure."),
    data_subjects=_("Members of the committee and of the certifying chapter."),
    categories=_("Name, e-mail, the body represented, role, attendance, declarations, votes, organisations the "
                 "member is linked to."),
    recipients=_("ROPS staff, the committee; the composition and named votes are published (BIP)."),
    retention=_("For the archival period of the committee's records (JRWA category A)."),
    exporter=_export, anonymiser=_erase))
