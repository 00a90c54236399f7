"""Migration 0006 freezes who was counted on the resolutions that existed before the entitlement was stored."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.tests.factories import UserFactory
from committee.services import resolution_recount_matches
from committee.tally import Rules, tally

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("committee", "0005_resolution_entitled_members")]
AFTER = [("committee", "0006_freeze_entitled_members")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_votes_are_frozen_by_the_rule_that_counted_them_and_still_recount_the_same():
    old = _migrate(BEFORE)
    Committee, Member = old.get_model("committee", "Committee"), old.get_model("committee", "Member")
    Resolution, Vote = old.get_model("committee", "Resolution"), old.get_model("committee", "Vote")
    opened = datetime(2026, 3, 2, 10, tzinfo=timezone.get_current_timezone())
    closed_at = datetime(2026, 3, 9, 10, tzinfo=timezone.get_current_timezone())
    committee = Committee.objects.create(kind="rkres", name="RKRES", term_start=date(2025, 1, 1))

    def member(role="member", appointed=date(2025, 1, 1), dismissed=None):
        return Member.objects.create(committee=committee, user_id=UserFactory().pk, role=role, category="pes",
                                     appointed_on=appointed, dismissed_on=dismissed)

    chair, voter, silent = member("chair"), member(), member()
    late = member(appointed=date(2026, 3, 4))                # appointed while the vote was open: never counted
    gone = member(dismissed=date(2026, 3, 9))                # dismissed on the closing day: not counted
    rules = Rules().as_dict()
    resolution = Resolution.objects.create(committee=committee, year=2026, sequence=1, title="Opinia",
                                           status="open", opened_at=opened, deadline=closed_at, rules=rules)
    for who, choice in [(chair, "for"), (voter, "against"), (late, "for"), (gone, "for")]:
        Vote.objects.create(resolution=resolution, member=who, choice=choice)
    counted = {chair.pk, voter.pk, silent.pk}
    result = tally(Rules(), members=counted, chair=chair.pk, recused=set(),
                   votes={chair.pk: "for", voter.pk: "against"})
    Resolution.objects.filter(pk=resolution.pk).update(status="closed", closed_at=closed_at,
                                                       result=result.as_dict(), adopted=result.adopted)
    draft = Resolution.objects.create(committee=committee, year=2026, sequence=2, title="Projekt")
    # A vote still open today is frozen with the members counted today.
    today = timezone.localdate()
    member(appointed=date(2026, 6, 1), dismissed=today - timedelta(days=1))   # dismissed since: not counted
    still_open = Resolution.objects.create(committee=committee, year=2026, sequence=3, title="Opinia",
                                           status="open", opened_at=timezone.now() - timedelta(days=2),
                                           deadline=timezone.now() + timedelta(days=5))

    _migrate(AFTER)
    # The current models read the rows below: bring the schema to the latest migration (later ones add columns).
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("committee"))
    from committee.models import Resolution as Current

    frozen = Current.objects.get(pk=resolution.pk)
    assert frozen.entitled_members == sorted(counted)
    assert frozen.entitled_chair == chair.pk
    assert resolution_recount_matches(frozen)
    assert Current.objects.get(pk=draft.pk).entitled_members == []
    assert Current.objects.get(pk=still_open.pk).entitled_members == sorted([*counted, late.pk])
