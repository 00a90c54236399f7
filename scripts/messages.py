"""Extract messages (English msgids, Polish msgstr) for every app and compile .mo files with polib.

Compiling with polib means the committed .mo files can be rebuilt without gettext, and a test
checks that each committed .mo matches its .po.
"""

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "core", "entities", "programmes", "committee", "certification", "monitoring", "events", "opendata"]
LANGS = ["pl", "en"]


def main(only: list[str]) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    manage = [sys.executable, str(ROOT / "manage.py"), "makemessages", "--no-obsolete", "--no-location"]
    for app in only or APPS:
        if app == "root":
            continue
        (ROOT / app / "locale").mkdir(exist_ok=True)
        subprocess.run([*manage, *[f"-l{lang}" for lang in LANGS]], cwd=ROOT / app, env=env, check=True)
    if only and "root" not in only:
        compile_all()
        return
    # Project-level templates (base, errors, registration) go to the root locale.
    subprocess.run([*manage, *[f"-l{lang}" for lang in LANGS], "--ignore", ".venv", *sum(
        (["--ignore", f"{app}/*"] for app in APPS), []), "--ignore", "tests/*", "--ignore", "bench/*"],
        cwd=ROOT, env=env, check=True)
    compile_all()


def compile_all() -> None:
    for po_path in ROOT.glob("**/locale/*/LC_MESSAGES/django.po"):
        if ".venv" in po_path.parts:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))


if __name__ == "__main__":
    # scripts/messages.py               extract for every app and the root templates, then compile
    # scripts/messages.py entities      extract for one app (or several; "root" = project templates)
    # scripts/messages.py --compile     only compile every .po into its .mo
    if sys.argv[1:] == ["--compile"]:
        compile_all()
    else:
        main(sys.argv[1:])
