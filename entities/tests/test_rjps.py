"""The voivode's list of social enterprises (RJPS export) updates PS statuses, all or nothing."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entities import rjps
from entities.importing import ImportFileError
from entities.models import PsStatus

from .factories import EntityFactory

pytestmark = pytest.mark.django_db

HEADER = "Lp.;Nazwa przedsiębiorstwa społecznego;NIP;Numer KRS;Numer decyzji;Data decyzji;Data utraty statusu"


@pytest.fixture
def two():
    return EntityFactory(name="Spółdzielnia Socjalna „Łąka”"), EntityFactory(name="Fundacja Przystań")


def _csv(*lines: str, encoding="cp1250") -> bytes:
    return ("\r\n".join([HEADER, *lines]) + "\r\n").encode(encoding)


def _rows(content: bytes, name="wykaz.csv"):
    return rjps.read_list(content, name)


def _file(two, encoding="cp1250"):
    a, b = two
    return _csv(f"1;{a.name};{a.nip};;WPS-II.9511.1.2024;15.03.2024;",
                f"2;{b.name};{b.nip};;WPS-II.9511.7.2023;2023-06-01;31.12.2025", encoding=encoding)


def test_the_list_adds_statutory_ps_statuses_with_decision_and_loss(two, staff):
    report = rjps.ps_import(rows=_rows(_file(two)), by=staff, filename="wykaz.csv")
    a, b = two
    stored = {(s.entity_id, s.kind, s.decision_number, s.granted_on, s.lost_on) for s in PsStatus.objects.all()}
    assert (report.applied, stored) == (True, {
        (a.pk, "statutory", "WPS-II.9511.1.2024", date(2024, 3, 15), None),
        (b.pk, "statutory", "WPS-II.9511.7.2023", date(2023, 6, 1), date(2025, 12, 31))})


def test_utf8_with_bom_and_commas_reads_the_same(two, staff):
    a, b = two
    name = a.name.replace("„", "").replace("”", "")
    content = "\ufeff" + HEADER.replace(";", ",") + "\n" + f"1,{name},{a.nip},,D/1/2024,2024-03-15,\n"
    assert rjps.ps_import(rows=_rows(content.encode("utf-8")), by=staff).created == 1


def test_an_xlsx_export_is_read(two, staff):
    from openpyxl import Workbook

    a, _b = two
    book = Workbook()
    book.active.append(["Nazwa", "NIP", "Nr decyzji", "Data decyzji"])
    book.active.append([a.name, a.nip, "D/1/2024", date(2024, 3, 15)])
    buffer = io.BytesIO()
    book.save(buffer)
    report = rjps.ps_import(rows=_rows(buffer.getvalue(), "wykaz.xlsx"), by=staff)
    assert (report.created, PsStatus.objects.get().granted_on) == (1, date(2024, 3, 15))


def test_a_second_list_records_the_loss_and_is_audited(two, staff):
    a, _b = two
    rjps.ps_import(rows=_rows(_csv(f"1;{a.name};{a.nip};;D/1/2024;15.03.2024;")), by=staff)
    report = rjps.ps_import(rows=_rows(_csv(f"1;{a.name};{a.nip};;D/1/2024;15.03.2024;30.09.2025")), by=staff,
                            filename="wykaz-2025.csv")
    status = PsStatus.objects.get()
    latest = status.history.first()
    assert (report.updated, status.lost_on, latest.history_user, latest.history_change_reason) == (
        1, date(2025, 9, 30), staff, "Wykaz wojewody wykaz-2025.csv")


def test_the_same_list_again_changes_nothing(two, staff):
    rjps.ps_import(rows=_rows(_file(two)), by=staff)
    report = rjps.ps_import(rows=_rows(_file(two)), by=staff)
    assert (report.unchanged, report.created, report.updated) == (2, 0, 0)


def test_a_row_with_an_error_writes_nothing_at_all(two, staff):
    a, _b = two
    content = _csv(f"1;{a.name};{a.nip};;D/1/2024;15.03.2024;", "2;Nieznana;5261040828;;D/2/2024;32.13.2024;")
    report = rjps.ps_import(rows=_rows(content), by=staff)
    assert report.errors
    assert not report.applied
    assert not PsStatus.objects.exists()


def test_an_entity_not_in_the_registry_is_an_error_not_a_new_entity(two, staff):
    report = rjps.ps_import(rows=_rows(_csv("1;Nowa;5261040828;;D/2/2024;01.02.2024;")), by=staff)
    assert "nie ma w rejestrze" in str(report.errors[0])


def test_loss_before_the_decision_is_an_error(two, staff):
    a, _b = two
    report = rjps.ps_import(rows=_rows(_csv(f"1;{a.name};{a.nip};;D/1/2024;15.03.2024;01.01.2024")), by=staff)
    assert report.errors[0].column == "lost_on"
    assert "kolumna „Data utraty statusu”" in str(report.errors[0])


@pytest.mark.parametrize(("content", "name"), [
    (b"", "wykaz.csv"),
    (b"Nazwa;Telefon\nA;1\n", "wykaz.csv"),
    (b"NIP;Nazwa\n5261040828;A\n", "wykaz.csv"),
    (b"PK\x03\x04garbage", "wykaz.xlsx"),
    (b"%PDF-1.7", "wykaz.pdf"),
])
def test_a_malformed_file_is_refused_with_a_polish_message(content, name):
    with pytest.raises(ImportFileError):
        rjps.read_list(content, name)


def test_only_staff_import_the_list(two, pes):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        rjps.ps_import(rows=_rows(_file(two)), by=pes)


# --- through the pages ---------------------------------------------------------------------------------------

def _upload(client, content: bytes, name="wykaz.csv"):
    return client.post(reverse("entities:ps_import"), {"file": SimpleUploadedFile(name, content)})


def test_staff_preview_then_confirm(client_for, staff, two):
    client = client_for(staff)
    preview = _upload(client, _file(two))
    assert "Nic jeszcze nie zapisano" in preview.content.decode()
    assert not PsStatus.objects.exists()
    token = preview.context["token"]
    response = client.post(reverse("entities:ps_import_confirm"), {"token": token})
    assert response.status_code == 302
    assert PsStatus.objects.count() == 2


def test_a_token_is_used_once(client_for, staff, two):
    client = client_for(staff)
    token = _upload(client, _file(two)).context["token"]
    client.post(reverse("entities:ps_import_confirm"), {"token": token})
    PsStatus.objects.all().delete()
    client.post(reverse("entities:ps_import_confirm"), {"token": token})
    assert not PsStatus.objects.exists()


def test_a_malformed_upload_changes_nothing_and_says_why(client_for, staff, two):
    response = _upload(client_for(staff), b"Nazwa;Telefon\nA;1\n")
    assert response.status_code == 400
    assert "NIP, KRS lub REGON" in response.content.decode()
    assert not PsStatus.objects.exists()


def test_a_file_with_row_errors_shows_them_and_offers_no_confirmation(client_for, staff, two):
    a, _b = two
    response = _upload(client_for(staff), _csv(f"1;{a.name};{a.nip};;;15.03.2024;"))
    assert response.status_code == 400
    assert response.context["token"] == ""
    page = response.content.decode()
    assert "<td>Numer decyzji</td>" in page   # the column named as in the file, not by its code
    assert "decision_number" not in page


@pytest.mark.parametrize("user", ["pes", "member", "outsider"])
def test_only_staff_reach_the_pages(client_for, user, request, two):
    client = client_for(request.getfixturevalue(user))
    assert client.get(reverse("entities:ps_import")).status_code == 403
    assert _upload(client, _file(two)).status_code == 403
