"""Planning an import: each parsed row checked against the registry, matched to an entity or added, with what
it would change. Nothing is written here (``entities.importing.apply`` writes the plan).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..matching import UNIT, Identity, RegistryMatcher, name_key
from ..models import REINTEGRATION_UNITS, Entity, Territory, legal_form_label
from .parse import COLUMN_NAMES, RowError, Table, _Parsed, column_label, legal_form_codes, parse_row

# Model fields the import writes, and the column each is given in when its name differs.
SAVED_FIELDS = ["name", "short_name", "legal_form", "nip", "regon", "krs", "seat", "address", "postal_code", "email",
                "phone", "website", "description", "registered_on", "is_active", "closed_on", "in_catalogue",
                "parent"]
FIELD_COLUMN = {"seat": "teryt", "parent": "parent_nip"}

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass(frozen=True)
class Change:
    column: str
    old: str
    new: str

    @property
    def column_label(self) -> str:
        return column_label(self.column)


@dataclass
class RowPlan:
    row: int
    action: str
    name: str
    nip: str | None
    krs: str | None
    entity: Entity | None = None  # the existing entity the row matches
    values: dict[str, Any] = field(default_factory=dict)  # fields to write (all for a new entity, changed ones)
    activity_area: list[str] | None = None
    parent_row: int | None = None  # founding entity added or matched by another row of the file
    changes: list[Change] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        """The row adds an entity (otherwise it changes, or leaves unchanged, the one it matched)."""
        return self.action == CREATE


@dataclass
class ImportReport:
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    applied: bool = False

    def _count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def created(self) -> int:
        return self._count(CREATE)

    @property
    def updated(self) -> int:
        return self._count(UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(UNCHANGED)

    @property
    def changed_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action != UNCHANGED]


# --- checking the rows against the registry -----------------------------------------------------

def _display(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "legal_form":
        return legal_form_label(value)
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Territory):
        return f"{value.code} {value.name}"
    if isinstance(value, Entity):
        return value.name
    if name == "parent":
        return _("id %(pk)s") % {"pk": value}
    return str(value)


def entities_import_check(table: Table, *, lock: bool = False) -> ImportReport:
    """Plan the import of ``table`` without writing: what each row would create or change, and every error.

    Each row is matched to the registry by ``entities.matching`` (NIP, KRS, own REGON, founding entity and name),
    the same rule whether this is the preview or the apply step. With ``lock=True`` (inside a transaction) the
    matched entities are locked until it ends, so the plan stays true while it is applied.
    """
    report = ImportReport()
    legal_forms = legal_form_codes()
    parsed = [parse_row(number, cells, legal_forms) for number, cells in table.rows]
    for p in parsed:
        report.errors.extend(p.errors)
        if p.place is not None and "teryt" not in p.values:
            report.warnings.append(RowError(p.row, p.place[0], _(
                "“%(name)s” is not read: the seat is given only by the TERYT code of the gmina (column "
                "%(column)s).") % {"name": p.place[1], "column": f"„{column_label('teryt')}”"}))
    territory = _territories(parsed)
    in_registry = _parents(parsed)
    in_file = _numbers_in_file(parsed)
    parents = {p.row: _resolve_parent(p, in_registry, in_file) for p in parsed}
    identities = {p.row: _identity(p, parents[p.row]) for p in parsed}
    matcher = RegistryMatcher(identities.values(), lock=lock,
                              prefetch=("activity_area",) if "activity_area" in table.columns else ())
    seen: dict[tuple, int] = {}
    matched_rows: dict[int, int] = {}
    plans: dict[int, RowPlan] = {}
    for p in parsed:
        errors = _duplicates_in_file(p, identities[p.row], parents[p.row], seen)
        match = matcher.find(identities[p.row])
        errors += [RowError(p.row, column, message) for column, message in match.errors]
        plan = _plan_row(p, match, territory, parents[p.row], matched_rows, errors)
        report.errors.extend(errors)
        if plan is not None:
            plans[p.row] = plan
            if plan.action == CREATE and not identities[p.row].keys() and plan.parent_row is None:
                report.warnings.append(RowError(p.row, "", _(
                    "No NIP, no KRS number, no REGON of its own and no founding entity: the row adds a new entity "
                    "that a later import cannot find.")))
    order, cycle = _ordered(plans)
    if cycle:
        report.errors.append(RowError(cycle, "parent_nip", _("Founding entities in the file refer to each other "
                                                             "in a circle.")))
    report.rows = order
    report.errors.sort(key=lambda e: (e.row, COLUMN_NAMES.index(e.column) if e.column in COLUMN_NAMES else -1))
    return report


def _territories(parsed: list[_Parsed]) -> dict[str, Territory]:
    codes = {p.values["teryt"] for p in parsed if "teryt" in p.values}
    codes |= {c for p in parsed for c in p.values.get("activity_area", [])}
    found: dict[str, Territory] = {}
    codes = sorted(codes)
    for start in range(0, len(codes), 1000):
        found.update({t.code: t for t in Territory.objects.filter(code__in=codes[start:start + 1000])})
    return found


def _parents(parsed: list[_Parsed]) -> dict[tuple[str, str], Entity]:
    """Founding entities named by the rows, found in the registry: {("nip" | "krs", number): entity}."""
    found: dict[tuple[str, str], Entity] = {}
    for kind in ("nip", "krs"):
        numbers = sorted({p.values[f"parent_{kind}"] for p in parsed if f"parent_{kind}" in p.values})
        for start in range(0, len(numbers), 1000):
            for e in Entity.objects.filter(**{f"{kind}__in": numbers[start:start + 1000]}).only(
                    "pk", "name", "nip", "krs", "regon"):
                found[(kind, getattr(e, kind))] = e
    return found


def _numbers_in_file(parsed: list[_Parsed]) -> dict[tuple[str, str], int]:
    """{("nip" | "krs", number): the first row with it}: founding entities added by the file itself."""
    first: dict[tuple[str, str], int] = {}
    for p in parsed:
        for kind in ("nip", "krs"):
            if kind in p.values:
                first.setdefault((kind, p.values[kind]), p.row)
    return first


@dataclass
class _Parent:
    entity: Entity | None = None  # a founding entity in the registry
    row: int | None = None  # or the row of the file that adds or matches it
    errors: list[RowError] = field(default_factory=list)


def _resolve_parent(p: _Parsed, in_registry, in_file) -> _Parent | None:
    """The row's founding entity, by ``parent_nip`` / ``parent_krs``: in the registry first, else a row of the file."""
    nip, krs = p.values.get("parent_nip"), p.values.get("parent_krs")
    if nip is None and krs is None:
        return None
    found = []
    for kind, value, column in (("nip", nip, "parent_nip"), ("krs", krs, "parent_krs")):
        if value is None:
            continue
        if (kind, value) in in_registry:
            found.append(_Parent(entity=in_registry[(kind, value)]))
        elif (kind, value) in in_file:
            found.append(_Parent(row=in_file[(kind, value)]))
        else:
            return _Parent(errors=[RowError(p.row, column, _("No entity with this number in the registry or in "
                                                             "the file."))])
    if len({(f.entity.pk if f.entity else None, f.row) for f in found}) > 1:
        return _Parent(errors=[RowError(p.row, "parent_krs", _("The founding entity's NIP and KRS number point to "
                                                               "two different entities."))])
    if found[0].row == p.row:
        return _Parent(errors=[RowError(p.row, "parent_nip" if nip else "parent_krs",
                                        _("An entity cannot be its own founding entity."))])
    return found[0]


def _identity(p: _Parsed, parent: _Parent | None) -> Identity:
    """What the row tells ``entities.matching`` about the entity it is."""
    legal_form = p.values.get("legal_form")
    return Identity(nip=p.values.get("nip"), krs=p.values.get("krs"), regon=p.values.get("regon"),
                    parent_id=parent.entity.pk if parent is not None and parent.entity is not None else None,
                    name=p.values.get("name", ""),
                    unit=legal_form in REINTEGRATION_UNITS or (parent is not None and parent.row is not None))


_IN_FILE = {
    "nip": gettext_lazy("The same NIP is already in row %(row)d."),
    "krs": gettext_lazy("The same KRS number is already in row %(row)d."),
    "regon": gettext_lazy("The same REGON is already in row %(row)d."),
    UNIT: gettext_lazy("Row %(row)d already has a unit of the same founding entity with this name."),
}


def _duplicates_in_file(p: _Parsed, identity: Identity, parent: _Parent | None, seen: dict) -> list[RowError]:
    """Two rows of the file for one entity: the same NIP, KRS, own REGON, or founding entity and name."""
    keys = identity.keys()
    if parent is not None and parent.row is not None and name_key(identity.name):
        keys.append((UNIT, ("row", parent.row), name_key(identity.name)))  # a unit of a founder the file adds
    errors = []
    for key in keys:
        first = seen.setdefault(key, p.row)
        if first != p.row:
            errors.append(RowError(p.row, "name" if key[0] == UNIT else key[0], _IN_FILE[key[0]] % {"row": first}))
    return errors


def _plan_row(p: _Parsed, match, territory, parent: _Parent | None, matched_rows, errors) -> RowPlan | None:
    values = {k: v for k, v in p.values.items() if k not in {"parent_nip", "parent_krs"}}
    entity = match.entity
    if entity is not None:
        if entity.pk in matched_rows and matched_rows[entity.pk] != p.row:
            errors.append(RowError(p.row, "", _("Row %(row)d already changes this entity (%(name)s).") % {
                "row": matched_rows[entity.pk], "name": entity.name}))
        matched_rows.setdefault(entity.pk, p.row)
    elif not match.errors:
        for column, message in (("name", _("Give the name: the row adds a new entity.")),
                                ("legal_form", _("Give the legal form: the row adds a new entity."))):
            if column not in values and not any(e.column == column for e in p.errors):
                errors.append(RowError(p.row, column, message))
    # Seat and area of activity.
    code = values.pop("teryt", None)
    if code is not None:
        unit = territory.get(code)
        if unit is None or unit.level != Territory.Level.GMINA:
            errors.append(RowError(p.row, "teryt", _("There is no gmina with the TERYT code %(code)s.") % {
                "code": code}))
        elif not unit.is_seat:
            errors.append(RowError(p.row, "teryt", _("%(code)s is a part of a gmina or a district: give the code of "
                                                     "the whole gmina (last digit 1, 2 or 3).") % {"code": code}))
        else:
            values["seat"] = unit
    area = values.pop("activity_area", None)
    if area is not None:
        wrong = [c for c in area if c not in territory or territory[c].level != Territory.Level.POWIAT]
        if wrong:
            errors.append(RowError(p.row, "activity_area", _("Not TERYT codes of powiaty: %(codes)s.") % {
                "codes": ", ".join(wrong)}))
    # Founding entity: in the registry or in another row of the file.
    parent_row = None
    if parent is not None:
        errors.extend(parent.errors)
        if parent.entity is not None and entity is not None and parent.entity.pk == entity.pk:
            errors.append(RowError(p.row, "parent_nip" if "parent_nip" in p.values else "parent_krs",
                                   _("An entity cannot be its own founding entity.")))
        elif parent.entity is not None:
            values["parent"] = parent.entity
        parent_row = parent.row
    # Closed entities are inactive (the edit form's rule).
    closed_on = values.get("closed_on", entity.closed_on if entity else None)
    if closed_on and values.get("is_active") is True:
        errors.append(RowError(p.row, "is_active", _("A closed entity cannot be active.")))
    elif "closed_on" in values and (values.get("is_active") is None and (entity is None or entity.is_active)):
        values["is_active"] = False
    flagged = {e.column for e in errors + p.errors}
    errors.extend(e for e in _model_errors(p.row, entity, values) if e.column not in flagged)
    if errors or p.errors:
        return None
    plan = RowPlan(row=p.row, action=CREATE if entity is None else UPDATE, entity=entity,
                   name=values.get("name") or (entity.name if entity else ""),
                   nip=values.get("nip") or (entity.nip if entity else None),
                   krs=values.get("krs") or (entity.krs if entity else None), parent_row=parent_row)
    _diff(plan, values, area)
    return plan


def _model_errors(row: int, entity: Entity | None, values: dict) -> list[RowError]:
    """The model's own field checks (lengths, choices, e-mail, URL, identifiers) on what the row would save."""
    candidate = Entity() if entity is None else Entity(**{f.attname: getattr(entity, f.attname)
                                                         for f in Entity._meta.concrete_fields})
    for name, value in values.items():
        setattr(candidate, name, value)
    checked = set(values) if entity is not None else set(SAVED_FIELDS)
    exclude = [f.name for f in Entity._meta.fields if f.name not in checked or f.name in {"seat", "parent"}]
    try:
        candidate.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return [RowError(row, FIELD_COLUMN.get(name, name), message)
                for name, messages in exc.message_dict.items() for message in messages]
    return []


def _diff(plan: RowPlan, values: dict, area: list[str] | None) -> None:
    entity = plan.entity
    if entity is None:
        plan.values = values
        plan.activity_area = area
        plan.changes = [Change(FIELD_COLUMN.get(k, k), "", _display(k, v)) for k, v in values.items()]
        if plan.parent_row:
            plan.changes.append(Change("parent_nip", "", _("row %(row)d") % {"row": plan.parent_row}))
        return
    for name, value in values.items():
        old = getattr(entity, f"{name}_id") if name in {"seat", "parent"} else getattr(entity, name)
        new = value.pk if name in {"seat", "parent"} else value
        if old != new:
            plan.values[name] = value
            plan.changes.append(Change(FIELD_COLUMN.get(name, name), _display(name, old), _display(name, value)))
    if plan.parent_row:
        plan.changes.append(Change("parent_nip", _display("parent", entity.parent_id),
                                   _("row %(row)d") % {"row": plan.parent_row}))
    if area is not None:
        current = sorted(t.code for t in entity.activity_area.all())
        if current != area:
            plan.activity_area = area
            plan.changes.append(Change("activity_area", ", ".join(current) or "—", ", ".join(area)))
    if not plan.changes:
        plan.action = UNCHANGED


def _ordered(plans: dict[int, RowPlan]) -> tuple[list[RowPlan], int | None]:
    """Rows in file order, except that a founding entity added by the file comes before its units."""
    order: list[RowPlan] = []
    state: dict[int, str] = {}

    def visit(row: int) -> int | None:
        if state.get(row) == "done":
            return None
        if state.get(row) == "visiting":
            return row
        state[row] = "visiting"
        plan = plans[row]
        if plan.parent_row is not None and plan.parent_row in plans:
            cycle = visit(plan.parent_row)
            if cycle:
                return cycle
        state[row] = "done"
        order.append(plan)
        return None

    for row in sorted(plans):
        cycle = visit(row)
        if cycle:
            return sorted(plans.values(), key=lambda p: p.row), cycle
    return order, None
