"""The entity picker: the search behind it, the forms that resolve a typed text without JavaScript, and the forms
that use it (an event's organiser and partners, the founding entity, the merge's duplicate)."""

import pytest
from django.urls import reverse

from entities.forms import EntityForm, MergeForm
from entities.models import Entity
from entities.tests.factories import EntityFactory
from entities.widgets import EntityChoiceField, EntityMultipleChoiceField
from events.forms import EventForm
from events.models import Event

pytestmark = pytest.mark.django_db

URL = reverse("entities:picker_search")


@pytest.mark.parametrize("role", ["member", "pes", "board", "outsider"])
def test_only_staff_search_the_picker(client_for, cast, role):
    assert client_for(cast[role]).get(URL, {"q": "Spółdzielnia"}).status_code == 403


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL, {"q": "Spół"}).status_code == 302


def test_search_shows_name_nip_and_town_as_listbox_options(client_for, staff):
    entity = EntityFactory(name="Fundacja Pod Wiatr", krs="0000123456")
    page = client_for(staff).get(URL, {"for": "organiser_search", "organiser_search": "Wiatr",
                                       "listbox": "id_organiser_results"}).content.decode()
    assert 'role="option"' in page
    assert f'data-id="{entity.pk}"' in page
    assert entity.nip in page
    assert "0000123456" in page
    assert entity.seat.name in page
    assert f'id="id_organiser_results-{entity.pk}"' in page
    assert "1 podmiot" in page


def test_search_by_nip_and_krs(client_for, staff):
    entity = EntityFactory(name="Stowarzyszenie Alfa", krs="0000765432")
    client = client_for(staff)
    assert f'data-id="{entity.pk}"' in client.get(URL, {"q": entity.nip}).content.decode()
    assert f'data-id="{entity.pk}"' in client.get(URL, {"q": "0000765432"}).content.decode()


def test_short_text_answers_nothing(client_for, staff):
    EntityFactory(name="A")
    assert client_for(staff).get(URL, {"q": "A"}).content == b""


def test_search_is_paginated_in_constant_queries(client_for, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(staff)
    EntityFactory.create_batch(3, name="Koło Gospodyń")
    client.get(URL, {"q": "Koło"})  # warm the session
    with CaptureQueriesContext(connection) as few_queries:
        few = client.get(URL, {"q": "Koło"}).content.decode()
    EntityFactory.create_batch(25, name="Koło Gospodyń")
    with CaptureQueriesContext(connection) as many_queries:
        many = client.get(URL, {"q": "Koło"}).content.decode()
    # The request's own (session, user, roles) plus the count and the page with the seats: 28 rows cost no more.
    assert len(few_queries) == len(many_queries) <= 9
    assert few.count('role="option"') == 3
    assert many.count('role="option" id=') == 10
    assert "28 podmiotów" in many
    assert "zawęzić" in many


def test_widget_is_an_accessible_combobox():
    entity = EntityFactory(name="Fundacja Beta")
    html = str(MergeForm(initial={"duplicate": entity.pk})["duplicate"])
    for attr in ('role="combobox"', 'aria-expanded="false"', 'aria-controls="id_duplicate_results"',
                 'role="listbox"', 'id="id_duplicate_results"', 'aria-live="polite"', 'type="hidden"',
                 'name="duplicate_search"', f'value="{entity.pk}"', 'value="Fundacja Beta"',
                 f'hx-get="{URL}"'):
        assert attr in html


def test_typed_nip_krs_or_exact_name_resolve_without_javascript():
    entity = EntityFactory(name="Fundacja Gamma", short_name="Gamma", krs="0000111222")
    field = EntityChoiceField(queryset=Entity.objects.all())
    for text in (entity.nip, f"{entity.nip[:3]}-{entity.nip[3:6]}-{entity.nip[6:]}", "0000111222",
                 "fundacja gamma", "Gamma"):
        assert field.clean({"ids": "", "text": text}) == entity


def test_ambiguous_or_unknown_text_is_a_polish_error():
    EntityFactory(name="Fundacja Delta")
    EntityFactory(name="Fundacja Delta")
    form = MergeForm({"duplicate": "", "duplicate_search": "Fundacja Delta"})
    assert not form.is_valid()
    assert "Kilka podmiotów" in str(form.errors["duplicate"])
    form = MergeForm({"duplicate": "", "duplicate_search": "Nie ma takiej"})
    assert not form.is_valid()
    assert "Żaden podmiot" in str(form.errors["duplicate"])


def test_a_stale_id_gives_way_to_what_the_box_shows():
    old, new = EntityFactory(name="Fundacja Stara"), EntityFactory(name="Fundacja Nowa")
    field = EntityChoiceField(queryset=Entity.objects.all())
    assert field.clean({"ids": str(old.pk), "text": "Fundacja Stara"}) == old
    assert field.clean({"ids": str(old.pk), "text": new.nip}) == new
    assert EntityChoiceField(queryset=Entity.objects.all(), required=False).clean({"ids": str(old.pk),
                                                                                   "text": ""}) is None


def test_several_partners_ticked_and_typed():
    a, b, c = EntityFactory(), EntityFactory(name="Spółdzielnia Epsilon"), EntityFactory()
    field = EntityMultipleChoiceField(queryset=Entity.objects.all(), required=False)
    chosen = field.clean({"ids": [str(a.pk)], "text": f"Spółdzielnia Epsilon; {c.nip}"})
    assert set(chosen) == {a, b, c}
    assert list(field.clean({"ids": [], "text": ""})) == []


def test_merge_finds_the_duplicate_by_krs_and_never_the_record_itself(client_for, staff):
    keep = EntityFactory(name="Fundacja Omega", krs="0000999111")
    duplicate = EntityFactory(name="Fundacja Omega (dubel)", krs="0000999112")
    client = client_for(staff)
    url = reverse("entities:merge", args=[keep.pk])
    response = client.post(url, {"duplicate": "", "duplicate_search": "0000999111"}, follow=True)
    assert "Żaden podmiot" in response.content.decode()
    client.post(url, {"duplicate": "", "duplicate_search": "0000999112"})
    duplicate.refresh_from_db()
    assert not duplicate.is_active


def test_event_form_organiser_and_partners_use_the_picker(client_for, staff):
    organiser, partner = EntityFactory(name="OWES Toruń"), EntityFactory(name="Fundacja Partner")
    form = EventForm()
    assert 'role="combobox"' in str(form["organiser"])
    assert 'role="combobox"' in str(form["partners"])
    data = {"kind": "training", "title": "Szkolenie", "starts_at": "2026-12-10T10:00",
            "ends_at": "2026-12-10T15:00", "organiser": "", "organiser_search": "OWES Toruń",
            "partners_search": partner.nip}
    response = client_for(staff).post(reverse("events:create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.organiser == organiser
    assert list(event.partners.all()) == [partner]


def test_founding_entity_is_picked_and_not_the_entity_itself():
    parent = EntityFactory(name="Stowarzyszenie Założyciel")
    unit = EntityFactory(name="CIS Jednostka")
    form = EntityForm(instance=unit)
    assert 'role="combobox"' in str(form["parent"])
    assert form.fields["parent"].clean({"ids": "", "text": parent.nip}) == parent
    form = EntityForm({"parent": "", "parent_search": unit.nip}, instance=unit)
    form.is_valid()
    assert "parent" in form.errors


def test_entity_page_shows_its_identifiers(client_for, staff):
    entity = EntityFactory(krs="0000555444")
    page = client_for(staff).get(reverse("entities:detail", args=[entity.pk])).content.decode()
    assert entity.nip in page
    assert entity.regon in page
    assert "0000555444" in page
    assert 'name="duplicate_search"' in page
