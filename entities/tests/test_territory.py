import pytest
from django.core.management import CommandError, call_command

from entities.models import Territory
from entities.territory import TercError, parse_terc

pytestmark = pytest.mark.django_db

HEADER = "WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA\n"


def test_the_shipped_register_is_loaded_by_the_migrations():
    assert Territory.objects.filter(level="voivodeship").count() == 16
    assert Territory.objects.filter(level="powiat").count() == 380
    torun = Territory.objects.get(code="0463")
    assert torun.name == "Toruń"
    assert torun.parent_id == "04"
    gmina = Territory.objects.get(code="0415011")
    assert gmina.parent.code == "0415"
    assert gmina.powiat_code == "0415"
    assert gmina.voivodeship_code == "04"


def test_import_is_idempotent_and_reports_changes(tmp_path, capsys):
    path = tmp_path / "terc.csv"
    path.write_text(HEADER + "04;63;;;Toruń Nowy;miasto na prawach powiatu;2025-01-01\n"
                    "04;63;01;1;Toruń Nowy;gmina miejska;2025-01-01\n", encoding="utf-8")
    call_command("import_teryt", str(path), "--dry-run")
    assert "zmieniono 0463" in capsys.readouterr().out
    assert Territory.objects.get(code="0463").name == "Toruń"  # dry run wrote nothing
    call_command("import_teryt", str(path))
    out = capsys.readouterr().out
    assert "zmieniono 2" in out
    assert Territory.objects.get(code="0463").name == "Toruń Nowy"
    call_command("import_teryt", str(path))
    assert "Dodano 0, zmieniono 0, bez zmian 2" in capsys.readouterr().out


def test_bad_file_is_refused_with_a_message(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="brakuje kolumn TERC"):
        call_command("import_teryt", str(path))
    with pytest.raises(TercError):
        parse_terc(HEADER + "4;;;;X;województwo;2024\n")
