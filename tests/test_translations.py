"""Polish is complete and the committed .mo files match their .po sources."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PL_FILES = sorted(p for p in ROOT.glob("**/locale/pl/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def test_there_are_polish_catalogues():
    assert any(p.parent.parent.parent.parent == ROOT for p in PL_FILES)


@pytest.mark.parametrize("po_path", PL_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_polish_message_is_translated(po_path):
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    assert not missing, f"Untranslated in {po_path}: {missing[:10]}"


@pytest.mark.parametrize("po_path", PL_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches_its_source(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"Run scripts/messages.py --compile ({mo_path} missing)"
    po = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(po_path)) if not e.obsolete}
    mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(mo_path)) if e.msgid}
    assert po == mo, f"{mo_path} is stale: run scripts/messages.py --compile"


APPS = ["accounts", "core", "entities", "programmes", "committee", "certification", "monitoring", "events"]


@pytest.mark.skipif(not __import__("shutil").which("xgettext"), reason="needs GNU gettext (xgettext)")
@pytest.mark.parametrize("app", APPS)
def test_every_message_in_the_code_is_in_the_catalogue(app, tmp_path):
    """Extract the app's messages afresh and check that the committed Polish catalogue has them all."""
    import os
    import shutil
    import subprocess
    import sys

    committed = ROOT / app / "locale" / "pl" / "LC_MESSAGES" / "django.po"
    copy = tmp_path / app
    shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "tests", "migrations"))
    (copy / "locale").mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "pl", "--no-location"],
                   cwd=copy, env=env, check=True, capture_output=True)
    fresh = copy / "locale" / "pl" / "LC_MESSAGES" / "django.po"
    if not fresh.exists():
        return  # the app has no messages at all
    extracted = {e.msgid for e in polib.pofile(str(fresh))}
    known = {e.msgid for e in polib.pofile(str(committed))} if committed.exists() else set()
    assert not extracted - known, f"Run scripts/messages.py {app}: missing {sorted(extracted - known)[:10]}"


def test_words_shared_by_several_apps_are_translated_in_their_own_context(client_for, staff):
    """Another app's catalogue (Django admin's, or the first app with the same English word) must not win."""
    from django.urls import reverse
    from django.utils import translation

    from entities.models import AtRiskCategory, LegalForm
    from entities.tests.factories import EntityFactory
    from programmes.models import BudgetLine

    with translation.override("pl"):
        assert str(LegalForm.OTHER.label) == "inna"           # forma prawna
        assert str(AtRiskCategory.OTHER.label) == "inne"      # osoby
        assert str(BudgetLine.Source.OTHER.label) == "inne"   # źródło finansowania
    page = client_for(staff).get(reverse("entities:detail", args=[EntityFactory().pk])).content.decode()
    assert 'aria-label="Ścieżka nawigacji"' in page
    assert "Breadcrumbs" not in page
