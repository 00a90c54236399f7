"""Loading the TERC register of territorial units (voivodeships, powiaty, gminy).

Used by ``manage.py import_teryt FILE.csv`` and by the migration that loads the shipped 2024-01-01 file, so
every installation has the same units. Importing is idempotent: units are matched by code and only changes
are written.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Territory

SHIPPED = Path(__file__).resolve().parent / "data" / "TERC_2024-01-01.csv"
COLUMNS = ["WOJ", "POW", "GMI", "RODZ", "NAZWA", "NAZWA_DOD"]


@dataclass(frozen=True)
class Unit:
    code: str
    level: str
    name: str
    kind: str
    parent: str | None


@dataclass
class ImportCounts:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    changes: list[str] = field(default_factory=list)


class TercError(ValueError):
    pass


def parse_terc(text: str) -> list[Unit]:
    """Units of a TERC CSV (semicolon-separated, the register's own columns); parents come before children."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise TercError(_("The first row lacks the TERC columns %(columns)s.") % {"columns": ", ".join(missing)})
    units = []
    for line, row in enumerate(reader, start=2):
        woj, pow_, gmi, rodz = (row[c].strip() for c in ("WOJ", "POW", "GMI", "RODZ"))
        name, kind = row["NAZWA"].strip(), row["NAZWA_DOD"].strip()
        if not (woj.isdigit() and len(woj) == 2) or not name:
            raise TercError(_("Line %(line)d: a wrong voivodeship code or an empty name.") % {"line": line})
        if not pow_:
            units.append(Unit(woj, "voivodeship", name, kind, None))
        elif not gmi:
            units.append(Unit(woj + pow_, "powiat", name, kind, woj))
        else:
            if not (len(gmi) == 2 and len(rodz) == 1):
                raise TercError(_("Line %(line)d: a wrong gmina code %(code)s.") % {"line": line,
                                                                                     "code": f"{gmi}/{rodz}"})
            units.append(Unit(woj + pow_ + gmi + rodz, "gmina", name, kind, woj + pow_))
    order = {"voivodeship": 0, "powiat": 1, "gmina": 2}
    return sorted(units, key=lambda u: (order[u.level], u.code))


def territory_import(units: list[Unit], *, model=None, dry_run: bool = False) -> ImportCounts:
    """Create or update units by code. ``model`` lets migrations pass their historical model."""
    if model is None:
        model = Territory
    counts = ImportCounts()
    existing = {t.code: t for t in model.objects.all()}
    with transaction.atomic():
        for unit in units:
            current = existing.get(unit.code)
            values = {"level": unit.level, "name": unit.name, "kind": unit.kind, "parent_id": unit.parent}
            if current is None:
                counts.added += 1
                if not dry_run:
                    existing[unit.code] = model.objects.create(code=unit.code, **values)
                continue
            diff = {k: v for k, v in values.items() if getattr(current, k) != v}
            if not diff:
                counts.unchanged += 1
                continue
            counts.changed += 1
            counts.changes.append(f"{unit.code}: " + ", ".join(f"{k} → {v}" for k, v in diff.items()))
            if not dry_run:
                model.objects.filter(code=unit.code).update(**diff)
        if dry_run:
            transaction.set_rollback(True)
    return counts


def load_shipped(model=None) -> ImportCounts:
    return territory_import(parse_terc(SHIPPED.read_text(encoding="utf-8")), model=model)
