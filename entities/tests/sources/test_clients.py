"""The three register clients against recorded answers, and the transport rules (timeouts, retries, rate limit,
cache) against intercepted live calls. No test touches the network."""

from datetime import date

import pytest
import requests
import responses
from lxml import etree

from entities.sources import bir, krs, transport, vat
from entities.sources.errors import RegistryMalformed, RegistryNotConfigured, RegistryRateLimited, RegistryUnavailable
from entities.sources.records import RegistryState

from .conftest import (
    ASSOCIATION_KRS,
    BULLETIN_DAY,
    CIS_REGON,
    COOPERATIVE_NIP,
    FOUNDATION_KRS,
    FOUNDATION_NIP,
    GMINA_REGON,
    LIQUIDATION_KRS,
    MALFORMED_BIR_NIP,
    MALFORMED_KRS,
    STRUCK_OFF_KRS,
    STRUCK_OFF_NIP,
    TIMEOUT_KRS,
    UNKNOWN_KRS,
    UNKNOWN_NIP,
)

KRS_URL = "https://api-krs.ms.gov.pl/api/krs/OdpisAktualny/"


# --- KRS ---------------------------------------------------------------------------------------------

def test_krs_extract_of_a_foundation_is_read_from_the_associations_register():
    record = krs.parse_extract(krs.extract(FOUNDATION_KRS))
    assert record.name == "FUNDACJA „WSPÓLNY STÓŁ”"
    assert record.legal_form_text == "FUNDACJA"
    assert record.opp is True
    assert record.regon == "340521017"  # the KRS gives 14 digits with zeros for a legal person
    assert record.registered_on == date(2019, 5, 14)
    assert record.address == "UL. SZEROKA 12/3"
    assert record.pkd[0].startswith("88.99.Z")


def test_krs_extract_keeps_the_representation_as_the_register_masks_it():
    record = krs.parse_extract(krs.extract(ASSOCIATION_KRS))
    assert [p.function for p in record.persons] == ["PREZES ZARZĄDU", "SKARBNIK"]
    assert record.persons[0].name == "J*** W*********"


def test_krs_record_without_personal_data_has_no_names():
    record = krs.parse_extract(krs.extract(ASSOCIATION_KRS))
    assert "persons" not in record.public_dict()


def test_krs_unknown_number_is_none():
    assert krs.extract(UNKNOWN_KRS) is None


def test_krs_struck_off_entity_has_its_deletion_date():
    record = krs.parse_extract(krs.extract(STRUCK_OFF_KRS))
    assert record.state == RegistryState.STRUCK_OFF
    assert record.ended_on == date(2026, 2, 10)


def test_krs_entity_in_liquidation():
    assert krs.parse_extract(krs.extract(LIQUIDATION_KRS)).state == RegistryState.LIQUIDATION


def test_krs_timeout_becomes_a_polish_message():
    with pytest.raises(RegistryUnavailable) as exc:
        krs.extract(TIMEOUT_KRS)
    assert "nie odpowiada" in str(exc.value)


def test_krs_malformed_answer_is_refused():
    with pytest.raises(RegistryMalformed):
        krs.extract(MALFORMED_KRS)


def test_krs_bulletin_lists_the_numbers_changed_that_day():
    assert "0000900011" in krs.bulletin(BULLETIN_DAY)


def test_krs_bulletin_of_a_day_without_entries_is_empty():
    assert krs.bulletin(date(2026, 3, 1)) == []


@responses.activate
def test_live_krs_retries_a_server_error_then_succeeds(settings):
    settings.REGISTRY_KRS_LIVE = True
    body = krs_recorded(FOUNDATION_KRS, "S")
    responses.get(KRS_URL + FOUNDATION_KRS, status=503)
    responses.get(KRS_URL + FOUNDATION_KRS, body=body, content_type="application/json")
    assert krs.extract(FOUNDATION_KRS, register="S")["odpis"]["naglowekA"]["numerKRS"] == FOUNDATION_KRS


@responses.activate
def test_live_krs_gives_up_after_the_bounded_retries(settings):
    settings.REGISTRY_KRS_LIVE = True
    settings.REGISTRY_RETRIES = 2
    responses.get(KRS_URL + FOUNDATION_KRS, body=requests.ConnectTimeout("slow"))
    with pytest.raises(RegistryUnavailable):
        krs.extract(FOUNDATION_KRS, register="S")
    assert len(responses.calls) == 3


@responses.activate
def test_live_krs_sends_a_timeout_with_every_call(settings):
    settings.REGISTRY_KRS_LIVE = True
    settings.REGISTRY_TIMEOUT_SECONDS = 7
    responses.get(KRS_URL + FOUNDATION_KRS, body=krs_recorded(FOUNDATION_KRS, "S"), content_type="application/json")
    krs.extract(FOUNDATION_KRS, register="S")
    assert responses.calls[0].request.req_kwargs["timeout"] == (5.0, 7.0)


@responses.activate
def test_live_answers_are_cached(settings):
    settings.REGISTRY_KRS_LIVE = True
    responses.get(KRS_URL + FOUNDATION_KRS, body=krs_recorded(FOUNDATION_KRS, "S"), content_type="application/json")
    krs.extract(FOUNDATION_KRS, register="S")
    krs.extract(FOUNDATION_KRS, register="S")
    assert len(responses.calls) == 1


@responses.activate
def test_live_calls_are_rate_limited_per_register(settings):
    settings.REGISTRY_KRS_LIVE = True
    settings.REGISTRY_KRS_PER_MINUTE = 1
    responses.get(KRS_URL + FOUNDATION_KRS, body=krs_recorded(FOUNDATION_KRS, "S"), content_type="application/json")
    responses.get(KRS_URL + ASSOCIATION_KRS, body=krs_recorded(ASSOCIATION_KRS, "S"), content_type="application/json")
    krs.extract(FOUNDATION_KRS, register="S")
    with pytest.raises(RegistryRateLimited):
        krs.extract(ASSOCIATION_KRS, register="S")


def krs_recorded(number: str, register: str) -> bytes:
    from entities.sources.recorded import ROOT

    return (ROOT / "krs" / "OdpisAktualny" / f"{number}-{register}.json").read_bytes()


# --- GUS BIR 1.1 -------------------------------------------------------------------------------------

def test_bir_legal_person_report_gives_the_seat_terc_code():
    record = bir.parse(bir.lookup(nip=FOUNDATION_NIP)[0])
    assert record.teryt == "0463011"


def test_bir_legal_person_report_gives_the_krs_number_and_form():
    record = bir.parse(bir.lookup(nip=FOUNDATION_NIP)[0])
    assert (record.krs, record.legal_form_text) == (FOUNDATION_KRS, "FUNDACJE")


def test_bir_local_unit_of_a_gmina_runs_under_the_gminas_regon():
    record = bir.parse(bir.lookup(regon=CIS_REGON)[0])
    assert (record.kind, record.parent_regon, record.name) == ("LP", GMINA_REGON,
                                                                "CENTRUM INTEGRACJI SPOŁECZNEJ W CHEŁMŻY")


def test_bir_struck_off_entity():
    record = bir.parse(bir.lookup(nip=STRUCK_OFF_NIP)[0])
    assert record.state == RegistryState.STRUCK_OFF


def test_bir_unknown_number_is_error_4_which_means_nothing_found():
    assert bir.lookup(nip=UNKNOWN_NIP) == []


def test_bir_malformed_result_is_refused():
    with pytest.raises(RegistryMalformed):
        bir.lookup(nip=MALFORMED_BIR_NIP)


def test_bir_group_report_lists_regons():
    assert "340521052" in bir.group_report(BULLETIN_DAY, bir.GROUP_STRUCK_OFF)


def test_live_bir_needs_a_user_key(settings):
    settings.REGISTRY_BIR_LIVE = True
    settings.REGISTRY_BIR_KEY = ""
    with pytest.raises(RegistryNotConfigured):
        bir.lookup(nip=FOUNDATION_NIP)


def _recorded_bir(operation: str, name: str) -> tuple[bytes, str]:
    from entities.sources.recorded import ROOT

    content = (ROOT / "bir" / operation / name).read_bytes()
    boundary = content.split(b"\r\n", 1)[0][2:].decode()
    return content, (f'multipart/related; type="application/xop+xml"; start="<http://tempuri.org/0>"; '
                     f'boundary="{boundary}"; start-info="application/soap+xml"')


@responses.activate
def test_live_bir_logs_in_and_sends_the_session_id_and_ws_addressing(settings):
    settings.REGISTRY_BIR_LIVE = True
    settings.REGISTRY_BIR_KEY = "abcde12345abcde12345"
    url = settings.REGISTRY_BIR_URL
    for operation, name in [("Zaloguj", "response.xml"), ("DaneSzukajPodmioty", f"Nip-{COOPERATIVE_NIP}.xml"),
                            ("DanePobierzPelnyRaport", "BIR11OsPrawna-340877033.xml"),
                            ("DanePobierzPelnyRaport", "BIR11OsPrawnaPkd-340877033.xml"),
                            ("Wyloguj", "response.xml")]:
        body, content_type = _recorded_bir(operation, name)
        responses.post(url, body=body, content_type=content_type)
    record = bir.parse(bir.lookup(nip=COOPERATIVE_NIP)[0])
    assert record.teryt == "0461011"
    search = responses.calls[1].request
    assert search.headers["sid"] == "rec0demo0sid0000000"
    envelope = etree.fromstring(search.body)
    action = envelope.find(".//{http://www.w3.org/2005/08/addressing}Action").text
    assert action == "http://CIS/BIR/PUBL/2014/07/IUslugaBIRzewnPubl/DaneSzukajPodmioty"
    assert envelope.find(".//{http://www.w3.org/2005/08/addressing}To").text == url
    assert search.headers["Content-Type"].startswith("application/soap+xml")
    assert envelope.find(".//{http://CIS/BIR/PUBL/2014/07/DataContract}Nip").text == COOPERATIVE_NIP


# --- VAT white list ------------------------------------------------------------------------------------

def test_white_list_subject_of_a_vat_payer():
    record = vat.parse(vat.subject(COOPERATIVE_NIP, on=date(2026, 3, 1)))
    assert (record.vat_status, record.krs, record.request_id) == ("Czynny", "0000900003", "Rk3Qx-8fa1e2b")


def test_white_list_ngo_that_is_not_a_vat_payer_has_no_subject():
    assert vat.parse(vat.subject(FOUNDATION_NIP, on=date(2026, 3, 1))) is None


@responses.activate
def test_live_white_list_asks_for_30_nips_at_a_time(settings):
    settings.REGISTRY_VAT_LIVE = True
    settings.REGISTRY_VAT_PER_MINUTE = 100
    responses.get(responses.matchers.re.compile(r"https://wl-api\.mf\.gov\.pl/api/search/nips/.*"),
                  json={"result": {"entries": [], "requestId": "x"}})
    vat.subjects([f"{n:010d}" for n in range(31)], on=date(2026, 3, 1))
    assert len(responses.calls) == 2


def test_transport_is_recorded_unless_the_register_is_switched_on(settings):
    settings.REGISTRY_VAT_LIVE = True
    assert transport.is_live("vat")
    assert not transport.is_live("krs")
