"""The application workflow, declared once in ``APPLICATION_WORKFLOW`` (``core.workflow``: the table, the buttons'
labels, the moves that need a reason or a deadline), and the sets of states the rest of the app reads."""


from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.workflow import Workflow, workflow_register


class Actor(models.TextChoices):
    """Who may perform a transition (see ``permissions.actor_of``)."""

    APPLICANT = "applicant", _("applicant (PES representative)")
    STAFF = "staff", _("ROPS staff")
    SYSTEM = "system", _("the system (scheduled task or vote result)")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    FORMAL_CHECK = "formal_check", _("Formal check")
    RETURNED = "returned", _("Returned for corrections")
    ASSESSMENT = "assessment", _("Assessment by the chapter")
    COMMITTEE_VOTE = "committee_vote", _("Chapter vote")
    GRANTED = "granted", _("Mark granted")
    REFUSED = "refused", _("Refused")
    CERTIFICATE_ISSUED = "certificate_issued", _("Certificate issued")
    ACTIVE = "active", _("Active")
    EXPIRING = "expiring", _("Expiring")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


A, S, SYS = Actor.APPLICANT, Actor.STAFF, Actor.SYSTEM
_WITHDRAWABLE = [Status.SUBMITTED, Status.FORMAL_CHECK, Status.RETURNED, Status.ASSESSMENT, Status.GRANTED,
                 Status.CERTIFICATE_ISSUED, Status.ACTIVE, Status.EXPIRING]

# from -> {to: who may do it}. The one place to read the workflow (APPLICATION_WORKFLOW below).
_TABLE: dict[str, dict[str, set[str]]] = {
    Status.DRAFT: {Status.SUBMITTED: {A}},
    Status.SUBMITTED: {Status.FORMAL_CHECK: {S}},
    Status.FORMAL_CHECK: {Status.RETURNED: {S}, Status.ASSESSMENT: {S}, Status.REFUSED: {S}},
    Status.RETURNED: {Status.SUBMITTED: {A}, Status.REFUSED: {SYS, S}},
    Status.ASSESSMENT: {Status.COMMITTEE_VOTE: {S}},
    Status.COMMITTEE_VOTE: {Status.GRANTED: {SYS}, Status.REFUSED: {SYS}},
    Status.GRANTED: {Status.CERTIFICATE_ISSUED: {S, SYS}},
    Status.CERTIFICATE_ISSUED: {Status.ACTIVE: {SYS}},
    Status.ACTIVE: {Status.EXPIRING: {SYS}, Status.EXPIRED: {SYS}},
    Status.EXPIRING: {Status.EXPIRED: {SYS}},
}
for _from in _WITHDRAWABLE:
    _TABLE[_from][Status.WITHDRAWN] = {S}

# What the button that makes each move says (keyed by the target state).
_ACTION_LABELS: dict[str, Promise] = {
    Status.SUBMITTED: _("Submit the application"),
    Status.FORMAL_CHECK: _("Start the formal check"),
    Status.RETURNED: _("Return for corrections"),
    Status.ASSESSMENT: _("Pass to the chapter's assessment"),
    Status.COMMITTEE_VOTE: _("Put to the chapter's vote"),
    Status.REFUSED: _("Refuse"),
    Status.GRANTED: _("Grant the mark"),
    Status.CERTIFICATE_ISSUED: _("Issue the certificate"),
    Status.ACTIVE: _("Activate"),
    Status.EXPIRING: _("Mark as expiring"),
    Status.EXPIRED: _("Mark as expired"),
    Status.WITHDRAWN: _("Withdraw"),
}

# What the applicant does next, by status (the home page says it). Keyed by the status's value, as a model's
# status field holds it.
NEXT_STEP: dict[str, Promise] = {
    Status.DRAFT: _("Complete the application and submit it."),
    Status.SUBMITTED: _("The ROPS will check the application: nothing to do for now."),
    Status.FORMAL_CHECK: _("The ROPS is checking the application: nothing to do for now."),
    Status.RETURNED: _("Correct the application and submit it again."),
    Status.ASSESSMENT: _("The chapter is assessing the application."),
    Status.COMMITTEE_VOTE: _("The chapter is voting on the application."),
    Status.GRANTED: _("The mark has been granted: the certificate is being issued."),
    Status.CERTIFICATE_ISSUED: _("The certificate has been issued."),
    Status.ACTIVE: _("The mark is valid."),
    Status.EXPIRING: _("The mark expires soon: you can apply for a renewal."),
    Status.EXPIRED: _("The mark has expired: you can apply for a renewal."),
    Status.REFUSED: _("The application was refused."),
    Status.WITHDRAWN: _("The application was withdrawn."),
}
APPLICATION_WORKFLOW = workflow_register(Workflow(
    name="certification.application", states=Status, table=_TABLE, labels=_ACTION_LABELS,
    # Moves that need a note (the reason), each with its own box; the return needs a corrections deadline.
    note_required=frozenset({Status.RETURNED, Status.REFUSED, Status.WITHDRAWN}),
    note_labels={
        Status.RETURNED: _("What the applicant must correct"),
        Status.REFUSED: _("Reasons for the refusal"),
        Status.WITHDRAWN: _("Reason for the withdrawal"),
    },
    deadline_required=frozenset({Status.RETURNED}),
    deadline_message=_("Give a deadline for the corrections, later than today."),
    # Moves that end the application against the applicant (their buttons warn).
    adverse=frozenset({Status.REFUSED, Status.WITHDRAWN}),
    refusal=_("An application that is “%(from)s” cannot become “%(to)s”."),
))
# Moves the applicant makes from the review step, where what is missing is listed first.
FROM_REVIEW = {Status.SUBMITTED}
# States in which the applicant may edit the application.
EDITABLE = {Status.DRAFT, Status.RETURNED}
# States of an application that still counts: an entity has one such application per edition.
LIVE = [s for s in Status.values if s not in {Status.REFUSED, Status.EXPIRED, Status.WITHDRAWN}]
# States with a certificate that the public register shows as current.
CURRENT_MARK = {Status.ACTIVE, Status.EXPIRING}
# States from which the holder may apply for a renewal.
RENEWABLE = {Status.ACTIVE, Status.EXPIRING, Status.EXPIRED}

