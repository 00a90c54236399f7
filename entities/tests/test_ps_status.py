""""Holds PS status" is one rule (``PsStatus.objects.in_force``): the entity's page, the registry's PS column and
filter and the PS figures all read it. Today: A's status is in force, B's was lost yesterday, C's expired
yesterday, D's is granted only tomorrow."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from entities.models import Entity, PsStatus

from .factories import EntityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def statuses():
    today = timezone.localdate()
    records = {"A": {}, "B": {"lost_on": today}, "C": {"valid_until": today - timedelta(1)},
               "D": {"granted_on": today + timedelta(1)}}
    entities = {}
    for name, dates in records.items():
        entities[name] = EntityFactory(name=f"Spółdzielnia {name}")
        PsStatus.objects.create(entity=entities[name], kind=PsStatus.Kind.STATUTORY,
                                **{"granted_on": today - timedelta(300), **dates})
    return entities


def test_the_status_in_force_today(statuses):
    assert set(PsStatus.objects.in_force().values_list("entity__name", flat=True)) == {"Spółdzielnia A"}


def test_the_social_enterprises_of_today_are_the_same(statuses):
    assert set(Entity.objects.ps_on(timezone.localdate()).values_list("name", flat=True)) == {"Spółdzielnia A"}


def test_the_registry_filter_lists_the_same(client_for, staff, statuses):
    page = client_for(staff).get(reverse("entities:list"), {"ps": "true"}).content.decode()
    assert [name for name in ("A", "B", "C", "D") if f"Spółdzielnia {name}" in page] == ["A"]


@pytest.mark.parametrize(("name", "shown"), [("A", "tak – ustawowy"), ("B", "nie"), ("C", "nie"), ("D", "nie")])
def test_the_entity_page_shows_the_same(client_for, staff, statuses, name, shown):
    page = client_for(staff).get(reverse("entities:detail", args=[statuses[name].pk])).content.decode()
    line = page[page.index("Przedsiębiorstwo społeczne (PS)"):][:200]
    assert f'<dd class="col-sm-7">{shown}' in line


def test_yes_no_filters_say_any_not_unknown(client_for, staff):
    page = client_for(staff).get(reverse("entities:list")).content.decode()
    assert "Nieznane" not in page
    assert '<option value="" selected>dowolny</option>' in page
    inactive = client_for(staff).get(reverse("entities:list"), {"is_active": "false"})
    assert inactive.status_code == 200
