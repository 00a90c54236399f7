"""core's one guard for its own writes. core sits below accounts and knows no roles: it names the permission,
and ``accounts.permissions`` says who holds it (docs/architecture.md, the app order)."""

import rules
from django.core.exceptions import PermissionDenied


def require_perm(by, perm: str, *, system: bool = True, message: str = "") -> None:
    """Refuse unless ``by`` holds ``perm`` (the rule itself, ``rules.has_perm``). ``by=None`` is the system
    (tasks, commands, demo), allowed unless ``system=False`` (a decision that must carry a person's name)."""
    if by is None and system:
        return
    if by is None or not rules.has_perm(perm, by):
        raise PermissionDenied(message)


def holds(user, perm: str) -> bool:
    """Whether ``user`` holds ``perm`` by its rule (no model-backend queries)."""
    return user is not None and rules.has_perm(perm, user)
