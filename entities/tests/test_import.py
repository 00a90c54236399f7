"""Import of entities from CSV and XLSX: all or nothing, errors by row and column, update by NIP or KRS."""

import csv
import io
import re
from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from entities import import_files, services
from entities.import_files import read_table
from entities.importing import COLUMNS, ImportFileError, entities_import
from entities.models import Entity, LegalForm
from tests.concurrency import run_together

from .factories import EntityFactory

pytestmark = pytest.mark.django_db

HEADER = ["name", "legal_form", "nip", "regon", "krs", "teryt", "email"]
# Valid identifiers (check digits computed; fictional).
NIP_A, NIP_B, NIP_C = "8567346215", "5260250274", "1234563218"
REGON_A = "192598184"
SHEET_DATE = datetime(2019, 5, 14)  # noqa: DTZ001 - spreadsheet date cells carry no time zone


def _csv(rows, header=HEADER, delimiter=";") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _run(content: bytes, name="plik.csv", by=None, dry_run=False):
    return entities_import(table=read_table(content, name), by=by, dry_run=dry_run)


def _errors(report) -> set[tuple[int, str]]:
    return {(e.row, e.column) for e in report.errors}


# --- the rule ------------------------------------------------------------------------------------

def test_csv_adds_entities_with_history_user_and_reason(staff):
    content = _csv([["Fundacja Dobry Start", "foundation", "856-734-62-15", REGON_A, "566214", "0463011",
                     "biuro@ds.example.pl"],
                    ["Spółdzielnia Socjalna Razem", "Spółdzielnia socjalna", NIP_B, "", "", "0415011", ""]])
    report = _run(content, by=staff)
    assert report.errors == []
    assert report.applied
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    fundacja = Entity.objects.get(nip=NIP_A)
    assert fundacja.legal_form == LegalForm.FOUNDATION
    assert fundacja.krs == "0000566214"
    assert fundacja.seat_id == "0463011"
    assert fundacja.regon == REGON_A
    assert fundacja.is_active
    assert Entity.objects.get(nip=NIP_B).legal_form == LegalForm.SOCIAL_COOPERATIVE
    record = fundacja.history.get()
    assert record.history_user == staff
    assert record.history_change_reason == "Import z pliku plik.csv"


def test_xlsx_numbers_dates_and_abbreviations_are_read():
    content = _xlsx([["Centrum Integracji Społecznej", "CIS", int(NIP_C), None, 1234, 463011,
                      None]], header=HEADER)
    report = _run(content, name="dane.xlsx")
    assert report.errors == []
    assert report.created == 1
    cis = Entity.objects.get(nip=NIP_C)
    assert cis.legal_form == LegalForm.CIS
    assert cis.krs == "0000001234"
    assert cis.seat_id == "0463011"
    content = _xlsx([[NIP_C, SHEET_DATE, "nie"]], header=["nip", "registered_on", "in_catalogue"])
    with pytest.raises(ImportFileError, match="„Pełna nazwa”, „Forma prawna”"):
        read_table(content, "dane.xlsx")
    content = _xlsx([["", "", NIP_C, SHEET_DATE, "nie"]],
                    header=["name", "legal_form", "nip", "registered_on", "in_catalogue"])
    report = _run(content, name="dane.xlsx")
    assert report.updated == 1
    cis.refresh_from_db()
    assert cis.registered_on == date(2019, 5, 14)
    assert not cis.in_catalogue


def test_one_bad_row_writes_nothing_and_errors_name_row_and_column():
    content = _csv([["Fundacja A", "foundation", NIP_A, "", "", "0463011", ""],
                    ["Fundacja B", "foundation", "856-734-62-16", "12", "", "9999999", "zły-adres"],
                    ["", "spółka cywilna", NIP_C, "", "12345678901", "0402054", ""]])
    report = _run(content)
    assert not report.applied
    assert Entity.objects.count() == 0
    assert _errors(report) == {(3, "nip"), (3, "regon"), (3, "teryt"), (3, "email"), (4, "name"),
                               (4, "legal_form"), (4, "krs"), (4, "teryt")}
    messages = [str(e) for e in report.errors]
    assert "Wiersz 3, kolumna „NIP”: Ten NIP jest nieprawidłowy: cyfra kontrolna się nie zgadza." in messages
    seat = "kolumna „Siedziba: kod TERYT gminy”: "
    assert any(m.startswith(f"Wiersz 3, {seat}") and "9999999" in m for m in messages)
    assert any(m.startswith(f"Wiersz 4, {seat}") and "cyfra 1, 2 lub 3" in m for m in messages)
    assert any(m.startswith("Wiersz 4, kolumna „Forma prawna”: ") for m in messages)


def test_rows_matching_by_nip_or_krs_update_and_empty_cells_keep_values(staff):
    by_nip = EntityFactory(nip=NIP_A, name="Stara nazwa", email="stary@example.pl", krs=None)
    by_krs = EntityFactory(nip=None, krs="0000000042", name="Stowarzyszenie K", email="k@example.pl")
    content = _csv([["Nowa nazwa", "", "856 734 62 15", "", "", "", ""],
                    ["", "association", "", "", "42", "0415011", "nowy@example.pl"]])
    report = _run(content, by=staff)
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (0, 2, 0)
    by_nip.refresh_from_db()
    by_krs.refresh_from_db()
    assert by_nip.name == "Nowa nazwa"
    assert by_nip.email == "stary@example.pl"  # empty cell: kept
    assert by_krs.name == "Stowarzyszenie K"
    assert by_krs.email == "nowy@example.pl"
    assert by_krs.legal_form == LegalForm.ASSOCIATION
    assert by_krs.seat_id == "0415011"
    assert Entity.objects.count() == 2
    assert by_krs.history.first().history_change_reason == "Import z pliku plik.csv"
    changes = {c.column: (c.old, c.new) for c in report.rows[1].changes}
    assert changes["email"] == ("k@example.pl", "nowy@example.pl")
    assert changes["teryt"][1].startswith("0415011")


def test_a_second_import_of_the_same_file_leaves_everything_unchanged():
    content = _csv([["Fundacja A", "foundation", NIP_A, REGON_A, "0000566214", "0463011", "a@example.pl"],
                    ["Fundacja B", "fundacja", NIP_B, "", "", "", ""]])
    assert _run(content).created == 2
    history = Entity.history.count()
    report = _run(content)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert Entity.objects.count() == 2
    assert Entity.history.count() == history


def test_export_of_the_registry_imports_back_unchanged(client_for, staff):
    EntityFactory(name="Fundacja Eksport", legal_form=LegalForm.FOUNDATION, krs="0000000077",
                  website="https://e.example.pl")
    EntityFactory(name="KIS Eksport", legal_form=LegalForm.KIS, nip=None, is_active=False)
    response = client_for(staff).get(reverse("entities:list"), {"export": "xlsx"})
    content = b"".join(response.streaming_content)
    report = _run(content, name="rejestr.xlsx")
    # The KIS has neither NIP nor KRS, so it cannot be matched: it would be added again, with a warning.
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (1, 0, 1)
    assert [w.row for w in report.warnings] == [3]


def test_identifier_conflicts_and_duplicates_in_the_file_are_errors():
    EntityFactory(nip=NIP_A, krs=None)
    EntityFactory(nip=NIP_B, krs="0000000009")
    content = _csv([["X", "foundation", NIP_A, "", "0000000009", "", ""],
                    ["Y", "foundation", NIP_C, "", "", "", ""],
                    ["Z", "foundation", NIP_C, "", "", "", ""],
                    ["W", "foundation", "", "", "0000000009", "", ""],
                    ["V", "foundation", "", "", "0000000009", "", ""]])
    report = _run(content)
    assert (2, "krs") in _errors(report)  # NIP of one entity, KRS of another
    assert (4, "nip") in _errors(report)
    assert (6, "krs") in _errors(report)
    assert any("wierszu 3" in e.message for e in report.errors if e.row == 4)
    assert Entity.objects.count() == 2


def test_a_different_identifier_for_a_matched_entity_is_an_error():
    EntityFactory(nip=NIP_A, krs="0000000001")
    report = _run(_csv([["X", "foundation", NIP_A, "", "0000000002", "", ""]]))
    assert _errors(report) == {(2, "krs")}


def test_founding_entity_from_the_file_or_the_registry():
    founder = EntityFactory(nip=NIP_B, legal_form=LegalForm.ASSOCIATION)
    header = ["name", "legal_form", "nip", "parent_nip", "activity_area", "closed_on"]
    content = _csv([["WTZ przy Fundacji", "wtz", "", NIP_A, "0463, 415", ""],
                    ["Fundacja Założycielka", "foundation", NIP_A, "", "", ""],
                    ["ZAZ", "zaz", "", NIP_B, "", "31.12.2023"]], header=header)
    report = _run(content)
    assert report.errors == []
    assert report.created == 3
    wtz = Entity.objects.get(name="WTZ przy Fundacji")
    assert wtz.parent == Entity.objects.get(nip=NIP_A)
    assert sorted(wtz.activity_area.values_list("code", flat=True)) == ["0415", "0463"]
    zaz = Entity.objects.get(name="ZAZ")
    assert zaz.parent == founder
    assert zaz.closed_on == date(2023, 12, 31)
    assert not zaz.is_active
    bad = _csv([["A", "wtz", NIP_C, "1111111112", "9999", ""],
                ["B", "zaz", "", "", "", "2023-01-01"]], header=header)
    assert _errors(_run(bad)) == {(2, "parent_nip"), (2, "activity_area")}


def test_closed_entity_cannot_be_marked_active():
    report = _run(_csv([["A", "foundation", NIP_A, "2023-01-01", "tak"]],
                       header=["name", "legal_form", "nip", "closed_on", "is_active"]))
    assert _errors(report) == {(2, "is_active")}


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"", "a.csv", "pusty"),
    (b"\xd0\xcf\x11\xe0rest", "a.xls", ".xls"),
    (b"name;legal_form;emial\nA;foundation;x\n", "a.csv", "emial"),
    (b"name;nip\nA;8567346215\n", "a.csv", "„Forma prawna”"),
    (b"name;legal_form\n", "a.pdf", "CSV lub XLSX"),
    (b"PK\x03\x04broken", "a.xlsx", "XLSX"),
])
def test_unreadable_files_are_refused_as_a_whole(content, name, message):
    with pytest.raises(ImportFileError, match=message):
        read_table(content, name)


def test_csv_in_windows_1250_with_commas_is_read():
    content = "name,legal_form,nip\nKoło Gospodyń Wiejskich w Łążku,kgw,8567346215\n".encode("cp1250")
    report = _run(content)
    assert report.errors == []
    assert Entity.objects.get().name == "Koło Gospodyń Wiejskich w Łążku"


def test_a_conflict_that_persists_is_a_polish_error_and_writes_nothing(monkeypatch):
    def taken(**kwargs):
        raise ValidationError("Inny podmiot w rejestrze ma już ten NIP lub numer KRS.")

    monkeypatch.setattr(services, "entity_create", taken)
    report = _run(_csv([["A", "foundation", NIP_A, "", "", "", ""]]))
    assert not report.applied
    assert Entity.objects.count() == 0
    assert "w tej samej chwili" in str(report.errors[0])
    assert "Nic nie zapisano" in str(report.errors[0])


# --- the command --------------------------------------------------------------------------------

def test_command_imports_and_prints_the_report(tmp_path, capsys, staff):
    path = tmp_path / "podmioty.csv"
    path.write_bytes(_csv([["Fundacja A", "foundation", NIP_A, "", "", "0463011", ""]]))
    call_command("import_entities", str(path), "--dry-run")
    assert "nic nie zapisano" in capsys.readouterr().out.lower()
    assert not Entity.objects.exists()
    call_command("import_entities", str(path), "--user", staff.email)
    out = capsys.readouterr().out
    assert "Wiersz 2: dodanie Fundacja A" in out
    assert "Dodano 1, zmieniono 0, bez zmian 0." in out
    assert Entity.objects.get().history.get().history_user == staff
    call_command("import_entities", str(path))
    assert "Dodano 0, zmieniono 0, bez zmian 1." in capsys.readouterr().out


def test_command_prints_errors_and_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "podmioty.xlsx"
    path.write_bytes(_xlsx([["Fundacja A", "foundation", NIP_A, "", "", "", ""],
                            ["Fundacja B", "foundation", "1111111112", "", "", "", ""]]))
    with pytest.raises(CommandError, match="1 błąd") as exc:
        call_command("import_entities", str(path))
    assert exc.value.returncode == 1
    assert "Wiersz 3, kolumna „NIP”:" in capsys.readouterr().err
    assert not Entity.objects.exists()
    bad_header = tmp_path / "kolumny.csv"
    bad_header.write_bytes(b"name;legal_form;colour\n")
    with pytest.raises(CommandError, match="Nieznane kolumny"):
        call_command("import_entities", str(bad_header))


# --- the pages ----------------------------------------------------------------------------------

def _upload(client, content, name="podmioty.csv"):
    return client.post(reverse("entities:import"), {"file": SimpleUploadedFile(name, content)})


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_staff_preview_writes_nothing_then_confirm_applies(client_for, staff):
    existing = EntityFactory(nip=NIP_B, email="stary@example.pl")
    client = client_for(staff)
    content = _xlsx([["Fundacja A", "foundation", NIP_A, "", "", "0463011", ""],
                     ["", "", NIP_B, "", "", "", "nowy@example.pl"]])
    response = _upload(client, content, "podmioty.xlsx")
    html = response.content.decode()
    assert response.status_code == 200
    assert Entity.objects.count() == 1
    assert 'id="count-created">1<' in html
    assert 'id="count-updated">1<' in html
    assert "stary@example.pl → nowy@example.pl" in html
    response = client.post(reverse("entities:import_confirm"), {"token": _token(html)})
    assert response.status_code == 302
    assert response.url == reverse("entities:list")
    assert Entity.objects.count() == 2
    existing.refresh_from_db()
    assert existing.email == "nowy@example.pl"
    assert existing.history.first().history_user == staff
    page = client.get(response.url).content.decode()
    assert "Import zakończony: dodano 1, zmieniono 1, bez zmian 0." in page
    # The token is used once.
    again = client.post(reverse("entities:import_confirm"), {"token": _token(html)})
    assert again.status_code == 302
    assert again.url == reverse("entities:import")
    assert "wygasł" in client.get(again.url).content.decode()


def test_preview_with_errors_lists_them_by_row_and_column_and_offers_no_confirmation(client_for, staff):
    response = _upload(client_for(staff), _csv([["Fundacja A", "foundation", "1111111112", "", "", "", ""]]))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'name="token"' not in html
    assert 'role="alert"' in html
    assert 'href="#import-error-1"' in html
    assert 'id="import-error-1"' in html
    assert "<td>NIP</td>" in html
    assert "cyfra kontrolna" in html
    assert not Entity.objects.exists()


def test_unreadable_upload_is_a_form_error_linked_from_the_summary(client_for, staff):
    response = _upload(client_for(staff), b"name;legal_form;colour\nA;b;c\n")
    html = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_file">' in html
    assert 'id="id_file"' in html
    assert "Nieznane kolumny" in html


def test_confirmation_token_is_bound_to_the_user_and_the_file(client_for, staff, rops_admin):
    client = client_for(staff)
    html = _upload(client, _csv([["Fundacja A", "foundation", NIP_A, "", "", "", ""]])).content.decode()
    token = _token(html)
    other = client_for(rops_admin)
    assert other.post(reverse("entities:import_confirm"), {"token": token}).url == reverse("entities:import")
    assert not Entity.objects.exists()
    with pytest.raises(ImportFileError):
        import_files.upload_take(token=token + "x", user=staff)
    content, name, path = import_files.upload_take(token=token, user=staff)
    from django.core.files.storage import default_storage

    with default_storage.open(path, "wb") as handle:
        handle.write(content + b"Fundacja B;foundation;5260250274;;;;\n")
    with pytest.raises(ImportFileError, match="zmienił"):
        import_files.upload_take(token=token, user=staff)


def test_template_files_have_the_columns(client_for, staff):
    client = client_for(staff)
    csv_response = client.get(reverse("entities:import_template"), {"format": "csv"})
    header = csv_response.content.decode("utf-8-sig").strip().split(";")
    assert header == [str(c.label) for c in COLUMNS]
    xlsx = client.get(reverse("entities:import_template"), {"format": "xlsx"}).content
    book = load_workbook(io.BytesIO(xlsx))
    assert [c.value for c in book.worksheets[0][1]] == [str(c.label) for c in COLUMNS]
    assert len(book.sheetnames) == 3
    with pytest.raises(ImportFileError, match="nie zawiera wierszy z danymi"):  # the header is all it has
        read_table(xlsx, "wzor.xlsx")


def test_list_links_to_the_import_for_staff_only(client_for, staff, board):
    assert reverse("entities:import") in client_for(staff).get(reverse("entities:list")).content.decode()
    assert reverse("entities:import") not in client_for(board).get(reverse("entities:list")).content.decode()


@pytest.mark.parametrize("role", ["pes", "board", "member", "outsider"])
def test_only_staff_may_import(cast, client_for, role):
    client = client_for(cast[role])
    assert client.get(reverse("entities:import")).status_code == 403
    assert _upload(client, _csv([["A", "foundation", NIP_A, "", "", "", ""]])).status_code == 403
    assert client.post(reverse("entities:import_confirm"), {"token": "x"}).status_code == 403
    assert client.get(reverse("entities:import_template")).status_code == 403
    assert not Entity.objects.filter(nip=NIP_A).exists()


def test_anonymous_is_sent_to_login(client):
    for name in ["entities:import", "entities:import_template"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    response = client.post(reverse("entities:import_confirm"), {"token": "x"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_staff_and_admin_open_the_import_page(client_for, staff, rops_admin):
    for user in [staff, rops_admin]:
        html = client_for(user).get(reverse("entities:import")).content.decode()
        assert 'for="id_file"' in html
        assert "Siedziba: kod TERYT gminy" in html


# --- concurrency (PostgreSQL) ------------------------------------------------------------------------

def _race(tables) -> tuple[list, list]:
    """Run one import per table in its own thread and connection, all starting together."""
    return run_together([lambda t=t: entities_import(table=t, by=None) for t in tables])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_new_nip_at_once_give_one_entity():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL transactions and the unique index")
    # No seat: a transactional test's flush removes the TERC units other such tests may need.
    rows = [[f"Fundacja {n}", "foundation", nip, "", "", "", ""] for n, nip in enumerate([NIP_A, NIP_B, NIP_C])]
    table = read_table(_csv(rows), "wspolny.csv")
    reports, failures = _race([table, table])
    assert failures == []
    assert [r.errors for r in reports] == [[], []]
    assert sorted(r.created for r in reports) == [0, 3]
    assert sorted(r.unchanged for r in reports) == [0, 3]
    for nip in [NIP_A, NIP_B, NIP_C]:
        assert Entity.objects.filter(nip=nip).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_imports_changing_the_same_entities_in_opposite_order_both_finish():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    for nip in [NIP_A, NIP_B, NIP_C]:
        EntityFactory(nip=nip, email="stary@example.pl", seat_id=None)
    forward = [["", "", nip, "", "", "", "a@example.pl"] for nip in [NIP_A, NIP_B, NIP_C]]
    backward = [["", "", nip, "", "", "", "b@example.pl"] for nip in [NIP_C, NIP_B, NIP_A]]
    reports, failures = _race([read_table(_csv(forward), "a.csv"), read_table(_csv(backward), "b.csv")])
    assert failures == []
    assert [r.errors for r in reports] == [[], []]
    emails = set(Entity.objects.values_list("email", flat=True))
    assert emails in ({"a@example.pl"}, {"b@example.pl"})  # one import after the other, never a mix


# --- re-importing the same file (matching: entities.matching) ----------------------------------------------------
# Files as offices save them: Excel's "CSV (separated by semicolons)" in Windows-1250, and XLSX.

REGISTRY_HEADER = ["name", "legal_form", "nip", "regon", "krs", "parent_nip", "teryt"]
FOUNDER_REGON = "192598184"
CIS_REGON = "19259818400015"  # a local unit of the founder: its 9 digits, a unit number, a check digit
KGW_REGON = "123456785"
REGISTRY_ROWS = [
    ["Fundacja „Tęcza”", "foundation", NIP_A, FOUNDER_REGON, "", "", "0463011"],
    ["Warsztat Terapii Zajęciowej „Tęcza”", "wtz", "", "", "", NIP_A, "0463011"],  # no REGON: founder + name
    ["Centrum Integracji Społecznej w Łążku", "cis", "", CIS_REGON, "", NIP_A, "0463011"],  # 14-digit REGON
    ["Klub Integracji Społecznej", "kis", "", FOUNDER_REGON, "", NIP_A, ""],  # carries the founder's REGON
    ["Koło Gospodyń Wiejskich w Żółkiewce", "kgw", "", KGW_REGON, "", "", "0463011"],  # REGON only
]


def _excel_csv(rows, header=REGISTRY_HEADER, encoding="cp1250") -> bytes:
    """As Excel saves "CSV (separated by semicolons)" on a Polish Windows: `;`, CRLF, Windows-1250."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def _counts(html: str) -> tuple[str, str, str]:
    return tuple(re.search(rf'id="count-{k}">(\d+)<', html).group(1) for k in ("created", "updated", "unchanged"))


def _import_through_the_pages(client, content, name):
    html = _upload(client, content, name).content.decode()
    return client.post(reverse("entities:import_confirm"), {"token": _token(html)})


@pytest.mark.parametrize(("content", "name"), [
    (_excel_csv(REGISTRY_ROWS), "rejestr.csv"),
    (_xlsx(REGISTRY_ROWS, header=REGISTRY_HEADER), "rejestr.xlsx"),
])
def test_the_same_file_imported_twice_through_the_pages_changes_nothing(client_for, staff, content, name):
    client = client_for(staff)
    assert _import_through_the_pages(client, content, name).status_code == 302
    assert Entity.objects.count() == 5
    history = Entity.history.count()
    response = _upload(client, content, name)
    html = response.content.decode()
    assert _counts(html) == ("0", "0", "5")
    assert "Wszystko, co jest w pliku, jest już w rejestrze" in html
    assert 'name="token"' not in html  # nothing to confirm
    assert Entity.objects.count() == 5
    assert Entity.history.count() == history


def test_units_of_a_reimported_file_keep_their_founder(client_for, staff):
    _import_through_the_pages(client_for(staff), _excel_csv(REGISTRY_ROWS), "rejestr.csv")
    founder = Entity.objects.get(nip=NIP_A)
    units = Entity.objects.filter(parent=founder).order_by("name").values_list("name", flat=True)
    assert list(units) == ["Centrum Integracji Społecznej w Łążku", "Klub Integracji Społecznej",
                           "Warsztat Terapii Zajęciowej „Tęcza”"]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_same_file_imported_twice_by_the_command_changes_nothing(tmp_path, capsys, suffix):
    path = tmp_path / f"rejestr.{suffix}"
    path.write_bytes(_excel_csv(REGISTRY_ROWS) if suffix == "csv" else _xlsx(REGISTRY_ROWS, header=REGISTRY_HEADER))
    call_command("import_entities", str(path))
    assert "Dodano 5, zmieniono 0, bez zmian 0." in capsys.readouterr().out
    call_command("import_entities", str(path))
    assert "Dodano 0, zmieniono 0, bez zmian 5." in capsys.readouterr().out
    assert Entity.objects.count() == 5


def test_a_unit_is_found_by_its_founder_and_name_whatever_the_case_spaces_and_quotes():
    _run(_excel_csv(REGISTRY_ROWS))
    wtz = Entity.objects.get(legal_form=LegalForm.WTZ)
    report = _run(_excel_csv([["WARSZTAT  terapii zajęciowej \"Tęcza\"", "wtz", "", "", "", NIP_A, ""]]))
    assert report.errors == []
    assert (report.created, report.updated) == (0, 1)
    assert report.rows[0].entity == wtz
    assert Entity.objects.filter(legal_form=LegalForm.WTZ).count() == 1


def test_an_entity_with_only_a_regon_is_found_again():
    _run(_excel_csv(REGISTRY_ROWS[-1:]))
    report = _run(_excel_csv([["", "", "", KGW_REGON, "", "", "0415011"]]))
    assert report.errors == []
    assert Entity.objects.get(regon=KGW_REGON).seat_id == "0415011"
    assert Entity.objects.count() == 1


def test_a_units_copy_of_its_founders_regon_does_not_find_the_founder():
    """A KIS row with the founder's 9-digit REGON and no founder column is a new unit, not a change of the
    founder."""
    _run(_excel_csv(REGISTRY_ROWS[:1]))
    report = _run(_excel_csv([["Klub Integracji", "kis", "", FOUNDER_REGON, "", "", ""]]))
    assert report.errors == []
    assert report.created == 1
    assert Entity.objects.get(nip=NIP_A).name == "Fundacja „Tęcza”"


def test_a_regon_of_one_entity_with_the_nip_of_another_is_an_error():
    _run(_excel_csv(REGISTRY_ROWS))
    report = _run(_excel_csv([["X", "foundation", NIP_A, KGW_REGON, "", "", ""]]))
    assert _errors(report) == {(2, "regon")}
    assert "dwa różne podmioty" in report.errors[0].message


def test_two_units_of_one_founder_with_one_name_are_an_error_not_a_guess():
    founder = EntityFactory(nip=NIP_A)
    for _n in range(2):
        EntityFactory(name="WTZ Tęcza", legal_form=LegalForm.WTZ, nip=None, regon="", parent=founder)
    report = _run(_excel_csv([["wtz tęcza", "wtz", "", "", "", NIP_A, ""]]))
    assert _errors(report) == {(2, "name")}
    assert "najpierw scal duplikaty" in report.errors[0].message
    assert Entity.objects.count() == 3


def test_the_same_unit_or_regon_twice_in_one_file_is_an_error():
    rows = [*REGISTRY_ROWS, ["Warsztat terapii zajęciowej Tęcza", "wtz", "", "", "", NIP_A, ""],
            ["CIS bis", "cis", "", CIS_REGON, "", NIP_A, ""]]
    report = _run(_excel_csv(rows))
    assert _errors(report) == {(7, "name"), (8, "regon")}
    assert not Entity.objects.exists()


# --- encodings and empty files ------------------------------------------------------------------

OFFICE_ROWS = [["Urząd Gminy Łoś", "local_government", NIP_A, "", "", "", ""],
               ["Spółdzielnia Socjalna Źródło w Ścinawie", "social_cooperative", NIP_B, "", "", "", ""]]


def test_an_iso_8859_2_file_is_imported_with_its_polish_letters_through_the_pages(client_for, staff):
    content = _excel_csv(OFFICE_ROWS, header=HEADER, encoding="iso-8859-2")
    client = client_for(staff)
    html = _upload(client, content, "stary-system.csv").content.decode()
    assert "Urząd Gminy Łoś" in html
    client.post(reverse("entities:import_confirm"), {"token": _token(html)})
    assert sorted(Entity.objects.values_list("name", flat=True)) == [
        "Spółdzielnia Socjalna Źródło w Ścinawie", "Urząd Gminy Łoś"]


def test_an_iso_8859_2_file_is_imported_with_its_polish_letters_by_the_command(tmp_path):
    path = tmp_path / "stary-system.csv"
    path.write_bytes(_excel_csv(OFFICE_ROWS, header=HEADER, encoding="iso-8859-2"))
    call_command("import_entities", str(path))
    assert Entity.objects.get(nip=NIP_A).name == "Urząd Gminy Łoś"


def test_a_file_with_only_the_header_row_is_refused_not_reported_as_already_imported(client_for, staff, tmp_path):
    content = _excel_csv([], header=HEADER)
    response = _upload(client_for(staff), content, "naglowek.csv")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Plik nie zawiera wierszy z danymi" in html
    assert "Wszystko, co jest w pliku, jest już w rejestrze" not in html
    path = tmp_path / "naglowek.xlsx"
    path.write_bytes(_xlsx([], header=HEADER))
    with pytest.raises(CommandError, match="Plik nie zawiera wierszy z danymi"):
        call_command("import_entities", str(path))


def test_a_utf8_bom_followed_by_windows_1250_is_an_encoding_error_not_an_unknown_column(client_for, staff):
    content = b"\xef\xbb\xbf" + _excel_csv(OFFICE_ROWS, header=HEADER)
    html = _upload(client_for(staff), content, "podmioty.csv").content.decode()
    assert "znacznika UTF-8 (BOM)" in html
    assert "Nieznane kolumny" not in html
    assert not Entity.objects.exists()


def test_garbled_text_is_never_stored(client_for, staff, tmp_path):
    garbled = [["Urz±d Gminy Ło¶", "local_government", NIP_A, "", "", "", ""]]
    html = _upload(client_for(staff), _excel_csv(garbled, header=HEADER, encoding="utf-8"),
                   "podmioty.csv").content.decode()
    assert "Urz±d" in html
    assert "nie występują w polskim tekście" in html
    path = tmp_path / "podmioty.xlsx"
    path.write_bytes(_xlsx(garbled))
    with pytest.raises(CommandError, match="kolumna „Pełna nazwa” zawiera „Urz±d”"):
        call_command("import_entities", str(path))
    assert not Entity.objects.exists()


def test_import_teryt_reads_a_windows_1250_file(tmp_path):
    path = tmp_path / "terc.csv"
    path.write_bytes("WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA\r\n04;63;;;Toruń Łąkowy;miasto na prawach powiatu;"
                     "2025-01-01\r\n".encode("cp1250"))
    call_command("import_teryt", str(path))
    assert Entity.objects.model._meta.get_field("seat").related_model.objects.get(code="0463").name == "Toruń Łąkowy"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_new_units_at_once_give_one_of_each():
    """Units have no unique index (no NIP or KRS of their own): the imports are applied one after the other."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL transactions and advisory locks")
    founder = EntityFactory(nip=NIP_A, seat_id=None)
    rows = [["Warsztat Terapii Zajęciowej", "wtz", "", "", "", NIP_A, ""],
            ["Centrum Integracji Społecznej", "cis", "", CIS_REGON, "", NIP_A, ""]]
    table = read_table(_excel_csv(rows), "jednostki.csv")
    reports, failures = _race([table, table])
    assert failures == []
    assert sorted(r.created for r in reports) == [0, 2]
    assert Entity.objects.filter(parent=founder).count() == 2


# --- bounded reading (core.spreadsheets) ------------------------------------------------------------

def test_a_huge_sheet_without_dimension_is_refused_quickly_with_the_cap_named(client_for, staff, monkeypatch):
    import time

    import openpyxl

    from core.tests.test_spreadsheets import SHEET, replace_parts, sheet_without_dimension

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl opened the sheet"))
    content = replace_parts(_xlsx([]), {SHEET: sheet_without_dimension(200_000)})
    started = time.monotonic()
    response = _upload(client_for(staff), content, name="duzo.xlsx")
    assert time.monotonic() - started < 5
    assert response.status_code == 400
    assert "więcej niż 5000 wierszy danych" in response.content.decode()


def test_a_shared_strings_bomb_is_refused_before_the_import_parses_it(client_for, staff, monkeypatch):
    import openpyxl

    from core.tests.test_spreadsheets import NS, replace_parts

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl opened the bomb"))
    bomb = f'<sst xmlns="{NS}"><si><t>'.encode() + b"A" * (40 * 1024 * 1024) + b"</t></si></sst>"
    response = _upload(client_for(staff), replace_parts(_xlsx([]), {"xl/sharedStrings.xml": bomb}), name="b.xlsx")
    assert response.status_code == 400
    assert "po rozpakowaniu" in response.content.decode()


def test_an_xlsx_upload_waits_in_core_pending_not_in_the_session(client_for, staff):
    client = client_for(staff)
    html = _upload(client, _xlsx([["Fundacja A", "foundation", NIP_A, "", "", "", ""]]), name="a.xlsx")
    token = _token(html.content.decode())
    from core.pending import pending_take

    assert pending_take(token=token, user=staff, purpose=import_files.PENDING_PURPOSE).original_name == "a.xlsx"
    assert all(b"PK" not in str(value).encode() for value in client.session.values())
    client.post(reverse("entities:import_confirm"), {"token": token})
    assert Entity.objects.filter(nip=NIP_A).exists()


# --- files as a Polish office saves them ------------------------------------------------------------

POLISH_HEADER = ["Lp.", "Nazwa", "Forma prawna", "NIP", "REGON", "KRS", "Kod TERYT gminy", "Miejscowość", "Powiat",
                 "Gmina", "Adres", "Kod pocztowy", "E-mail", "Telefon", "Data rejestracji", "Aktywny"]
POLISH_ROWS = [
    ["1", "Fundacja „Dobry Start”", "Fundacja", "856-734-62-15", REGON_A, "566214", "0463011", "Toruń",
     "Toruń", "Toruń", "ul. Szeroka 1", "87-100", "biuro@ds.example.pl", "56 600 00 00", "14.05.2019", "tak"],
    ["2", "Spółdzielnia Socjalna „Razem”", "spółdzielnia socjalna", NIP_B, "", "", "", "Chełmża", "toruński", "",
     "ul. Łąkowa 2", "", "", "", "", "TAK"],
    ["3", "Centrum Integracji Społecznej w Toruniu", "Centrum Integracji Społecznej", NIP_C, "", "", "", "", "", "",
     "", "", "", "", "", "nie"],
]


def _office_csv(encoding: str) -> bytes:
    lines = [";".join(POLISH_HEADER)] + [";".join(row) for row in POLISH_ROWS]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.mark.parametrize("encoding", ["cp1250", "utf-8-sig"])
def test_a_csv_saved_by_a_polish_office_is_imported_through_the_page(client_for, staff, encoding):
    client = client_for(staff)
    response = _upload(client, _office_csv(encoding), "podmioty.csv")
    html = response.content.decode()
    assert response.status_code == 200, html
    assert 'id="count-created">3<' in html
    assert not Entity.objects.exists()
    # The place names are accepted, not read: a row giving one without a TERYT code is warned about.
    assert "Wiersz 3, kolumna „Miejscowość”: nie odczytano „Chełmża”" in html
    assert client.post(reverse("entities:import_confirm"), {"token": _token(html)}).status_code == 302
    fundacja = Entity.objects.get(nip=NIP_A)
    assert (fundacja.name, fundacja.legal_form, fundacja.seat_id) == ("Fundacja „Dobry Start”", "foundation",
                                                                     "0463011")
    assert (fundacja.email, fundacja.phone, fundacja.registered_on) == ("biuro@ds.example.pl", "56 600 00 00",
                                                                        date(2019, 5, 14))
    razem = Entity.objects.get(nip=NIP_B)
    assert razem.name == "Spółdzielnia Socjalna „Razem”"
    assert razem.address == "ul. Łąkowa 2"
    assert razem.legal_form == LegalForm.SOCIAL_COOPERATIVE
    assert razem.seat_id is None
    cis = Entity.objects.get(nip=NIP_C)
    assert cis.legal_form == LegalForm.CIS
    assert not cis.is_active


def test_an_xlsx_with_polish_headers_and_full_names_of_legal_forms_is_imported(staff):
    header = ["NAZWA ", "forma  prawna", "nip", "Numer KRS", "Miejscowosc", "e-mail", "Telefon"]
    rows = [["Zakład Aktywności Zawodowej „Przystań”", "Zakład Aktywności Zawodowej", int(NIP_A), 1234, "Toruń",
             "zaz@example.pl", "600100200"],
            ["Warsztat Terapii Zajęciowej", "warsztat terapii zajęciowej", NIP_B, None, None, None, None],
            ["Stowarzyszenie Razem", "Stowarzyszenie", NIP_C, None, None, None, None]]
    report = _run(_xlsx(rows, header=header), name="dane.xlsx", by=staff)
    assert report.errors == []
    assert report.created == 3
    assert {e.nip: e.legal_form for e in Entity.objects.all()} == {
        NIP_A: LegalForm.ZAZ, NIP_B: LegalForm.WTZ, NIP_C: LegalForm.ASSOCIATION}
    assert Entity.objects.get(nip=NIP_A).krs == "0000001234"


@pytest.mark.parametrize("written, code", [
    ("spółdzielnia socjalna", LegalForm.SOCIAL_COOPERATIVE), ("SPÓŁDZIELNIA  SOCJALNA", LegalForm.SOCIAL_COOPERATIVE),
    ("fundacja", LegalForm.FOUNDATION), ("stowarzyszenie", LegalForm.ASSOCIATION),
    ("Centrum Integracji Społecznej", LegalForm.CIS), ("centrum integracji spolecznej (CIS)", LegalForm.CIS),
    ("Klub Integracji Społecznej", LegalForm.KIS), ("Zakład Aktywności Zawodowej", LegalForm.ZAZ),
    ("Warsztat Terapii Zajęciowej", LegalForm.WTZ), ("WTZ", LegalForm.WTZ),
    ("koło gospodyń wiejskich", LegalForm.RURAL_HOUSEWIVES), ("Ochotnicza Straż Pożarna", LegalForm.FIRE_BRIGADE),
    ("spółdzielnia produkcji rolnej", LegalForm.AGRICULTURAL_COOPERATIVE), ("foundation", LegalForm.FOUNDATION),
    ("spółka z o.o. non-profit", LegalForm.NON_PROFIT_COMPANY),
    ("spółdzielnia inwalidów", LegalForm.DISABLED_COOPERATIVE),
])
def test_legal_forms_are_read_by_their_polish_names(written, code):
    from entities.importing.parse import legal_form_codes, plain_key

    assert legal_form_codes()[plain_key(written)] == code


def test_an_unknown_polish_header_is_named_with_the_known_ones_in_polish():
    with pytest.raises(ImportFileError) as error:
        read_table(_csv([["A", "fundacja"]], header=["Nazwa", "Forma prawna", "Uwagi"]), "a.csv")
    message = str(error.value)
    assert "„Uwagi”" in message
    assert "„Forma prawna”" in message
    assert "legal_form" not in message


def test_the_import_page_says_the_columns_in_polish(client_for, staff):
    html = client_for(staff).get(reverse("entities:import")).content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    assert "Forma prawna" in text
    assert "Skrócona nazwa" in text
    assert "spółdzielnia socjalna" in text
    for code in ["legal_form", "short_name", "parent_nip", "activity_area", "is_active", "foundation", "docs/"]:
        assert code not in text, code
    assert "<code>" not in html
