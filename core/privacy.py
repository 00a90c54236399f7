"""Personal data (RODO / GDPR): the register of processing activities (art. 30), declared once in code.

Each app that holds personal data declares each kind once, in its ``ready()`` (``<app>/privacy.py``)::

    register_activity(ProcessingActivity(key="events.participants", name=..., purpose=..., ...))

The declaration is the one source of the DPO's register page and export (``core.views.privacy_register``), of
the information clause on every public form (``{% information_clause "events.participants" %}``, art. 13) and of
the data-subject requests (``exporter``: everything held about a person matched by e-mail, art. 15;
``anonymiser``: erasure through the app's own service, art. 17, which says what it refused and why).
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Refusal:
    """Data an erasure keeps, and the legal duty that requires keeping it (art. 17(3))."""

    what: str
    reason: str


@dataclass(frozen=True)
class Erasure:
    anonymised: int = 0
    refused: tuple[Refusal, ...] = ()


# exporter(email) -> rows of (record, field, value); anonymiser(email, by) -> Erasure
Exporter = Callable[[str], list[tuple[str, str, str]]]
Anonymiser = Callable[..., Erasure]


@dataclass(frozen=True)
class ProcessingActivity:
    key: str                          # "<app>.<what>", used by the clause tag and the requests
    name: str                         # lazy translations: the register is read in the reader's language
    purpose: str
    legal_basis: str
    data_subjects: str
    categories: str
    recipients: str
    retention: str
    source: str = ""                  # art. 14: where the data come from when not from the person
    exporter: Exporter | None = field(default=None, compare=False)
    anonymiser: Anonymiser | None = field(default=None, compare=False)


_REGISTER: dict[str, ProcessingActivity] = {}


def register_activity(activity: ProcessingActivity) -> ProcessingActivity:
    if activity.key in _REGISTER and _REGISTER[activity.key] != activity:
        raise ValueError(f"Processing activity {activity.key!r} is declared twice.")
    _REGISTER[activity.key] = activity
    return activity


def activities() -> list[ProcessingActivity]:
    return [_REGISTER[key] for key in sorted(_REGISTER)]


def activity(key: str) -> ProcessingActivity:
    try:
        return _REGISTER[key]
    except KeyError:
        raise LookupError(f"No processing activity {key!r} is declared.") from None
