"""Who may assess an application: the link between certification and the committee app.

A member assesses only as a member of the chapter that decides the edition and only after
declaring no conflict of interest for the case. Until the committee app provides chapters and
declarations (issue 5), the rule is the committee-member role.
"""

from django.core.exceptions import PermissionDenied

from accounts.permissions import is_committee_member


def assessor_check(*, application, user) -> None:
    if not is_committee_member(user):
        raise PermissionDenied
