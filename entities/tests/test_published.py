"""The one rule of what any public output may show of the registry: confirmed and not withdrawn from the
catalogue (``Entity.objects.published()``), used by the public catalogue and the open data alike."""

import pytest

from entities.models import Entity
from entities.selectors import public_catalogue
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_published_means_confirmed_and_in_the_catalogue():
    shown = EntityFactory(name="Widoczna")
    EntityFactory(name="Niepotwierdzona", is_confirmed=False)
    EntityFactory(name="Wycofana z katalogu", in_catalogue=False)
    assert list(Entity.objects.published()) == [shown]


def test_the_catalogue_shows_only_published_entities():
    EntityFactory(name="Wycofana z katalogu", in_catalogue=False)
    shown = EntityFactory(name="Widoczna")
    assert list(public_catalogue()) == [shown]
