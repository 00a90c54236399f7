"""From the registers' answer to the registry's fields: what to propose (``proposed_values``) and how it differs
from a stored entity (``differences``). Staff accept differences field by field; nothing is written here."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..models import Entity, LegalForm, Territory, legal_form_label
from ..validators import normalize_digits
from .legal_forms import compatible_forms, normalise, suggest_form
from .records import CombinedRecord, RegistryState

# The entity fields the registers can fill in, in the order the comparison shows them.
FIELDS = ["name", "legal_form", "nip", "regon", "krs", "seat", "address", "postal_code", "registered_on",
          "parent", "closed_on"]
FIELD_LABELS = {"name": _("name"), "legal_form": _("legal form"), "nip": _("NIP"), "regon": _("REGON"),
                "krs": _("KRS number"), "seat": _("seat (gmina)"), "address": _("address"),
                "postal_code": _("postal code"), "registered_on": _("registered on"),
                "parent": _("founding entity"), "closed_on": _("closed on")}
# Which register answered each field.
FIELD_SOURCES = {"name": "name", "legal_form": "legal_form_text", "nip": "nip", "regon": "regon", "krs": "krs",
                 "seat": "teryt", "address": "address", "postal_code": "postal_code",
                 "registered_on": "registered_on", "parent": "parent_regon", "closed_on": "ended_on"}
# Parts of gminy (towns and rural areas of urban-rural gminy, districts, delegations) are not seats: the seat is the
# whole gmina (Territory.objects.seats()).
PART_TO_WHOLE = {"4": "3", "5": "3"}


def seat_for(teryt: str) -> Territory | None:
    """The seat gmina for a TERC code from BIR: the gmina itself, or the whole gmina a town, rural area, district
    (Warsaw) or delegation (big cities) belongs to."""
    if len(teryt or "") != 7:
        return None
    kind = teryt[-1]
    candidates = [teryt]
    if kind in PART_TO_WHOLE:
        candidates.append(teryt[:6] + PART_TO_WHOLE[kind])
    elif kind in ("8", "9"):
        candidates.append(teryt[:4] + "011")
    seats = {t.code: t for t in Territory.objects.seats().filter(code__in=candidates)}
    return next((seats[c] for c in candidates if c in seats), None)


@dataclass(frozen=True)
class Proposal:
    """What the registers propose for the registry's fields (values ready for ``entity_create/update``)."""

    values: dict
    sources: dict           # field -> register
    legal_forms_allowed: tuple[str, ...]

    def serialisable(self) -> dict:
        out = {}
        for name, value in self.values.items():
            if isinstance(value, Territory | Entity):
                out[name] = value.pk
            elif hasattr(value, "isoformat"):
                out[name] = value.isoformat()
            else:
                out[name] = value
        return out


def proposed_values(combined: CombinedRecord) -> Proposal:
    values: dict = {}
    sources: dict = {}
    unit = combined.value("kind") == "LP"
    name = combined.value("name") or ""
    form_text = combined.value("legal_form_text") or ""
    for field_name, attr in FIELD_SOURCES.items():
        value = combined.value(attr)
        if field_name == "legal_form":
            value = suggest_form(form_text, name, unit=unit)
        elif field_name == "seat":
            value = seat_for(value or "")
        elif field_name == "parent":
            value = Entity.objects.filter(regon=value).order_by("pk").first() if value else None
        elif field_name == "closed_on":
            value = value if combined.state == RegistryState.STRUCK_OFF else None
        elif field_name in ("nip", "regon", "krs"):
            value = normalize_digits(value or "")
        elif field_name == "registered_on":
            value = value or combined.value("started_on")
        if value not in (None, ""):
            values[field_name] = value
            sources[field_name] = combined.source_of(attr) or combined.source_of("started_on")
    allowed = compatible_forms(form_text, unit=unit)
    if values.get("legal_form") and values["legal_form"] not in allowed:
        allowed = (*allowed, values["legal_form"])
    return Proposal(values=values, sources=sources, legal_forms_allowed=allowed)


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    current: str
    proposed: str
    source: str
    same: bool


def _display(name: str, value) -> str:
    if value in (None, ""):
        return "—"
    if name == "legal_form":
        return legal_form_label(value)
    if name == "seat":
        return f"{value} ({value.code})"
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _same(name: str, current, proposed, allowed: tuple[str, ...]) -> bool:
    if name in ("name", "address"):
        return normalise(current or "") == normalise(proposed or "")
    if name == "legal_form":
        return current == proposed or (current in allowed and current != LegalForm.OTHER)
    if name in ("seat", "parent"):
        return getattr(current, "pk", None) == getattr(proposed, "pk", None)
    return (current or None) == (proposed or None)


def differences(entity: Entity | None, proposal: Proposal) -> list[Difference]:
    """Field by field: the stored value (none for a new entity), the registers' value and whether they agree.
    Only fields the registers answered are listed."""
    rows = []
    for name in FIELDS:
        if name not in proposal.values:
            continue
        proposed = proposal.values[name]
        current = getattr(entity, name) if entity is not None else None
        rows.append(Difference(field=name, label=str(FIELD_LABELS[name]), current=_display(name, current),
                               proposed=_display(name, proposed), source=proposal.sources.get(name, ""),
                               same=entity is not None and _same(name, current, proposed,
                                                                 proposal.legal_forms_allowed)))
    return rows
