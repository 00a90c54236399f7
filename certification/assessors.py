"""Who may assess an application and see its documents: the link between certification and the committee app.

A member assesses only as a member in office of the chapter that decides the edition, and only after declaring
no conflict of interest in the case. The declaration is made on the chapter's resolution for the case (created
when the assessment starts), so the same declaration covers the assessment and the vote; who may declare is the
committee's one rule (``committee.selectors.voting_standing``). A recused member does not see the case's
documents, cannot assess and cannot vote (the committee app refuses the vote).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.permissions import is_staff_member
from committee.models import ConflictDeclaration, Member
from committee.selectors import declaration_state, member_of

from .permissions import represents_applicant

State = ConflictDeclaration.State


def chapter_member(application, user) -> Member | None:
    """The user's membership in office of the chapter deciding the application's edition (None: not a member)."""
    if application.edition.committee_id is None:
        return None
    return member_of(application.edition.committee, user)


def case_declaration_state(application, user) -> ConflictDeclaration.State:
    """The user's declaration in the application's case (undeclared when not a chapter member or no case yet)."""
    return declaration_state(resolution_id=application.resolution_id, member=chapter_member(application, user))


def assessor_check(*, application, user) -> None:
    """Raise unless the user may assess the application now (member of its chapter, declared no conflict)."""
    if chapter_member(application, user) is None:
        raise PermissionDenied(_("Only members of the chapter deciding this edition assess its applications."))
    state = case_declaration_state(application, user)
    if state == State.UNDECLARED:
        raise ValidationError(_("Declare first whether you have a conflict of interest in this case."),
                              code="undeclared")
    if state == State.RECUSED:
        raise PermissionDenied(_("You declared a conflict of interest and are recused from this case."))


def may_see_case_documents(application, user) -> bool:
    """Attachments: staff and the applicant; a chapter member only after declaring no conflict of interest."""
    if is_staff_member(user) or represents_applicant(user, application):
        return True
    return case_declaration_state(application, user) == State.CLEARED
