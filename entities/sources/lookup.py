"""Asking the registers about one identifier and combining their answers (``registry_lookup``).

NIP: BIR first (the primary source: seat TERC, address, form), the white list when BIR has nothing or does not
answer; then the KRS by the KRS number they give. KRS: the KRS extract, then BIR by its REGON (for the TERC).
REGON: BIR (a 14-digit REGON is a local unit: a CIS, WTZ ... run by a gmina or an NGO), then the KRS if BIR names
one. A register that does not answer is recorded in ``errors`` and the others still answer.
"""

from django.utils import timezone
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

from ..validators import normalize_digits
from . import bir, krs, vat
from .errors import RegistryError
from .records import CombinedRecord


class IdentifierKind:
    NIP = "nip"
    REGON = "regon"
    KRS = "krs"


def identifier_kind(value: str) -> tuple[str, str]:
    """(kind, digits) of a typed identifier, or ("", digits) when it is none of them.

    10 digits are a NIP when the check digit is right and it does not start with 0 (a NIP never does; KRS numbers
    are zero-padded); 9 or 14 digits with valid check digits are a REGON; any other number of up to 10 digits is
    a KRS number (leading zeros may be left out).
    """
    digits = normalize_digits(value or "")
    if not digits.isdigit():
        return "", digits
    if len(digits) == 10 and not digits.startswith("0") and stdnum_nip.is_valid(digits):
        return IdentifierKind.NIP, digits
    if len(digits) in (9, 14) and stdnum_regon.is_valid(digits):
        return IdentifierKind.REGON, digits
    if len(digits) <= 10:
        return IdentifierKind.KRS, digits.zfill(10)
    return "", digits


def _try(combined: CombinedRecord, source: str, fn):
    if source in combined.records or source in combined.errors:
        return None
    try:
        return fn()
    except RegistryError as exc:
        combined.errors[source] = str(exc)
        return None


def _add_bir(combined: CombinedRecord, **ids) -> None:
    items = _try(combined, "bir", lambda: bir.lookup(**ids))
    for item in items or []:
        try:
            record = bir.parse(item)
        except RegistryError as exc:
            combined.errors["bir"] = str(exc)
            return
        if record is not None:
            combined.records["bir"] = record
            combined.bir_legal_form_symbol = bir.legal_form_symbol(item)
            return


def _add_krs(combined: CombinedRecord, number: str) -> None:
    payload = _try(combined, "krs", lambda: krs.extract(number))
    if payload:
        try:
            combined.records["krs"] = krs.parse_extract(payload)
        except RegistryError as exc:
            combined.errors["krs"] = str(exc)


def _add_vat(combined: CombinedRecord, number: str, on) -> None:
    result = _try(combined, "vat", lambda: vat.subject(number, on=on))
    if result:
        record = vat.parse(result)
        if record is not None:
            combined.records["vat"] = record


def registry_lookup(identifier: str, *, on=None) -> CombinedRecord:
    """What the registers say about a NIP, REGON or KRS number (no writes; answers are cached).

    ``CombinedRecord.found`` is False with no ``errors`` when no register knows the number.
    """
    on = on or timezone.localdate()
    kind, digits = identifier_kind(identifier)
    combined = CombinedRecord(identifier=digits)
    if kind == IdentifierKind.NIP:
        _add_bir(combined, nip=digits)
        if "bir" not in combined.records:
            _add_vat(combined, digits, on)
    elif kind == IdentifierKind.REGON:
        _add_bir(combined, regon=digits)
    elif kind == IdentifierKind.KRS:
        _add_krs(combined, digits)
        regon = combined.value("regon")
        if regon:
            _add_bir(combined, regon=regon)
        elif "krs" not in combined.records:
            _add_bir(combined, krs=digits)
    else:
        return combined
    number = combined.value("krs")
    if number and "krs" not in combined.records:
        _add_krs(combined, number)
    return combined


def registry_lookup_for(entity, *, on=None) -> CombinedRecord:
    """The registers' answer for a registry entity, by the best identifier it has (KRS, NIP, then REGON)."""
    for value in (entity.krs, entity.nip, entity.regon):
        if value:
            return registry_lookup(value, on=on)
    return CombinedRecord(identifier="")
