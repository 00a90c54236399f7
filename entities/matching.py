"""How the registry recognises an entity it already has: the one matching rule of the import (preview and apply)
and of the self-registration.

An entity is found by the first of these that the record gives:

1. its **NIP**, 2. its **KRS number** (both unique in the registry),
3. its **own REGON**: 14 digits (a local unit's number), or 9 digits of an entity that is not a reintegration unit
   (CIS, KIS, WTZ and ZAZ often carry their founding entity's 9-digit REGON, so that number does not find them);
4. for a record naming its **founding entity** (``parent``): that founding entity and the **name**, compared
   without regard to case, spacing and quotation marks ("Warsztat Terapii Zajęciowej „Tęcza”" is
   "warsztat terapii zajęciowej tęcza").

Identifiers must agree: a NIP of one entity with the KRS number or REGON of another, a number held by two entities,
or a matched entity that has another NIP or KRS number in the registry is an error, never a guess. Name and founding
entity are asked only when no identifier found anything.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import REINTEGRATION_UNITS, Entity

IDENTIFIERS = ("nip", "krs", "regon")
UNIT = "unit"  # the key "founding entity + name"
_QUOTES = re.compile(r"[\"'`´„“”‘’‚«»‹›]")
_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """A name as compared when matching: NFC, case-folded, without quotation marks, single spaces."""
    text = unicodedata.normalize("NFC", str(name or "")).casefold()
    return _SPACES.sub(" ", _QUOTES.sub(" ", text)).strip()


def own_regon(regon: str | None, *, unit: bool) -> str | None:
    """The REGON that identifies the record itself (rule 3), or None: a unit's 9-digit REGON is its founder's."""
    if not regon:
        return None
    if len(regon) == 14 or (len(regon) == 9 and not unit):
        return regon
    return None


@dataclass(frozen=True)
class Identity:
    """What a record (an import row, a registration) tells about the entity it is, as far as finding it goes."""

    nip: str | None = None
    krs: str | None = None
    regon: str | None = None
    parent_id: int | None = None  # the founding entity, when it is in the registry
    name: str = ""
    unit: bool = False  # a reintegration unit, or a record that names a founding entity

    @property
    def own_regon(self) -> str | None:
        return own_regon(self.regon, unit=self.unit or self.parent_id is not None)

    def keys(self) -> list[tuple]:
        """The keys of rules 1-4 this record has, in order: ("nip", n), ("krs", k), ("regon", r), ("unit", p, name)."""
        keys: list[tuple] = [(kind, value) for kind, value in (("nip", self.nip), ("krs", self.krs),
                                                                 ("regon", self.own_regon)) if value]
        if self.parent_id is not None and name_key(self.name):
            keys.append((UNIT, self.parent_id, name_key(self.name)))
        return keys


def entity_keys(entity: Entity) -> list[tuple]:
    """The same keys for an entity of the registry."""
    return Identity(nip=entity.nip, krs=entity.krs, regon=entity.regon, parent_id=entity.parent_id,
                    name=entity.name, unit=entity.legal_form in REINTEGRATION_UNITS).keys()


def _label(kind: str) -> str:
    return {"nip": "NIP", "krs": _("KRS number"), "regon": "REGON"}[kind]


def _found_by(kind: str) -> str:
    return {"nip": pgettext("found by", "NIP"), "krs": pgettext("found by", "KRS number"),
            "regon": pgettext("found by", "REGON"), UNIT: pgettext("found by", "founding entity and name")}[kind]


def _matches(kind: str) -> str:
    return {"nip": pgettext("matches", "NIP"), "krs": pgettext("matches", "KRS number"),
            "regon": pgettext("matches", "REGON"), UNIT: pgettext("matches", "founding entity and name")}[kind]


@dataclass
class Match:
    entity: Entity | None = None
    found_by: str | None = None  # "nip", "krs", "regon" or "unit"
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field: nip/krs/regon/name, message)


class RegistryMatcher:
    """Finds many records at once: the candidates are read in a few queries (in chunks), then ``find`` is pure.

    With ``lock=True`` (inside a transaction) every candidate is locked in ascending id order, so two writers never
    wait for each other in a circle, and read again, so what is compared is what the transaction will change.
    """

    def __init__(self, identities: Iterable[Identity], *, lock: bool = False, prefetch: tuple[str, ...] = ()):
        identities = list(identities)
        conditions = []
        for kind in ("nip", "krs"):
            numbers = sorted({getattr(i, kind) for i in identities if getattr(i, kind)})
            conditions += [Q(**{f"{kind}__in": chunk}) for chunk in _chunks(numbers)]
        regons = sorted({i.own_regon for i in identities if i.own_regon})
        for chunk in _chunks(regons):
            conditions.append(Q(regon__in=[r for r in chunk if len(r) == 14])
                              | (Q(regon__in=[r for r in chunk if len(r) == 9])
                                 & ~Q(legal_form__in=REINTEGRATION_UNITS)))
        parents = sorted({i.parent_id for i in identities if i.parent_id is not None and name_key(i.name)})
        conditions += [Q(parent_id__in=chunk) for chunk in _chunks(parents)]
        ids: set[int] = set()
        for condition in conditions:
            ids.update(Entity.objects.filter(condition).values_list("pk", flat=True))
        self.index: dict[tuple, list[Entity]] = {}
        for chunk in _chunks(sorted(ids)):
            if lock:
                list(Entity.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values_list("pk"))
            for entity in Entity.objects.filter(pk__in=chunk).prefetch_related(*prefetch).order_by("pk"):
                for key in entity_keys(entity):
                    self.index.setdefault(key, []).append(entity)

    def find(self, identity: Identity) -> Match:
        match = Match()
        found: list[tuple[str, Entity]] = []
        for key in identity.keys():
            kind = key[0]
            if kind == UNIT and (found or match.errors):
                break  # name and founding entity only when no identifier found anything
            hits = self.index.get(key, [])
            if len(hits) > 1:
                match.errors.append(("name" if kind == UNIT else kind, _(
                    "More than one entity in the registry matches this %(key)s (%(names)s): merge the duplicates "
                    "first.") % {"key": _matches(kind), "names": ", ".join(f"“{e.name}” (id {e.pk})" for e in hits)}))
            elif hits:
                found.append((kind, hits[0]))
        for (first, a), (second, b) in zip(found, found[1:], strict=False):
            if a.pk != b.pk:
                match.errors.append((second, capfirst(_(
                    "%(first)s points to “%(a)s” and %(second)s to “%(b)s”: two different entities in the "
                    "registry.") % {"first": _label(first), "second": _label(second), "a": a.name, "b": b.name})))
        if match.errors or not found:
            return match
        match.found_by, match.entity = found[0][0], found[0][1]
        for kind in ("nip", "krs"):
            given, stored = getattr(identity, kind), getattr(match.entity, kind)
            if given and stored and given != stored:
                match.errors.append((kind, _("“%(name)s”, found in the registry by its %(key)s, has another "
                                             "%(field)s there (%(value)s).") % {
                    "name": match.entity.name, "key": _found_by(match.found_by), "field": _label(kind),
                    "value": stored}))
        if match.errors:
            match.entity = match.found_by = None
        return match


def entity_find(identity: Identity) -> Match:
    """One record (the self-registration): ``RegistryMatcher`` for a single identity."""
    return RegistryMatcher([identity]).find(identity)


def _chunks(items: list, size: int = 1000):
    for start in range(0, len(items), size):
        yield items[start:start + size]
