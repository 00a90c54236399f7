"""KRS open API of the Ministry of Justice (no key): the current extract and the daily bulletin.

    GET {REGISTRY_KRS_URL}/krs/OdpisAktualny/{krs}?rejestr=P|S&format=json   404 for a number the register lacks
    GET {REGISTRY_KRS_URL}/Krs/Biuletyn/{YYYY-MM-DD}                          the KRS numbers changed that day

The extract: ``odpis.naglowekA`` (register, number, as-of date, registration and deletion dates), ``dane.dzial1``
(``danePodmiotu``: formaPrawna, identyfikatory{nip, regon}, nazwa, czyPosiadaStatusOPP; ``siedzibaIAdres``),
``dzial2.reprezentacja`` (the body, how it represents, its members: the register masks their names and PESEL),
``dzial3.przedmiotDzialalnosci`` (PKD), ``dzial6`` (liquidation, dissolution, deletion).
"""

import json
from datetime import date, datetime

from django.conf import settings

from . import transport
from .errors import RegistryMalformed, malformed_message
from .records import Person, RegistryRecord, RegistryState

SOURCE = "krs"
REGISTERS = ("P", "S")  # entrepreneurs (cooperatives, companies) and associations, foundations, other organisations


def _get(path: str, params: dict | None = None):
    url = f"{settings.REGISTRY_KRS_URL}/{path}"

    def request():
        response = transport.session(SOURCE).get(url, params=params, timeout=transport.timeout())
        return transport.check_status(response)

    return transport.call(SOURCE, request)


def _json(response):
    try:
        return json.loads(response.content.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        raise RegistryMalformed(SOURCE, malformed_message(SOURCE)) from None


def extract(krs: str, *, register: str = "") -> dict | None:
    """The current extract (JSON) of ``krs``, from either register, or None when neither knows the number."""

    def fetch():
        for reg in ([register] if register else REGISTERS):
            response = _get(f"krs/OdpisAktualny/{krs}", {"rejestr": reg, "format": "json"})
            if response.status_code == 404:
                continue
            if response.status_code != 200:
                raise RegistryMalformed(SOURCE, malformed_message(SOURCE))
            payload = _json(response)
            if not isinstance(payload, dict) or not isinstance(payload.get("odpis"), dict):
                raise RegistryMalformed(SOURCE, malformed_message(SOURCE))
            return payload
        return None

    return transport.cached(SOURCE, ("extract", krs, register), fetch)


def bulletin(day: date) -> list[str]:
    """KRS numbers with an entry made on ``day`` (not cached: the watch reads each day once)."""
    response = _get(f"Krs/Biuletyn/{day.isoformat()}")
    if response.status_code == 404:
        return []
    if response.status_code != 200:
        raise RegistryMalformed(SOURCE, malformed_message(SOURCE))
    payload = _json(response)
    if not isinstance(payload, list) or not all(isinstance(n, str | int) for n in payload):
        raise RegistryMalformed(SOURCE, malformed_message(SOURCE))
    return sorted({str(n).zfill(10) for n in payload})


# --- parsing -------------------------------------------------------------------------------------

def _date(value) -> date | None:
    if not value:
        return None
    text = str(value).strip()[:10]
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def _regon9(value: str) -> str:
    """The KRS gives REGON in 14 digits with zeros for a legal person ("30204683000000"); keep 9 then."""
    digits = "".join(c for c in str(value or "") if c.isdigit())
    return digits[:9] if len(digits) == 14 and digits.endswith("00000") else digits


def _address(adres: dict) -> str:
    street = " ".join(p for p in [(adres.get("ulica") or "").strip(), (adres.get("nrDomu") or "").strip()] if p)
    if adres.get("nrLokalu"):
        street += f"/{adres['nrLokalu']}"
    if not street:
        street = " ".join(p for p in [adres.get("miejscowosc") or "", adres.get("nrDomu") or ""] if p)
    return street.strip()


def _person(member: dict) -> Person | None:
    names = member.get("imiona") or {}
    surname = member.get("nazwisko") or {}
    parts = [names.get("imie"), names.get("imieDrugie"), surname.get("nazwiskoICzlon"),
             surname.get("nazwiskoIICzlon")]
    text = " ".join(str(p).strip() for p in parts if p and str(p).strip())
    return Person(name=text, function=str(member.get("funkcjaWOrganie") or "")) if text else None


def _state(naglowek: dict, dzial6: dict, name: str) -> tuple[str, date | None]:
    deleted = next((v for k, v in naglowek.items() if k.startswith("dataWykreslenia") and v), None) or \
        (dzial6.get("informacjeOWykresleniu") or {}).get("dataWykresleniaZRejestru")
    if deleted:
        return RegistryState.STRUCK_OFF, _date(deleted)
    if dzial6.get("postepowanieUpadlosciowe"):
        return RegistryState.BANKRUPTCY, None
    if dzial6.get("likwidacja") or "W LIKWIDACJI" in name.upper():
        return RegistryState.LIQUIDATION, None
    return RegistryState.ACTIVE, None


def parse_extract(payload: dict) -> RegistryRecord:
    """The record of one extract. ``RegistryMalformed`` when the extract lacks what every extract has."""
    try:
        odpis = payload["odpis"]
        naglowek = odpis["naglowekA"]
        dane = odpis["dane"]
        dzial1 = dane["dzial1"]
        podmiot = dzial1["danePodmiotu"]
        name = str(podmiot["nazwa"]).strip()
    except (KeyError, TypeError):
        raise RegistryMalformed(SOURCE, malformed_message(SOURCE)) from None
    ids = podmiot.get("identyfikatory") or {}
    seat = (dzial1.get("siedzibaIAdres") or {}).get("siedziba") or {}
    adres = (dzial1.get("siedzibaIAdres") or {}).get("adres") or {}
    dzial2 = dane.get("dzial2") or {}
    reprezentacja = dzial2.get("reprezentacja") or {}
    przedmiot = (dane.get("dzial3") or {}).get("przedmiotDzialalnosci") or {}
    pkd = []
    for block in ("przedmiotPrzewazajacejDzialalnosci", "przedmiotPozostalejDzialalnosci"):
        for item in przedmiot.get(block) or []:
            code = ".".join(str(item.get(k) or "") for k in ("kodDzial", "kodKlasa", "kodPodklasa")).strip(".")
            if code:
                pkd.append(f"{code} {str(item.get('opis') or '').strip()}".strip())
    state, ended_on = _state(naglowek, dane.get("dzial6") or {}, name)
    persons = tuple(p for p in (_person(m) for m in reprezentacja.get("sklad") or []) if p)
    return RegistryRecord(
        source=SOURCE,
        request_id=f"KRS {naglowek.get('numerKRS', '')} {naglowek.get('dataCzasOdpisu', '')}".strip(),
        name=name, legal_form_text=str(podmiot.get("formaPrawna") or ""),
        nip=str(ids.get("nip") or ""), regon=_regon9(ids.get("regon") or ""),
        krs=str(naglowek.get("numerKRS") or "").zfill(10),
        seat_text=" / ".join(str(seat.get(k) or "").strip() for k in ("wojewodztwo", "powiat", "gmina")
                             if seat.get(k)),
        locality=str(adres.get("miejscowosc") or seat.get("miejscowosc") or ""),
        address=_address(adres), postal_code=str(adres.get("kodPocztowy") or ""),
        registered_on=_date(naglowek.get("dataRejestracjiWKRS")), ended_on=ended_on, state=state,
        opp=bool(podmiot.get("czyPosiadaStatusOPP")), pkd=tuple(pkd), as_of=_date(naglowek.get("stanZDnia")),
        representation_body=str(reprezentacja.get("nazwaOrganu") or ""),
        representation_method=str(reprezentacja.get("sposobReprezentacji") or ""), persons=persons,
    )
