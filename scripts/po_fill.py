"""Developer aid: fill Polish msgstr from a Python dict file and compile (python scripts/po_fill.py DICT.py PO...).

The dict file defines ``T = {msgid: msgstr}`` and optionally ``PLURALS = {msgid: {0: ..., 1: ..., 2: ..., 3: ...}}``.
Entries it fills lose their fuzzy flag; untranslated entries left over are printed.
"""

import runpy
import sys

import polib


def main(dict_path: str, po_paths: list[str]) -> int:
    data = runpy.run_path(dict_path)
    translations, plurals = data.get("T", {}), data.get("PLURALS", {})
    missing_total = 0
    for path in po_paths:
        po = polib.pofile(path)
        for entry in po:
            if entry.msgid_plural and entry.msgid in plurals:
                entry.msgstr_plural = plurals[entry.msgid]
            elif entry.msgid in translations:
                entry.msgstr = translations[entry.msgid]
            else:
                continue
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save()
        po.save_as_mofile(path[:-3] + ".mo")
        missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
        missing_total += len(missing)
        print(f"{path}: {po.percent_translated()}% translated", *(f"\n  missing: {m!r}" for m in missing))
    return 1 if missing_total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
