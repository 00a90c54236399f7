"""Reading the rows of an import file: the columns, the cells parsed into values, the errors by row and column.

Nothing here touches the database: ``parse_row`` turns one row's cells into the values the plan checks.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import LegalForm
from ..validators import (
    normalize_digits,
    normalize_postal_code,
    validate_krs,
    validate_nip,
    validate_postal_code,
    validate_regon,
)

# Largest number of data rows in one file: every row is written through the services with its history.
MAX_ROWS = 5000


@dataclass(frozen=True)
class Column:
    name: str
    label: Any
    format: Any
    example: str
    required: bool = False


COLUMNS = [
    Column("name", gettext_lazy("Full name"), gettext_lazy("text, up to 500 characters"),
           "Fundacja „Dobry Start”", required=True),
    Column("short_name", gettext_lazy("Short name"), gettext_lazy("text, up to 200 characters"), "Dobry Start"),
    Column("legal_form", gettext_lazy("Legal form"),
           gettext_lazy("a code from the list of legal forms, or its name"), "foundation", required=True),
    Column("nip", "NIP", gettext_lazy("10 digits, dashes and spaces allowed; the check digit is checked"),
           "856-734-62-15"),
    Column("regon", "REGON", gettext_lazy("9 or 14 digits; the check digit is checked"), "192598184"),
    Column("krs", gettext_lazy("KRS number"), gettext_lazy("10 digits; leading zeros may be left out"),
           "0000566214"),
    Column("teryt", gettext_lazy("Seat: TERYT code of the gmina"),
           gettext_lazy("7 digits of a whole gmina (last digit 1, 2 or 3)"), "0463011"),
    Column("address", gettext_lazy("Address"), gettext_lazy("street and number"), "ul. Szeroka 1"),
    Column("postal_code", gettext_lazy("Postal code"), gettext_lazy("00-000"), "87-100"),
    Column("email", gettext_lazy("E-mail of the organisation"), gettext_lazy("e-mail address"),
           "biuro@fundacja.example.pl"),
    Column("phone", gettext_lazy("Phone of the organisation"), gettext_lazy("text, up to 30 characters"),
           "56 600 00 00"),
    Column("website", gettext_lazy("Website"), gettext_lazy("address; https:// is added when missing"),
           "https://fundacja.example.pl"),
    Column("description", gettext_lazy("Description (public)"), gettext_lazy("text"), ""),
    Column("registered_on", gettext_lazy("Registered on"), gettext_lazy("date YYYY-MM-DD or DD.MM.YYYY"),
           "2019-05-14"),
    Column("is_active", gettext_lazy("Active"), gettext_lazy("tak/nie (yes/no); a new entity is active"), "tak"),
    Column("closed_on", gettext_lazy("Closed on"),
           gettext_lazy("date YYYY-MM-DD or DD.MM.YYYY; makes the entity inactive"), ""),
    Column("in_catalogue", gettext_lazy("Shown in the public catalogue"),
           gettext_lazy("tak/nie (yes/no); a new entity is shown"), "tak"),
    Column("parent_nip", gettext_lazy("Founding entity: NIP"),
           gettext_lazy("for CIS, KIS, WTZ and ZAZ: NIP of the entity in the registry or in the file"), ""),
    Column("parent_krs", gettext_lazy("Founding entity: KRS number"),
           gettext_lazy("as above, by KRS number"), ""),
    Column("activity_area", gettext_lazy("Area of activity: powiaty"),
           gettext_lazy("4-digit TERYT codes of powiaty separated by commas"), "0463, 0415"),
]
COLUMN_NAMES = [c.name for c in COLUMNS]
REQUIRED = [c.name for c in COLUMNS if c.required]
# Columns of the registry export that are derived from others: accepted and ignored, so an export is importable.
IGNORED = {"id", "gmina", "powiat", "ps"}
ALIASES = {"active": "is_active"}
# Model fields of the columns that hold plain values (the others are resolved: seat, parent, activity area).
TEXT_FIELDS = ["name", "short_name", "address", "phone", "description"]


class ImportFileError(ValueError):
    """The file as a whole cannot be read (type, encoding, size, columns); its message is for the user."""


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]]  # (row number in the spreadsheet, {column: cell})
    filename: str = ""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row and self.column:
            return _("Row %(row)d, column %(column)s: %(message)s") % {"row": self.row, "column": self.column,
                                                                        "message": self.message}
        if self.row:
            return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


# --- parsing cells ----------------------------------------------------------------------------

def cell_text(value) -> str:
    """A cell as stripped text (numbers without a trailing .0, dates as YYYY-MM-DD)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def legal_form_codes() -> dict[str, str]:
    """Every accepted spelling of a legal form: its code, its Polish and English names, its abbreviation."""
    names: dict[str, str] = {}
    for form in LegalForm:
        names[form.value] = form.value
        for language in ("pl", "en"):
            with translation.override(language):
                label = str(form.label)
            names[label.lower()] = form.value
            abbreviation = re.search(r"\(([A-Z]{2,4})\)", label)
            if abbreviation:
                names[abbreviation.group(1).lower()] = form.value
    return names


def _digits(value, pad_to: int = 0) -> str:
    digits = normalize_digits(cell_text(value))
    if pad_to and digits.isdigit() and len(digits) < pad_to:
        digits = digits.zfill(pad_to)  # spreadsheets drop leading zeros of numbers
    return digits


def _regon(value) -> str:
    digits = _digits(value)
    if digits.isdigit() and len(digits) < 9:
        digits = digits.zfill(9)
    elif digits.isdigit() and 9 < len(digits) < 14:
        digits = digits.zfill(14)
    validate_regon(digits)
    return digits


def _nip(value) -> str:
    digits = _digits(value)
    validate_nip(digits)
    return digits


def _krs(value) -> str:
    digits = _digits(value, pad_to=10)
    validate_krs(digits)
    return digits


def _date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    raise ValidationError(_("Give a date as YYYY-MM-DD or DD.MM.YYYY."))


YES = {"tak", "t", "yes", "y", "1", "true", "prawda", "x"}
NO = {"nie", "n", "no", "0", "false", "fałsz"}


def _bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValidationError(_("Write tak or nie (yes or no)."))


def _postal_code(value) -> str:
    text = normalize_postal_code(cell_text(value))
    validate_postal_code(text)
    return text


def _teryt(value) -> str:
    digits = _digits(value)
    if digits.isdigit() and len(digits) == 6:
        digits = digits.zfill(7)
    if not re.fullmatch(r"\d{7}", digits):
        raise ValidationError(_("A TERYT code of a gmina has 7 digits."))
    return digits


def _powiaty(value) -> list[str]:
    codes = []
    for part in re.split(r"[,;\s]+", cell_text(value)):
        if not part:
            continue
        code = part.zfill(4) if part.isdigit() and len(part) == 3 else part
        if not re.fullmatch(r"\d{4}", code):
            raise ValidationError(_("“%(code)s” is not a 4-digit TERYT code of a powiat.") % {"code": part})
        codes.append(code)
    return sorted(set(codes))


PARSERS = {
    "nip": _nip, "regon": _regon, "krs": _krs, "teryt": _teryt, "postal_code": _postal_code,
    "email": lambda v: forms.EmailField().clean(cell_text(v)),
    "website": lambda v: forms.URLField(assume_scheme="https").clean(cell_text(v)),
    "registered_on": _date, "closed_on": _date, "is_active": _bool, "in_catalogue": _bool,
    "parent_nip": _nip, "parent_krs": _krs, "activity_area": _powiaty,
}


@dataclass
class _Parsed:
    row: int
    values: dict[str, Any]
    errors: list[RowError]


def parse_row(number: int, cells: dict[str, Any], legal_forms: dict[str, str]) -> _Parsed:
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for column, raw in cells.items():
        if cell_text(raw) == "":
            continue  # an empty cell changes nothing
        try:
            if column in TEXT_FIELDS:
                values[column] = cell_text(raw)
            elif column == "legal_form":
                code = legal_forms.get(cell_text(raw).lower())
                if code is None:
                    raise ValidationError(_("Unknown legal form “%(value)s”: use a code from the list of legal "
                                            "forms.") % {"value": cell_text(raw)})
                values[column] = code
            else:
                values[column] = PARSERS[column](raw)
        except ValidationError as exc:
            errors.extend(RowError(number, column, message) for message in exc.messages)
    return _Parsed(number, values, errors)
