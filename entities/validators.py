"""Polish identifiers: NIP and REGON checked with python-stdnum, KRS by its format (it has no checksum).

The same functions serve model fields, forms and the import, so a number accepted anywhere is valid
everywhere. ``normalize_*`` strip spaces and dashes so that "856-734-62-15" and "8567346215" are one NIP.
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
