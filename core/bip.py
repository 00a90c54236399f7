"""The BIP metadata of a public page ("metryka informacji") and its change register, read from the audit history.

A page of the Bulletin of Public Information says who produced the information, who published it, when it was
produced, published and last changed, and lists the changes. ``bip_metadata`` reads all of that from
django-simple-history (``core.audit``); ``templates/includes/bip_box.html`` shows it. Every public page of a
resolution, of a committee's composition, of the register of the mark and of the programme uses the pair.

Who appears by name: the person recorded in the history when they are ROPS staff (an official acting for the
office); anybody else (a PES representative, a committee member) and the system appear as the office itself.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import rules
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Max, Min, QuerySet
from django.utils.translation import gettext_lazy as _

# What each kind of history row means on a change register.
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass(frozen=True)
class BipSource:
    """The history of one kind of record on a page.

    ``history`` is a queryset of historical rows (``history_of(...)`` or ``Model.history.filter(...)`` for rows
    that may since have been deleted); only changes to ``fields`` (the public ones; ``None``: every field) are
    listed; ``label`` names the record from its historical row (default: the model's name)."""

    history: QuerySet
    fields: frozenset[str] | None = None
    label: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class BipChange:
    when: datetime
    who: str
    action: str
    record: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class BipMetadata:
    produced_by: str
    published_by: str
    produced_at: datetime | None
    published_at: datetime | None
    changed_at: datetime | None
    changes: tuple[BipChange, ...] = field(default_factory=tuple)


def history_of(records: models.Model | QuerySet) -> QuerySet:
    """The historical rows of one record or of the records of a queryset (rows of records still existing)."""
    if isinstance(records, models.Model):
        return records.history.all()
    model = records.model
    return model.history.filter(**{f"{model._meta.pk.attname}__in": records.values("pk")})


def _public_person(user) -> str:
    # The rule itself (rules.has_perm), not user.has_perm: Django's model backend would query each author's
    # permissions, and the rule needs only the roles already loaded.
    if user is not None and rules.has_perm("core.named_in_public_records", user):
        return user.get_full_name() or settings.ROPS_NAME
    return settings.ROPS_NAME


def _people(user_ids: set[int]) -> dict[int, str]:
    """How each author is shown (two queries whatever the number of authors)."""
    users = list(get_user_model().objects.filter(pk__in=user_ids).prefetch_related("groups"))
    for user in users:
        user._role_names = {group.name for group in user.groups.all()}  # role_names' own per-instance cache
    return {user.pk: _public_person(user) for user in users}


def _tracked(model, fields: frozenset[str] | None) -> list[tuple[str, str]]:
    """(attribute, label) of the fields whose changes are listed."""
    out = []
    for f in model._meta.concrete_fields:
        if f.name.startswith("history_") or (fields is not None and f.name not in fields):
            continue
        out.append((f.attname, str(f.verbose_name)))
    return out


def _changes(source: BipSource, limit: int) -> list[tuple[Any, str, tuple[str, ...]]]:
    """The newest rows of one source that change something public: (row, action, changed field labels)."""
    history_model = source.history.model
    pk_name = history_model.instance_type._meta.pk.attname
    latest = list(source.history.order_by("-history_date", "-history_id")[: limit * 4])
    if not latest:
        return []
    ids = {getattr(row, pk_name) for row in latest}
    # Every version of these records once, to compare each listed row with the one before it.
    versions: dict[Any, list] = {}
    for row in history_model.objects.filter(**{f"{pk_name}__in": ids}).order_by("history_date", "history_id"):
        versions.setdefault(getattr(row, pk_name), []).append(row)
    tracked = _tracked(history_model, source.fields)
    out = []
    for row in latest:
        changed: tuple[str, ...] = ()
        if row.history_type == "~":
            chain = versions[getattr(row, pk_name)]
            index = next(i for i, r in enumerate(chain) if r.history_id == row.history_id)
            if index == 0:
                continue
            before = chain[index - 1]
            changed = tuple(label for attname, label in tracked if getattr(before, attname) != getattr(row, attname))
            if not changed:
                continue  # only non-public fields changed (reminders sent, stored tallies): not a change of the page
        out.append((row, ACTIONS[row.history_type], changed))
        if len(out) == limit:
            break
    return out


def bip_metadata(*, sources: Iterable[BipSource], produced_by: str | None = None,
                 produced_at: datetime | None = None, published_at: datetime | None = None,
                 limit: int = 20) -> BipMetadata:
    """The metadata box and change register of a public page made of ``sources``.

    Defaults: produced by the office (``ROPS_NAME``), produced when the first record was created, published then
    too; the caller passes the body that produced the information (a committee) and the moment it became public
    (a resolution's closing) where they differ. Published by: whoever made the history row in force at
    publication. Last changed: the newest history row. Queries: four per source plus two for the people.
    """
    sources = list(sources)
    first = last = None
    picked: list[tuple[Any, str, tuple[str, ...], BipSource]] = []
    for source in sources:
        span = source.history.aggregate(first=Min("history_date"), last=Max("history_date"))
        if span["first"] is not None:
            first = span["first"] if first is None else min(first, span["first"])
            last = span["last"] if last is None else max(last, span["last"])
        picked.extend((row, action, changed, source) for row, action, changed in _changes(source, limit))
    picked.sort(key=lambda item: (item[0].history_date, item[0].history_id), reverse=True)
    picked = picked[:limit]
    produced_at = produced_at or first
    published_at = published_at or produced_at
    publisher_row = _publication_row(sources, published_at)
    user_ids = {row.history_user_id for row, *_ in picked if row.history_user_id}
    if publisher_row is not None and publisher_row.history_user_id:
        user_ids.add(publisher_row.history_user_id)
    people = _people(user_ids) if user_ids else {}
    office = settings.ROPS_NAME
    changes = tuple(
        BipChange(when=row.history_date, who=people.get(row.history_user_id, office), action=str(action),
                  record=(source.label(row) if source.label else str(row.instance_type._meta.verbose_name)),
                  fields=changed)
        for row, action, changed, source in picked)
    published_by = people.get(publisher_row.history_user_id, office) if publisher_row is not None else office
    return BipMetadata(produced_by=produced_by or office, published_by=published_by, produced_at=produced_at,
                       published_at=published_at, changed_at=last, changes=changes)


def _publication_row(sources: list[BipSource], published_at: datetime | None):
    """The history row in force when the information was published (the newest at or before that moment)."""
    if published_at is None or not sources:
        return None
    best = None
    for source in sources:
        row = source.history.filter(history_date__lte=published_at).order_by("-history_date", "-history_id").first()
        if row is not None and (best is None or row.history_date > best.history_date):
            best = row
    return best
