"""The pages a user goes through: create by typing a number, compare and accept, tasks, the public fill-in."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from entities.models import Entity, LegalForm, RegistryAcceptance, RegistryTask

from .conftest import (
    ASSOCIATION_KRS,
    BULLETIN_DAY,
    FOUNDATION_KRS,
    FOUNDATION_NIP,
    STRUCK_OFF_NIP,
    TIMEOUT_KRS,
    UNKNOWN_KRS,
)

pytestmark = pytest.mark.django_db


def _form_data(response) -> dict:
    """What the browser would send back: every field of the filled-in form as rendered."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = getattr(value, "pk", value)
    data["is_active"] = "on"
    data["in_catalogue"] = "on"
    return data


@pytest.mark.parametrize("typed", [FOUNDATION_NIP, FOUNDATION_KRS])
def test_staff_create_an_entity_by_typing_only_its_nip_or_krs(client_for, staff, typed):
    client = client_for(staff)
    page = client.get(reverse("entities:registry_create"), {"identifier": typed})
    assert page.status_code == 200
    response = client.post(reverse("entities:registry_create"), _form_data(page))
    entity = Entity.objects.get(nip=FOUNDATION_NIP)
    assert response.status_code == 302
    assert (entity.name, entity.legal_form, entity.seat_id, entity.krs) == (
        "FUNDACJA „WSPÓLNY STÓŁ”", LegalForm.FOUNDATION, "0463011", FOUNDATION_KRS)


def test_creating_from_the_registers_is_audited_with_the_source_and_request_id(client_for, staff):
    client = client_for(staff)
    page = client.get(reverse("entities:registry_create"), {"identifier": FOUNDATION_NIP})
    client.post(reverse("entities:registry_create"), _form_data(page))
    entity = Entity.objects.get(nip=FOUNDATION_NIP)
    acceptance = RegistryAcceptance.objects.get(entity=entity)
    assert acceptance.requests["bir"] == "GUS 340521017 2024-11-05"
    assert entity.history.first().history_change_reason.startswith("Rejestry: BIR GUS 340521017")


def test_a_field_changed_by_hand_is_not_recorded_as_taken_from_the_registers(client_for, staff):
    client = client_for(staff)
    page = client.get(reverse("entities:registry_create"), {"identifier": FOUNDATION_NIP})
    data = _form_data(page) | {"name": "Fundacja Wspólny Stół"}
    client.post(reverse("entities:registry_create"), data)
    fields = [c["field"] for c in RegistryAcceptance.objects.get().changes]
    assert "name" not in fields


def test_a_forged_token_creates_nothing(client_for, staff):
    client = client_for(staff)
    page = client.get(reverse("entities:registry_create"), {"identifier": FOUNDATION_NIP})
    response = client.post(reverse("entities:registry_create"), _form_data(page) | {"token": "forged"})
    assert response.status_code == 400
    assert not Entity.objects.filter(nip=FOUNDATION_NIP).exists()
    assert "Nie udało się odczytać danych z rejestrów" in response.content.decode()


def test_an_entity_already_in_the_registry_is_offered_for_comparison_instead(client_for, staff):
    entity = Entity.objects.create(name="Fundacja", nip=FOUNDATION_NIP)
    response = client_for(staff).get(reverse("entities:registry_create"), {"identifier": FOUNDATION_NIP})
    assert response.context["existing"] == entity
    assert "form" not in response.context


def test_an_unknown_number_says_so_in_polish(client_for, staff):
    response = client_for(staff).get(reverse("entities:registry_lookup"), {"identifier": UNKNOWN_KRS})
    assert "Żaden rejestr nie zna tego numeru." in response.content.decode()


def test_a_register_timing_out_says_so_in_a_status_region(client_for, staff):
    response = client_for(staff).get(reverse("entities:registry_lookup"), {"identifier": TIMEOUT_KRS})
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'role="status" aria-live="polite">\s*<div class="alert alert-warning">KRS', html)


def test_a_number_that_is_no_identifier_is_refused(client_for, staff):
    response = client_for(staff).get(reverse("entities:registry_lookup"), {"identifier": "abc"})
    assert response.status_code == 400
    assert "To nie jest poprawny NIP, REGON ani numer KRS." in response.content.decode()


def test_board_members_are_shown_to_staff(client_for, staff):
    response = client_for(staff).get(reverse("entities:registry_lookup"), {"identifier": ASSOCIATION_KRS})
    assert "SKARBNIK" in response.content.decode()


@pytest.mark.parametrize("role", ["member", "pes", "board", "outsider"])
@pytest.mark.parametrize("url_name", ["registry_lookup", "registry_create", "registry_tasks"])
def test_only_staff_use_the_registers(cast, client_for, role, url_name):
    assert client_for(cast[role]).get(reverse(f"entities:{url_name}")).status_code == 403


def test_anonymous_users_go_to_the_login_page(client):
    response = client.get(reverse("entities:registry_lookup"))
    assert response.status_code == 302


def test_a_pes_cannot_compare_its_own_entity(client_for, pes, pes_entity):
    assert client_for(pes).get(reverse("entities:registry_compare", args=[pes_entity.pk])).status_code == 403


def test_an_outsider_gets_404_for_an_entity_comparison(client_for, outsider, pes_entity):
    assert client_for(outsider).get(reverse("entities:registry_compare", args=[pes_entity.pk])).status_code == 404


# --- compare and accept ------------------------------------------------------------------------------

@pytest.fixture
def stored(db):
    return Entity.objects.create(name="Fundacja Wspólny Stół", legal_form=LegalForm.FOUNDATION, nip=FOUNDATION_NIP,
                                 seat_id="0464011", address="ul. Stara 1", postal_code="87-800")


def _token(client, entity):
    return client.get(reverse("entities:registry_compare", args=[entity.pk])).context["token"]


def test_comparison_shows_the_differences_field_by_field(client_for, staff, stored):
    response = client_for(staff).get(reverse("entities:registry_compare", args=[stored.pk]))
    rows = {row.field: row for row in response.context["rows"]}
    assert rows["seat"].same is False
    assert rows["name"].same is True


def test_staff_accept_only_the_chosen_differences(client_for, staff, stored):
    client = client_for(staff)
    client.post(reverse("entities:registry_compare", args=[stored.pk]),
                {"token": _token(client, stored), "fields": ["seat", "krs"]})
    stored.refresh_from_db()
    assert (stored.seat_id, stored.krs) == ("0463011", FOUNDATION_KRS)
    assert stored.address == "ul. Stara 1"


def test_accepting_is_audited_field_by_field(client_for, staff, stored):
    client = client_for(staff)
    client.post(reverse("entities:registry_compare", args=[stored.pk]),
                {"token": _token(client, stored), "fields": ["address"]})
    acceptance = RegistryAcceptance.objects.get(entity=stored)
    assert acceptance.changes == [{"field": "address", "label": "adres", "old": "ul. Stara 1",
                                   "new": "ul. Szeroka 12/3", "source": "bir"}]
    assert acceptance.accepted_by == staff


def test_a_refused_value_changes_nothing(client_for, staff, stored):
    Entity.objects.create(name="Inny podmiot", krs=FOUNDATION_KRS)
    client = client_for(staff)
    response = client.post(reverse("entities:registry_compare", args=[stored.pk]),
                           {"token": _token(client, stored), "fields": ["krs", "address"]}, follow=True)
    stored.refresh_from_db()
    assert stored.address == "ul. Stara 1"
    assert not RegistryAcceptance.objects.exists()
    assert response.status_code == 200


def test_a_token_for_another_entity_is_refused(client_for, staff, stored):
    other = Entity.objects.create(name="Inny", nip="8882456001")
    client = client_for(staff)
    client.post(reverse("entities:registry_compare", args=[other.pk]),
                {"token": _token(client, stored), "fields": ["address"]})
    other.refresh_from_db()
    assert other.address == ""


def test_accepting_the_deletion_closes_the_entity(client_for, staff):
    entity = Entity.objects.create(name="Stowarzyszenie „Stary Młyn”", nip=STRUCK_OFF_NIP)
    client = client_for(staff)
    client.post(reverse("entities:registry_compare", args=[entity.pk]),
                {"token": _token(client, entity), "fields": ["closed_on"]})
    entity.refresh_from_db()
    assert entity.is_active is False


def test_staff_check_an_entity_from_its_page(client_for, staff):
    entity = Entity.objects.create(name="Stowarzyszenie „Stary Młyn”", nip=STRUCK_OFF_NIP)
    client_for(staff).post(reverse("entities:registry_check", args=[entity.pk]))
    assert RegistryTask.objects.filter(entity=entity, kind=RegistryTask.Kind.STRUCK_OFF).exists()


def test_the_entity_page_shows_the_registers_state_to_staff(client_for, staff, stored):
    response = client_for(staff).get(reverse("entities:detail", args=[stored.pk]))
    assert "Nie sprawdzono jeszcze w rejestrach." in response.content.decode()


# --- tasks -----------------------------------------------------------------------------------------

def _task(entity, n=0):
    return RegistryTask.objects.create(entity=entity, kind=RegistryTask.Kind.LIQUIDATION, source="krs",
                                       detected_on=BULLETIN_DAY - timedelta(days=n), dedup_key=f"t{entity.pk}-{n}",
                                       changes=[{"field": "state", "label": "stan", "old": "aktywny",
                                                 "new": "w likwidacji"}], holds_certificate=True)


def test_task_list_query_count_does_not_grow_with_the_tasks(client_for, staff, django_assert_num_queries):
    client = client_for(staff)
    for n in range(5):
        _task(Entity.objects.create(name=f"Fundacja {n}"), n)
    client.get(reverse("entities:registry_tasks"))  # warm the session
    # Expect: session, user, its roles with its permissions (one query), the open count (also the page count),
    # the page of tasks with their entities - whatever the number of tasks (the session is
    # saved at most once a minute: SESSION_REFRESH_SECONDS).
    with django_assert_num_queries(7):
        response = client.get(reverse("entities:registry_tasks"))
    assert len(response.context["page_obj"]) == 5


def test_task_list_shows_the_suggested_action(client_for, staff):
    _task(Entity.objects.create(name="Fundacja „Dobry Start”"))
    html = client_for(staff).get(reverse("entities:registry_tasks")).content.decode()
    assert "Zaproponuj odebranie znaku „Zakup Prospołeczny”" in html


def test_staff_close_a_task(client_for, staff):
    task = _task(Entity.objects.create(name="Fundacja"))
    client_for(staff).post(reverse("entities:registry_task_close", args=[task.pk]), {"note": "Załatwione."})
    task.refresh_from_db()
    assert (task.status, task.closed_by, task.close_note) == (RegistryTask.Status.CLOSED, staff, "Załatwione.")


def test_a_pes_cannot_close_a_task(client_for, pes):
    task = _task(Entity.objects.create(name="Fundacja"))
    assert client_for(pes).post(reverse("entities:registry_task_close", args=[task.pk])).status_code == 403


def test_open_tasks_selector_is_what_the_home_page_shows():
    from entities.sources.selectors import registry_tasks_open

    open_task = _task(Entity.objects.create(name="Fundacja"))
    closed = _task(Entity.objects.create(name="Fundacja 2"))
    closed.status = RegistryTask.Status.CLOSED
    closed.save(update_fields=["status"])
    assert list(registry_tasks_open()) == [open_task]


# --- the public fill-in of self-registration ------------------------------------------------------------

def test_self_registration_fills_in_the_entity_from_the_registers(client):
    response = client.get(reverse("entities:registry_public_fill"), {"entity_nip": FOUNDATION_NIP})
    html = response.content.decode()
    assert 'id="id_entity_name"' in html
    assert 'value="FUNDACJA „WSPÓLNY STÓŁ”"' in html
    assert 'hx-swap-oob="true"' in html


def test_self_registration_fill_in_shows_no_personal_data(client):
    html = client.get(reverse("entities:registry_public_fill"), {"entity_krs": ASSOCIATION_KRS}).content.decode()
    assert "SKARBNIK" not in html


def test_self_registration_fill_in_is_rate_limited(client, settings):
    settings.REGISTRY_PUBLIC_LOOKUPS_PER_HOUR = 1
    client.get(reverse("entities:registry_public_fill"), {"entity_nip": FOUNDATION_NIP})
    html = client.get(reverse("entities:registry_public_fill"), {"entity_nip": FOUNDATION_NIP}).content.decode()
    assert "Zbyt wiele zapytań z tego adresu." in html


def test_the_registration_form_offers_the_fill_in(client):
    html = client.get(reverse("accounts:register")).content.decode()
    assert reverse("entities:registry_public_fill") in html
