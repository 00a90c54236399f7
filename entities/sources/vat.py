"""The VAT white list of the Ministry of Finance: a fallback for NIP look-ups (many NGOs are not VAT payers, so BIR
stays the primary source).

    GET {REGISTRY_VAT_URL}/api/search/nip/{nip}?date=YYYY-MM-DD          result.subject (null: not in the list)
    GET {REGISTRY_VAT_URL}/api/search/nips/{nip,nip,...}?date=YYYY-MM-DD  up to 30 NIPs in one call

``result.subject`` has the name, statusVat, regon, krs, the addresses and the representatives (names of natural
persons: not used); ``result.requestId`` identifies the answer (kept with an accepted fill-in). Errors are 400 with
``{"code": "WL-1xx", "message": ...}``.
"""

import json
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

from . import transport
from .errors import RegistryMalformed, malformed_message
from .records import RegistryRecord, RegistryState

SOURCE = "vat"
BATCH = 30


def _get(path: str, on: date):
    url = f"{settings.REGISTRY_VAT_URL}/api/search/{path}"

    def request():
        response = transport.session(SOURCE).get(url, params={"date": on.isoformat()}, timeout=transport.timeout())
        return transport.check_status(response)

    response = transport.call(SOURCE, request)
    try:
        payload = json.loads(response.content.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        raise RegistryMalformed(SOURCE, malformed_message(SOURCE)) from None
    if response.status_code != 200 or not isinstance(payload, dict) or not isinstance(payload.get("result"), dict):
        raise RegistryMalformed(SOURCE, malformed_message(SOURCE))
    return payload["result"]


def subject(nip: str, *, on: date | None = None) -> dict:
    """``{"subject": {...} | None, "requestId": ...}`` for one NIP on a day (today by default)."""
    on = on or timezone.localdate()
    return transport.cached(SOURCE, ("nip", nip, on.isoformat()), lambda: _get(f"nip/{nip}", on))


def subjects(nips: list[str], *, on: date | None = None) -> dict[str, dict | None]:
    """The subjects of many NIPs, 30 to a call: ``{nip: subject | None}``."""
    on = on or timezone.localdate()
    found: dict[str, dict | None] = {}
    for start in range(0, len(nips), BATCH):
        chunk = nips[start:start + BATCH]
        result = _get(f"nips/{','.join(chunk)}", on)
        for entry in result.get("entries") or []:
            items = entry.get("subjects") or []
            found[str(entry.get("identifier"))] = items[0] if items else None
    return found


def _date(value) -> date | None:
    try:
        return datetime.strptime(str(value)[:10], "%Y-%m-%d").date() if value else None  # noqa: DTZ007
    except ValueError:
        return None


def _split_address(text: str) -> tuple[str, str, str]:
    """"UL. SZEROKA 1, 87-100 TORUŃ" -> ("UL. SZEROKA 1", "87-100", "TORUŃ")."""
    street, _, rest = (text or "").rpartition(",")
    rest = rest.strip()
    if len(rest) > 6 and rest[2] == "-" and rest[:2].isdigit():
        return street.strip(), rest[:6], rest[7:].strip()
    return (text or "").strip(), "", ""


def parse(result: dict) -> RegistryRecord | None:
    item = result.get("subject")
    if not item:
        return None
    address, postal, city = _split_address(item.get("workingAddress") or item.get("residenceAddress") or "")
    # Removal from the VAT register is not the end of the entity (an association may simply stop paying VAT).
    return RegistryRecord(
        source=SOURCE, request_id=str(result.get("requestId") or ""), name=str(item.get("name") or ""),
        nip=str(item.get("nip") or ""), regon=str(item.get("regon") or ""), krs=str(item.get("krs") or ""),
        address=address, postal_code=postal, locality=city, state=RegistryState.ACTIVE,
        registered_on=_date(item.get("registrationLegalDate")),
        vat_status=str(item.get("statusVat") or ""),
    )
