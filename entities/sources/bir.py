"""GUS REGON, BIR 1.1 (SOAP 1.2 with WS-Addressing), through zeep.

Zaloguj(key) gives a session id, sent as the HTTP header ``sid`` with every later call; DaneSzukajPodmioty finds
entities by NIP, REGON or KRS (type P legal person, LP its local unit, F/LF natural persons);
DanePobierzPelnyRaport gives the report for the kind (BIR11OsPrawna, BIR11OsPrawnaPkd, BIR11JednLokalnaOsPrawnej,
...); DanePobierzRaportZbiorczy the group reports (entities updated or struck off on a day); Wyloguj ends the
session. Every result is an XML document in a string (``<root><dane>...</dane></root>``); an error is a ``dane``
with ``ErrorCode`` (4: nothing found). The answers come MTOM-wrapped (multipart/related), which zeep reads.

The legal-person report's seat symbols give the TERC code directly: voivodeship (2) + powiat (2) + gmina (3: the
gmina number and its kind), e.g. 04 + 63 + 011 = 0463011 Toruń, gmina miejska.
"""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import requests
import zeep
from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree
from zeep.exceptions import Error as ZeepError
from zeep.exceptions import TransportError
from zeep.wsa import WsAddressingPlugin

from . import transport
from .errors import (
    RegistryMalformed,
    RegistryNotConfigured,
    RegistryUnavailable,
    malformed_message,
    unavailable_message,
)
from .legal_forms import normalise
from .records import RegistryRecord, RegistryState

SOURCE = "bir"
WSDL = Path(__file__).resolve().parent / "wsdl" / "UslugaBIRzewnPubl-ver11.wsdl"
BINDING = "{http://tempuri.org/}e3"
NOT_FOUND = "4"
RECORDED_KEY = "recorded-demo-key"

REPORT_LEGAL_PERSON = "BIR11OsPrawna"
REPORT_LEGAL_PERSON_PKD = "BIR11OsPrawnaPkd"
REPORT_LOCAL_UNIT = "BIR11JednLokalnaOsPrawnej"
REPORT_LOCAL_UNIT_PKD = "BIR11JednLokalnaOsPrawnejPkd"
GROUP_UPDATED = "BIR11AktualizowanePodmiotyPrawneOrazDzialalnosciOsFizycznych"
GROUP_STRUCK_OFF = "BIR11SkreslonePodmiotyPrawneOrazDzialalnosciOsFizycznych"
GROUP_UNITS_UPDATED = "BIR11AktualizowaneJednostkiLokalne"
GROUP_UNITS_STRUCK_OFF = "BIR11SkresloneJednostkiLokalne"
GROUP_REPORTS = (GROUP_UPDATED, GROUP_STRUCK_OFF, GROUP_UNITS_UPDATED, GROUP_UNITS_STRUCK_OFF)

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _key() -> str:
    if not transport.is_live(SOURCE):
        return RECORDED_KEY
    if not settings.REGISTRY_BIR_KEY:
        raise RegistryNotConfigured(SOURCE, _no_key_message())
    return settings.REGISTRY_BIR_KEY


def _no_key_message():
    return _("Live calls to GUS REGON are switched on but no user key is set (REGISTRY_BIR_KEY).")


def _rows(xml: str) -> list[dict[str, str]]:
    """The ``dane`` elements of a BIR result, as dicts of their children's text."""
    if not (xml or "").strip():
        return []
    try:
        root = etree.fromstring(xml.strip().encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError:
        raise RegistryMalformed(SOURCE, malformed_message(SOURCE)) from None
    return [{etree.QName(child).localname: (child.text or "").strip() for child in row}
            for row in root.iter("dane")]


@dataclass
class BirSession:
    """One logged-in session (use as a context manager: it logs out at the end)."""

    service: object
    client: zeep.Client
    sid: str = ""

    def _call(self, operation: str, **params):
        def request():
            try:
                with self.client.settings(extra_http_headers={"sid": self.sid} if self.sid else {}):
                    return getattr(self.service, operation)(**params)
            except TransportError as exc:
                if exc.status_code in transport.RETRY_STATUSES:
                    raise transport.RetryableStatus(exc.status_code) from None
                if exc.status_code == 200:  # an answer, but not XML
                    raise RegistryMalformed(SOURCE, malformed_message(SOURCE)) from None
                raise RegistryUnavailable(SOURCE, unavailable_message(SOURCE)) from None
            except (requests.Timeout, requests.ConnectionError):
                raise
            except (ZeepError, etree.XMLSyntaxError, ValueError):
                raise RegistryMalformed(SOURCE, malformed_message(SOURCE)) from None

        return transport.call(SOURCE, request)

    def __enter__(self) -> "BirSession":
        self.sid = self._call("Zaloguj", pKluczUzytkownika=_key()) or ""
        if not self.sid:
            raise RegistryUnavailable(SOURCE, unavailable_message(SOURCE))
        return self

    def __exit__(self, *exc) -> None:
        try:
            self._call("Wyloguj", pIdentyfikatorSesji=self.sid)
        except Exception:  # noqa: BLE001, S110 - a failed logout only lets the session expire on its own
            pass

    def search(self, *, nip: str = "", regon: str = "", krs: str = "") -> list[dict[str, str]]:
        """Entities found by one identifier ([] when BIR finds none)."""
        params = {"Nip": nip or None, "Regon": regon or None, "Krs": krs or None}
        rows = _rows(self._call("DaneSzukajPodmioty", pParametryWyszukiwania=params))
        return _without_not_found(rows)

    def report(self, regon: str, name: str) -> list[dict[str, str]]:
        return _without_not_found(_rows(self._call("DanePobierzPelnyRaport", pRegon=regon, pNazwaRaportu=name)))

    def group_report(self, day: date, name: str) -> list[str]:
        rows = _without_not_found(_rows(self._call("DanePobierzRaportZbiorczy", pDataRaportu=day.isoformat(),
                                                   pNazwaRaportu=name)))
        return [row.get("regon") or row.get("Regon") or "" for row in rows if row.get("regon") or row.get("Regon")]


def _without_not_found(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    errors = [row for row in rows if "ErrorCode" in row]
    if errors:
        if errors[0]["ErrorCode"] == NOT_FOUND:
            return []
        raise RegistryMalformed(SOURCE, malformed_message(SOURCE))
    return rows


_CLIENTS: dict[tuple, zeep.Client] = {}


def session() -> BirSession:
    """A new BIR session (not yet logged in): ``with bir.session() as s: s.search(nip=...)``."""
    http = transport.session(SOURCE)
    read = transport.timeout()[1]
    client = zeep.Client(str(WSDL), transport=zeep.Transport(session=http, timeout=read, operation_timeout=read),
                         plugins=[WsAddressingPlugin()], settings=zeep.Settings(strict=False, xml_huge_tree=False))
    return BirSession(service=client.create_service(BINDING, settings.REGISTRY_BIR_URL), client=client)


# --- lookups (cached) and parsing ------------------------------------------------------------------

def lookup(*, nip: str = "", regon: str = "", krs: str = "") -> list[dict]:
    """Search, then for each legal person or local unit found its full report and PKD list:
    ``[{"hit": {...}, "report": {...}, "pkd": [...], "parent": {...} | None}]``."""

    def fetch():
        found = []
        with session() as s:
            for hit in s.search(nip=nip, regon=regon, krs=krs):
                kind = hit.get("Typ", "")
                number = hit.get("Regon", "")
                item = {"hit": hit, "report": {}, "pkd": [], "parent": None}
                if kind == "P":
                    item["report"] = next(iter(s.report(number, REPORT_LEGAL_PERSON)), {})
                    item["pkd"] = s.report(number, REPORT_LEGAL_PERSON_PKD)
                elif kind == "LP":
                    item["report"] = next(iter(s.report(number, REPORT_LOCAL_UNIT)), {})
                    item["pkd"] = s.report(number, REPORT_LOCAL_UNIT_PKD)
                    parent = next(iter(s.report(number[:9], REPORT_LEGAL_PERSON)), None)
                    item["parent"] = parent
                found.append(item)
        return found

    return transport.cached(SOURCE, ("lookup", nip, regon, krs), fetch)


def group_report(day: date, name: str) -> list[str]:
    with session() as s:
        return s.group_report(day, name)


def _date(value: str) -> date | None:
    try:
        return datetime.strptime((value or "")[:10], "%Y-%m-%d").date() if value else None  # noqa: DTZ007
    except ValueError:
        return None


def _postal(value: str) -> str:
    digits = "".join(c for c in value or "" if c.isdigit())
    return f"{digits[:2]}-{digits[2:]}" if len(digits) == 5 else (value or "")


def _street(report: dict, prefix: str) -> str:
    street = report.get(f"{prefix}_adSiedzUlica_Nazwa") or report.get(f"{prefix}_adSiedzMiejscowosc_Nazwa") or ""
    number = report.get(f"{prefix}_adSiedzNumerNieruchomosci") or ""
    flat = report.get(f"{prefix}_adSiedzNumerLokalu") or ""
    text = f"{street} {number}".strip()
    return f"{text}/{flat}" if flat else text


def parse(item: dict) -> RegistryRecord | None:
    """The record of one ``lookup`` item (None for natural persons: the registry keeps organisations)."""
    hit, report = item.get("hit") or {}, item.get("report") or {}
    kind = hit.get("Typ", "")
    if kind not in ("P", "LP"):
        return None
    prefix = "praw" if kind == "P" else "lokpraw"
    if not report:
        raise RegistryMalformed(SOURCE, malformed_message(SOURCE))
    teryt = "".join(report.get(f"{prefix}_adSiedz{part}_Symbol", "") for part in ("Wojewodztwo", "Powiat", "Gmina"))
    ended = _date(report.get(f"{prefix}_dataSkresleniaZRegon") or report.get(f"{prefix}_dataSkresleniazRegon") or "")
    finished = _date(report.get(f"{prefix}_dataZakonczeniaDzialalnosci", ""))
    state = RegistryState.ACTIVE
    if ended or finished:
        state = RegistryState.STRUCK_OFF
    elif report.get(f"{prefix}_dataOrzeczeniaOUpadlosci") and \
            not report.get(f"{prefix}_dataZakonczeniaPostepowaniaUpadlosciowego"):
        state = RegistryState.BANKRUPTCY
    elif report.get(f"{prefix}_dataZawieszeniaDzialalnosci") and \
            not report.get(f"{prefix}_dataWznowieniaDzialalnosci"):
        state = RegistryState.SUSPENDED
    name = report.get(f"{prefix}_nazwa") or hit.get("Nazwa", "")
    if state == RegistryState.ACTIVE and "W LIKWIDACJI" in name.upper():
        state = RegistryState.LIQUIDATION
    regon = report.get(f"{prefix}_regon9") or report.get(f"{prefix}_regon14") or hit.get("Regon", "")
    registered_in = report.get(f"{prefix}_numerWRejestrzeEwidencji") or report.get(
        f"{prefix}_numerWrejestrzeEwidencji") or ""
    # Entered in the KRS: the registering body is a KRS court division ("... KRAJOWEGO REJESTRU SĄDOWEGO").
    krs_register = "REJESTRU SADOWEGO" in normalise(report.get(f"{prefix}_organRejestrowy_Nazwa") or "")
    pkd = tuple(f"{row.get(f'{prefix}_pkdKod', '')} {row.get(f'{prefix}_pkdNazwa', '')}".strip()
                for row in item.get("pkd") or [] if row.get(f"{prefix}_pkdKod"))
    parent = item.get("parent") or {}
    return RegistryRecord(
        source=SOURCE,
        request_id=f"GUS {regon} {report.get(f'{prefix}_dataZaistnieniaZmiany', '')}".strip(),
        name=name, legal_form_text=report.get(f"{prefix}_szczegolnaFormaPrawna_Nazwa", "") if kind == "P" else "",
        nip=report.get(f"{prefix}_nip") or hit.get("Nip", "") or (parent.get("praw_nip", "") if kind == "P" else ""),
        regon=regon, krs=registered_in.zfill(10) if registered_in and krs_register else "",
        teryt=teryt if len(teryt) == 7 and teryt.isdigit() else "",
        locality=report.get(f"{prefix}_adSiedzMiejscowosc_Nazwa", ""), address=_street(report, prefix),
        postal_code=_postal(report.get(f"{prefix}_adSiedzKodPocztowy", "")),
        started_on=_date(report.get(f"{prefix}_dataRozpoczeciaDzialalnosci", "")),
        registered_on=_date(report.get(f"{prefix}_dataWpisuDoRejestruEwidencji", "")),
        ended_on=ended or finished, state=state, pkd=pkd, kind=kind,
        parent_regon=regon[:9] if kind == "LP" else "",
    )


def legal_form_symbol(item: dict) -> str:
    return (item.get("report") or {}).get("praw_szczegolnaFormaPrawna_Symbol", "")
