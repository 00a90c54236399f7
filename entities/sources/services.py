"""The only writers of the registers feature.

    registry_token / registry_token_read   a signed, one-hour record of what the registers proposed to a user
    registry_entity_create                 staff: a new entity from the registers' data (audited)
    registry_accept                        staff: accept chosen differences into an entity (audited)
    registry_check                         check an entity on the way in (self-registration, the mark); flags staff
    registry_refresh                       compare the registers with the last snapshot; tasks for what changed
    registry_watch_run                     the nightly watch: KRS bulletin + BIR lists, catching up missed days
    registry_task_close                    staff: close a task with a note

Accepted data is written through ``entities.services`` (``entity_create``/``entity_update``: row lock, validation,
history with the reason naming the registers and request ids) and recorded in ``RegistryAcceptance``.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_staff
from core.audit import set_history_user

from ..models import Entity, Territory
from ..services import entity_create, entity_update
from . import bir, krs
from .errors import RegistryError
from .legal_forms import normalise
from .lookup import registry_lookup_for
from .mapping import FIELD_LABELS, FIELDS, Proposal, _display, seat_for
from .models import STATE_TASKS, RegistryAcceptance, RegistrySnapshot, RegistryTask, RegistryWatchCursor
from .records import ALARMING_STATES, CombinedRecord, RegistryState
from .selectors import entities_with_numbers, entity_flags

log = logging.getLogger(__name__)
TOKEN_SALT = "entities.registry"  # noqa: S105 - a signing salt, not a secret
TOKEN_MAX_AGE = 3600
# What the watch compares between two checks (register values, no personal data).
WATCHED = ("name", "legal_form_text", "teryt", "seat_text", "address", "postal_code", "krs", "regon", "nip")


# --- the signed proposal ---------------------------------------------------------------------------

def registry_token(*, combined: CombinedRecord, proposal: Proposal, user, entity: Entity | None = None) -> str:
    return signing.dumps({"u": user.pk, "e": entity.pk if entity else None, "i": combined.identifier,
                          "v": proposal.serialisable(), "s": proposal.sources, "r": combined.request_ids},
                         salt=TOKEN_SALT, compress=True)


def registry_token_read(*, token: str, user, entity: Entity | None = None) -> dict:
    """The proposal a token carries; ``ValidationError`` with a Polish message when it is stale or not this
    user's (or not for this entity)."""
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("The data from the registers is more than an hour old. Fetch it again.")) from None
    except signing.BadSignature:
        raise ValidationError(_("The data from the registers could not be read. Fetch it again.")) from None
    if data.get("u") != user.pk or data.get("e") != (entity.pk if entity else None):
        raise ValidationError(_("The data from the registers could not be read. Fetch it again."))
    return data


def _values(data: dict, fields) -> dict:
    """Model-ready values of the chosen fields of a token."""
    out = {}
    for name in fields:
        if name not in data["v"]:
            continue
        value = data["v"][name]
        if name == "seat":
            value = Territory.objects.seats().filter(pk=value).first()
        elif name == "parent":
            value = Entity.objects.filter(pk=value).first()
        elif name in ("registered_on", "closed_on"):
            value = date.fromisoformat(value) if value else None
        out[name] = value
    return out


def _reason(data: dict) -> str:
    parts = [f"{source.upper()} {request_id}" for source, request_id in sorted(data["r"].items())]
    return ("Rejestry: " + "; ".join(parts))[:100]


# --- fill-in ---------------------------------------------------------------------------------------

@transaction.atomic
def registry_entity_create(*, token: str, by, activity_area=(), **fields) -> Entity:
    """Add an entity from the form that the registers filled in; the fields whose saved value is the registers'
    are recorded as taken from them (register and request id)."""
    require_staff(by, system=False)
    data = registry_token_read(token=token, user=by)
    entity = entity_create(by=by, activity_area=activity_area, reason=_reason(data), **fields)
    proposed = _values(data, FIELDS)
    changes = [{"field": name, "label": str(FIELD_LABELS[name]), "old": "—", "new": _display(name, value),
                "source": data["s"].get(name, "")}
               for name, value in proposed.items() if getattr(entity, name) == value and value not in (None, "")]
    RegistryAcceptance.objects.create(entity=entity, accepted_by=by, created_entity=True, requests=data["r"],
                                      changes=changes)
    return entity


@transaction.atomic
def registry_accept(*, entity: Entity, token: str, fields: list[str], by) -> RegistryAcceptance:
    """Write the chosen fields of the registers' proposal into ``entity`` (locked, validated, with history and a
    ``RegistryAcceptance``). Nothing is written when a value is refused (e.g. another entity has the NIP)."""
    require_staff(by, system=False)
    data = registry_token_read(token=token, user=by, entity=entity)
    chosen = [name for name in FIELDS if name in fields and name in data["v"]]
    if not chosen:
        raise ValidationError(_("Choose at least one field to accept."))
    values = _values(data, chosen)
    if "seat" in chosen and values["seat"] is None:
        raise ValidationError(_("The registers name a seat that is not a gmina in the TERYT register we hold."))
    locked = Entity.objects.select_for_update().get(pk=entity.pk)
    before = {name: getattr(locked, name) for name in chosen}
    if values.get("closed_on"):
        values["is_active"] = False
    updated = entity_update(entity=locked, by=by, reason=_reason(data), **values)
    acceptance = RegistryAcceptance.objects.create(
        entity=updated, accepted_by=by, requests=data["r"],
        changes=[{"field": name, "label": str(FIELD_LABELS[name]), "old": _display(name, before[name]),
                  "new": _display(name, getattr(updated, name)), "source": data["s"].get(name, "")}
                 for name in chosen])
    set_history_user(acceptance, by)
    return acceptance


# --- snapshots, checks and tasks -------------------------------------------------------------------

def _watched(combined: CombinedRecord) -> dict:
    values = {name: combined.value(name) or "" for name in WATCHED}
    seat = seat_for(values["teryt"])
    values["teryt"] = seat.code if seat else values["teryt"]
    ended = combined.value("ended_on") if combined.state == RegistryState.STRUCK_OFF else None
    values["ended_on"] = ended.isoformat() if ended else ""
    values["state"] = combined.state
    return values


def _entity_view(entity: Entity) -> dict:
    """The entity's own values in the snapshot's terms, for an entity never checked before."""
    return {"name": entity.name, "teryt": entity.seat_id or "", "address": entity.address,
            "postal_code": entity.postal_code, "krs": entity.krs or "", "regon": entity.regon,
            "nip": entity.nip or "", "state": RegistryState.ACTIVE if entity.is_active else ""}


CHANGE_KINDS = {"name": RegistryTask.Kind.NAME_CHANGE, "teryt": RegistryTask.Kind.SEAT_CHANGE,
                "seat_text": RegistryTask.Kind.SEAT_CHANGE, "address": RegistryTask.Kind.SEAT_CHANGE,
                "postal_code": RegistryTask.Kind.SEAT_CHANGE, "legal_form_text": RegistryTask.Kind.LEGAL_FORM_CHANGE}
CHANGE_LABELS = {"name": FIELD_LABELS["name"], "teryt": FIELD_LABELS["seat"], "seat_text": FIELD_LABELS["seat"],
                 "address": FIELD_LABELS["address"], "postal_code": FIELD_LABELS["postal_code"],
                 "legal_form_text": FIELD_LABELS["legal_form"], "krs": FIELD_LABELS["krs"],
                 "regon": FIELD_LABELS["regon"], "nip": FIELD_LABELS["nip"], "state": "state",
                 "ended_on": FIELD_LABELS["closed_on"]}


def _differs(name: str, old, new) -> bool:
    if name in ("name", "address", "seat_text", "legal_form_text"):
        return normalise(str(old)) != normalise(str(new))
    return str(old) != str(new)


def _open_task(*, entity: Entity, kind: str, source: str, detected_on: date, changes: list, flags,
               signature: str) -> RegistryTask | None:
    key = f"{entity.pk}:{kind}:{signature}"[:200]
    if RegistryTask.objects.filter(dedup_key=key).exists():
        return None
    try:
        with transaction.atomic():
            return RegistryTask.objects.create(
                entity=entity, kind=kind, source=source, detected_on=detected_on, changes=changes,
                holds_certificate=flags.holds_certificate, has_ps=flags.has_ps, on_committee=flags.on_committee,
                dedup_key=key)
    except IntegrityError:  # a parallel run raised it a moment ago
        return None


def _state_label(state: str) -> str:
    return str(RegistryState(state).label) if state in RegistryState.values else "—"


@transaction.atomic
def registry_refresh(*, entity: Entity, combined: CombinedRecord, source: str, detected_on: date) -> list[RegistryTask]:
    """Compare what the registers say now with the entity's last snapshot (or, the first time, its own record),
    keep the new snapshot and open a task for each kind of change. Idempotent: the same news raises one task."""
    if not combined.records and not combined.errors:
        new = {"state": RegistryState.NOT_FOUND}
    elif not combined.records:
        return []  # no register answered: nothing is known, nothing is changed
    else:
        new = _watched(combined)
    snapshot = RegistrySnapshot.objects.select_for_update().filter(entity=entity).first()
    old = snapshot.fields if snapshot else _entity_view(entity)
    changed = [name for name in (*WATCHED, "ended_on") if name in new and new.get(name) and name in old
               and _differs(name, old.get(name, ""), new.get(name, ""))]
    RegistrySnapshot.objects.update_or_create(entity=entity, defaults={
        "checked_at": timezone.now(), "state": new["state"], "fields": new, "requests": combined.request_ids})
    flags = entity_flags([entity])[entity.pk]
    tasks = []
    if new["state"] in ALARMING_STATES and old.get("state") != new["state"]:
        changes = [{"field": "state", "label": str(_("state in the registers")),
                    "old": _state_label(old.get("state", "")), "new": _state_label(new["state"])}]
        if new.get("ended_on"):
            changes.append({"field": "ended_on", "label": str(FIELD_LABELS["closed_on"]), "old": "—",
                            "new": date.fromisoformat(new["ended_on"]).strftime("%d.%m.%Y")})
        task = _open_task(entity=entity, kind=STATE_TASKS[new["state"]], source=source, detected_on=detected_on,
                          changes=changes, flags=flags, signature=new.get("ended_on") or new["state"])
        tasks.append(task)
    by_kind: dict[RegistryTask.Kind, list] = {}
    for name in changed:
        kind = CHANGE_KINDS.get(name, RegistryTask.Kind.OTHER_CHANGE)
        by_kind.setdefault(kind, []).append({"field": name, "label": str(CHANGE_LABELS[name]),
                                             "old": str(old.get(name, "")) or "—", "new": str(new[name])})
    for kind, changes in by_kind.items():
        signature = "|".join(f"{c['field']}={c['new']}" for c in changes)
        tasks.append(_open_task(entity=entity, kind=kind, source=source, detected_on=detected_on, changes=changes,
                                flags=flags, signature=str(abs(hash_text(signature)))))
    return [t for t in tasks if t is not None]


def hash_text(text: str) -> int:
    """A stable hash (Python's ``hash`` changes between processes)."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:15], 16)


@dataclass
class CheckResult:
    combined: CombinedRecord
    tasks: list = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return _state_label(self.combined.state)

    @property
    def confirmed(self) -> bool:
        """The registers know the entity and it is active."""
        return self.combined.found and self.combined.state == RegistryState.ACTIVE


def registry_check(*, entity_id: int, on: date | None = None) -> CheckResult:
    """Check an entity on the way in (a PES registering itself, an application for the mark): do the registers
    confirm it exists and is active today? A struck-off, liquidated or unknown entity opens a staff task.
    Registers that do not answer change nothing (the nightly watch and staff can check later)."""
    on = on or timezone.localdate()
    entity = Entity.objects.get(pk=entity_id)
    combined = registry_lookup_for(entity, on=on)
    if not combined.identifier:
        return CheckResult(combined=combined)
    tasks = registry_refresh(entity=entity, combined=combined, source=RegistryTask.Source.CHECK, detected_on=on)
    return CheckResult(combined=combined, tasks=tasks)


@transaction.atomic
def registry_task_close(*, task: RegistryTask, by, note: str = "") -> RegistryTask:
    require_staff(by, system=False)
    task = RegistryTask.objects.select_for_update().get(pk=task.pk)
    if not task.is_open:
        raise ValidationError(_("This task is already closed."))
    task.status, task.closed_at, task.closed_by = RegistryTask.Status.CLOSED, timezone.now(), by
    task.close_note = (note or "").strip()
    set_history_user(task, by)
    task.save(update_fields=["status", "closed_at", "closed_by", "close_note"])
    return task


# --- the nightly watch -----------------------------------------------------------------------------

@dataclass
class WatchReport:
    days: dict = field(default_factory=dict)      # feed -> [days read]
    tasks: int = 0
    errors: dict = field(default_factory=dict)    # feed -> message (the day is read again next night)


def _days(cursor: RegistryWatchCursor, today: date) -> list[date]:
    yesterday = today - timedelta(days=1)
    first = cursor.last_day + timedelta(days=1) if cursor.last_day else yesterday
    first = max(first, today - timedelta(days=int(settings.REGISTRY_WATCH_MAX_DAYS)))
    return [first + timedelta(days=n) for n in range((yesterday - first).days + 1)]


def _read_day(feed: str, day: date) -> list[Entity]:
    """The entities we hold that a feed names for a day (raises RegistryError when the register fails)."""
    if feed == RegistryWatchCursor.Feed.KRS_BULLETIN:
        return list(entities_with_numbers(krs=krs.bulletin(day)))
    regons = []
    for report in bir.GROUP_REPORTS:
        regons += bir.group_report(day, report)
    return list(entities_with_numbers(regon={r for r in regons} | {r[:9] for r in regons if len(r) == 14}))


def _watch_feed(feed: str, today: date, report: WatchReport) -> None:
    source = RegistryTask.Source.KRS if feed == RegistryWatchCursor.Feed.KRS_BULLETIN else RegistryTask.Source.BIR
    RegistryWatchCursor.objects.get_or_create(feed=feed)
    for day in _days(RegistryWatchCursor.objects.get(feed=feed), today):
        with transaction.atomic():
            cursor = RegistryWatchCursor.objects.select_for_update().get(feed=feed)
            if cursor.last_day and cursor.last_day >= day:
                continue  # another run read this day meanwhile
            try:
                entities = _read_day(feed, day)
                for entity in entities:
                    combined = registry_lookup_for(entity, on=today)
                    report.tasks += len(registry_refresh(entity=entity, combined=combined, source=source,
                                                         detected_on=day))
            except RegistryError as exc:
                report.errors[feed] = str(exc)
                log.warning("registry watch %s stopped at %s: %s", feed, day, exc)
                transaction.set_rollback(True)
                return
            cursor.last_day = day
            cursor.save(update_fields=["last_day", "updated_at"])
            report.days.setdefault(feed, []).append(day)


def registry_watch_run(*, today: date | None = None, feeds=None) -> WatchReport:
    """Read every day since the last one read (at most REGISTRY_WATCH_MAX_DAYS back) from the KRS bulletin and the
    BIR lists, and refresh each entity they name that we hold. A day is recorded as read only when all of it was
    processed, so a night the registers failed is read again the next night; the same news never raises a task
    twice."""
    today = today or timezone.localdate()
    report = WatchReport()
    for feed in feeds or RegistryWatchCursor.Feed.values:
        _watch_feed(feed, today, report)
    return report

