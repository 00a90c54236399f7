"""Retention by the office's records classification scheme (JRWA): each kind of record has an archival category
(A: kept for ever and handed to the state archive; Bn / BEn: kept n years; Bc: disposed of once used), and a
monthly job (``core.services.retention_review``) lists the records past their period for staff to confirm
disposal (``disposal_confirm``: anonymise or delete through the app's own service, audited).

Each app declares its rules once, in ``ready()``::

    register_rule(RetentionRule(key="events.registrations", name=..., category="B5", action=ANONYMISE,
                                candidates=lambda before: ..., dispose=lambda ids, by: ...))

The period runs from 1 January of the year after the record was closed (``candidates(before)`` gets that cutoff:
records closed before it are past their period). ``settings.RETENTION_CATEGORIES`` ({key: category}) overrides
the declared category, as the office's own scheme decides.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import QuerySet

ANONYMISE, DELETE = "anonymise", "delete"
_CATEGORY = re.compile(r"^(A|Bc|BE?(\d{1,3}))$")


def category_years(category: str) -> int | None:
    """Years a category keeps records: None for A (never disposed of), 0 for Bc, n for Bn and BEn."""
    match = _CATEGORY.match(category or "")
    if match is None:
        raise ValueError(f"Not a JRWA archival category: {category!r}")
    if category == "A":
        return None
    if category == "Bc":
        return 0
    return int(match.group(2))


def cutoff(category: str, today: date) -> date | None:
    """Records closed before this day are past their period on ``today`` (None: kept for ever)."""
    years = category_years(category)
    return None if years is None else date(today.year - years, 1, 1)


@dataclass(frozen=True)
class RetentionRule:
    key: str
    name: str
    category: str                                   # the default; RETENTION_CATEGORIES may override it
    action: str                                     # ANONYMISE or DELETE
    candidates: Callable[[date], QuerySet]          # records closed before the cutoff, not yet disposed of
    dispose: Callable[[list, object], int]          # (ids, by) -> how many were disposed of

    @property
    def effective_category(self) -> str:
        return getattr(settings, "RETENTION_CATEGORIES", {}).get(self.key, self.category)


_RULES: dict[str, RetentionRule] = {}


def register_rule(rule: RetentionRule) -> RetentionRule:
    category_years(rule.category)   # a typo fails at start-up, not in a month
    if rule.key in _RULES and _RULES[rule.key] is not rule:
        raise ValueError(f"Retention rule {rule.key!r} is declared twice.")
    _RULES[rule.key] = rule
    return rule


def rules() -> list[RetentionRule]:
    return [_RULES[k] for k in sorted(_RULES)]


def rule(key: str) -> RetentionRule:
    return _RULES[key]
