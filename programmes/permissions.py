"""Who may do what with programmes. Staff manage everything; board viewers and committee members read;
PES representatives and users without a role see nothing (the selectors answer 404).

The state rules (an adopted programme's structure changes only under an open amendment, a closed programme's
action plans no longer change) hold for everybody: they live on the model (``Programme.objects.structure_editable``,
``plans_editable``); the services enforce them and these predicates show edit controls only where a change can
succeed."""

import rules

from accounts.permissions import can_read_reports, is_committee_member, is_staff_member, staff_actors
from core.workflow import Move

from .models import PROGRAMME_WORKFLOW, Programme

can_view = can_read_reports | is_committee_member
can_manage = is_staff_member


@rules.predicate
def structure_is_editable(user, programme) -> bool:
    """``Programme.objects.structure_editable`` for one programme (one query)."""
    return programme is not None and Programme.objects.structure_editable().filter(pk=programme.pk).exists()


@rules.predicate
def plans_are_editable(user, programme) -> bool:
    """``Programme.objects.plans_editable`` for one programme (one query)."""
    return programme is not None and Programme.objects.plans_editable().filter(pk=programme.pk).exists()


def programme_moves(user, programme) -> list[Move]:
    """The moves the programme page offers this user."""
    return PROGRAMME_WORKFLOW.moves(programme.status, staff_actors(user, programme))


can_edit_structure = can_manage & structure_is_editable
can_edit_plans = can_manage & plans_are_editable

rules.add_perm("programmes.view_programme", can_view)
rules.add_perm("programmes.manage_programme", can_manage)
rules.add_perm("programmes.edit_structure", can_edit_structure)
rules.add_perm("programmes.edit_action_plans", can_edit_plans)
