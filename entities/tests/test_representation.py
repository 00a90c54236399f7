""""Represents an entity": the PES representative role and an approved representation, one rule for every app."""

import pytest
from django.urls import reverse

from accounts.services import user_set_roles
from entities.models import Entity
from entities.permissions import represents_entity

pytestmark = pytest.mark.django_db


def test_a_representative_represents_only_their_entities(pes, pes_entity, other_entity):
    assert list(Entity.objects.represented_by(pes)) == [pes_entity]
    assert represents_entity(pes, pes_entity)
    assert not represents_entity(pes, other_entity)


def test_without_the_role_a_left_over_representation_gives_nothing(pes, pes_entity):
    user_set_roles(user=pes, roles=[])
    pes = type(pes).objects.get(pk=pes.pk)  # a new request: roles read afresh
    assert not Entity.objects.represented_by(pes).exists()
    assert not represents_entity(pes, pes_entity)


def test_without_the_role_the_entity_page_is_404(client_for, pes, pes_entity):
    user_set_roles(user=pes, roles=[])
    response = client_for(pes).get(reverse("entities:detail", args=[pes_entity.pk]))
    assert response.status_code in (403, 404)


def test_an_inactive_user_represents_nothing(pes, pes_entity):
    pes.is_active = False
    pes.save(update_fields=["is_active"])
    assert not Entity.objects.represented_by(pes).exists()


def test_anonymous_represents_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert not Entity.objects.represented_by(AnonymousUser()).exists()
