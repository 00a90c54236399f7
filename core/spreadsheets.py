"""Reading an uploaded XLSX spreadsheet in bounded time and memory: the one reader every import uses.

An XLSX is a zip of XML parts. Before openpyxl opens anything:

1. the file's size is checked (``core.uploads.check_size``) and the archive is checked as a whole
   (``core.uploads.check_archive`` with the tighter ``IMPORT_MAX_UNCOMPRESSED``: a shared-strings bomb is refused
   from the zip's directory and a bounded, chunked read, never parsed);
2. every worksheet part is scanned as a stream (``_scan``): the scan stops at the first row past the cap, at a
   cell past the column cap, or at too many cells in all. The sheet's ``<dimension>`` is never trusted (openpyxl
   in read-only mode parses a whole sheet that has none just to size it; after the scan that sheet is known to
   be small).

Only then openpyxl reads the first (or the active) sheet in read-only mode, row by row, and the reading stops at
the cap again. Rows with no value at all are skipped and do not count.
"""

import io
import re
import zipfile
from xml.etree.ElementTree import ParseError, XMLPullParser

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .uploads import check_archive, check_size

DEFAULT_MAX_COLUMNS = 100
_CHUNK = 64 * 1024
_COLUMN = re.compile(r"([A-Za-z]{1,3})\d*")


class SpreadsheetError(ValueError):
    """An uploaded spreadsheet that cannot be read within the limits; ``str()`` is a Polish message."""


def import_max_uncompressed() -> int:
    return getattr(settings, "IMPORT_MAX_UNCOMPRESSED", 30 * 1024 * 1024)


def too_many_rows(max_rows: int) -> SpreadsheetError:
    return SpreadsheetError(ngettext(
        "The file has more than %(max)d data row: split it into smaller files.",
        "The file has more than %(max)d data rows: split it into smaller files.", max_rows) % {"max": max_rows})


def xlsx_rows(content: bytes, *, max_rows: int, max_columns: int = DEFAULT_MAX_COLUMNS,
              active: bool = False) -> list[tuple[int, list]]:
    """The non-empty rows of the first sheet (or the active one) as ``(row number, [values])``, values as
    openpyxl gives them (``data_only``). At most ``max_rows`` rows besides the first (the header) and
    ``max_columns`` columns; beyond that, or for a file that is not a readable XLSX, ``SpreadsheetError``."""
    unreadable = SpreadsheetError(_("The file is not a readable XLSX spreadsheet."))
    try:
        check_size(len(content))
        check_archive(io.BytesIO(content), limit=import_max_uncompressed())
    except ValidationError as exc:
        if exc.error_list[0].code == "bad_archive":
            raise unreadable from None
        raise SpreadsheetError(exc.messages[0]) from None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    with archive.open(name) as part:
                        _scan(part, max_rows=max_rows, max_columns=max_columns)
    except (zipfile.BadZipFile, ParseError, OSError, EOFError, ValueError) as exc:
        if isinstance(exc, SpreadsheetError):
            raise
        raise unreadable from None
    # lazy: openpyxl (0.3 s to import) is needed only when a spreadsheet is read or written
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook gets the same clear message
        raise unreadable from None
    try:
        sheet = book.active if active else book.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=max_columns), start=1):
            if values.count(None) == len(values) or not any(v is not None and str(v).strip() for v in values):
                continue  # the first test is the fast path for the rows openpyxl invents between gaps
            values = list(values)
            while values[-1] is None:  # openpyxl pads every row to max_col
                values.pop()
            rows.append((number, values))
            if len(rows) > max_rows + 1:
                raise too_many_rows(max_rows)
    except SpreadsheetError:
        raise
    except Exception:  # noqa: BLE001
        raise unreadable from None
    finally:
        book.close()
    return rows


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _scan(stream, *, max_rows: int, max_columns: int) -> None:
    """Count a worksheet part's rows that hold a value, its cells and their columns, as a stream, and stop at the
    first that passes a cap. Each element is dropped from the tree as soon as it ends, so memory stays flat."""
    parser = XMLPullParser(events=("start", "end"))
    rows = cells = column = 0
    row_has_value = False
    max_cells = (max_rows + 1) * max_columns
    stack = []
    while chunk := stream.read(_CHUNK):
        parser.feed(chunk)
        for event, element in parser.read_events():
            tag = _local(element.tag)
            if event == "start":
                stack.append(element)
                if tag == "row":
                    row_has_value, column = False, 0
                elif tag == "c":
                    cells += 1
                    if cells > max_cells:
                        raise too_many_rows(max_rows)
                    match = _COLUMN.fullmatch(element.get("r") or "")
                    column = _column_number(match.group(1)) if match else column + 1
                    if column > max_columns:
                        raise too_many_columns(max_columns)
                continue
            stack.pop()
            if tag in ("v", "t") and (element.text or "").strip():
                row_has_value = True
            elif tag == "row" and row_has_value:
                rows += 1
                if rows > max_rows + 1:
                    raise too_many_rows(max_rows)
            element.clear()
            if stack:
                del stack[-1][-1]   # the element that ended is its parent's last child
    parser.close()


def too_many_columns(max_columns: int) -> SpreadsheetError:
    return SpreadsheetError(ngettext(
        "The file has values beyond column %(max)d: an import reads at most %(max)d column.",
        "The file has values beyond column %(max)d: an import reads at most %(max)d columns.",
        max_columns) % {"max": max_columns})


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number
