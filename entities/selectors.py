import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.permissions import is_staff_member
from core.home import Queue

from .models import Entity, Product, PsStatus, RegistryTask, Territory
from .permissions import can_browse_registry
from .validators import normalize_digits

# What the list page shows (seat.parent is printed as "powiat X": its level and name). Loading only these keeps a
# page of 100 rows cheap however long the descriptions are; a field missing here would cost a query per row.
LIST_FIELDS = ("name", "legal_form", "nip", "is_active", "seat", "seat__name", "seat__level", "seat__kind",
               "seat__parent", "seat__parent__name", "seat__parent__level")


def entity_list(*, user) -> QuerySet[Entity]:
    """Entities the user may see: the whole registry for ROPS roles, own entities for a PES. Their PS flag is
    read for the rows shown (``ps_flags_set``); an export annotates it (``entities.exports``)."""
    qs = Entity.objects.select_related("seat__parent")
    if can_browse_registry(user):
        return qs
    return qs.filter(pk__in=Entity.objects.represented_by(user).values("pk"))


def ps_flags_set(entities: list[Entity], day=None) -> list[Entity]:
    """The entities of a page, read, each with ``has_ps`` set by ``PsStatus.in_force``'s rule: one query for the
    rows shown. Annotated on the page's own statement (``with_ps_flag``), PostgreSQL hashes every PS status of
    the registry to flag 50 rows, because it plans the flag for all the rows before the LIMIT (docs/performance.md,
    sixth round)."""
    if entities:
        holding = PsStatus.objects.holders([e.pk for e in entities], day)
        for entity in entities:
            entity.has_ps = entity.pk in holding
    return entities


_WORD = re.compile(r"[^\W_]+")


def _search_vector():
    # Migration 0005 builds the GIN index from this very expression, so PostgreSQL searches without a scan
    # (entities/tests/test_query_plans.py checks the plan; an index on a differently written expression is never used).
    return SearchVector("name", "short_name", config="simple")


def entity_search(qs: QuerySet[Entity], text: str) -> QuerySet[Entity]:
    """Names by the start of each word typed: full-text (prefix) search on PostgreSQL, a substring search on SQLite.

    Identifiers (NIP, REGON, KRS) typed with or without dashes are matched exactly on both.
    """
    text = (text or "").strip()
    if not text:
        return qs
    digits = normalize_digits(text)
    if digits.isdigit() and len(digits) in (9, 10, 14):
        # A NIP, KRS or REGON names one entity; it is not looked for among the words of names.
        return qs.filter(Q(nip=digits) | Q(krs=digits) | Q(regon=digits))
    if connection.vendor == "postgresql" and _WORD.search(text):
        # Each word typed matches the start of a word of the name ("Spółdz" finds "Spółdzielnia"), as the
        # substring search of SQLite does and as a picker needs while a name is being typed. The words are
        # letters and digits only, so nothing typed can break the tsquery's syntax.
        query = SearchQuery(" & ".join(f"{word}:*" for word in _WORD.findall(text)), config="simple",
                            search_type="raw")
        return qs.annotate(search_document=_search_vector()).filter(search_document=query)
    words = Q()
    for word in _WORD.findall(text) or [text]:
        words &= Q(name__icontains=word) | Q(short_name__icontains=word)
    return qs.filter(words)


# What a picker shows of each entity: its name, NIP and town (the gmina of its seat).
PICKER_FIELDS = ("name", "short_name", "nip", "krs", "seat", "seat__name")


def entity_picker_search(text: str, *, queryset: QuerySet[Entity] | None = None) -> QuerySet[Entity]:
    """Entities matching ``text`` (names; NIP, KRS, REGON exactly) for a picker, by name: one query per page
    however many match (the seat comes with the row)."""
    qs = Entity.objects.all() if queryset is None else queryset
    return entity_search(qs.select_related("seat").only(*PICKER_FIELDS), text).order_by("name", "pk")


def entity_resolve(text: str, *, queryset: QuerySet[Entity] | None = None) -> list[Entity]:
    """The entities a typed text names exactly (a form's picker without JavaScript): by NIP, KRS or REGON when
    it is a number, otherwise by the full name or the short name, case aside. At most two: one is an answer,
    two mean the text is ambiguous."""
    qs = Entity.objects.all() if queryset is None else queryset
    text = (text or "").strip()
    if not text:
        return []
    digits = normalize_digits(text)
    if digits.isdigit() and len(digits) in (9, 10, 14):
        match = Q(nip=digits) | Q(krs=digits) | Q(regon=digits)
    else:
        match = Q(name__iexact=text) | Q(short_name__iexact=text)
    return list(qs.filter(match).order_by("pk")[:2])


def entity_get_for_user(*, user, pk) -> Entity:
    entity = Entity.objects.select_related("seat__parent__parent", "parent").filter(pk=pk).first()
    if entity is None or not user.has_perm("entities.view_entity", entity):
        raise Http404
    return entity


def contacts_visible_to(user, entity: Entity):
    """The entity's contact persons that ``user`` may see: all of them for ROPS staff and the entity's own
    representatives (``entities.view_private_contacts``), only those marked public for anybody else (committee
    members, board viewers, the public catalogue: ``user=None``). Every page, export and API showing contacts
    reads them here."""
    contacts = entity.contacts.all()
    if user is not None and user.has_perm("entities.view_private_contacts", entity):
        return contacts
    return contacts.filter(is_public=True)


def entity_detail_data(entity: Entity, *, user) -> dict:
    """Everything the entity page shows to ``user``, fetched with a fixed number of queries."""
    statuses = list(entity.ps_statuses.select_related("granted_by").with_in_force(timezone.localdate()))
    return {
        "contacts": list(contacts_visible_to(user, entity)),
        "ps_statuses": statuses,
        "current_ps": next((s for s in statuses if s.in_force), None),
        "figures": list(entity.yearly_figures.all()[:5]),
        "products": list(entity.products.all()),
        "activity_area": list(entity.activity_area.all()),
        "units": list(entity.units.all()),
        "owes_centres": list(entity.owes_centres.prefetch_related("subregion")),
        "cooperations": list(entity.jst_cooperations.prefetch_related("counterparts")[:20]),
    }


def public_catalogue(*, powiat: str = "", category: str = "", text: str = "") -> QuerySet[Entity]:
    """Active, confirmed PES shown in the public catalogue, with their public products."""
    qs = Entity.objects.pes().published().filter(is_active=True).select_related(
        "seat__parent").prefetch_related(Prefetch("products", queryset=_public_products()))
    if powiat:
        qs = qs.filter(seat__code__startswith=powiat)
    if category:
        qs = qs.filter(products__category=category, products__is_public=True).distinct()
    text = (text or "").strip()
    if not text:
        return qs
    # The entity's names and identifiers (``entity_search``), or its public products' and services' names and
    # descriptions: "catering" finds the foundation that offers it.
    offering = _public_products()
    for word in text.split():
        offering = offering.filter(Q(name__icontains=word) | Q(description__icontains=word)
                                   | Q(category__icontains=word))
    return qs.filter(Q(pk__in=entity_search(Entity.objects.all(), text).values("pk"))
                     | Q(pk__in=offering.values("entity_id")))


def _public_products():
    return Product.objects.filter(is_public=True)


def public_entity_get(*, pk) -> Entity:
    entity = public_catalogue().filter(pk=pk).first()
    if entity is None:
        raise Http404
    return entity


def powiaty(voivodeship_code: str) -> QuerySet[Territory]:
    return Territory.objects.filter(level=Territory.Level.POWIAT, parent_id=voivodeship_code).order_by("name")


def gminy(powiat_code: str) -> QuerySet[Territory]:
    """The gminy of a powiat that can be a seat, by name."""
    return Territory.objects.seats().filter(parent_id=powiat_code).order_by("name")


@dataclass
class RegistryMatters:
    queues: list
    changes: list       # the newest changes of entities: historical rows with the person who made them


def staff_registry_matters(user, *, changes: int = 5) -> RegistryMatters | None:
    """Open registry tasks and the newest changes in the registry, for the staff's home page (None for other
    roles): two queries."""
    if not is_staff_member(user):
        return None
    n = RegistryTask.objects.open().count()
    rows = list(Entity.history.select_related("history_user").order_by("-history_date", "-history_id")[:changes])
    return RegistryMatters(queues=[Queue(ngettext("%(n)d registry task to handle", "%(n)d registry tasks to handle",
                                                  n) % {"n": n}, n, reverse("entities:registry_tasks"))],
                           changes=rows)
