"""The BIP metadata of a public page, read from the audit history: dates, who produced and published the
information, and a change register limited to the public fields."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from core.audit import set_history_user
from core.bip import BipSource, bip_metadata, history_of
from entities.models import Entity

pytestmark = pytest.mark.django_db

PUBLIC = frozenset({"name", "description"})


def _entity(by) -> Entity:
    entity = Entity(name="Fundacja Jawna")
    set_history_user(entity, by)
    entity.save()
    return entity


def _change(entity, by, **fields) -> None:
    for name, value in fields.items():
        setattr(entity, name, value)
    set_history_user(entity, by)
    entity.save(update_fields=list(fields))


def _meta(entity, **kwargs):
    return bip_metadata(sources=[BipSource(history_of(entity), fields=PUBLIC, label=lambda row: row.name)], **kwargs)


def test_dates_come_from_the_first_and_the_last_history_rows(staff):
    entity = _entity(staff)
    _change(entity, staff, description="Nowy opis")
    rows = list(entity.history.order_by("history_date"))
    meta = _meta(entity)
    assert (meta.produced_at, meta.published_at, meta.changed_at) == (
        rows[0].history_date, rows[0].history_date, rows[-1].history_date)


def test_a_member_of_staff_is_named_and_anybody_else_is_the_office(staff, pes):
    entity = _entity(staff)
    _change(entity, pes, description="Zmiana przedstawiciela")
    _change(entity, None, description="Zmiana systemu")
    meta = _meta(entity)
    assert [c.who for c in meta.changes] == [settings.ROPS_NAME, settings.ROPS_NAME, staff.get_full_name()]


def test_the_change_register_lists_public_fields_only_newest_first(staff):
    entity = _entity(staff)
    _change(entity, staff, description="Opis")
    _change(entity, staff, email="biuro@example.pl")   # not a public field: not a change of the page
    meta = _meta(entity)
    assert [(c.action, c.fields) for c in meta.changes] == [("zmieniono", ("opis (publiczny)",)),
                                                            ("utworzono", ())]


def test_published_by_is_whoever_made_the_version_in_force_at_publication(staff, rops_admin):
    entity = _entity(staff)
    later = timezone.now() + timedelta(seconds=1)
    meta = _meta(entity, published_at=later, produced_by="Komitet")
    assert (meta.published_by, meta.produced_by, meta.published_at) == (staff.get_full_name(), "Komitet", later)


def test_without_history_the_box_names_the_office(db):
    meta = bip_metadata(sources=[BipSource(Entity.history.none())])
    assert (meta.produced_by, meta.published_by, meta.changed_at, meta.changes) == (
        settings.ROPS_NAME, settings.ROPS_NAME, None, ())


def test_the_cost_does_not_grow_with_the_number_of_changes_or_authors(staff, pes, member,
                                                                      django_assert_num_queries):
    entity = _entity(staff)
    for i, who in enumerate([pes, member, staff] * 3):
        _change(entity, who, description=f"Opis {i}")
    # Per source: the span, the newest rows, their earlier versions, the row in force at publication; then the
    # authors and their roles.
    with django_assert_num_queries(6):
        _meta(entity)
