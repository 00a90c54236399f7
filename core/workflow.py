"""One shape for every workflow of the system (docs/architecture.md, "Workflows").

A workflow is data, declared once next to its model as a ``Workflow``: the table of moves (from → to → the actors
who may make the move), the label of each move's button, and the moves that need a reason or a deadline. Each
app keeps its own table; this module carries what is common:

- ``Workflow.moves(status, actors)``: the moves an actor may make now, with their labels and whether they need a
  reason or a deadline — what views hand to templates (no status literals, no repeated rules in templates);
- ``transition(...)``: the one engine behind every ``<thing>_transition`` service. It locks the row, checks the
  table and the actor, checks the reason and the deadline, lets the app check and change what the move implies
  (``apply``), saves the status with the fields the app changed, records the event (``record``) and schedules
  the side effects after the commit (``after_commit``).

Actors are plain strings chosen by each app ("staff", "applicant", "secretary"…); ``SYSTEM`` is the system (a
task, a command, the demo: ``by=None``). Which actors a user plays for an object is each app's permission rule
(``actors_of(user, obj)`` in its ``permissions.py``), passed to ``transition``.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import set_history_user

SYSTEM = "system"
STAFF = "staff"

M = TypeVar("M", bound=models.Model)
# Who ``user`` acts as on a subject of the workflow (``actors_of(user, obj)``).
ActorsOf = Callable[[Any, M], set[str]]


@dataclass(frozen=True)
class Move:
    """One move offered to a user: its target state, the button's label, and what the form must ask for."""

    to: str
    label: str
    needs_note: bool
    needs_deadline: bool
    note_label: str = ""
    adverse: bool = False
    fields: tuple[str, ...] = ()   # what the move records besides its reason (the form fields it shows)


@dataclass(frozen=True)
class Workflow:
    """The table of a workflow. ``table`` maps each state to ``{target: actors allowed}``; a state missing from
    it (or mapped to ``{}``) is final."""

    name: str
    states: type[models.TextChoices]
    table: Mapping[str, Mapping[str, Iterable[str]]]
    labels: Mapping[str, Any] = field(default_factory=dict)
    note_required: frozenset[str] = frozenset()
    deadline_required: frozenset[str] = frozenset()
    note_labels: Mapping[str, Any] = field(default_factory=dict)   # what the reason box of a move is called
    adverse: frozenset[str] = frozenset()   # moves that end the matter against its subject: their buttons warn
    fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)   # what each move records (form fields)
    # "%(from)s" / "%(to)s": the state's labels. Each app says it of its own thing ("An application that is…").
    refusal: Any = _("“%(from)s” cannot become “%(to)s”.")
    note_message: Any = _("Give the reason.")
    denied: Mapping[str, Any] = field(default_factory=dict)   # why a move is refused to whoever may not make it
    deadline_message: Any = _("Give a deadline later than today.")

    def __post_init__(self) -> None:
        frozen = {source: {target: frozenset(actors) for target, actors in targets.items()}
                  for source, targets in self.table.items()}
        for source, targets in frozen.items():
            unknown = ({source} | set(targets)) - set(self.states.values)
            if unknown:
                raise ValueError(f"Workflow {self.name}: unknown states {sorted(unknown)}")
        object.__setattr__(self, "table", frozen)
        object.__setattr__(self, "note_required", frozenset(self.note_required))
        object.__setattr__(self, "deadline_required", frozenset(self.deadline_required))
        object.__setattr__(self, "adverse", frozenset(self.adverse))

    def label_of(self, status: str) -> str:
        return str(self.states(status).label)

    def targets(self, status: str) -> tuple[str, ...]:
        """Every state reachable from ``status`` in one move, in the table's order."""
        return tuple(self.table.get(status, {}))

    def is_final(self, status: str) -> bool:
        return not self.table.get(status)

    def can(self, status: str, to: str, actors: set[str]) -> bool:
        return bool(set(actors) & frozenset(self.table.get(status, {}).get(to, ())))

    def allowed(self, status: str, actors: set[str]) -> list[str]:
        """The states these actors may move ``status`` to, in the table's order."""
        return [to for to in self.targets(status) if self.can(status, to, actors)]

    def move(self, to: str) -> Move:
        return Move(to=to, label=str(self.labels.get(to) or self.label_of(to)), needs_note=to in self.note_required,
                    needs_deadline=to in self.deadline_required, note_label=str(self.note_labels.get(to, "")),
                    adverse=to in self.adverse, fields=tuple(self.fields.get(to, ())))

    def moves(self, status: str, actors: set[str]) -> list[Move]:
        """The moves offered to these actors now (what a template shows as buttons and form fields)."""
        return [self.move(to) for to in self.allowed(status, actors)]

    def refuse(self, old: str, to: str) -> ValidationError:
        return ValidationError(str(self.refusal) % {"from": self.label_of(old), "to": self.label_of(to)},
                               code="invalid_transition")

    def check(self, old: str, to: str, actors: set[str], *, note: str = "", deadline: date | None = None,
              today: date | None = None) -> str:
        """Refuse a move the table, the actor, the reason or the deadline does not allow; the reason, stripped."""
        if to not in self.targets(old):
            raise self.refuse(old, to)
        if not self.can(old, to, actors):
            raise PermissionDenied(str(self.denied.get(to) or _("You cannot make this change.")))
        note = (note or "").strip()
        if to in self.note_required and not note:
            raise ValidationError(str(self.note_message), code="note_required")
        if to in self.deadline_required and (deadline is None or deadline <= (today or timezone.localdate())):
            raise ValidationError(str(self.deadline_message), code="deadline")
        return note


@transaction.atomic
def transition(workflow: Workflow, instance: M, *, to: str, by, actors_of: ActorsOf[M], note: str = "",
               deadline: date | None = None, apply: Callable[[Any, str], Iterable[str] | None] | None = None,
               record: Callable[[Any, str, str], None] | None = None,
               after_commit: Callable[[Any, str], None] | None = None,
               queryset: models.QuerySet | None = None) -> Any:
    """Move ``instance`` to ``to`` along ``workflow``, as ``by`` (``None``: the system).

    Under a row lock (the state is read again, never trusted from the caller's copy): the table, the actor
    (``actors_of(by, obj)``), the reason and the deadline are checked; ``apply(obj, old)`` checks what the move
    implies (raising ``ValidationError`` refuses it, nothing written) and changes the object, returning the names
    of the fields it changed; then the status (and ``status_changed_at`` where the model has it) is saved with
    those fields, ``record(obj, old, note)`` writes the event, and ``after_commit(obj, old)`` runs once the
    transaction commits (e-mails, jobs). Returns the saved object.
    """
    manager = queryset if queryset is not None else type(instance)._default_manager
    obj: Any = manager.select_for_update().get(pk=instance.pk)
    old = obj.status
    note = workflow.check(old, to, actors_of(by, obj), note=note, deadline=deadline)
    changed = set(apply(obj, old) or ()) if apply is not None else set()
    obj.status = to
    changed.add("status")
    if any(f.name == "status_changed_at" for f in obj._meta.concrete_fields):
        obj.status_changed_at = timezone.now()
        changed.add("status_changed_at")
    set_history_user(obj, by)
    obj.save(update_fields=sorted(changed))
    if record is not None:
        record(obj, old, note)
    if after_commit is not None:
        transaction.on_commit(lambda: after_commit(obj, old))
    return obj


WORKFLOWS: dict[str, Workflow] = {}


def workflow_register(workflow: Workflow) -> Workflow:
    """Declare a workflow (its app's models module calls this): the registry lists every workflow of the system
    for the documentation test and the admin."""
    WORKFLOWS[workflow.name] = workflow
    return workflow
