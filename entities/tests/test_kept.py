"""Registry figures kept between requests under the registry's version (entities/kept.py, migration 0011): never
older than what a reader would count, whatever path the write took. Real commits on PostgreSQL."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.computations import NotAvailable, compute
from entities import kept as kept_module
from entities.kept import kept_count, registry_version
from entities.models import Entity, LegalForm, PsStatus, YearlyFigures
from monitoring.tests.factories import CampaignFactory

from .factories import EntityFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
YEAR = 2025


@pytest.fixture(autouse=True)
def keeping(settings, transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the registry's version is kept by PostgreSQL triggers")
    from conftest import restore_reference_data

    restore_reference_data()  # the TERC units, emptied by the flush after an earlier transactional test
    settings.REGISTRY_FIGURES_KEPT_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()


def _pes(name: str, **kwargs) -> Entity:
    return EntityFactory(name=name, legal_form=LegalForm.FOUNDATION, registered_on=date(2020, 1, 1),
                         is_confirmed=True, **kwargs)


def _figures(entity, employed: int, **at_risk) -> YearlyFigures:
    return YearlyFigures(entity=entity, year=YEAR, employees_total=employed, at_risk=at_risk)


def test_a_kept_figure_is_read_with_one_query(django_assert_num_queries):
    _pes("A")
    assert compute("pes_count", year=YEAR) == 1
    with django_assert_num_queries(1):  # the registry's version
        assert compute("pes_count", year=YEAR) == 1


def test_every_kind_of_committed_write_is_counted_at_once():
    a, b = _pes("A"), _pes("B")
    assert compute("pes_count", year=YEAR) == 2
    _pes("C")                                                                       # save()
    assert compute("pes_count", year=YEAR) == 3
    Entity.objects.filter(pk=a.pk).update(closed_on=date(YEAR, 6, 30), is_active=False)   # QuerySet.update
    assert compute("pes_count", year=YEAR) == 2
    YearlyFigures.objects.bulk_create([_figures(b, 4, disabled=1)])                 # bulk_create
    assert compute("pes_employees", year=YEAR) == 4
    with connection.cursor() as cursor:                                             # raw SQL
        cursor.execute("UPDATE entities_yearlyfigures SET employees_total = 9")
    assert compute("pes_employees", year=YEAR) == 9
    assert compute("pes_employees_at_risk", year=YEAR) == 1
    PsStatus.objects.create(entity=b, kind=PsStatus.Kind.STATUTORY, granted_on=date(YEAR - 1, 1, 1))
    assert compute("ps_count", year=YEAR) == 1
    PsStatus.objects.filter(entity=b).delete()                                      # QuerySet.delete
    assert compute("ps_count", year=YEAR) == 0
    Entity.objects.filter(pk=b.pk).delete()                                         # and its figures cascade
    assert compute("pes_count", year=YEAR) == 1
    with pytest.raises(NotAvailable):                                            # no figures left: no data
        compute("pes_employees", year=YEAR)


def test_a_transaction_that_wrote_reads_its_own_writes_and_a_rolled_back_one_changes_nothing(
        django_assert_num_queries):
    _pes("A")
    assert compute("pes_count", year=YEAR) == 1
    before = registry_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        _pes("B")
        assert registry_version() is None                # this transaction has touched the registry
        assert compute("pes_count", year=YEAR) == 2      # its own write, not the kept figure
        raise RuntimeError
    assert registry_version() == before                 # rolled back: the version did not move
    with django_assert_num_queries(1):
        assert compute("pes_count", year=YEAR) == 1


def test_the_version_moves_when_the_transaction_commits_not_before():
    _pes("A")
    version = registry_version()[1]
    with transaction.atomic():
        _pes("B")
        _pes("C")
    assert registry_version()[1] == version + 1         # once per transaction, at its commit


def test_another_database_never_reads_this_ones_figures(settings, monkeypatch, django_assert_num_queries):
    _pes("A")
    assert compute("pes_count", year=YEAR) == 1
    monkeypatch.setitem(settings.DATABASES["default"], "NAME", "another_copy")
    with django_assert_num_queries(2):                      # the version, and the figure computed again
        compute("pes_count", year=YEAR)


def test_a_cache_that_cannot_be_reached_costs_time_not_the_figure(monkeypatch):
    _pes("A")

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(kept_module.cache, "get", unreachable)
    monkeypatch.setattr(kept_module.cache, "set", unreachable)
    assert compute("pes_count", year=YEAR) == 1


def test_the_dashboard_shows_a_change_as_soon_as_it_is_committed(client_for, board):
    CampaignFactory(year=YEAR)
    entity = _pes("A", seat_id="0463011")
    client = client_for(board)

    def shown() -> int:
        response = client.get(reverse("monitoring:dashboard"), {"year": YEAR})
        return next(k.value for _source, figures in response.context["data"].key_figures for k in figures
                    if "/pes_count/" in k.url)

    assert shown() == 1
    assert shown() == 1                                 # kept
    Entity.objects.filter(pk=entity.pk).update(is_confirmed=False)
    assert shown() == 0


def test_the_beat_task_keeps_the_figures_after_a_write_so_the_next_reader_does_not_compute_them(
        django_assert_num_queries):
    from entities.tasks import registry_figures_keep_task

    _pes("A")                                            # committed: the version moved on, nothing kept under it
    this_year = timezone.localdate().year
    assert registry_figures_keep_task.delay().get() == [this_year - 2, this_year - 1, this_year]
    with django_assert_num_queries(1):                  # the version only: the task computed it
        assert compute("pes_count", year=this_year - 1) == 1


def test_the_beat_task_does_nothing_when_figures_are_not_kept(settings, django_assert_num_queries):
    from entities.tasks import registry_figures_keep_task

    settings.REGISTRY_FIGURES_KEPT_SECONDS = 0
    with django_assert_num_queries(0):
        assert registry_figures_keep_task.delay().get() == []


def _listed(client, **params) -> tuple[int, bool]:
    """The registry list's total, and whether the request counted the rows itself."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("entities:list"), params)
    assert response.status_code == 200
    counted = any(q["sql"].startswith("SELECT COUNT(") and "entities_entity" in q["sql"]
                  for q in queries.captured_queries)
    return response.context["page_obj"].paginator.count, counted


def test_the_registry_list_counts_once_per_version_and_each_filter_on_its_own(client_for, staff):
    _pes("Zielona Spółdzielnia"), _pes("Zielony Ogród"), _pes("Fundacja Morska")
    client = client_for(staff)
    assert _listed(client) == (3, True)
    assert _listed(client) == (3, False)                        # kept: the same rows, not counted again
    assert _listed(client, page="2") == (3, False)              # another page of the same rows
    assert _listed(client, q="zielon") == (2, True)             # another filter is another count
    assert _listed(client, q="zielon") == (2, False)
    assert _listed(client, q="morska") == (1, True)
    _pes("Zielony Las")                                         # committed: the version moves on
    assert _listed(client) == (4, True)
    assert _listed(client, q="zielon") == (3, True)
    Entity.objects.filter(name="Zielony Las").update(name="Leśna Spółdzielnia")   # a bulk update too
    assert _listed(client, q="zielon") == (2, True)


def test_a_count_that_reads_another_table_is_never_kept(client_for, pes, pes_entity):
    from entities.models import Representation

    client = client_for(pes)
    assert _listed(client) == (1, True)
    Representation.objects.create(user=pes, entity=_pes("Druga Fundacja"))
    assert _listed(client) == (2, True)          # the representations move no version: counted every time
    assert _listed(client) == (2, True)


def test_a_count_of_another_day_is_another_count():
    entity = _pes("A")
    PsStatus.objects.create(entity=entity, kind=PsStatus.Kind.STATUTORY, granted_on=date(YEAR, 1, 1),
                            valid_until=date(YEAR, 12, 31))
    assert kept_count(Entity.objects.with_ps_flag(date(YEAR, 6, 1)).filter(has_ps=True)) == 1
    assert kept_count(Entity.objects.with_ps_flag(date(YEAR + 1, 6, 1)).filter(has_ps=True)) == 0
