"""A closed result cannot change by any path: the PostgreSQL triggers (migrations 0002 and 0007), probed with raw
SQL as an attacker with the application's database account would."""

import pytest
from django.db import DatabaseError, connection, transaction

from committee import services
from committee.models import ConflictDeclaration, Resolution, Vote

from .factories import committee_with

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def closed_and_open(staff):
    if connection.vendor != "postgresql":
        pytest.skip("the triggers exist on PostgreSQL")
    committee, members = committee_with(4)
    closed = services.resolution_open_vote(
        resolution=services.resolution_create(committee=committee, title="Zamknięta", by=staff), by=staff)
    opened = services.resolution_open_vote(
        resolution=services.resolution_create(committee=committee, title="Otwarta", by=staff), by=staff)
    for member in members[:2]:
        services.conflict_declare(resolution=closed, user=member.user, has_conflict=False)
        services.vote_cast(resolution=closed, user=member.user, choice="for")
    services.conflict_declare(resolution=opened, user=members[2].user, has_conflict=False)
    open_vote = services.vote_cast(resolution=opened, user=members[2].user, choice="for")
    services.resolution_close(resolution=closed, by=staff)
    return closed, opened, members, open_vote


def refused(sql: str, params=()) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        return True
    return False


def test_a_vote_cannot_be_moved_out_of_a_closed_resolution(closed_and_open):
    closed, opened, _members, _ = closed_and_open
    assert refused("UPDATE committee_vote SET resolution_id = %s WHERE resolution_id = %s", [opened.pk, closed.pk])
    assert Vote.objects.filter(resolution=closed).count() == 2


def test_a_vote_cannot_be_moved_into_a_closed_resolution(closed_and_open):
    closed, _opened, _members, open_vote = closed_and_open
    assert refused("UPDATE committee_vote SET resolution_id = %s WHERE id = %s", [closed.pk, open_vote.pk])


def test_a_vote_of_a_closed_resolution_cannot_be_changed_or_deleted(closed_and_open):
    closed, *_ = closed_and_open
    assert refused("UPDATE committee_vote SET choice = 'against' WHERE resolution_id = %s", [closed.pk])
    assert refused("DELETE FROM committee_vote WHERE resolution_id = %s", [closed.pk])


def test_a_declaration_of_a_closed_resolution_cannot_change_be_added_moved_or_deleted(closed_and_open):
    closed, opened, members, _ = closed_and_open
    assert refused("UPDATE committee_conflictdeclaration SET has_conflict = true WHERE resolution_id = %s",
                   [closed.pk])
    assert refused("DELETE FROM committee_conflictdeclaration WHERE resolution_id = %s", [closed.pk])
    assert refused("UPDATE committee_conflictdeclaration SET resolution_id = %s WHERE resolution_id = %s",
                   [opened.pk, closed.pk])
    assert refused("INSERT INTO committee_conflictdeclaration (resolution_id, member_id, has_conflict, note, "
                   "declared_at) VALUES (%s, %s, true, '', now())", [closed.pk, members[3].pk])
    assert ConflictDeclaration.objects.filter(resolution=closed, has_conflict=False).count() == 2


def test_the_frozen_entitled_set_of_a_closed_resolution_cannot_change(closed_and_open):
    closed, _opened, members, _ = closed_and_open
    assert refused("UPDATE committee_resolution SET entitled_members = %s::jsonb WHERE id = %s",
                   [f"[{members[0].pk}]", closed.pk])
    assert refused("UPDATE committee_resolution SET entitled_chair = NULL WHERE id = %s", [closed.pk])


def test_the_entitled_set_is_frozen_once_voting_opened(closed_and_open):
    _closed, opened, members, _ = closed_and_open
    assert refused("UPDATE committee_resolution SET entitled_members = %s::jsonb WHERE id = %s",
                   [f"[{members[0].pk}]", opened.pk])


@pytest.mark.parametrize("table", ["committee_vote", "committee_conflictdeclaration", "committee_resolution"])
def test_truncate_is_refused_while_a_closed_resolution_exists(closed_and_open, table):
    assert refused(f"TRUNCATE {table} CASCADE")
    assert Vote.objects.count() == 3


def test_what_is_still_open_changes_as_before(closed_and_open):
    _closed, opened, _members, open_vote = closed_and_open
    assert not refused("UPDATE committee_vote SET choice = 'against' WHERE id = %s", [open_vote.pk])
    assert not refused("UPDATE committee_resolution SET title = 'Nowy tytuł' WHERE id = %s", [opened.pk])
    assert Resolution.objects.get(pk=opened.pk).title == "Nowy tytuł"
