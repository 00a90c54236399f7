"""The registry's one matching rule (entities.matching), called directly."""

import pytest

from entities.matching import Identity, RegistryMatcher, entity_find, name_key
from entities.models import LegalForm

from .factories import EntityFactory

pytestmark = pytest.mark.django_db

FOUNDER_REGON = "192598184"
UNIT_REGON = "19259818400015"


def test_names_are_compared_without_case_spaces_and_quotes():
    assert name_key("Warsztat Terapii Zajęciowej „Tęcza”") == name_key('  WARSZTAT terapii  zajęciowej "Tęcza" ')


def test_names_keep_their_polish_letters():
    assert name_key("Łąka") != name_key("Laka")


def test_an_entity_is_found_by_its_own_regon():
    founder = EntityFactory(nip=None, krs=None, regon=FOUNDER_REGON, legal_form=LegalForm.FOUNDATION)
    unit = EntityFactory(nip=None, regon=UNIT_REGON, legal_form=LegalForm.CIS, parent=founder)
    assert entity_find(Identity(regon=FOUNDER_REGON)).entity == founder
    assert entity_find(Identity(regon=UNIT_REGON)).entity == unit


def test_a_units_copy_of_its_founders_regon_finds_neither():
    founder = EntityFactory(nip=None, regon=FOUNDER_REGON, legal_form=LegalForm.FOUNDATION)
    EntityFactory(nip=None, regon=FOUNDER_REGON, legal_form=LegalForm.WTZ, parent=founder)
    # The registry's own REGON of the founder is not shadowed by its unit...
    assert entity_find(Identity(regon=FOUNDER_REGON)).entity == founder
    # ...and a unit giving its founder's REGON is not taken for the founder.
    assert entity_find(Identity(regon=FOUNDER_REGON, unit=True)).entity is None


def test_a_unit_is_found_by_founder_and_name_only_when_no_identifier_matched():
    founder = EntityFactory()
    wtz = EntityFactory(name="WTZ „Tęcza”", legal_form=LegalForm.WTZ, nip=None, regon="", parent=founder)
    match = entity_find(Identity(parent_id=founder.pk, name="wtz tęcza", unit=True))
    assert match.entity == wtz
    assert match.found_by == "unit"
    other = EntityFactory()
    assert entity_find(Identity(nip=other.nip, parent_id=founder.pk, name="wtz tęcza")).entity == other


def test_identifiers_of_two_entities_are_an_error():
    a = EntityFactory(krs=None)
    b = EntityFactory(nip=None, krs="0000000042")
    match = entity_find(Identity(nip=a.nip, krs=b.krs))
    assert match.entity is None
    assert [column for column, _message in match.errors] == ["krs"]


def test_a_matched_entity_with_another_nip_is_an_error():
    entity = EntityFactory(krs="0000000042")
    match = entity_find(Identity(nip="5260250274", krs="0000000042"))
    assert match.entity is None
    assert entity.nip in match.errors[0][1]


def test_the_matcher_reads_many_records_in_a_fixed_number_of_queries(django_assert_num_queries):
    entities = [EntityFactory(krs=f"00000000{n:02d}") for n in range(20)]
    identities = [Identity(nip=e.nip) for e in entities] + [Identity(krs=e.krs) for e in entities]
    # Candidate ids by NIP, by KRS (no REGON, no founders given), then the candidates themselves.
    with django_assert_num_queries(3):
        matcher = RegistryMatcher(identities)
    assert [matcher.find(i).entity for i in identities] == entities + entities
