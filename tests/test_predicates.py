"""Each app's permission rules, asked directly for every role of the cast (besides the URL matrix in
tests/test_permissions_matrix.py, which asks them through the pages).

Columns: ROPS administrator, ROPS staff, committee member, PES representative, board viewer, a user without a
role, and the two-role person (a PES representative who sits on the committee): "X" allowed, "." refused.
A new rule needs its row; a changed rule changes its row, which a reviewer then reads.
"""

import pytest
import rules
from rules.permissions import permissions

ROLES = ("rops_admin", "staff", "member", "pes", "board", "outsider", "pes_member")
PROJECT_APPS = {"accounts", "certification", "committee", "core", "entities", "events", "monitoring", "programmes",
                "opendata"}

# Asked without an object: what the role allows at all (object rules answer "no" without their object).
EXPECTED = {
    "accounts.manage_users": "X......",
    "accounts.reset_mfa": "X......",
    "accounts.review_registrations": "XX.....",
    "certification.apply": "...X..X",
    "certification.configure_editions": "X......",
    "certification.edit_application": ".......",
    "certification.list_applications": "XXX...X",
    "certification.manage": "XX.....",
    "committee.close_vote": ".......",
    "committee.view_committee": "XX..X..",
    "committee.view_committee_area": "XXX.X.X",
    "core.edit_accessibility_statement": "X......",
    "core.edit_privacy_settings": "X......",
    "core.handle_case_packages": "XX.....",
    "core.handle_data_requests": "XX.....",
    "core.named_in_public_records": "XX.....",
    "core.retry_job": "XX.....",
    "core.use_backoffice": "XXXXX.X",
    "core.view_audit": "XX.....",
    "core.view_job": "XX.....",
    "core.view_processing_register": "X......",
    "entities.change_entity": "XX.....",
    "entities.import_entities": "XX.....",
    "entities.pick_entities": "XX.....",
    "entities.list_entities": "XXXXX.X",
    "entities.use_registers": "XX.....",
    "entities.view_entity": "XXX.X.X",
    "entities.view_private_contacts": "XX.....",
    "entities.view_registry_persons": "XX.....",
    "entities.view_registry_tasks": "XX.....",
    "events.manage_events": "XX.....",
    "events.view_events": "XXX.X.X",
    "events.view_participants": "XX.....",
    "monitoring.answer": "...X..X",
    "monitoring.answer_respondent": "XX.....",
    "monitoring.manage_campaigns": "XX.....",
    "monitoring.manage_reports": "XX.....",
    "monitoring.view_dashboard": "XX..X..",
    "monitoring.view_monitoring": "XX..X..",
    "monitoring.view_reports": "XX..X..",
    "programmes.edit_action_plans": ".......",
    "programmes.edit_structure": ".......",
    "programmes.manage_programme": "XX.....",
    "programmes.view_programme": "XXX.X.X",
}


def test_every_project_rule_has_its_row():
    declared = {name for name in permissions if name.split(".")[0] in PROJECT_APPS}
    assert declared == set(EXPECTED)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_gets_what_its_row_says(request, name):
    users = {role: request.getfixturevalue(role) for role in ROLES}
    got = "".join("X" if rules.has_perm(name, users[role]) else "." for role in ROLES)
    assert got == EXPECTED[name]


# --- rules about one object ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_pes_edits_only_its_own_application(pes, pes_entity, other_entity, staff):
    from certification.tests.factories import ApplicationFactory

    own = ApplicationFactory(entity=pes_entity, created_by=pes)
    other = ApplicationFactory(entity=other_entity, created_by=staff)
    assert rules.has_perm("certification.edit_application", pes, own)
    assert not rules.has_perm("certification.edit_application", pes, other)
    assert not rules.has_perm("certification.edit_application", staff, own)


@pytest.mark.django_db
def test_the_two_role_person_may_apply_and_vote_but_not_manage(pes_member):
    assert rules.has_perm("certification.apply", pes_member)
    assert rules.has_perm("committee.view_committee_area", pes_member)
    assert not rules.has_perm("certification.manage", pes_member)
    assert not rules.has_perm("entities.change_entity", pes_member)


@pytest.mark.django_db
def test_an_open_vote_is_closed_by_staff_or_the_secretary_not_by_a_member(staff):
    from committee import services
    from committee.tests.factories import committee_with

    committee, members = committee_with(3)   # the first is the chair, the second the secretary
    resolution = services.resolution_open_vote(
        resolution=services.resolution_create(committee=committee, title="Opinia", by=staff), by=staff)
    assert rules.has_perm("committee.close_vote", staff, resolution)
    assert rules.has_perm("committee.close_vote", members[1].user, resolution)
    assert not rules.has_perm("committee.close_vote", members[0].user, resolution)
    assert not rules.has_perm("committee.close_vote", members[2].user, resolution)


@pytest.mark.django_db
def test_a_pes_answers_the_monitoring_only_for_its_own_entity(pes, pes_entity, other_entity):
    from monitoring.models import Respondent
    from monitoring.tests.factories import CampaignFactory, pes_questionnaire

    campaign = CampaignFactory()
    questionnaire = pes_questionnaire(campaign)
    own = Respondent.objects.create(campaign=campaign, questionnaire=questionnaire, entity=pes_entity)
    other = Respondent.objects.create(campaign=campaign, questionnaire=questionnaire, entity=other_entity)
    assert rules.has_perm("monitoring.answer_respondent", pes, own)
    assert not rules.has_perm("monitoring.answer_respondent", pes, other)
