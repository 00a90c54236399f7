"""Polish identifiers and postal codes: NIP and REGON checked with python-stdnum, KRS by its format (it has no
checksum), the postal code as NN-NNN.

The same functions serve model fields, forms, the import and the self-registration, so a value accepted anywhere is
valid everywhere. ``normalize_*`` strip spaces and dashes so that "856-734-62-15" and "8567346215" are one NIP, and
turn "87100" or "87 100" into the postal code "87-100".
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.pl import nip, regon


def normalize_digits(value: str) -> str:
    return re.sub(r"[\s\-.]", "", str(value or "")).upper().removeprefix("PL")


def validate_nip(value: str) -> None:
    digits = normalize_digits(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(_("NIP must have 10 digits."), code="nip_format")
    if not nip.is_valid(digits):
        raise ValidationError(_("This NIP is not valid: its check digit does not match."), code="nip_checksum")


def validate_regon(value: str) -> None:
    digits = normalize_digits(value)
    if not re.fullmatch(r"\d{9}|\d{14}", digits):
        raise ValidationError(_("REGON must have 9 or 14 digits."), code="regon_format")
    if not regon.is_valid(digits):
        raise ValidationError(_("This REGON is not valid: its check digit does not match."),
                              code="regon_checksum")


def validate_krs(value: str) -> None:
    digits = normalize_digits(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(_("KRS number must have exactly 10 digits (with leading zeros)."), code="krs_format")


POSTAL_CODE = re.compile(r"\d{2}-\d{3}")


def normalize_postal_code(value: str) -> str:
    """A postal code as stored: "87100", "87 100" and " 87-100 " all become "87-100"; anything else is returned
    stripped, for ``validate_postal_code`` to refuse."""
    text = re.sub(r"\s+", "", str(value or ""))
    if re.fullmatch(r"\d{5}", text):
        return f"{text[:2]}-{text[2:]}"
    if POSTAL_CODE.fullmatch(text):
        return text
    return str(value or "").strip()


def validate_postal_code(value: str) -> None:
    """The Polish postal code NN-NNN (the model field's validator; forms and the import normalise first)."""
    if not POSTAL_CODE.fullmatch(str(value or "")):
        raise ValidationError(_("A postal code has the form 00-000 (for example 87-100)."), code="postal_code")


# The address for electronic delivery (adres do doręczeń elektronicznych, e-Doręczenia) as the register of such
# addresses (BAE) gives it: "AE:PL-", two groups of five digits, five capital letters, two digits.
EDELIVERY_ADDRESS = re.compile(r"AE:PL-\d{5}-\d{5}-[A-Z]{5}-\d{2}")


def normalize_edelivery_address(value: str) -> str:
    """Spaces dropped and letters capitalised, as people copy the address from a letter."""
    return "".join(str(value or "").split()).upper()


def validate_edelivery_address(value: str) -> None:
    """An e-Doręczenia address: AE:PL-00000-00000-XXXXX-00 (the model field's validator)."""
    if not EDELIVERY_ADDRESS.fullmatch(str(value or "")):
        raise ValidationError(_("An e-Delivery address has the form AE:PL-00000-00000-XXXXX-00 (for example "
                                "AE:PL-12345-67890-ABCDE-12)."), code="edelivery_address")
