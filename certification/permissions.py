"""Who may see and do what in certification. Predicates are pure where they can be.

A person may hold several roles (docs/decisions.md): every rule here gives the union of what each role allows.
"""

import rules

from accounts.permissions import is_committee_member, is_pes_representative, is_rops_admin, is_staff_member
from core.workflow import Move
from entities.permissions import represents_entity

from .models import APPLICATION_WORKFLOW, Actor


@rules.predicate
def represents_applicant(user, application) -> bool:
    """The user represents the applying entity (``entities.permissions.represents_entity``)."""
    return application is not None and represents_entity(user, application.entity)


def actors_of(user, application) -> set[str]:
    """Every workflow role the user plays for this application (empty: none). ``None`` is the system."""
    if user is None:
        return {Actor.SYSTEM}
    actors: set[str] = set()
    if is_staff_member(user):
        actors.add(Actor.STAFF)
    if represents_applicant(user, application):
        actors.add(Actor.APPLICANT)
    return actors


def allowed_transitions(user, application) -> list[str]:
    """The states the user may move the application to now, in the workflow's order."""
    return APPLICATION_WORKFLOW.allowed(application.status, actors_of(user, application))


def application_moves(user, application) -> list[Move]:
    """The moves the application page offers this user (labels, reason and deadline boxes included)."""
    return APPLICATION_WORKFLOW.moves(application.status, actors_of(user, application))


def can_transition(user, application, to: str) -> bool:
    return to in allowed_transitions(user, application)


rules.add_perm("certification.apply", is_pes_representative)
# Who sees which application is decided once, by ``selectors.application_list`` (404 otherwise).
rules.add_perm("certification.edit_application", represents_applicant)
rules.add_perm("certification.manage", is_staff_member)
rules.add_perm("certification.list_applications", is_staff_member | is_committee_member)
# Editions and their criteria are configured by the ROPS administrator (back office and admin alike).
rules.add_perm("certification.configure_editions", is_rops_admin)
