"""Pages cut from a total order (``core.paging``): the pages of a list put together are the list, each row once."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.urls import reverse

from core.paging import Paginator, totally_ordered
from core.sorting import tie_broken
from entities.models import Entity, LegalForm, Territory
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_the_primary_key_breaks_ties_in_the_direction_of_the_last_field():
    assert tie_broken(["seat__name"]) == ["seat__name", "pk"]
    assert tie_broken(["name", "-registered_on"]) == ["name", "-registered_on", "-pk"]
    assert tie_broken([F("name").desc()])[-1] == "-pk"
    assert tie_broken([F("name")])[-1] == "pk"
    assert tie_broken([]) == ["pk"]
    assert tie_broken(["name", "pk"]) == ["name", "pk"]
    assert tie_broken(["-created", "-id"]) == ["-created", "-id"]
    assert tie_broken(["level", "code"], pk_name="code") == ["level", "code"]


def test_a_paginated_queryset_is_ordered_by_its_own_ordering_then_its_key():
    assert Paginator(Entity.objects.order_by("seat__name"), 25).object_list.query.order_by == ("seat__name", "pk")
    assert Paginator(Entity.objects.order_by("-registered_on"), 25).object_list.query.order_by[-1] == "-pk"
    # The model's own ordering ("name", "pk") is already total; Territory's key is its code.
    assert Paginator(Entity.objects.all(), 25).object_list.query.order_by == ()
    assert Paginator(Territory.objects.order_by("level", "code"), 25).object_list.query.order_by == ("level", "code")
    # A reversed history stays reversed, its key included.
    history = Entity.objects.order_by("registered_on", "pk").reverse()
    assert totally_ordered(history) is history


def test_what_cannot_be_ordered_again_is_left_as_it_is():
    sliced = Entity.objects.order_by("name")[:10]
    assert totally_ordered(sliced) is sliced
    distinct_rows = Entity.objects.values("legal_form").distinct().order_by("legal_form")
    assert totally_ordered(distinct_rows) is distinct_rows
    combined = Entity.objects.filter(is_active=True).union(Entity.objects.filter(is_active=False))
    assert totally_ordered(combined) is combined
    listed = ["b", "a"]
    assert Paginator(listed, 1).object_list is listed


@pytest.mark.parametrize("ordering", ["seat", "-seat", "registered_on", "-registered_on", "name"])
def test_paging_through_the_registry_sorted_by_a_repeated_value_shows_every_entity_once(client_for, staff,
                                                                                        ordering):
    seats = ["0461011", "0463011", "0415011"]
    created = {EntityFactory(name=f"Fundacja {n % 4}", seat_id=seats[n % 3], registered_on=None).pk
               for n in range(130)}
    client = client_for(staff)
    shown = []
    for number in range(1, 7):
        page = client.get(reverse("entities:list"), {"ordering": ordering, "per_page": "25",
                                                      "page": str(number)}).context["page_obj"]
        shown += [entity.pk for entity in page]
    assert page.paginator.object_list.query.order_by[-1] in ("pk", "-pk")
    assert len(shown) == len(created)
    assert set(shown) == created


def test_every_paginated_list_uses_the_project_paginator():
    """Django's paginator (or DRF's default) used directly would cut pages from whatever order a list has."""
    direct = re.compile(r"^\s*from django\.core\.paginator import .*\bPaginator\b|django\.core\.paginator\.Paginator\(",
                        re.MULTILINE)
    offenders = [str(path.relative_to(ROOT)) for app in settings.LOCAL_APPS for path in (ROOT / app).rglob("*.py")
                 if "tests" not in path.parts and path.name != "paging.py" and direct.search(path.read_text())]
    assert offenders == []
    from opendata.api.pagination import AsOfPagination

    assert AsOfPagination.django_paginator_class is Paginator


@pytest.mark.parametrize("ordering", [("name", "pk"), ("-registered_on",), ("seat__name",), ("-seat__name",)])
def test_a_page_read_from_the_end_has_the_rows_of_the_page_read_from_the_start(ordering, django_assert_num_queries):
    """Pages in the second half are read backwards (fewer rows skipped) and turned round: the same rows, in the
    same order, as slicing the list from its start, nulls included, for every page, the short last one too."""
    seats = ["0461011", "0463011", "0415011", None]
    for n in range(23):
        EntityFactory(name=f"Fundacja {n % 5}", seat_id=seats[n % 4],
                      registered_on=None if n % 3 == 0 else date(2020, 1, 1 + n % 2))
    qs = Entity.objects.order_by(*ordering)
    expected = list(totally_ordered(qs.all()))
    paginator = Paginator(qs, 5, orphans=3)
    pages, statements = [], []
    for number in paginator.page_range:
        with django_assert_num_queries(1) as captured:
            pages.append(list(paginator.page(number)))
        statements.append(captured.captured_queries[0]["sql"])
    assert [row for page in pages for row in page] == expected
    assert "OFFSET 5" in statements[1]       # the second page from the start, skipping the first
    assert "OFFSET" not in statements[3]    # the last from the end, skipping nothing
    assert [len(page) for page in pages] == [5, 5, 5, 8]  # 23 rows, 5 a page, the last 3 (+ orphan) kept together
    assert paginator.page(4).start_index() == 16


def _last_page_statement(rows, django_assert_num_queries) -> str:
    paginator = Paginator(rows, 1)
    assert paginator.num_pages > 1
    with django_assert_num_queries(1) as captured:
        list(paginator.page(paginator.num_pages))
    return captured.captured_queries[0]["sql"]


def test_distinct_rows_are_read_from_the_start(django_assert_num_queries):
    """Distinct values() rows cannot be ordered by a key of their own, so their last page is read from the start,
    as a list of entities' last page is read from its end."""
    for form in (LegalForm.FOUNDATION, LegalForm.ASSOCIATION, LegalForm.SOCIAL_COOPERATIVE):
        EntityFactory(legal_form=form)
    distinct = Entity.objects.values("legal_form").distinct().order_by("legal_form")
    assert "OFFSET 2" in _last_page_statement(distinct, django_assert_num_queries)
    assert "OFFSET" not in _last_page_statement(Entity.objects.all(), django_assert_num_queries)


@pytest.mark.postgres
def test_a_distinct_on_list_is_read_from_the_start(django_assert_num_queries):
    """Reversed, DISTINCT ON would keep the last row of each group instead of the first: the page shows the first
    entity of its legal form, read from the start."""
    if connection.vendor != "postgresql":
        pytest.skip("DISTINCT ON needs PostgreSQL")
    first = EntityFactory(legal_form=LegalForm.FOUNDATION)
    EntityFactory(legal_form=LegalForm.FOUNDATION)
    EntityFactory(legal_form=LegalForm.ASSOCIATION)
    rows = Entity.objects.order_by("legal_form", "pk").distinct("legal_form")
    assert "OFFSET 1" in _last_page_statement(rows, django_assert_num_queries)
    assert list(Paginator(rows, 1).page(2)) == [first]


def test_a_page_read_from_the_end_is_read_when_its_rows_are_first_used(django_assert_num_queries):
    """As a page read from the start: a view that never shows the page's rows (the history reads its own)
    sends no query for them, and a page whose rows are used reads them once."""
    EntityFactory.create_batch(6)
    expected = list(Entity.objects.all())[4:]
    paginator = Paginator(Entity.objects.all(), 2)
    assert paginator.count == 6
    with django_assert_num_queries(0):
        page = paginator.page(3)
    with django_assert_num_queries(1):
        assert len(page) == 2
        assert list(page) == expected
        assert page[1] == expected[1]
        assert page.object_list
