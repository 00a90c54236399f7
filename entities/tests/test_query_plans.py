"""The registry's list and search can use their indexes (PostgreSQL; figures in docs/performance.md).

Sequential scans are switched off for the test, so the planner takes an index whenever one can serve the query;
a plan that still scans the table means no index fits, e.g. an expression index written differently from the
expression the selector filters on (which is how the first full-text index went unused).
"""

import pytest
from django.db import connection

from entities.models import Entity
from entities.selectors import entity_list, entity_search

from .factories import EntityFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def planner():
    if connection.vendor != "postgresql":
        pytest.skip("needs the PostgreSQL planner")
    EntityFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # reverted with the test's transaction


def test_full_text_search_uses_the_gin_index(planner):
    plan = entity_search(Entity.objects.all(), "zielony zakątek").explain()
    assert "entities_entity_search_gin" in plan, plan


def test_search_by_number_uses_indexes_not_a_table_scan(planner):
    plan = entity_search(Entity.objects.all(), "856-734-62-15").explain()
    assert "Seq Scan on entities_entity" not in plan, plan
    assert "entities_entity_regon" in plan, plan
    assert "entities_entity_search_gin" not in plan, plan  # a number is an identifier, not a word of a name


def test_a_list_page_is_read_in_order_from_the_name_index(planner, staff):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
    plan = entity_list(user=staff)[:50].explain()
    assert "entities_entity_name_id" in plan, plan
