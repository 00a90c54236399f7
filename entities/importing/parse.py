"""Reading the rows of an import file: the columns, the cells parsed into values, the errors by row and column.

Nothing here touches the database: ``parse_row`` turns one row's cells into the values the plan checks.
"""

import re
import unicodedata
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
    name: str  # the code the rule uses; files may name the column by it too
    label: Any  # what the page and the template files call it, and the header they write
    format: Any
    example: str
    required: bool = False
    headers: tuple[str, ...] = ()  # other names Polish staff give the column (case, diacritics, spaces ignored)


COLUMNS = [
    Column("name", gettext_lazy("Full name"), gettext_lazy("text, up to 500 characters"),
           "Fundacja „Dobry Start”", required=True,
           headers=("nazwa", "nazwa podmiotu", "nazwa pełna")),
    Column("short_name", gettext_lazy("Short name"), gettext_lazy("text, up to 200 characters"), "Dobry Start",
           headers=("nazwa skrócona", "skrót", "skrót nazwy", "nazwa krótka")),
    Column("legal_form", gettext_lazy("Legal form"),
           gettext_lazy("the name of a legal form of the list below; abbreviations such as CIS or WTZ are accepted"),
           "fundacja", required=True, headers=("forma", "forma organizacyjna")),
    Column("nip", "NIP", gettext_lazy("10 digits, dashes and spaces allowed; the check digit is checked"),
           "856-734-62-15"),
    Column("regon", "REGON", gettext_lazy("9 or 14 digits; the check digit is checked"), "192598184"),
    Column("krs", gettext_lazy("KRS number"), gettext_lazy("10 digits; leading zeros may be left out"),
           "0000566214",
           headers=("krs", "nr krs")),
    Column("teryt", gettext_lazy("Seat: TERYT code of the gmina"),
           gettext_lazy("7 digits of a whole gmina (last digit 1, 2 or 3)"), "0463011",
           headers=("teryt", "kod teryt", "teryt gminy", "kod teryt gminy", "teryt siedziby")),
    Column("address", gettext_lazy("Address"), gettext_lazy("street and number"), "ul. Szeroka 1",
           headers=("ulica", "ulica i numer", "adres siedziby")),
    Column("postal_code", gettext_lazy("Postal code"), gettext_lazy("00-000"), "87-100", headers=("kod",)),
    Column("email", gettext_lazy("E-mail of the organisation"), gettext_lazy("e-mail address"),
           "biuro@fundacja.example.pl",
           headers=("e-mail", "email", "adres e-mail", "poczta elektroniczna")),
    Column("phone", gettext_lazy("Phone of the organisation"), gettext_lazy("text, up to 30 characters"),
           "56 600 00 00",
           headers=("telefon", "tel.", "nr telefonu", "numer telefonu")),
    Column("website", gettext_lazy("Website"), gettext_lazy("address; https:// is added when missing"),
           "https://fundacja.example.pl",
           headers=("strona", "strona www", "www", "adres strony")),
    Column("description", gettext_lazy("Description (public)"), gettext_lazy("text"), "", headers=("opis",)),
    Column("registered_on", gettext_lazy("Registered on"), gettext_lazy("date YYYY-MM-DD or DD.MM.YYYY"),
           "14.05.2019",
           headers=("data wpisu", "data wpisu do rejestru")),
    Column("is_active", gettext_lazy("Active"), gettext_lazy("tak/nie (yes/no); a new entity is active"), "tak",
           headers=("aktywny", "aktywna", "aktywne", "czy aktywny", "active")),
    Column("closed_on", gettext_lazy("Closed on"),
           gettext_lazy("date YYYY-MM-DD or DD.MM.YYYY; makes the entity inactive"), "",
           headers=("data zakończenia działalności", "data likwidacji", "data wykreślenia")),
    Column("in_catalogue", gettext_lazy("Shown in the public catalogue"),
           gettext_lazy("tak/nie (yes/no); a new entity is shown"), "tak",
           headers=("w katalogu", "katalog", "widoczny w katalogu", "w katalogu publicznym")),
    Column("parent_nip", gettext_lazy("Founding entity: NIP"),
           gettext_lazy("for CIS, KIS, WTZ and ZAZ: NIP of the entity in the registry or in the file"), "",
           headers=("nip podmiotu tworzącego", "nip jednostki tworzącej")),
    Column("parent_krs", gettext_lazy("Founding entity: KRS number"),
           gettext_lazy("as above, by KRS number"), "",
           headers=("krs podmiotu tworzącego", "krs jednostki tworzącej")),
    Column("activity_area", gettext_lazy("Area of activity: powiaty"),
           gettext_lazy("4-digit TERYT codes of powiaty separated by commas"), "0463, 0415",
           headers=("obszar działania", "powiaty działania", "obszar działania (powiaty)")),
]
COLUMN_NAMES = [c.name for c in COLUMNS]
REQUIRED = [c.name for c in COLUMNS if c.required]
# Columns accepted and not read: those of the registry export derived from others (so an export is importable),
# and the place names and row numbers of the lists staff keep; the seat is given by its TERYT code. {code: names}
IGNORED_HEADERS = {
    "id": ("id",), "ps": ("ps",), "gmina": ("gmina", "gmina siedziby"), "powiat": ("powiat", "powiat siedziby"),
    "locality": ("miejscowość", "miasto", "miejscowość siedziby"), "voivodeship": ("województwo",),
    "number": ("lp", "l.p.", "nr", "lp."),
}
IGNORED = set(IGNORED_HEADERS)
# Columns whose value names the seat but is not read: a row with one and no TERYT code is warned about.
PLACE_NAMES = ("gmina", "locality")
ALIASES = {"active": "is_active"}


def plain_key(value) -> str:
    """A header or a name as compared: lower case, without Polish diacritics, punctuation and extra spaces
    ("Miejscowość:" and "MIEJSCOWOSC" are the same header, "E-mail" and "email " nearly: both are listed)."""
    text = str(value or "").replace("\ufeff", "").casefold().replace("ł", "l")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def header_codes() -> dict[str, str]:
    """{plain key: column code} of every accepted header: the code, the column's name in Polish and English,
    and the other names staff give it."""
    codes: dict[str, str] = {}
    for column in COLUMNS:
        names = [column.name, *column.headers]
        for language in ("pl", "en"):
            with translation.override(language):
                names.append(str(column.label))
        codes.update({plain_key(name): column.name for name in names})
    for code, names in IGNORED_HEADERS.items():
        codes.update({plain_key(name): code for name in (code, *names)})
    codes.update({plain_key(alias): code for alias, code in ALIASES.items()})
    return codes


PLACE_LABELS = {"gmina": gettext_lazy("Gmina"), "locality": gettext_lazy("Locality")}


def column_label(code: str) -> str:
    """What a column is called in the active language (its header in the template files)."""
    for column in COLUMNS:
        if column.name == code:
            return str(column.label)
    return str(PLACE_LABELS.get(code, code))
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

    @property
    def column_label(self) -> str:
        return column_label(self.column) if self.column else ""

    def __str__(self) -> str:
        if self.row and self.column:
            return _("Row %(row)d, column %(column)s: %(message)s") % {
                "row": self.row, "column": f"„{self.column_label}”", "message": self.message}
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


# Other names of legal forms as Polish staff write them (the Polish name of each form, with or without its
# abbreviation, is accepted anyway).
LEGAL_FORM_NAMES = {
    LegalForm.AGRICULTURAL_COOPERATIVE: ("spółdzielnia produkcji rolnej",),
    LegalForm.ASSOCIATION: ("stowarzyszenie rejestrowe",),
    LegalForm.JST_ASSOCIATION: ("stowarzyszenie jednostek samorządu terytorialnego",),
    LegalForm.NON_PROFIT_COMPANY: ("spółka non profit", "spółka z o.o. non-profit",
                                   "spółka z ograniczoną odpowiedzialnością non-profit", "spółka akcyjna non-profit"),
    LegalForm.CHURCH_ENTITY: ("kościelna jednostka organizacyjna",),
    LegalForm.OTHER_NGO: ("organizacja pozarządowa",),
    LegalForm.LOCAL_GOVERNMENT: ("jednostka samorządu terytorialnego",),
}


def legal_form_codes() -> dict[str, str]:
    """{plain key: code} of every accepted spelling of a legal form: its code, its Polish and English names with
    and without the abbreviation, the abbreviation alone, and ``LEGAL_FORM_NAMES``."""
    names: dict[str, str] = {}
    for form in LegalForm:
        spellings = [form.value, *LEGAL_FORM_NAMES.get(form, ())]
        for language in ("pl", "en"):
            with translation.override(language):
                label = str(form.label)
            spellings += [label, re.sub(r"\s*\([^)]*\)", "", label)]
            abbreviation = re.search(r"\(([A-Z]{2,4})\)", label)
            if abbreviation:
                spellings.append(abbreviation.group(1))
        names.update({plain_key(spelling): form.value for spelling in spellings})
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
    place: tuple[str, str] | None = None  # (column, name) of a place name the row gives, which is not read


def parse_row(number: int, cells: dict[str, Any], legal_forms: dict[str, str]) -> _Parsed:
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    place = None
    for column, raw in cells.items():
        if cell_text(raw) == "":
            continue  # an empty cell changes nothing
        if column in PLACE_NAMES:
            place = place or (column, cell_text(raw))
            continue
        try:
            if column in TEXT_FIELDS:
                values[column] = cell_text(raw)
            elif column == "legal_form":
                code = legal_forms.get(plain_key(cell_text(raw)))
                if code is None:
                    raise ValidationError(_("Unknown legal form “%(value)s”: write one of the legal forms listed on "
                                            "the import page, e.g. fundacja or spółdzielnia socjalna.")
                                          % {"value": cell_text(raw)})
                values[column] = code
            else:
                values[column] = PARSERS[column](raw)
        except ValidationError as exc:
            errors.extend(RowError(number, column, message) for message in exc.messages)
    return _Parsed(number, values, errors, place)
