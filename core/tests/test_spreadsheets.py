"""The bounded XLSX reader every import uses: caps applied while streaming, bombs refused before parsing."""

import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from core import spreadsheets
from core.spreadsheets import SpreadsheetError, xlsx_rows

SHEET = "xl/worksheets/sheet1.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def replace_parts(content: bytes, parts: dict[str, bytes]) -> bytes:
    """The workbook ``content`` with some of its parts replaced (or added), compressed as Excel does."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name not in parts:
                target.writestr(name, source.read(name))
        for name, data in parts.items():
            target.writestr(name, data)
    return buffer.getvalue()


def sheet_without_dimension(count: int) -> bytes:
    """A worksheet part with ``count`` rows and no ``<dimension>`` element (openpyxl would parse it whole to size
    it)."""
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, count + 1))
    return f'<worksheet xmlns="{NS}"><sheetData>{rows}</sheetData></worksheet>'.encode()


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fails the test if openpyxl is asked to open the file."""
    import openpyxl

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a file that should have been refused before")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_rows_are_read_with_their_numbers_and_empty_rows_skipped():
    rows = xlsx_rows(workbook([["a", "b"], [None, None], [1, "x"]]), max_rows=10)
    assert rows == [(1, ["a", "b"]), (3, [1, "x"])]


def test_a_sheet_at_the_cap_is_read_whole():
    assert len(xlsx_rows(workbook([["h"], *([n] for n in range(5))]), max_rows=5)) == 6


def test_a_sheet_without_dimension_over_the_cap_is_refused_quickly_before_openpyxl_opens_it(no_openpyxl):
    content = replace_parts(workbook([["h"]]), {SHEET: sheet_without_dimension(300_000)})
    started = time.monotonic()
    with pytest.raises(SpreadsheetError) as exc:
        xlsx_rows(content, max_rows=5000)
    assert time.monotonic() - started < 3
    assert "5000" in str(exc.value)


def test_the_cap_message_is_polish_and_names_the_cap():
    with pytest.raises(SpreadsheetError) as exc:
        xlsx_rows(workbook([["h"], *([n] for n in range(4))]), max_rows=3)
    assert str(exc.value) == "Plik ma więcej niż 3 wiersze danych: podziel go na mniejsze pliki."


def test_formatted_rows_without_values_do_not_count():
    styled = "".join(f'<row r="{n}"><c r="A{n}" s="1"/></row>' for n in range(3, 40))
    part = f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>{styled}</sheetData>' \
           "</worksheet>"
    assert len(xlsx_rows(replace_parts(workbook([["h"]]), {SHEET: part.encode()}), max_rows=5,
                         max_columns=100)) == 1


def test_a_value_beyond_the_column_cap_is_refused_before_openpyxl_opens_it(no_openpyxl):
    part = f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData></worksheet>'
    with pytest.raises(SpreadsheetError) as exc:
        xlsx_rows(replace_parts(workbook([["h"]]), {SHEET: part.encode()}), max_rows=10, max_columns=30)
    assert "30" in str(exc.value)


def test_a_shared_strings_bomb_is_refused_before_parsing(no_openpyxl):
    bomb = f'<sst xmlns="{NS}"><si><t>'.encode() + b"A" * (40 * 1024 * 1024) + b"</t></si></sst>"
    content = replace_parts(workbook([["h"]]), {"xl/sharedStrings.xml": bomb})
    assert len(content) < 200_000
    started = time.monotonic()
    with pytest.raises(SpreadsheetError) as exc:
        xlsx_rows(content, max_rows=10)
    assert time.monotonic() - started < 3
    assert "rozpakowuje" in str(exc.value) or "więcej danych" in str(exc.value)


def test_a_moderate_uncompressed_size_is_refused_by_the_import_limit(settings, no_openpyxl):
    settings.IMPORT_MAX_UNCOMPRESSED = 100_000
    assert spreadsheets.import_max_uncompressed() == 100_000
    content = replace_parts(workbook([["h"]]), {SHEET: sheet_without_dimension(5_000)})
    with pytest.raises(SpreadsheetError):
        xlsx_rows(content, max_rows=10_000)


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 broken", b"just text"])
def test_unreadable_files_get_a_message(content):
    with pytest.raises(SpreadsheetError) as exc:
        xlsx_rows(content, max_rows=10)
    assert str(exc.value)


def test_a_broken_sheet_xml_is_unreadable_not_a_500():
    content = replace_parts(workbook([["h"]]), {SHEET: b"<worksheet><sheetData><row>"})
    with pytest.raises(SpreadsheetError):
        xlsx_rows(content, max_rows=10)
