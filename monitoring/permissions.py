import rules

from accounts.permissions import can_read_reports, is_pes_representative, is_staff_member


@rules.predicate
def answers_for_entity(user, respondent) -> bool:
    """A PES representative answers for the entities they represent."""
    if respondent is None or not is_pes_representative(user):
        return False
    return respondent.entity.representations.filter(user_id=user.pk).exists()


rules.add_perm("monitoring.view_monitoring", can_read_reports)
rules.add_perm("monitoring.manage_campaigns", is_staff_member)
rules.add_perm("monitoring.answer", is_pes_representative)
rules.add_perm("monitoring.answer_respondent", answers_for_entity | is_staff_member)
