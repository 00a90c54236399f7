"""Combining the registers and mapping their answer onto the registry's fields."""

from datetime import date

import pytest
import responses

from entities.models import Entity, LegalForm, Territory
from entities.sources.legal_forms import suggest_form
from entities.sources.lookup import identifier_kind, registry_lookup
from entities.sources.mapping import differences, proposed_values, seat_for
from entities.sources.records import RegistryState

from .conftest import (
    ASSOCIATION_KRS,
    CIS_REGON,
    COOPERATIVE_NIP,
    FOUNDATION_KRS,
    FOUNDATION_NIP,
    GMINA_NIP,
    GMINA_REGON,
    STRUCK_OFF_KRS,
    TIMEOUT_KRS,
    UNKNOWN_KRS,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("typed", "expected"), [
    ("879-273-10-01", ("nip", "8792731001")),
    ("PL8792731001", ("nip", "8792731001")),
    ("0000900001", ("krs", "0000900001")),
    ("900001", ("krs", "0000900001")),
    ("340521017", ("regon", "340521017")),
    ("87111871500010", ("regon", "87111871500010")),
    ("abc", ("", "ABC")),
])
def test_identifier_kind(typed, expected):
    assert identifier_kind(typed) == expected


def test_a_nip_finds_the_entity_in_bir_and_then_in_the_krs():
    combined = registry_lookup(FOUNDATION_NIP)
    assert sorted(combined.records) == ["bir", "krs"]


def test_a_krs_number_finds_the_seat_through_bir():
    combined = registry_lookup(ASSOCIATION_KRS)
    assert combined.value("teryt") == "0464011"


def test_proposal_of_a_foundation():
    values = proposed_values(registry_lookup(FOUNDATION_NIP)).values
    assert values["name"] == "FUNDACJA „WSPÓLNY STÓŁ”"
    assert values["legal_form"] == LegalForm.FOUNDATION
    assert values["seat"].code == "0463011"
    assert (values["nip"], values["regon"], values["krs"]) == (FOUNDATION_NIP, "340521017", FOUNDATION_KRS)
    assert (values["address"], values["postal_code"]) == ("ul. Szeroka 12/3", "87-100")
    assert values["registered_on"] == date(2019, 5, 14)


def test_proposal_of_a_social_cooperative_tells_it_from_other_cooperatives_by_its_name():
    assert proposed_values(registry_lookup(COOPERATIVE_NIP)).values["legal_form"] == LegalForm.SOCIAL_COOPERATIVE


def test_proposal_of_a_cis_run_by_a_gmina_names_the_gmina_as_founding_entity():
    gmina = Entity.objects.create(name="Gmina Miasto Chełmża", legal_form=LegalForm.LOCAL_GOVERNMENT,
                                  nip=GMINA_NIP, regon=GMINA_REGON)
    values = proposed_values(registry_lookup(CIS_REGON)).values
    assert values["legal_form"] == LegalForm.CIS
    assert values["parent"] == gmina
    assert "nip" not in values


def test_struck_off_entity_is_proposed_closed():
    combined = registry_lookup(STRUCK_OFF_KRS)
    assert combined.state == RegistryState.STRUCK_OFF
    assert proposed_values(combined).values["closed_on"] == date(2026, 2, 10)


def test_unknown_number_is_not_found_without_errors():
    combined = registry_lookup(UNKNOWN_KRS)
    assert (combined.found, combined.errors, combined.state) == (False, {}, RegistryState.NOT_FOUND)


def test_a_register_timing_out_is_reported_and_not_taken_as_not_found():
    combined = registry_lookup(TIMEOUT_KRS)
    assert "krs" in combined.errors
    assert combined.state != RegistryState.NOT_FOUND


@responses.activate
def test_white_list_is_the_fallback_when_bir_does_not_answer(settings):
    settings.REGISTRY_BIR_LIVE = True
    settings.REGISTRY_BIR_KEY = "abcde12345abcde12345"
    responses.post(settings.REGISTRY_BIR_URL, status=503)
    combined = registry_lookup(COOPERATIVE_NIP)
    assert "bir" in combined.errors
    assert combined.records["vat"].krs == "0000900003"
    assert "krs" in combined.records  # found through the KRS number the white list gave


@pytest.mark.parametrize(("terc", "seat"), [("0463011", "0463011"), ("0402054", "0402053"),
                                            ("0402055", "0402053"), ("1465108", "1465011")])
def test_seat_for_a_part_of_a_gmina_is_the_whole_gmina(terc, seat):
    assert seat_for(terc) == Territory.objects.get(code=seat)


@pytest.mark.parametrize(("form", "name", "expected"), [
    ("SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ", "PRACOWNIA NON PROFIT SP. Z O.O.", LegalForm.NON_PROFIT_COMPANY),
    ("STOWARZYSZENIE", "OCHOTNICZA STRAŻ POŻARNA W LUBICZU", LegalForm.FIRE_BRIGADE),
    ("SPÓŁDZIELNIA", "SPÓŁDZIELNIA INWALIDÓW „NAPRZÓD”", LegalForm.DISABLED_COOPERATIVE),
    ("GMINY", "GMINA MIASTO CHEŁMŻA", LegalForm.LOCAL_GOVERNMENT),
    ("FORMA NIEZNANA", "COŚ", ""),
])
def test_legal_form_suggestion(form, name, expected):
    assert suggest_form(form, name) == expected


def test_differences_ignore_letter_case_and_quotes_but_show_a_new_seat():
    entity = Entity.objects.create(name="Fundacja Wspólny Stół", legal_form=LegalForm.FOUNDATION,
                                   nip=FOUNDATION_NIP, seat_id="0464011")
    rows = {row.field: row for row in differences(entity, proposed_values(registry_lookup(FOUNDATION_NIP)))}
    assert rows["name"].same is True
    assert rows["legal_form"].same is True
    assert rows["seat"].same is False
