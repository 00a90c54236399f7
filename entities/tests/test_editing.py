"""Who may write what in the registry (entities.permissions.editable_fields, enforced by entities.services), and
the postal code rule (entities.validators.validate_postal_code) on every path."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from entities import services
from entities.models import Entity, LegalForm
from entities.permissions import ENTITY_FIELDS, REPRESENTATIVE_FIELDS, editable_fields

from .factories import EntityFactory

pytestmark = pytest.mark.django_db


# --- the rule -------------------------------------------------------------------------------------

def test_editable_fields_per_role(cast, pes_entity, other_entity):
    assert editable_fields(cast["staff"], pes_entity) == ENTITY_FIELDS
    assert editable_fields(cast["rops_admin"], pes_entity) == ENTITY_FIELDS
    assert editable_fields(cast["pes"], pes_entity) == REPRESENTATIVE_FIELDS
    assert editable_fields(cast["pes"], other_entity) == ()
    for role in ("member", "board", "outsider"):
        assert editable_fields(cast[role], pes_entity) == ()


# --- the services, called directly ----------------------------------------------------------------

def test_a_representative_changes_contact_fields_through_the_service(pes, pes_entity):
    services.entity_update(entity=pes_entity, by=pes, email="biuro@ss.example.pl", postal_code="87 100")
    pes_entity.refresh_from_db()
    assert pes_entity.email == "biuro@ss.example.pl"
    assert pes_entity.postal_code == "87-100"
    assert pes_entity.history.first().history_user == pes


def test_the_service_refuses_a_representative_changing_the_nip(pes, pes_entity):
    with pytest.raises(PermissionDenied, match="NIP"):
        services.entity_update(entity=pes_entity, by=pes, nip="8567346215", email="x@example.pl")
    pes_entity.refresh_from_db()
    assert pes_entity.nip is None
    assert pes_entity.email == ""


def test_the_service_refuses_a_representative_changing_the_area_of_activity(pes, pes_entity):
    with pytest.raises(PermissionDenied):
        services.entity_update(entity=pes_entity, by=pes, activity_area=["0463"])
    assert not pes_entity.activity_area.exists()


def test_the_service_refuses_a_representative_changing_another_entity(pes, other_entity):
    with pytest.raises(PermissionDenied):
        services.entity_update(entity=other_entity, by=pes, email="przejete@example.pl")
    other_entity.refresh_from_db()
    assert other_entity.email == ""


def test_a_representative_may_pass_the_whole_record_unchanged(pes, pes_entity):
    """Only what differs counts as a change: the identifiers passed as they are stored are not refused."""
    services.entity_update(entity=pes_entity, by=pes, name=pes_entity.name, legal_form=pes_entity.legal_form,
                           nip=None, short_name="Nowa")
    pes_entity.refresh_from_db()
    assert pes_entity.short_name == "Nowa"


@pytest.mark.parametrize("role", ["pes", "member", "board", "outsider"])
def test_only_staff_add_and_merge_entities(cast, role, pes_entity, other_entity):
    with pytest.raises(PermissionDenied):
        services.entity_create(by=cast[role], name="Fundacja X", legal_form=LegalForm.FOUNDATION)
    with pytest.raises(PermissionDenied):
        services.entity_merge(keep=pes_entity, duplicate=other_entity, by=cast[role])
    with pytest.raises(PermissionDenied):
        services.entity_confirm(entity=pes_entity, by=cast[role])
    assert Entity.objects.count() == 2
    other_entity.refresh_from_db()
    assert other_entity.is_active


def test_a_merge_needs_a_person(pes_entity, other_entity):
    with pytest.raises(PermissionDenied):
        services.entity_merge(keep=pes_entity, duplicate=other_entity, by=None)


def test_staff_change_everything(staff, pes_entity):
    services.entity_update(entity=pes_entity, by=staff, nip="8567346215", legal_form=LegalForm.FOUNDATION,
                           activity_area=["0463"])
    pes_entity.refresh_from_db()
    assert pes_entity.nip == "8567346215"
    assert list(pes_entity.activity_area.values_list("code", flat=True)) == ["0463"]


# --- the edit page --------------------------------------------------------------------------------

def test_a_forged_post_by_a_representative_changes_only_their_fields(client_for, pes, pes_entity):
    response = client_for(pes).post(reverse("entities:edit", args=[pes_entity.pk]), {
        "short_name": "SS Nowa", "email": "biuro@ss.example.pl", "in_catalogue": "on",
        "name": "Przejęta nazwa", "nip": "8567346215", "legal_form": "company", "is_confirmed": "off",
        "is_active": "", "seat": "0415011"})
    assert response.status_code == 302
    pes_entity.refresh_from_db()
    assert pes_entity.short_name == "SS Nowa"
    assert pes_entity.name == "Spółdzielnia Socjalna Test"
    assert pes_entity.nip is None
    assert pes_entity.legal_form == LegalForm.OTHER_NGO
    assert pes_entity.is_active
    assert pes_entity.seat_id is None


# --- postal codes ---------------------------------------------------------------------------------

def test_the_model_refuses_a_postal_code_that_is_not_nn_nnn():
    entity = EntityFactory.build(postal_code="abc")
    with pytest.raises(ValidationError) as exc:
        entity.full_clean()
    assert "postal_code" in exc.value.error_dict


@pytest.mark.parametrize("user", ["staff", "pes"])
def test_the_edit_form_refuses_a_wrong_postal_code_with_a_polish_message(client_for, cast, pes_entity, user):
    data = {"name": pes_entity.name, "legal_form": pes_entity.legal_form, "is_active": "on", "in_catalogue": "on",
            "postal_code": "abc"}
    response = client_for(cast[user]).post(reverse("entities:edit", args=[pes_entity.pk]), data)
    assert response.status_code == 400
    assert "Kod pocztowy ma postać 00-000" in response.content.decode()
    pes_entity.refresh_from_db()
    assert pes_entity.postal_code == ""


def test_the_edit_form_writes_a_postal_code_typed_without_the_dash_as_nn_nnn(client_for, staff, pes_entity):
    data = {"name": pes_entity.name, "legal_form": pes_entity.legal_form, "is_active": "on", "in_catalogue": "on",
            "postal_code": "87100"}
    assert client_for(staff).post(reverse("entities:edit", args=[pes_entity.pk]), data).status_code == 302
    pes_entity.refresh_from_db()
    assert pes_entity.postal_code == "87-100"


def test_the_import_refuses_a_wrong_postal_code_with_the_same_message():
    from entities.import_files import read_table
    from entities.importing import entities_import

    table = read_table("name;legal_form;postal_code\nFundacja;foundation;8-7100\n".encode("cp1250"), "a.csv")
    report = entities_import(table=table, by=None)
    assert [str(e) for e in report.errors] == [
        "Wiersz 2, kolumna „Kod pocztowy”: Kod pocztowy ma postać 00-000 (na przykład 87-100)."]
