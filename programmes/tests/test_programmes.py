import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from core.antispam import SALT
from core.computations import compute, registered_computations
from programmes import services
from programmes.models import ConsultationComment, Direction, Indicator, IndicatorValue, Programme, Status
from programmes.services import programme_import
from programmes.tests.factories import consulted
from programmes.yaml_io import programme_parse, programme_to_data, programme_to_yaml

pytestmark = pytest.mark.django_db
KP = Path(__file__).resolve().parent.parent / "data" / "kp-programme.yaml"


@pytest.fixture
def kp():
    return programme_import(programme_parse(KP.read_text(encoding="utf-8")).data)


def test_the_real_programme_imports_with_its_whole_structure(kp):
    assert kp.priorities.count() == 4
    assert sum(p.goals.count() for p in kp.priorities.all()) == 11
    assert Direction.objects.filter(goal__priority__programme=kp).count() == 33
    assert kp.indicators.get(order=0).target_change == 1000


def test_yaml_round_trip_reproduces_the_source(kp):
    original = yaml.safe_load(KP.read_text(encoding="utf-8"))
    assert programme_to_data(kp) == original
    assert yaml.safe_load(programme_to_yaml(kp)) == original


def _broken(mutate) -> str:
    data = yaml.safe_load(KP.read_text(encoding="utf-8"))
    mutate(data["programme"])
    return yaml.safe_dump(data, allow_unicode=True)


@pytest.mark.parametrize(("mutate", "expected"), [
    (lambda p: p["priorities"][2]["specific_goals"][0].update(number="2.9"),
     "priorities[2].specific_goals[0].number: numer 2.9 nie zaczyna się od numeru priorytetu 3"),
    (lambda p: p["priorities"][1].update(number=1), "priorities[1].number: numer 1 się powtarza"),
    (lambda p: p["priorities"][0]["specific_goals"][1]["intervention_directions"][0].update(id="1.1.1"),
     "priorities[0].specific_goals[1].intervention_directions[0].id: numer 1.1.1 nie zaczyna się"),
    (lambda p: p["priorities"][0].pop("name"), "priorities[0].name: brak wymaganej wartości"),
    (lambda p: p.update(name="X" * 400), "programme.name: tekst za długi (400 znaków, limit 300)"),
    (lambda p: p["region"].update(teryt="05"), "programme.region.teryt"),
])
def test_import_errors_name_the_offending_item_and_write_nothing(mutate, expected):
    result = programme_parse(_broken(mutate))
    assert result.data is None, result.errors
    assert any(e.startswith(expected) for e in result.errors), result.errors
    assert not Programme.objects.exists()


def test_malformed_yaml_is_reported_with_its_line():
    result = programme_parse("programme:\n  name: [unclosed\n")
    assert result.errors[0].startswith("plik: niepoprawny YAML (wiersz")


def test_import_command_dry_run_and_errors(tmp_path, capsys):
    call_command("import_programme", str(KP), "--dry-run")
    assert "correct" in capsys.readouterr().out
    assert not Programme.objects.exists()
    bad = tmp_path / "bad.yaml"
    bad.write_text(_broken(lambda p: p["priorities"][0].update(number="")), encoding="utf-8")
    with pytest.raises(CommandError, match=r"priorities\[0\]\.number"):
        call_command("import_programme", str(bad))
    call_command("import_programme", str(KP))
    assert Programme.objects.count() == 1


def test_export_command_yaml_and_xlsx(kp, tmp_path, capsys):
    call_command("export_programme", str(kp.pk), "--format", "yaml")
    assert yaml.safe_load(capsys.readouterr().out) == yaml.safe_load(KP.read_text(encoding="utf-8"))
    target = tmp_path / "p.xlsx"
    call_command("export_programme", str(kp.pk), "--format", "xlsx", "--output", str(target))
    from openpyxl import load_workbook

    rows = list(load_workbook(target).worksheets[0].iter_rows(values_only=True))
    assert ("priorytet", "1", "Poprawa efektywności działania podmiotów ekonomii społecznej") in rows
    assert len(rows) == 1 + 4 + 11 + 33


@pytest.mark.parametrize(("path", "role", "allowed"), [
    ("consultation", "staff", True), ("consultation", "board", False), ("consultation", "pes", False),
])
def test_only_staff_move_the_programme(kp, cast, path, role, allowed):
    call = lambda: services.programme_transition(programme=kp, to=Status.CONSULTATION, by=cast[role],  # noqa: E731
                                                 consultation_until=timezone.localdate() + timedelta(days=40))
    if allowed:
        assert call().status == Status.CONSULTATION
    else:
        with pytest.raises(PermissionDenied):
            call()


def test_staff_move_the_programme_from_its_page(client_for, kp, staff):
    client = client_for(staff)
    url = reverse("programmes:transition", args=[kp.pk])
    until = timezone.localdate() + timedelta(days=40)
    response = client.post(url, {"to": "consultation", "consultation_until": until.isoformat()})
    assert response.status_code == 302
    kp.refresh_from_db()
    assert kp.status == Status.CONSULTATION


def test_a_refused_status_change_comes_back_with_what_was_typed(client_for, kp, staff):
    consulted(kp)
    services.programme_transition(programme=kp, to=Status.SUBMITTED, by=staff)
    response = client_for(staff).post(reverse("programmes:transition", args=[kp.pk]),
                                      {"to": "adopted", "resolution_number": "XXII/456/13", "resolution_date": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert '<details class="mb-3" open>' in page
    assert 'value="XXII/456/13"' in page
    form = page[page.index('name="to" value="adopted"'):]
    assert 'role="alert"' in form[:form.index("XXII/456/13")]
    kp.refresh_from_db()
    assert kp.status == Status.SUBMITTED
    assert not kp.resolution_number


def test_lifecycle_needs_the_resolution_and_freezes_the_structure(kp, staff):
    consulted(kp)
    services.programme_transition(programme=kp, to=Status.SUBMITTED, by=staff)
    with pytest.raises(ValidationError):
        services.programme_transition(programme=kp, to=Status.ADOPTED, by=staff)
    services.programme_transition(programme=kp, to=Status.ADOPTED, by=staff, resolution_number="1/2/13",
                                  resolution_date=date(2013, 3, 1))
    with pytest.raises(ValidationError):  # not a declared move
        services.programme_transition(programme=kp, to=Status.DRAFT, by=staff)
    goal = kp.priorities.first().goals.first()
    with pytest.raises(ValidationError) as exc:
        services.direction_add(goal=goal, number=f"{goal.number}.9", text="Nowy", by=staff)
    assert exc.value.code == "frozen"
    amendment = services.amendment_start(programme=kp, reason="Ocena śródokresowa", by=staff)
    services.direction_add(goal=goal, number=f"{goal.number}.9", text="Nowy kierunek", by=staff)
    kp.refresh_from_db()
    amendment.refresh_from_db()
    assert kp.version == 2
    assert amendment.changes == [f"+ {goal.number}.9: Nowy kierunek"]


def test_numbering_rules_when_editing(kp, staff):
    goal = kp.priorities.first().goals.first()
    with pytest.raises(ValidationError):
        services.direction_add(goal=goal, number="9.9.9", text="x", by=staff)
    with pytest.raises(ValidationError):
        services.direction_add(goal=goal, number=goal.directions.first().number, text="x", by=staff)


def test_locked_values_change_only_through_a_recorded_correction(kp, staff):
    indicator = Indicator.objects.create(programme=kp, name="Liczba szkoleń", unit="szt.")
    services.indicator_value_set(indicator=indicator, year=2024, value=Decimal(10), source_note="OWES", by=staff)
    services.indicator_values_lock(programme=kp, year=2024, by=staff)
    with pytest.raises(ValidationError):
        services.indicator_value_set(indicator=indicator, year=2024, value=Decimal(11), source_note="", by=staff)
    value = IndicatorValue.objects.get()
    with pytest.raises(ValidationError):
        services.indicator_value_correct(value=value, new_value=Decimal(12), reason=" ", by=staff)
    services.indicator_value_correct(value=value, new_value=Decimal(12), reason="Błąd w sprawozdaniu", by=staff)
    value.refresh_from_db()
    assert value.value == 12
    assert value.corrections.get().old_value == 10


def test_computed_indicators_are_filled_from_the_data_not_typed(kp, staff, pes_entity):
    indicator = Indicator.objects.create(programme=kp, name="PES w rejestrze", unit="PES", computation="pes_count")
    with pytest.raises(ValidationError):
        services.indicator_value_set(indicator=indicator, year=2025, value=Decimal(1), source_note="", by=staff)
    services.indicator_values_compute(programme=kp, year=timezone.localdate().year, by=staff)
    value = indicator.values.get()
    assert value.computed
    assert value.value == compute("pes_count", year=timezone.localdate().year) >= 1
    assert {"pes_count", "events_held", "certified_pes", "pes_employees"} <= {c.name for c in
                                                                             registered_computations()}


def test_progress_and_on_track(kp):
    from programmes.selectors import IndicatorRow

    kp.start_year, kp.end_year = 2020, 2030
    indicator = Indicator(programme=kp, name="x", unit="u", baseline_value=Decimal(100), baseline_year=2020,
                          target_value=Decimal(200), target_year=2030)
    values = [IndicatorValue(year=2025, value=Decimal(150))]
    row = IndicatorRow(indicator=indicator, values=values)
    assert row.percent == 50
    assert row.on_track is True
    row = IndicatorRow(indicator=indicator, values=[IndicatorValue(year=2025, value=Decimal(110))])
    assert row.on_track is False
    indicator.target_value, indicator.target_change = None, Decimal(1000)
    assert indicator.target == Decimal(1100)


def test_programme_page_runs_a_fixed_number_of_queries(client_for, staff, kp, django_assert_max_num_queries):
    client = client_for(staff)
    client.get(reverse("programmes:detail", args=[kp.pk]))
    # Session, user, roles, permissions, programme, priorities, goals, directions, indicators, values,
    # amendments, savepoints: the same for a bare tree and one with many indicators and values.
    with django_assert_max_num_queries(18) as small:
        client.get(reverse("programmes:detail", args=[kp.pk]))
    for i in range(10):
        indicator = Indicator.objects.create(programme=kp, goal=kp.priorities.first().goals.first(), name=f"W{i}",
                                             unit="u")
        for year in range(2014, 2020):
            IndicatorValue.objects.create(indicator=indicator, year=year, value=year)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(reverse("programmes:detail", args=[kp.pk])).content.decode()
    assert "<polyline" in html
    assert "Wartości w kolejnych latach" in html


@pytest.mark.parametrize(("role", "status"), [("staff", 200), ("board", 200), ("member", 200), ("pes", 404),
                                              ("outsider", 404)])
def test_who_sees_programmes(cast, client_for, kp, role, status):
    assert client_for(cast[role]).get(reverse("programmes:list")).status_code == status


def _comment(**overrides):
    data = {"author": "", "concerns": "cel 2.1", "text": "Proponuję dodać wskaźnik.", "consent": "on",
            "website": "", "form_token": signing.dumps(time.time() - 30, salt=SALT)}
    data.update(overrides)
    return data


def test_public_consultation_takes_comments_and_refuses_bad_input_and_spam(client, kp, staff):
    url = reverse("programmes:consultation", args=[kp.pk])
    assert client.get(url).status_code == 404  # a draft is not in consultation
    services.programme_transition(programme=kp, to=Status.CONSULTATION, by=staff,
                                  consultation_until=timezone.localdate() + timedelta(days=40))
    assert "Poprawa efektywności" in client.get(url).content.decode()
    assert client.post(url, _comment(consent="")).status_code == 400
    assert client.post(url, _comment(text="")).status_code == 400
    assert client.post(url, _comment(website="http://spam")).status_code == 400
    assert client.post(url, _comment(form_token=signing.dumps(time.time(), salt=SALT))).status_code == 400
    assert not ConsultationComment.objects.exists()
    assert client.post(url, _comment()).status_code == 302
    assert ConsultationComment.objects.get().concerns == "cel 2.1"


def test_staff_answer_comments_and_export_the_report(client_for, kp, staff):
    kp.status = Status.CONSULTATION
    kp.save()
    comment = services.comment_add(programme=kp, text="Uwaga", consent=True)
    with pytest.raises(ValidationError):
        services.comment_answer(comment=comment, response="rejected", reason="", by=staff)
    client = client_for(staff)
    client.post(reverse("programmes:comments", args=[kp.pk]),
                {"comment": comment.pk, "response": "partly", "reason": "Częściowo uwzględniono"})
    comment.refresh_from_db()
    assert comment.response == "partly"
    assert comment.answered_by == staff
    report = client.get(reverse("programmes:consultation_report", args=[kp.pk])).content.decode("utf-8-sig")
    assert "Częściowo uwzględniono" in report
    assert "anonim" in report


def test_malformed_requests_get_an_answer_not_a_server_error(client_for, kp, staff):
    client = client_for(staff)
    kp.status = Status.CONSULTATION
    kp.save()
    for comment in ["abc", "²"]:
        assert client.post(reverse("programmes:comments", args=[kp.pk]),
                           {"comment": comment, "response": "partly"}).status_code == 404
    response = client.post(reverse("programmes:transition", args=[kp.pk]), {"to": "bogus"})
    assert response.status_code == 400
    assert "Sprawdź wprowadzone daty" in response.content.decode()
    kp.refresh_from_db()
    assert kp.status == Status.CONSULTATION
    response = client.post(reverse("programmes:compute", args=[kp.pk]), {"year": "99999"}, follow=True)
    assert "Podaj rok." in response.content.decode()
    assert not IndicatorValue.objects.filter(year=99999).exists()


def test_upload_import_with_preview(client_for, staff):
    client = client_for(staff)
    bad = SimpleUploadedFile("p.yaml", _broken(lambda p: p["priorities"][0].update(number="")).encode())
    response = client.post(reverse("programmes:import"), {"file": bad})
    assert response.status_code == 400
    assert "priorities[0].number" in response.content.decode()
    good = SimpleUploadedFile("p.yaml", KP.read_bytes())
    preview = client.post(reverse("programmes:import"), {"file": good})
    assert "Plik jest poprawny" in preview.content.decode()
    assert not Programme.objects.exists()
    client.post(reverse("programmes:import"), {"confirm": "1", "token": preview.context["token"]})
    assert Programme.objects.count() == 1


def test_the_uploaded_programme_waits_outside_the_session(client_for, staff):
    client = client_for(staff)
    preview = client.post(reverse("programmes:import"), {"file": SimpleUploadedFile("p.yaml", KP.read_bytes())})
    assert preview.context["token"]
    assert all(len(str(value)) < 2000 for value in client.session.values())
    # Without the signed token (or with someone else's), nothing is imported.
    client.post(reverse("programmes:import"), {"confirm": "1", "token": "forged"})
    assert not Programme.objects.exists()


BOMB = """a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
programme: *i
"""


def test_a_yaml_bomb_is_refused_at_once(client_for, staff):
    import time

    started = time.monotonic()
    response = client_for(staff).post(reverse("programmes:import"), {"file": SimpleUploadedFile("p.yaml",
                                                                                               BOMB.encode())})
    assert time.monotonic() - started < 5
    assert response.status_code == 400
    assert "nie są dozwolone" in response.content.decode()
    assert not Programme.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(client_for, staff):
    from programmes.yaml_io import MAX_FILE_BYTES

    big = SimpleUploadedFile("p.yaml", b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    response = client_for(staff).post(reverse("programmes:import"), {"file": big})
    assert response.status_code == 400
    assert "za duży" in response.content.decode()


def test_the_parser_refuses_anchors_and_aliases_and_huge_documents():
    from programmes.yaml_io import MAX_NODES, programme_parse

    assert programme_parse("a: &x 1\nb: *x\n").errors == ["plik: kotwice (&nazwa) nie są dozwolone"]
    many = "programme:\n" + "".join(f"  k{i}: {i}\n" for i in range(MAX_NODES))
    assert programme_parse(many).errors == [f"plik: za wiele elementów (limit {MAX_NODES})"]


@pytest.mark.parametrize("who", ["member", "pes", "board"])
def test_only_staff_import_a_programme_file(request, who):
    """The import is a service like any other write: a person without the staff role is refused, nothing written."""
    from django.core.exceptions import PermissionDenied

    from programmes.models import Programme

    document = programme_parse(KP.read_text(encoding="utf-8")).data
    with pytest.raises(PermissionDenied):
        programme_import(document, by=request.getfixturevalue(who))
    assert not Programme.objects.exists()


def test_an_import_by_staff_is_recorded_under_their_name(staff):
    programme = programme_import(programme_parse(KP.read_text(encoding="utf-8")).data, by=staff)
    assert programme.history.earliest().history_user == staff


def test_compute_is_a_visible_action_not_hidden_under_the_status(client_for, staff, kp):
    page = client_for(staff).get(reverse("programmes:detail", args=[kp.pk])).content.decode()
    status_box = page[page.index("<details"):page.index("</details>")]
    assert reverse("programmes:compute", args=[kp.pk]) not in status_box
    assert reverse("programmes:compute", args=[kp.pk]) in page
