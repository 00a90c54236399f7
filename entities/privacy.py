"""Contact persons of PES in the register of processing activities (core.privacy)."""

from django.utils.translation import gettext_lazy as _

from core.privacy import Erasure, ProcessingActivity, register_activity
from core.retention import DELETE, RetentionRule, register_rule

from .models import Contact
from .services import contacts_dispose, contacts_erase


def _export(email: str) -> list[tuple[str, str, str]]:
    rows = []
    for c in Contact.objects.filter(email__iexact=email).select_related("entity"):
        record = f"{_('contact person')}: {c.entity}"
        rows += [(record, str(_("name")), c.name), (record, str(_("role")), c.role),
                 (record, str(_("e-mail")), c.email), (record, str(_("phone")), c.phone),
                 (record, str(_("legal basis")), c.get_legal_basis_display())]
    return rows


def _erase(email: str, by) -> Erasure:
    return contacts_erase(email=email, by=by)


register_activity(ProcessingActivity(
    key="entities.contacts", name=_("Contact persons of social economy entities"),
    purpose=_("Keeping the regional register of social economy entities and contacting them."),
    legal_basis=_("Art. 6(1)(e) GDPR (the act on social economy), or consent where the contact gave it."),
    data_subjects=_("People named as contacts of PES and other entities."),
    categories=_("Name, role, e-mail, phone."),
    recipients=_("ROPS staff; published in the catalogue only where the person agreed."),
    retention=_("While the entity is in the register, or until consent is withdrawn."),
    source=_("The entity itself, public registers (KRS) or the import of the register."),
    exporter=_export, anonymiser=_erase))


def _closed_entities_contacts(before):
    return Contact.objects.filter(entity__closed_on__lt=before)


def _dispose(ids, by) -> int:
    return contacts_dispose(ids=ids, by=by)


register_rule(RetentionRule(key="entities.contacts", name=_("Contact persons of entities that have closed"),
                            category="B10", action=DELETE, candidates=_closed_entities_contacts, dispose=_dispose))
