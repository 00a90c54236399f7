"""Contact persons not marked public are for ROPS staff and the entity's own representatives only
(``entities.selectors.contacts_visible_to``), on the entity page and in the public catalogue."""

import pytest
from django.urls import reverse

from entities.models import Contact, Entity
from entities.selectors import contacts_visible_to

pytestmark = pytest.mark.django_db

PRIVATE = "Prywatna Osoba"
PUBLIC = "Publiczna Osoba"


def with_contacts(entity: Entity) -> Entity:
    Contact.objects.create(entity=entity, name=PRIVATE, email="prywatna@example.pl", phone="600100200")
    Contact.objects.create(entity=entity, name=PUBLIC, email="publiczna@example.pl", is_public=True)
    Entity.objects.filter(pk=entity.pk).update(is_confirmed=True, in_catalogue=True, legal_form="social_coop")
    return entity


def page(client, entity) -> str:
    response = client.get(reverse("entities:detail", args=[entity.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["rops_admin", "staff"])
def test_rops_staff_see_every_contact(request, client_for, pes_entity, role):
    html = page(client_for(request.getfixturevalue(role)), with_contacts(pes_entity))
    assert PRIVATE in html
    assert "600100200" in html


def test_the_entity_s_own_representative_sees_every_contact(client_for, pes, pes_entity):
    assert PRIVATE in page(client_for(pes), with_contacts(pes_entity))


def test_a_representative_who_is_also_a_member_sees_private_contacts_of_their_own_entity_only(
        client_for, pes_member, pes_member_entity, other_entity):
    client = client_for(pes_member)
    assert PRIVATE in page(client, with_contacts(pes_member_entity))
    other = page(client, with_contacts(other_entity))   # the member role lets them read the registry
    assert PRIVATE not in other
    assert "prywatna@example.pl" not in other
    assert PUBLIC in other


@pytest.mark.parametrize("role", ["member", "board"])
def test_committee_members_and_board_viewers_see_only_public_contacts(request, client_for, pes_entity, role):
    html = page(client_for(request.getfixturevalue(role)), with_contacts(pes_entity))
    assert PRIVATE not in html
    assert "prywatna@example.pl" not in html
    assert "600100200" not in html
    assert PUBLIC in html


def test_the_public_catalogue_shows_only_public_contacts_even_to_staff(client_for, client, staff, pes_entity):
    with_contacts(pes_entity)
    for viewer in (client, client_for(staff)):
        html = viewer.get(reverse("entities:catalogue_entity", args=[pes_entity.pk])).content.decode()
        assert PRIVATE not in html
        assert PUBLIC in html


def test_the_rule_itself(pes_entity, staff, member, board, pes, outsider):
    with_contacts(pes_entity)
    assert contacts_visible_to(staff, pes_entity).count() == 2
    assert contacts_visible_to(pes, pes_entity).count() == 2
    for user in (member, board, outsider, None):
        assert [c.name for c in contacts_visible_to(user, pes_entity)] == [PUBLIC]
