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
