"""What a register says about an entity, in one shape for every register (``RegistryRecord``), and the
combination of the registers' answers (``CombinedRecord``)."""

from dataclasses import asdict, dataclass, field, replace
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import SOURCE_LABELS


class RegistryState(models.TextChoices):
    """The entity's standing in a register, worst first in ``STATE_ORDER``."""

    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("activity suspended")
    LIQUIDATION = "liquidation", _("in liquidation")
    BANKRUPTCY = "bankruptcy", _("in bankruptcy")
    STRUCK_OFF = "struck_off", _("struck off the register")
    NOT_FOUND = "not_found", _("not found in the registers")


STATE_ORDER = [RegistryState.NOT_FOUND, RegistryState.STRUCK_OFF, RegistryState.BANKRUPTCY,
               RegistryState.LIQUIDATION, RegistryState.SUSPENDED, RegistryState.ACTIVE]
# States staff must hear about (the entity is going or gone).
ALARMING_STATES = {RegistryState.STRUCK_OFF, RegistryState.LIQUIDATION, RegistryState.BANKRUPTCY,
                   RegistryState.NOT_FOUND}


@dataclass(frozen=True)
class Person:
    """A member of the representing body as the register shows it. Personal data: shown to staff, never stored."""

    name: str
    function: str = ""


@dataclass(frozen=True)
class RegistryRecord:
    source: str                     # "krs" | "bir" | "vat"
    request_id: str                 # the register's request id, or what identifies the answer
    name: str = ""
    legal_form_text: str = ""       # as the register writes it
    nip: str = ""
    regon: str = ""
    krs: str = ""
    teryt: str = ""                 # 7-digit TERC of the seat as the register gives it (BIR)
    seat_text: str = ""             # voivodeship / powiat / gmina names (KRS)
    locality: str = ""
    address: str = ""               # street and number
    postal_code: str = ""           # 00-000
    started_on: date | None = None  # start of activity (BIR)
    registered_on: date | None = None  # entry in the KRS (or in the register that keeps it)
    ended_on: date | None = None    # end of activity, deletion
    state: str = RegistryState.ACTIVE
    opp: bool | None = None         # public-benefit organisation (KRS)
    pkd: tuple[str, ...] = ()
    kind: str = ""                  # BIR: P legal person, LP local unit, F/LF natural persons
    parent_regon: str = ""          # local unit: the REGON of the entity that runs it
    vat_status: str = ""            # white list: Czynny / Zwolniony
    as_of: date | None = None       # the register's data as of this day
    representation_body: str = ""
    representation_method: str = ""
    persons: tuple[Person, ...] = field(default=(), repr=False)   # personal data (see Person)

    @property
    def state_label(self) -> str:
        return str(RegistryState(self.state).label)

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS[self.source])

    def without_personal_data(self) -> "RegistryRecord":
        return replace(self, persons=(), representation_method="")

    def public_dict(self) -> dict:
        """JSON-safe, without personal data: what may be kept (snapshots) or shown to applicants."""
        data = asdict(self.without_personal_data())
        data.pop("persons")
        data.pop("representation_method")
        for key in ("started_on", "registered_on", "ended_on", "as_of"):
            data[key] = data[key].isoformat() if data[key] else None
        data["pkd"] = list(data["pkd"])
        return data


# Which register is believed first for each field: BIR is the primary source of the seat (TERC), address and
# statistical data; the KRS of the registration, the OPP status and the representation; the white list fills gaps.
PRECEDENCE: dict[str, tuple[str, ...]] = {
    "name": ("krs", "bir", "vat"),
    "legal_form_text": ("krs", "bir"),
    "nip": ("bir", "krs", "vat"),
    "regon": ("bir", "krs", "vat"),
    "krs": ("krs", "bir", "vat"),
    "teryt": ("bir",),
    "seat_text": ("krs",),
    "locality": ("bir", "krs", "vat"),
    "address": ("bir", "krs", "vat"),
    "postal_code": ("bir", "krs", "vat"),
    "started_on": ("bir",),
    "registered_on": ("krs", "bir", "vat"),
    "ended_on": ("bir", "krs", "vat"),
    "opp": ("krs",),
    "pkd": ("krs", "bir"),
    "kind": ("bir",),
    "parent_regon": ("bir",),
    "vat_status": ("vat",),
    "as_of": ("krs", "bir", "vat"),
}


@dataclass
class CombinedRecord:
    """The answers of the registers asked about one entity, and what each of them could not answer."""

    identifier: str
    records: dict[str, RegistryRecord] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    bir_legal_form_symbol: str = ""

    @property
    def found(self) -> bool:
        return bool(self.records)

    def value(self, name: str):
        for source in PRECEDENCE[name]:
            record = self.records.get(source)
            if record is not None and getattr(record, name) not in ("", None, ()):
                return getattr(record, name)
        return None

    def source_of(self, name: str) -> str:
        for source in PRECEDENCE[name]:
            record = self.records.get(source)
            if record is not None and getattr(record, name) not in ("", None, ()):
                return source
        return ""

    @property
    def state(self) -> str:
        if not self.records:
            return RegistryState.NOT_FOUND if not self.errors else ""
        states = {r.state for r in self.records.values()}
        return next(s for s in STATE_ORDER if s in states)

    @property
    def is_alarming(self) -> bool:
        return self.state in ALARMING_STATES

    @property
    def state_label(self) -> str:
        return str(RegistryState(self.state).label) if self.state else ""

    @property
    def error_list(self) -> list[tuple[str, str]]:
        return [(str(SOURCE_LABELS[source]), message) for source, message in self.errors.items()]

    @property
    def request_ids(self) -> dict[str, str]:
        return {source: r.request_id for source, r in self.records.items()}

    @property
    def persons(self) -> tuple[Person, ...]:
        record = self.records.get("krs")
        return record.persons if record else ()

    @property
    def representation(self) -> tuple[str, str]:
        record = self.records.get("krs")
        return (record.representation_body, record.representation_method) if record else ("", "")
