"""Fifty members voting at once, and one member submitting twice at once (PostgreSQL, real transactions)."""

import pytest
from django.db import connection

from committee import services
from committee.models import Vote
from tests.concurrency import run_together

from .factories import committee_with

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(calls) -> list:
    return run_together(calls)[1]


@pytest.fixture
def opened(staff):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL and real concurrent transactions")
    committee, members = committee_with(50)
    resolution = services.resolution_create(committee=committee, title="Głosowanie obiegowe", by=staff)
    resolution = services.resolution_open_vote(resolution=resolution, by=staff)
    for member in members:
        services.conflict_declare(resolution=resolution, user=member.user, has_conflict=False)
    return resolution, members


def test_fifty_members_voting_at_once_lose_no_vote(opened):
    resolution, members = opened
    calls = [lambda m=m, i=i: services.vote_cast(resolution=resolution, user=m.user,
                                                 choice="for" if i % 3 else "against")
             for i, m in enumerate(members)]
    assert _race(calls) == []
    assert Vote.objects.filter(resolution=resolution).count() == 50
    assert Vote.objects.filter(resolution=resolution).values("member").distinct().count() == 50


def test_one_member_submitting_twice_at_once_has_one_vote(opened):
    resolution, members = opened
    member = members[7]
    errors = _race([lambda: services.vote_cast(resolution=resolution, user=member.user, choice="for"),
                    lambda: services.vote_cast(resolution=resolution, user=member.user, choice="against")])
    assert errors == []
    assert Vote.objects.filter(resolution=resolution, member=member).count() == 1


def test_closing_while_members_vote_counts_exactly_what_was_stored(opened, staff):
    resolution, members = opened
    calls = [lambda m=m: services.vote_cast(resolution=resolution, user=m.user, choice="for") for m in members[:20]]
    calls.append(lambda: services.resolution_close(resolution=resolution, by=staff))
    _race(calls)  # some votes may come after the close and be refused: that is the point
    resolution.refresh_from_db()
    assert resolution.is_closed
    assert services.resolution_recount_matches(resolution)
    assert resolution.result["votes_for"] == Vote.objects.filter(resolution=resolution).count()
