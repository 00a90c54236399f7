"""Who may see and do what in certification. Predicates are pure where they can be."""

import rules

from accounts.permissions import is_committee_member, is_pes_representative, is_staff_member
from entities.permissions import represents_entity

from .models import TRANSITIONS, Actor


@rules.predicate
def represents_applicant(user, application) -> bool:
    """The user represents the applying entity (``entities.permissions.represents_entity``)."""
    return application is not None and represents_entity(user, application.entity)


def actor_of(user, application) -> str | None:
    """The workflow role the user plays for this application (None: no role)."""
    if user is None:
        return Actor.SYSTEM
    if is_staff_member(user):
        return Actor.STAFF
    if represents_applicant(user, application):
        return Actor.APPLICANT
    return None


def can_transition(user, application, to: str) -> bool:
    actor = actor_of(user, application)
    return actor is not None and actor in TRANSITIONS.get(application.status, {}).get(to, set())


rules.add_perm("certification.apply", is_pes_representative)
# Who sees which application is decided once, by ``selectors.application_list`` (404 otherwise).
rules.add_perm("certification.edit_application", represents_applicant)
rules.add_perm("certification.manage", is_staff_member)
rules.add_perm("certification.list_applications", is_staff_member | is_committee_member)
