"""Files for the entity import (the rule itself is in ``entities.importing``).

Reading an uploaded or given file into a ``Table`` (XLSX recognised by content, otherwise CSV decoded by
``core.text_files.decode_text`` — UTF-8 with or without BOM, UTF-16, Windows-1250 or ISO-8859-2, told apart by
the Polish letters each yields — with ``;``, ``,`` or tab) and checking its first row; keeping an upload between
the preview and the confirmation; and the template files with the columns.

Between the preview and the confirmation the upload waits in ``core.pending`` (private storage, a random name, a
signed token naming the file, its SHA-256 and the user); the file is used once and then removed, and the rows are
checked again before anything is written, so a token can neither point at another file nor apply a plan that has
gone stale. An XLSX is read by ``core.spreadsheets.xlsx_rows`` (bounded time and memory).
"""

import csv
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.pending import pending_discard, pending_keep, pending_take
from core.spreadsheets import SpreadsheetError, xlsx_rows
from core.text_files import TextFileError, decode_text, garbled_part
from core.uploads import check_size

from .importing import COLUMN_NAMES, COLUMNS, IGNORED, MAX_ROWS, REQUIRED, ImportFileError, Table, cell_text
from .importing.parse import PLACE_NAMES, column_label, header_codes, plain_key
from .models import LegalForm

MAX_COLUMNS = 100  # far more than the known columns; a value past it would be refused anyway

# --- reading the file ---------------------------------------------------------------------------

def read_table(content: bytes, filename: str = "") -> Table:
    """The rows of a CSV or XLSX file (kind decided by content), with the first row checked as the header."""
    try:
        check_size(len(content))
    except ValidationError as exc:
        raise ImportFileError(exc.messages[0]) from None
    name = (filename or "").lower()
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("Old Excel files (.xls) cannot be read: save the file as XLSX or CSV."))
    if content.startswith(b"PK\x03\x04"):
        if name and not name.endswith(".xlsx"):
            raise ImportFileError(_("The file is an XLSX spreadsheet but its name does not end with .xlsx."))
        raw_rows = _xlsx_rows(content)
    else:
        if name and not name.endswith((".csv", ".txt")):
            raise ImportFileError(_("Give a CSV or XLSX file."))
        raw_rows = _csv_rows(content)
    return _table(raw_rows, filename)


def _xlsx_rows(content: bytes):
    # The one bounded reader (core.spreadsheets): archive checked before openpyxl opens it, rows streamed, the cap
    # applied while reading (never after a whole sheet was parsed), columns past the known ones refused.
    try:
        return xlsx_rows(content, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
    except SpreadsheetError as exc:
        raise ImportFileError(str(exc)) from None


def _csv_rows(content: bytes):
    try:
        text = decode_text(content)  # the project's one decoding (core.text_files): UTF-8, Windows-1250, ISO-8859-2
    except TextFileError as exc:
        raise ImportFileError(str(exc)) from None
    first = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first.count)
    try:
        return [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter),
                                                 start=1)]
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc


def _header_name(value, codes: dict[str, str]) -> str:
    """The column code a header names (by its code or its Polish or English name), else the header as written."""
    text = str(value or "").replace("\ufeff", "").strip()
    return codes.get(plain_key(text), text)


def _table(raw_rows, filename: str) -> Table:
    raw_rows = [(n, values) for n, values in raw_rows if any(cell_text(v) for v in values)]
    if not raw_rows:
        raise ImportFileError(_("The file has no rows."))
    header_number, header_values = raw_rows[0]
    codes = header_codes()
    header = [_header_name(v, codes) for v in header_values]
    unknown = [h for h in header if h and h not in COLUMN_NAMES and h not in IGNORED]
    if unknown:
        raise ImportFileError(_("Unknown columns in the first row: %(unknown)s. Known columns: %(known)s.") % {
            "unknown": ", ".join(f"„{h}”" for h in unknown),
            "known": ", ".join(f"„{column_label(c)}”" for c in COLUMN_NAMES)})
    doubled = sorted({h for h in header if h and header.count(h) > 1})
    if doubled:
        raise ImportFileError(_("Columns named twice in the first row: %(columns)s.") % {
            "columns": ", ".join(f"„{column_label(h)}”" for h in doubled)})
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError(_("The first row must name the columns %(columns)s.") % {
            "columns": ", ".join(f"„{column_label(c)}”" for c in missing)})
    body = raw_rows[1:]
    if not body:
        raise ImportFileError(_("The file has no data rows: only the first row, which names the columns."))
    if len(body) > MAX_ROWS:
        raise ImportFileError(_("The file has more than %(max)d rows: split it into smaller files.")
                              % {"max": MAX_ROWS})
    rows = []
    for number, values in body:
        cells: dict[str, Any] = {}
        for index, value in enumerate(values):
            name = header[index] if index < len(header) else ""
            if not name:
                if cell_text(value):
                    raise ImportFileError(_("Row %(row)d has a value in a column without a name in the first row.")
                                          % {"row": number})
                continue
            if name not in IGNORED or name in PLACE_NAMES:
                cells[name] = value
                garbled = garbled_part(value) if isinstance(value, str) else None
                if garbled is not None:  # a CSV was checked whole when decoded; a workbook's cells are checked here
                    raise ImportFileError(_(
                        "Row %(row)d, column %(column)s contains “%(word)s”: characters that do not occur in Polish "
                        "text (it was garbled when it was copied or converted). Correct it and upload the file "
                        "again.") % {"row": number, "column": f"„{column_label(name)}”", "word": garbled[1]})
        rows.append((number, cells))
    return Table(columns=[h for h in header if h in COLUMN_NAMES], rows=rows, filename=filename)


# --- keeping an upload between the preview and the confirmation ---------------------------------------
# The one mechanism (core.pending): private storage under a random name, a signed token bound to the user, the
# purpose and the file's SHA-256; never the session.

PENDING_PURPOSE = "entities.import"


def upload_keep(*, content: bytes, filename: str, user) -> str:
    """Keep an uploaded file for the confirmation step and return the signed token naming it."""
    extension = "xlsx" if content.startswith(b"PK\x03\x04") else "csv"
    return pending_keep(content=content, filename=filename, user=user, purpose=PENDING_PURPOSE, extension=extension)


def upload_take(*, token: str, user) -> tuple[bytes, str, str]:
    """The content and original name of a file kept by ``upload_keep`` for this user, and its storage path."""
    try:
        kept = pending_take(token=token, user=user, purpose=PENDING_PURPOSE)
    except ValidationError as exc:
        raise ImportFileError(exc.messages[0]) from None
    return kept.content, kept.original_name, kept.path


upload_discard = pending_discard


# --- the template file -------------------------------------------------------------------------

def template_csv() -> bytes:
    """The header row of an import file (UTF-8 with BOM and ``;``, as spreadsheet programs in Poland expect)."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerow([str(c.label) for c in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """A workbook: the first sheet has the header row to fill in; the next ones describe columns and legal forms."""
    # lazy: openpyxl (0.3 s to import) is needed only when a spreadsheet is read or written
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Entities")[:31]
    sheet.append([str(c.label) for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, len(str(column.label)) + 4)
        sheet.cell(row=1, column=index).number_format = "@"
    for index in range(1, len(COLUMNS) + 1):  # identifiers and codes are text, so leading zeros stay
        letter = sheet.cell(row=1, column=index).column_letter
        for row in range(2, 502):
            sheet[f"{letter}{row}"].number_format = "@"
    about = book.create_sheet(_("Columns")[:31])
    about.append([_("column"), _("required"), _("format"), _("example")])
    for column in COLUMNS:
        about.append([str(column.label), _("yes") if column.required else _("no"), str(column.format),
                      column.example])
    forms_sheet = book.create_sheet(_("Legal forms")[:31])
    forms_sheet.append([_("name")])
    for form in LegalForm:
        forms_sheet.append([str(form.label)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
