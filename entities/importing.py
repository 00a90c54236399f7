"""Import of registry entities from a CSV or XLSX file: one row per entity, all or nothing.

The rule is written once here and used by ``manage.py import_entities`` and by the staff upload page:

1. ``entities.import_files.read_table`` reads the file into a ``Table`` and checks its first row, which names the
   columns (``COLUMNS`` below).
2. ``entities_import_check`` parses and checks every row with the same validators and model checks as the edit
   form (NIP and REGON with python-stdnum, KRS by format, field lengths, e-mail, website), resolves the legal form
   by code or name, the seat by the 7-digit TERYT code of a gmina, the founding entity by NIP or KRS, and matches
   each row to an existing entity by the registry's one matching rule (``entities.matching``: NIP, KRS number,
   own REGON, or founding entity and name). Nothing is written.
3. ``entities_import`` writes the plan through ``entities.services`` (history user and reason recorded) inside one
   transaction, but only when no row has an error. Two imports adding the same new NIP at once meet at the
   unique constraint: the loser's transaction is rolled back and its plan is made again (the entity now exists,
   so the row becomes an update or stays unchanged); if that keeps failing the caller gets a Polish error.

An empty cell never changes a stored value (clearing a field is done in the edit form); a column that is absent
from the file is left alone too.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import require_staff

from . import services
from .matching import UNIT, Identity, RegistryMatcher, name_key
from .models import REINTEGRATION_UNITS, Entity, LegalForm, Territory, legal_form_label
from .validators import (
    normalize_digits,
    normalize_postal_code,
    validate_krs,
    validate_nip,
    validate_postal_code,
    validate_regon,
)

# Largest number of data rows in one file: every row is written through the services with its history.
MAX_ROWS = 5000
# How many times an import is planned again after a concurrent import took one of its NIP/KRS numbers.
ATTEMPTS = 3
# Key of the PostgreSQL advisory lock that applies imports one at a time ("ENTIMP" in hex digits).
IMPORT_LOCK = 0x454E54494D50
# PostgreSQL errors after which the same transaction may simply be tried again: deadlock, serialization failure.
RETRY_SQLSTATES = {"40P01", "40001"}


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
SAVED_FIELDS = ["name", "short_name", "legal_form", "nip", "regon", "krs", "seat", "address", "postal_code", "email",
                "phone", "website", "description", "registered_on", "is_active", "closed_on", "in_catalogue",
                "parent"]
FIELD_COLUMN = {"seat": "teryt", "parent": "parent_nip"}

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


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


@dataclass(frozen=True)
class Change:
    column: str
    old: str
    new: str


@dataclass
class RowPlan:
    row: int
    action: str
    name: str
    nip: str | None
    krs: str | None
    entity: Entity | None = None  # the existing entity the row matches
    values: dict[str, Any] = field(default_factory=dict)  # fields to write (all for a new entity, changed ones)
    activity_area: list[str] | None = None
    parent_row: int | None = None  # founding entity added or matched by another row of the file
    changes: list[Change] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        """The row adds an entity (otherwise it changes, or leaves unchanged, the one it matched)."""
        return self.action == CREATE


@dataclass
class ImportReport:
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    applied: bool = False

    def _count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def created(self) -> int:
        return self._count(CREATE)

    @property
    def updated(self) -> int:
        return self._count(UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(UNCHANGED)

    @property
    def changed_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action != UNCHANGED]


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


def _legal_forms() -> dict[str, str]:
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


def _parse_row(number: int, cells: dict[str, Any], legal_forms: dict[str, str]) -> _Parsed:
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


# --- checking the rows against the registry -----------------------------------------------------

def _display(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "legal_form":
        return legal_form_label(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Territory):
        return f"{value.code} {value.name}"
    if isinstance(value, Entity):
        return value.name
    if name == "parent":
        return _("id %(pk)s") % {"pk": value}
    return str(value)


def entities_import_check(table: Table, *, lock: bool = False) -> ImportReport:
    """Plan the import of ``table`` without writing: what each row would create or change, and every error.

    Each row is matched to the registry by ``entities.matching`` (NIP, KRS, own REGON, founding entity and name),
    the same rule whether this is the preview or the apply step. With ``lock=True`` (inside a transaction) the
    matched entities are locked until it ends, so the plan stays true while it is applied.
    """
    report = ImportReport()
    legal_forms = _legal_forms()
    parsed = [_parse_row(number, cells, legal_forms) for number, cells in table.rows]
    for p in parsed:
        report.errors.extend(p.errors)
    territory = _territories(parsed)
    in_registry = _parents(parsed)
    in_file = _numbers_in_file(parsed)
    parents = {p.row: _resolve_parent(p, in_registry, in_file) for p in parsed}
    identities = {p.row: _identity(p, parents[p.row]) for p in parsed}
    matcher = RegistryMatcher(identities.values(), lock=lock,
                              prefetch=("activity_area",) if "activity_area" in table.columns else ())
    seen: dict[tuple, int] = {}
    matched_rows: dict[int, int] = {}
    plans: dict[int, RowPlan] = {}
    for p in parsed:
        errors = _duplicates_in_file(p, identities[p.row], parents[p.row], seen)
        match = matcher.find(identities[p.row])
        errors += [RowError(p.row, column, message) for column, message in match.errors]
        plan = _plan_row(p, match, territory, parents[p.row], matched_rows, errors)
        report.errors.extend(errors)
        if plan is not None:
            plans[p.row] = plan
            if plan.action == CREATE and not identities[p.row].keys() and plan.parent_row is None:
                report.warnings.append(RowError(p.row, "", _(
                    "No NIP, no KRS number, no REGON of its own and no founding entity: the row adds a new entity "
                    "that a later import cannot find.")))
    order, cycle = _ordered(plans)
    if cycle:
        report.errors.append(RowError(cycle, "parent_nip", _("Founding entities in the file refer to each other "
                                                             "in a circle.")))
    report.rows = order
    report.errors.sort(key=lambda e: (e.row, COLUMN_NAMES.index(e.column) if e.column in COLUMN_NAMES else -1))
    return report


def _territories(parsed: list[_Parsed]) -> dict[str, Territory]:
    codes = {p.values["teryt"] for p in parsed if "teryt" in p.values}
    codes |= {c for p in parsed for c in p.values.get("activity_area", [])}
    found: dict[str, Territory] = {}
    codes = sorted(codes)
    for start in range(0, len(codes), 1000):
        found.update({t.code: t for t in Territory.objects.filter(code__in=codes[start:start + 1000])})
    return found


def _parents(parsed: list[_Parsed]) -> dict[tuple[str, str], Entity]:
    """Founding entities named by the rows, found in the registry: {("nip" | "krs", number): entity}."""
    found: dict[tuple[str, str], Entity] = {}
    for kind in ("nip", "krs"):
        numbers = sorted({p.values[f"parent_{kind}"] for p in parsed if f"parent_{kind}" in p.values})
        for start in range(0, len(numbers), 1000):
            for e in Entity.objects.filter(**{f"{kind}__in": numbers[start:start + 1000]}).only(
                    "pk", "name", "nip", "krs", "regon"):
                found[(kind, getattr(e, kind))] = e
    return found


def _numbers_in_file(parsed: list[_Parsed]) -> dict[tuple[str, str], int]:
    """{("nip" | "krs", number): the first row with it}: founding entities added by the file itself."""
    first: dict[tuple[str, str], int] = {}
    for p in parsed:
        for kind in ("nip", "krs"):
            if kind in p.values:
                first.setdefault((kind, p.values[kind]), p.row)
    return first


@dataclass
class _Parent:
    entity: Entity | None = None  # a founding entity in the registry
    row: int | None = None  # or the row of the file that adds or matches it
    errors: list[RowError] = field(default_factory=list)


def _resolve_parent(p: _Parsed, in_registry, in_file) -> _Parent | None:
    """The row's founding entity, by ``parent_nip`` / ``parent_krs``: in the registry first, else a row of the file."""
    nip, krs = p.values.get("parent_nip"), p.values.get("parent_krs")
    if nip is None and krs is None:
        return None
    found = []
    for kind, value, column in (("nip", nip, "parent_nip"), ("krs", krs, "parent_krs")):
        if value is None:
            continue
        if (kind, value) in in_registry:
            found.append(_Parent(entity=in_registry[(kind, value)]))
        elif (kind, value) in in_file:
            found.append(_Parent(row=in_file[(kind, value)]))
        else:
            return _Parent(errors=[RowError(p.row, column, _("No entity with this number in the registry or in "
                                                             "the file."))])
    if len({(f.entity.pk if f.entity else None, f.row) for f in found}) > 1:
        return _Parent(errors=[RowError(p.row, "parent_krs", _("The founding entity's NIP and KRS number point to "
                                                               "two different entities."))])
    if found[0].row == p.row:
        return _Parent(errors=[RowError(p.row, "parent_nip" if nip else "parent_krs",
                                        _("An entity cannot be its own founding entity."))])
    return found[0]


def _identity(p: _Parsed, parent: _Parent | None) -> Identity:
    """What the row tells ``entities.matching`` about the entity it is."""
    legal_form = p.values.get("legal_form")
    return Identity(nip=p.values.get("nip"), krs=p.values.get("krs"), regon=p.values.get("regon"),
                    parent_id=parent.entity.pk if parent is not None and parent.entity is not None else None,
                    name=p.values.get("name", ""),
                    unit=legal_form in REINTEGRATION_UNITS or (parent is not None and parent.row is not None))


_IN_FILE = {
    "nip": gettext_lazy("The same NIP is already in row %(row)d."),
    "krs": gettext_lazy("The same KRS number is already in row %(row)d."),
    "regon": gettext_lazy("The same REGON is already in row %(row)d."),
    UNIT: gettext_lazy("Row %(row)d already has a unit of the same founding entity with this name."),
}


def _duplicates_in_file(p: _Parsed, identity: Identity, parent: _Parent | None, seen: dict) -> list[RowError]:
    """Two rows of the file for one entity: the same NIP, KRS, own REGON, or founding entity and name."""
    keys = identity.keys()
    if parent is not None and parent.row is not None and name_key(identity.name):
        keys.append((UNIT, ("row", parent.row), name_key(identity.name)))  # a unit of a founder the file adds
    errors = []
    for key in keys:
        first = seen.setdefault(key, p.row)
        if first != p.row:
            errors.append(RowError(p.row, "name" if key[0] == UNIT else key[0], _IN_FILE[key[0]] % {"row": first}))
    return errors


def _plan_row(p: _Parsed, match, territory, parent: _Parent | None, matched_rows, errors) -> RowPlan | None:
    values = {k: v for k, v in p.values.items() if k not in {"parent_nip", "parent_krs"}}
    entity = match.entity
    if entity is not None:
        if entity.pk in matched_rows and matched_rows[entity.pk] != p.row:
            errors.append(RowError(p.row, "", _("Row %(row)d already changes this entity (%(name)s).") % {
                "row": matched_rows[entity.pk], "name": entity.name}))
        matched_rows.setdefault(entity.pk, p.row)
    elif not match.errors:
        for column, message in (("name", _("Give the name: the row adds a new entity.")),
                                ("legal_form", _("Give the legal form: the row adds a new entity."))):
            if column not in values and not any(e.column == column for e in p.errors):
                errors.append(RowError(p.row, column, message))
    # Seat and area of activity.
    code = values.pop("teryt", None)
    if code is not None:
        unit = territory.get(code)
        if unit is None or unit.level != Territory.Level.GMINA:
            errors.append(RowError(p.row, "teryt", _("There is no gmina with the TERYT code %(code)s.") % {
                "code": code}))
        elif not unit.is_seat:
            errors.append(RowError(p.row, "teryt", _("%(code)s is a part of a gmina or a district: give the code of "
                                                     "the whole gmina (last digit 1, 2 or 3).") % {"code": code}))
        else:
            values["seat"] = unit
    area = values.pop("activity_area", None)
    if area is not None:
        wrong = [c for c in area if c not in territory or territory[c].level != Territory.Level.POWIAT]
        if wrong:
            errors.append(RowError(p.row, "activity_area", _("Not TERYT codes of powiaty: %(codes)s.") % {
                "codes": ", ".join(wrong)}))
    # Founding entity: in the registry or in another row of the file.
    parent_row = None
    if parent is not None:
        errors.extend(parent.errors)
        if parent.entity is not None and entity is not None and parent.entity.pk == entity.pk:
            errors.append(RowError(p.row, "parent_nip" if "parent_nip" in p.values else "parent_krs",
                                   _("An entity cannot be its own founding entity.")))
        elif parent.entity is not None:
            values["parent"] = parent.entity
        parent_row = parent.row
    # Closed entities are inactive (the edit form's rule).
    closed_on = values.get("closed_on", entity.closed_on if entity else None)
    if closed_on and values.get("is_active") is True:
        errors.append(RowError(p.row, "is_active", _("A closed entity cannot be active.")))
    elif "closed_on" in values and (values.get("is_active") is None and (entity is None or entity.is_active)):
        values["is_active"] = False
    flagged = {e.column for e in errors + p.errors}
    errors.extend(e for e in _model_errors(p.row, entity, values) if e.column not in flagged)
    if errors or p.errors:
        return None
    plan = RowPlan(row=p.row, action=CREATE if entity is None else UPDATE, entity=entity,
                   name=values.get("name") or (entity.name if entity else ""),
                   nip=values.get("nip") or (entity.nip if entity else None),
                   krs=values.get("krs") or (entity.krs if entity else None), parent_row=parent_row)
    _diff(plan, values, area)
    return plan


def _model_errors(row: int, entity: Entity | None, values: dict) -> list[RowError]:
    """The model's own field checks (lengths, choices, e-mail, URL, identifiers) on what the row would save."""
    candidate = Entity() if entity is None else Entity(**{f.attname: getattr(entity, f.attname)
                                                         for f in Entity._meta.concrete_fields})
    for name, value in values.items():
        setattr(candidate, name, value)
    checked = set(values) if entity is not None else set(SAVED_FIELDS)
    exclude = [f.name for f in Entity._meta.fields if f.name not in checked or f.name in {"seat", "parent"}]
    try:
        candidate.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return [RowError(row, FIELD_COLUMN.get(name, name), message)
                for name, messages in exc.message_dict.items() for message in messages]
    return []


def _diff(plan: RowPlan, values: dict, area: list[str] | None) -> None:
    entity = plan.entity
    if entity is None:
        plan.values = values
        plan.activity_area = area
        plan.changes = [Change(FIELD_COLUMN.get(k, k), "", _display(k, v)) for k, v in values.items()]
        if plan.parent_row:
            plan.changes.append(Change("parent_nip", "", _("row %(row)d") % {"row": plan.parent_row}))
        return
    for name, value in values.items():
        old = getattr(entity, f"{name}_id") if name in {"seat", "parent"} else getattr(entity, name)
        new = value.pk if name in {"seat", "parent"} else value
        if old != new:
            plan.values[name] = value
            plan.changes.append(Change(FIELD_COLUMN.get(name, name), _display(name, old), _display(name, value)))
    if plan.parent_row:
        plan.changes.append(Change("parent_nip", _display("parent", entity.parent_id),
                                   _("row %(row)d") % {"row": plan.parent_row}))
    if area is not None:
        current = sorted(t.code for t in entity.activity_area.all())
        if current != area:
            plan.activity_area = area
            plan.changes.append(Change("activity_area", ", ".join(current) or "—", ", ".join(area)))
    if not plan.changes:
        plan.action = UNCHANGED


def _ordered(plans: dict[int, RowPlan]) -> tuple[list[RowPlan], int | None]:
    """Rows in file order, except that a founding entity added by the file comes before its units."""
    order: list[RowPlan] = []
    state: dict[int, str] = {}

    def visit(row: int) -> int | None:
        if state.get(row) == "done":
            return None
        if state.get(row) == "visiting":
            return row
        state[row] = "visiting"
        plan = plans[row]
        if plan.parent_row is not None and plan.parent_row in plans:
            cycle = visit(plan.parent_row)
            if cycle:
                return cycle
        state[row] = "done"
        order.append(plan)
        return None

    for row in sorted(plans):
        cycle = visit(row)
        if cycle:
            return sorted(plans.values(), key=lambda p: p.row), cycle
    return order, None


# --- writing ------------------------------------------------------------------------------------

def _apply(report: ImportReport, *, by, reason: str) -> None:
    entities: dict[int, Entity] = {p.row: p.entity for p in report.rows if p.entity is not None}
    for plan in report.rows:
        values = dict(plan.values)
        if plan.parent_row is not None:
            values["parent"] = entities[plan.parent_row]
        if plan.action == CREATE:
            entities[plan.row] = services.entity_create(by=by, reason=reason, activity_area=plan.activity_area or (),
                                                        **values)
        elif plan.action == UPDATE:
            entities[plan.row] = services.entity_update(entity=plan.entity, by=by, reason=reason,
                                                        activity_area=plan.activity_area, **values)


def _one_import_at_a_time() -> None:
    """Imports are applied one after another (a PostgreSQL advisory lock held until the transaction ends).

    NIP and KRS are unique in the database, but a unit found by its REGON or by founding entity and name is not:
    without this, two imports of the same file at once could both add it. The second waits, then plans again and
    finds what the first added. (SQLite, the demo, runs one writer at a time anyway.)
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


def entities_import(*, table: Table, by, dry_run: bool = False) -> ImportReport:
    """Check every row of ``table``; when none has an error (and not ``dry_run``) write them all, or nothing.

    ``by`` is recorded as the history user (``None`` for a command run without ``--user``), and the history
    reason names the file. A concurrent import that takes the same new NIP or KRS first makes this one plan
    again (up to ``ATTEMPTS`` times) instead of failing with a duplicate; the report says what was really done.
    """
    require_staff(by, message=_("Only ROPS staff import entities."))
    if dry_run:
        return entities_import_check(table)
    reason = _("Import from the file %(name)s") % {"name": table.filename or "-"}
    failure = None
    for _attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                _one_import_at_a_time()
                report = entities_import_check(table, lock=True)
                if report.errors:
                    return report
                _apply(report, by=by, reason=reason)
                report.applied = True
                return report
        except (IntegrityError, ValidationError) as exc:
            failure = exc
        except OperationalError as exc:
            if getattr(exc.__cause__, "sqlstate", None) not in RETRY_SQLSTATES:
                raise
            failure = exc
    message = " ".join(failure.messages) if isinstance(failure, ValidationError) else str(failure)
    message = message.strip().rstrip(".")
    return ImportReport(errors=[RowError(0, "", _("Another import or edit changed the same entities at the same "
                                              "moment (%(detail)s). Nothing was written: try again.")
                                            % {"detail": message})])
