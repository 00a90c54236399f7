"""The voivode's list of social enterprises (RJPS export) → PS statuses, all or nothing (docs/entities.md).

Staff export the list from the ministry's register of social-assistance units (RJPS) as CSV or XLSX. Each row
names an entity (NIP, KRS or REGON; the name is only shown) and a voivode's decision granting the status (its
number and date) and, when the status was lost, the date of loss. ``ps_import_check`` reads and checks every row
and plans, for each, one of: a new statutory PS status, a change of a stored one (same decision number: its date
or loss date), or nothing. ``ps_import`` writes the plan, in one transaction, only when no row has an error.
The entity must already be in the registry (the registry's one matching rule, ``entities.matching``): a row that
matches nobody is an error, never a new entity.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import require_staff
from core.audit import set_history_user
from core.text_files import TextFileError, decode_text
from core.uploads import check_archive, check_size

from .importing import MAX_ROWS, ImportFileError, RowError, _date, cell_text
from .matching import Identity, RegistryMatcher
from .models import PsStatus
from .validators import normalize_digits, validate_krs, validate_nip, validate_regon

# What each column is called in the voivode's list (its header as offices write it), shown in the error table.
COLUMN_LABELS = {"nip": "NIP", "krs": "KRS", "regon": "REGON", "name": "Nazwa", "decision_number": "Numer decyzji",
                 "granted_on": "Data decyzji", "lost_on": "Data utraty statusu"}


@dataclass(frozen=True)
class PsRowError(RowError):
    """An error of a row of the voivode's list, its column named by its header (``COLUMN_LABELS``)."""

    @property
    def column_label(self) -> str:
        return COLUMN_LABELS.get(self.column, self.column) if self.column else ""


# Column headers as RJPS exports them (and as offices retype them), normalised by ``_header``: lower case,
# single spaces, no dots, colons or "nr"/"numer" variants → the internal name.
HEADERS = {
    "nip": "nip", "numer nip": "nip",
    "krs": "krs", "numer krs": "krs", "nr krs": "krs",
    "regon": "regon", "numer regon": "regon", "nr regon": "regon",
    "nazwa": "name", "nazwa podmiotu": "name", "nazwa przedsiębiorstwa społecznego": "name",
    "nazwa przedsiębiorstwa": "name", "nazwa jednostki": "name",
    "numer decyzji": "decision_number", "nr decyzji": "decision_number", "znak decyzji": "decision_number",
    "numer decyzji wojewody": "decision_number",
    "data decyzji": "granted_on", "data wydania decyzji": "granted_on", "data nadania statusu": "granted_on",
    "data przyznania statusu": "granted_on", "data uzyskania statusu": "granted_on",
    "data utraty statusu": "lost_on", "data utraty": "lost_on", "data utraty statusu ps": "lost_on",
    "data wykreślenia": "lost_on", "data wykreślenia z wykazu": "lost_on",
}
REQUIRED = ("decision_number", "granted_on")
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass
class PsPlan:
    row: int
    action: str
    entity: object
    status: PsStatus | None
    values: dict
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field label, old, new)


@dataclass
class PsImportReport:
    rows: list[PsPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False

    def _count(self, action: str) -> int:
        return sum(1 for p in self.rows if p.action == action)

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
    def changed_rows(self) -> list[PsPlan]:
        return [p for p in self.rows if p.action != UNCHANGED]


# --- reading ------------------------------------------------------------------------------------------------

def _header(value) -> str:
    text = str(value or "").lstrip("\ufeff").strip().lower().replace(".", " ").replace(":", " ")
    return re.sub(r"\s+", " ", text).strip()


def read_list(content: bytes, filename: str = "") -> list[tuple[int, dict]]:
    """The data rows of an RJPS export, CSV (decoded by ``core.text_files.decode_text``: UTF-8 ± BOM, cp1250…;
    ``;``, ``,`` or tab) or XLSX (checked by ``core.uploads``: size, zip bomb), as (row number, {column: cell})."""
    try:
        check_size(len(content))
        if content.startswith(b"PK\x03\x04"):
            if filename and not filename.lower().endswith(".xlsx"):
                raise ImportFileError(_("The file is an XLSX spreadsheet but its name does not end with .xlsx."))
            check_archive(io.BytesIO(content))
            raw = _xlsx(content)
        else:
            if filename and not filename.lower().endswith((".csv", ".txt")):
                raise ImportFileError(_("Give a CSV or XLSX file."))
            raw = _csv(content)
    except ValidationError as exc:
        raise ImportFileError(exc.messages[0]) from None
    raw = [(n, values) for n, values in raw if any(cell_text(v) for v in values)]
    if not raw:
        raise ImportFileError(_("The file has no rows."))
    header = [HEADERS.get(_header(v), "") for v in raw[0][1]]
    if not any(h in header for h in ("nip", "krs", "regon")):
        raise ImportFileError(_("The first row must name a column NIP, KRS or REGON (see the list of accepted "
                                "headers)."))
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFileError(_("The first row must name the columns with the decision's number and date "
                                "(e.g. “Numer decyzji”, “Data decyzji”)."))
    body = raw[1:]
    if not body:
        raise ImportFileError(_("The file has no data rows: only the first row, which names the columns."))
    if len(body) > MAX_ROWS:
        raise ImportFileError(_("The file has more than %(max)d rows: split it into smaller files.")
                              % {"max": MAX_ROWS})
    return [(n, {header[i]: v for i, v in enumerate(values) if i < len(header) and header[i]}) for n, values in body]


def _xlsx(content: bytes):
    # lazy: openpyxl (0.3 s to import) is needed only when a spreadsheet is read or written
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        rows = []
        for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            rows.append((number, list(values)))
            if len(rows) > MAX_ROWS + 50:
                break
        book.close()
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook gets the same clear message
        raise ImportFileError(_("The file is not a readable XLSX spreadsheet.")) from exc
    return rows


def _csv(content: bytes):
    try:
        text = decode_text(content)
    except TextFileError as exc:
        raise ImportFileError(str(exc)) from None
    first = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first.count)
    try:
        return list(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1))
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc


# --- checking and planning -----------------------------------------------------------------------------------

def _identifier(cells: dict, name: str, validate, errors: list, row: int) -> str | None:
    value = normalize_digits(cell_text(cells.get(name)))
    if not value:
        return None
    if name == "krs":
        value = value.zfill(10)
    try:
        validate(value)
    except ValidationError as exc:
        errors.append(PsRowError(row, name, exc.messages[0]))
        return None
    return value


def _day(cells: dict, name: str, errors: list, row: int) -> date | None:
    if not cell_text(cells.get(name)):
        return None
    try:
        return _date(cells[name])
    except ValidationError as exc:
        errors.append(PsRowError(row, name, exc.messages[0]))
        return None


def _text(value) -> str:
    return value.isoformat() if isinstance(value, date) else (value or "—")


def ps_import_check(rows: list[tuple[int, dict]], *, lock: bool = False) -> PsImportReport:
    """Check every row and plan the PS statuses; nothing is written."""
    report = PsImportReport()
    parsed = []
    for row, cells in rows:
        errors: list[RowError] = []
        identity = Identity(nip=_identifier(cells, "nip", validate_nip, errors, row),
                            krs=_identifier(cells, "krs", validate_krs, errors, row),
                            regon=_identifier(cells, "regon", validate_regon, errors, row),
                            name=cell_text(cells.get("name")))
        number = cell_text(cells.get("decision_number"))[:100]
        granted_on = _day(cells, "granted_on", errors, row)
        lost_on = _day(cells, "lost_on", errors, row)
        if not (identity.nip or identity.krs or identity.regon) and not errors:
            errors.append(PsRowError(row, "nip", _("Give the entity's NIP, KRS number or REGON.")))
        if not number:
            errors.append(PsRowError(row, "decision_number", _("Give the number of the voivode's decision.")))
        if granted_on is None and "granted_on" not in {e.column for e in errors}:
            errors.append(PsRowError(row, "granted_on", _("Give the date of the voivode's decision.")))
        if granted_on and lost_on and lost_on < granted_on:
            errors.append(PsRowError(row, "lost_on", _("The status cannot be lost before it was granted.")))
        report.errors += errors
        parsed.append((row, identity, number, granted_on, lost_on, bool(errors)))
    matcher = RegistryMatcher([p[1] for p in parsed], lock=lock, prefetch=("ps_statuses",))
    seen: dict[tuple, int] = {}
    for row, identity, number, granted_on, lost_on, failed in parsed:
        match = matcher.find(identity)
        for name, message in match.errors:
            report.errors.append(PsRowError(row, name, message))
        if match.entity is None:
            if not match.errors and not failed:
                report.errors.append(PsRowError(row, "nip", _(
                    "“%(name)s” is not in the registry: add the entity first, then import the list again.")
                    % {"name": identity.name or identity.nip or identity.krs or identity.regon}))
            continue
        if failed:
            continue
        key = (match.entity.pk, number)
        if key in seen:
            report.errors.append(PsRowError(row, "decision_number", _(
                "The same decision of the same entity is already in row %(row)d.") % {"row": seen[key]}))
            continue
        seen[key] = row
        values = {"decision_number": number, "granted_on": granted_on, "lost_on": lost_on}
        stored = next((s for s in match.entity.ps_statuses.all()
                       if s.kind == PsStatus.Kind.STATUTORY and s.decision_number == number), None)
        if stored is None:
            report.rows.append(PsPlan(row, CREATE, match.entity, None, values, [
                (_("decision"), "—", f"{number}, {granted_on.isoformat()}")]
                + ([(_("lost on"), "—", lost_on.isoformat())] if lost_on else [])))
            continue
        # An empty loss date never clears a stored one (that is done on the entity's page).
        values["lost_on"] = lost_on or stored.lost_on
        changes = [(label, _text(getattr(stored, name)), _text(values[name]))
                   for name, label in (("granted_on", _("granted on")), ("lost_on", _("lost on")))
                   if getattr(stored, name) != values[name]]
        report.rows.append(PsPlan(row, UPDATE if changes else UNCHANGED, match.entity, stored, values, changes))
    report.rows.sort(key=lambda p: p.row)
    report.errors.sort(key=lambda e: e.row)
    return report


def ps_import(*, rows: list[tuple[int, dict]], by, filename: str = "", dry_run: bool = False) -> PsImportReport:
    """Check ``rows``; when none has an error (and not ``dry_run``) write every planned PS status, or nothing.
    Audited: each record's history names the user and the file."""
    require_staff(by, message=_("Only ROPS staff import the voivode's list."))
    if dry_run:
        return ps_import_check(rows)
    reason = (_("Voivode's list %(name)s") % {"name": filename or "-"})[:100]
    with transaction.atomic():
        report = ps_import_check(rows, lock=True)
        if report.errors:
            return report
        for plan in report.changed_rows:
            status = plan.status or PsStatus(entity=plan.entity, kind=PsStatus.Kind.STATUTORY)
            for name, value in plan.values.items():
                setattr(status, name, value)
            status.full_clean()
            set_history_user(status, by)
            status._change_reason = reason
            status.save()
        report.applied = True
    return report
