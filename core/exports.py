"""CSV and XLSX exports: the one rule that keeps text which came from outside from running as a formula.

Names, descriptions, comments and institutions typed by the public, by PES representatives or read from an
imported file reach staff spreadsheets. A value such as ``=HYPERLINK("http://…","Kliknij")`` must stay text
(OWASP, "CSV Injection"):

- XLSX: every text value is written as a text cell (never a formula), and a value beginning with ``= + - @``, a
  tab or a carriage return also gets Excel's "quote prefix", so editing the cell later does not turn it into a
  formula either. The text itself is kept exactly (an export re-imports as it was).
- CSV has no cell types: such a value is written with a leading apostrophe (``'=HYPERLINK(…)``), which
  spreadsheet programs show as text.

Numbers, dates and empty cells are written as they are. Every export of the project goes through
``csv_row`` or ``xlsx_append``.
"""

from collections.abc import Iterable
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def starts_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def csv_cell(value: Any) -> Any:
    if isinstance(value, str) and starts_formula(value):
        return "'" + value
    return value


def csv_uncell(text: str) -> str:
    """The value ``csv_cell`` wrote, read back (an import of our own export gets the original text)."""
    return text[1:] if text.startswith("'") and starts_formula(text[1:]) else text


def csv_row(values: Iterable[Any]) -> list[Any]:
    """A row for ``csv.writer``, with text that would start a formula made harmless."""
    return [csv_cell(value) for value in values]


def xlsx_cell(sheet, value: Any):
    """A cell for ``sheet.append``: text always as a text cell (quote-prefixed when it looks like a formula)."""
    if not isinstance(value, str):
        return value
    # lazy: openpyxl (0.3 s to import) is needed only when a spreadsheet is read or written
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if starts_formula(value):
        cell.quotePrefix = True
    return cell


def xlsx_append(sheet, values: Iterable[Any]) -> None:
    """Append a row to a worksheet (ordinary or write-only) with every text value written as text."""
    sheet.append([xlsx_cell(sheet, value) for value in values])
