"""The open datasets: what each one is, its columns (the one list the API, the files, the harvester file, DCAT-AP
and docs/opendata.md all follow) and how its rows are read.

A dataset is never removed once published: dane.gov.pl would unpublish it. To retire one, set ``published=False``:
the harvester file then marks it ``status="draft"`` and DCAT-AP as withdrawn (``EVER_PUBLISHED`` and a test keep
every identifier ever announced).

No column may carry personal data (tests/test_personal_data.py checks every dataset against ``PERSONAL_FIELDS``
and against planted personal values).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entities.models import LegalForm, PsStatus
from events.models import EventKind, EventStatus

from . import filters, selectors

# Names of fields that hold personal data somewhere in the system. No open dataset has a column of these names,
# whatever the table (a check in tests; docs/opendata.md lists them).
PERSONAL_FIELDS = frozenset({
    "first_name", "last_name", "full_name", "person", "email", "e_mail", "phone", "contact", "contact_person",
    "contact_email", "contact_phone", "author", "recommended_by", "user", "member", "participant", "participants",
    "registration", "registrations", "institution", "accessibility_needs", "consent_at", "cancel_token", "answer",
    "answers", "score", "comment", "survey", "vote", "votes", "created_by", "entered_by", "issued_by",
    "uploaded_by", "history_user", "employees", "employees_total", "at_risk", "attended", "participants_count",
})


@dataclass(frozen=True)
class Column:
    """One column: its name (stable: clients rely on it), type, how it is read from a row, what it means."""

    name: str
    kind: str  # string | integer | decimal | date | datetime | boolean | list
    get: Callable[[Any], Any]
    pl: str
    en: str
    choices: tuple[tuple[str, str], ...] | None = None


@dataclass(frozen=True)
class Dataset:
    slug: str            # file names (/dane/<slug>.csv) and the API path (/api/v1/<slug>/)
    ext_ident: str       # dane.gov.pl's identifier of the dataset: at most 36 characters, never changed
    title_pl: str
    title_en: str
    description_pl: str
    description_en: str
    columns: tuple[Column, ...]
    rows: Callable[..., QuerySet]  # rows(as_of=day): the public rows
    filterset: type
    identifier: str                # the column that identifies a row for good
    categories: tuple[str, ...] = ("SOCI",)   # EU data themes (the harvester's categories)
    keywords_pl: tuple[str, ...] = ()
    keywords_en: tuple[str, ...] = ()
    update_frequency: str = "daily"           # harvester 1.13 values: daily, weekly, monthly, ..., yearly
    published: bool = True
    api: str = ""                             # the URL name of its API list (/api/v1/<slug>/)

    def row(self, obj) -> dict:
        return {column.name: column.get(obj) for column in self.columns}

    def resource_ident(self, fmt: str) -> str:
        ident = f"{self.ext_ident}-{fmt}"
        assert len(ident) <= 36, ident
        return ident


def _choices(choices) -> tuple[tuple[str, str], ...]:
    return tuple((value, str(label)) for value, label in choices)


def _local_date(moment):
    return timezone.localdate(moment) if moment else None


def _territory_columns(territory: Callable[[Any], Any], what_pl: str, what_en: str) -> tuple[Column, ...]:
    def code(obj):
        t = territory(obj)
        return t.code if t else ""

    def name(obj):
        t = territory(obj)
        return t.name if t else ""

    def powiat_code(obj):
        t = territory(obj)
        return t.parent_id or "" if t else ""

    def powiat_name(obj):
        t = territory(obj)
        return t.parent.name if t and t.parent_id else ""

    return (
        Column("teryt_gmina", "string", code, f"Kod TERYT gminy ({what_pl}), 7 cyfr",
               f"TERYT code of the gmina ({what_en}), 7 digits"),
        Column("gmina", "string", name, f"Nazwa gminy ({what_pl})", f"Name of the gmina ({what_en})"),
        Column("teryt_powiat", "string", powiat_code, "Kod TERYT powiatu, 4 cyfry",
               "TERYT code of the powiat, 4 digits"),
        Column("powiat", "string", powiat_name, "Nazwa powiatu", "Name of the powiat"),
    )


def _catalogue_url(entity) -> str:
    return settings.SITE_URL + reverse("entities:catalogue_entity", args=[entity.pk]) if entity.is_active else ""


PES = Dataset(
    slug="pes",
    api="opendata:api_pes",
    ext_ident="rops-pes",
    title_pl="Rejestr podmiotów ekonomii społecznej (PES)",
    title_en="Register of social economy entities (PES)",
    description_pl="Podmioty ekonomii społecznej z regionalnego rejestru ROPS: nazwa, forma prawna, numery KRS, NIP "
                   "i REGON, siedziba (kody TERYT), obszar działania, status przedsiębiorstwa społecznego. Tylko "
                   "podmioty potwierdzone przez ROPS i widoczne w katalogu publicznym; bez osób kontaktowych.",
    description_en="Social economy entities in the regional register of the ROPS: name, legal form, KRS, NIP and REGON "
                   "numbers, seat (TERYT codes), area of activity, social enterprise status. Only entities confirmed "
                   "by the ROPS and shown in the public catalogue; no contact persons.",
    columns=(
        Column("id", "integer", lambda e: e.pk, "Identyfikator podmiotu w rejestrze (stały)",
               "Identifier of the entity in the register (stable)"),
        Column("name", "string", lambda e: e.name, "Nazwa", "Name"),
        Column("short_name", "string", lambda e: e.short_name, "Nazwa skrócona", "Short name"),
        Column("legal_form", "string", lambda e: e.legal_form, "Forma prawna (kod)", "Legal form (code)",
               choices=_choices(LegalForm.choices)),
        Column("legal_form_label", "string", lambda e: e.get_legal_form_display(), "Forma prawna", "Legal form"),
        Column("kind", "string", lambda e: e.group, "Rodzaj podmiotu (kod grupy)", "Kind of entity (group code)"),
        Column("krs", "string", lambda e: e.krs or "", "Numer KRS", "KRS number"),
        Column("nip", "string", lambda e: e.nip or "", "NIP", "NIP (tax identification number)"),
        Column("regon", "string", lambda e: e.regon, "REGON", "REGON (statistical number)"),
        *_territory_columns(lambda e: e.seat, "siedziba", "seat"),
        Column("postal_code", "string", lambda e: e.postal_code, "Kod pocztowy siedziby", "Postal code of the seat"),
        Column("address", "string", lambda e: e.address, "Adres siedziby", "Address of the seat"),
        Column("website", "string", lambda e: e.website, "Strona internetowa", "Website"),
        Column("description", "string", lambda e: e.description, "Opis działalności (publiczny)",
               "Description of the activity (public)"),
        Column("activity_area", "list", lambda e: [t.code for t in e.activity_area.all()],
               "Obszar działania: kody TERYT powiatów (w CSV rozdzielone znakiem |)",
               "Area of activity: TERYT codes of powiaty (separated by | in CSV)"),
        Column("registered_on", "date", lambda e: e.registered_on, "Data rejestracji", "Registered on"),
        Column("is_active", "boolean", lambda e: e.is_active, "Działa", "Active"),
        Column("closed_on", "date", lambda e: e.closed_on, "Data zakończenia działalności", "Closed on"),
        Column("has_ps_status", "boolean", lambda e: e.has_ps, "Ma status przedsiębiorstwa społecznego w dniu danych",
               "Holds the social enterprise status on the data date"),
        Column("catalogue_url", "string", _catalogue_url, "Strona podmiotu w katalogu publicznym",
               "Page of the entity in the public catalogue"),
    ),
    rows=selectors.pes_rows,
    filterset=filters.PesFilter,
    identifier="id",
    categories=("SOCI", "ECON"),
    keywords_pl=("ekonomia społeczna", "PES", "rejestr"),
    keywords_en=("social economy", "register"),
)

PS = Dataset(
    slug="przedsiebiorstwa-spoleczne",
    api="opendata:api_ps",
    ext_ident="rops-przedsiebiorstwa-spoleczne",
    title_pl="Przedsiębiorstwa społeczne: status w mocy",
    title_en="Social enterprises: status in force",
    description_pl="Statusy przedsiębiorstwa społecznego w mocy w dniu danych (domyślnie dziś): numer i data decyzji "
                   "wojewody albo status nadany przez OWES przed 30.10.2022, termin ważności, siedziba podmiotu.",
    description_en="Social enterprise statuses in force on the data date (today by default): the number and date of "
                   "the voivode's decision, or the status granted by an OWES before 30.10.2022, its expiry, the seat "
                   "of the entity.",
    columns=(
        Column("id", "integer", lambda s: s.pk, "Identyfikator wpisu statusu (stały)",
               "Identifier of the status record (stable)"),
        Column("entity_id", "integer", lambda s: s.entity_id, "Identyfikator podmiotu w rejestrze PES",
               "Identifier of the entity in the PES register"),
        Column("entity_name", "string", lambda s: s.entity.name, "Nazwa podmiotu", "Name of the entity"),
        Column("krs", "string", lambda s: s.entity.krs or "", "Numer KRS", "KRS number"),
        Column("nip", "string", lambda s: s.entity.nip or "", "NIP", "NIP"),
        *_territory_columns(lambda s: s.entity.seat, "siedziba", "seat"),
        Column("kind", "string", lambda s: s.kind, "Podstawa statusu (kod)", "Basis of the status (code)",
               choices=_choices(PsStatus.Kind.choices)),
        Column("kind_label", "string", lambda s: s.get_kind_display(), "Podstawa statusu", "Basis of the status"),
        Column("ps_type", "string", lambda s: s.ps_type, "Rodzaj przedsiębiorstwa społecznego (kod, może być pusty)",
               "Type of social enterprise (code, may be empty)"),
        Column("decision_number", "string", lambda s: s.decision_number, "Numer decyzji", "Decision number"),
        Column("granted_on", "date", lambda s: s.granted_on, "Data decyzji (nadania statusu)",
               "Date of the decision (status granted)"),
        Column("valid_until", "date", lambda s: s.valid_until, "Ważny do (status nadany przez OWES)",
               "Valid until (status granted by an OWES)"),
        Column("granted_by", "string", lambda s: s.granted_by.name if s.granted_by_id else "",
               "OWES, który nadał status (dawny tryb)", "OWES that granted the status (former procedure)"),
    ),
    rows=selectors.ps_rows,
    filterset=filters.PsFilter,
    identifier="id",
    categories=("SOCI", "ECON"),
    keywords_pl=("przedsiębiorstwo społeczne", "ekonomia społeczna"),
    keywords_en=("social enterprise", "social economy"),
)

MARK = Dataset(
    slug="zakup-prospoleczny",
    api="opendata:api_mark",
    ext_ident="rops-zakup-prospoleczny",
    title_pl="Rejestr znaku „Zakup Prospołeczny”",
    title_en="Register of the “Zakup Prospołeczny” (pro-social purchase) mark",
    description_pl="Certyfikaty znaku „Zakup Prospołeczny”: obecni posiadacze i historia rejestru (certyfikaty "
                   "odebrane i wygasłe), z numerem certyfikatu, podmiotem, produktami i usługami oraz okresem "
                   "ważności.",
    description_en="Certificates of the “Zakup Prospołeczny” mark: current holders and the history of the register "
                   "(withdrawn and expired certificates), with the certificate number, the entity, the products and "
                   "services and the validity.",
    columns=(
        Column("number", "string", lambda c: c.number, "Numer certyfikatu (stały identyfikator)",
               "Certificate number (stable identifier)"),
        Column("entity_id", "integer", lambda c: c.application.entity_id, "Identyfikator podmiotu w rejestrze PES",
               "Identifier of the entity in the PES register"),
        Column("entity_name", "string", lambda c: c.entity_name, "Podmiot (jak na certyfikacie)",
               "Entity (as on the certificate)"),
        *_territory_columns(lambda c: c.application.entity.seat, "siedziba", "seat"),
        Column("products_services", "string", lambda c: c.items, "Certyfikowane produkty i usługi",
               "Certified products and services"),
        Column("valid_from", "date", lambda c: c.valid_from, "Ważny od", "Valid from"),
        Column("valid_until", "date", lambda c: c.valid_until, "Ważny do", "Valid until"),
        Column("status", "string", selectors.mark_status, "Stan: current (obecny), withdrawn (odebrany), expired "
               "(wygasł)", "State: current, withdrawn or expired",
               choices=(("current", "current"), ("withdrawn", "withdrawn"), ("expired", "expired"))),
        Column("withdrawn_on", "date", lambda c: _local_date(c.withdrawn_at), "Data odebrania",
               "Withdrawn on"),
        Column("issued_on", "date", lambda c: _local_date(c.issued_at), "Data wydania", "Issued on"),
    ),
    rows=selectors.mark_rows,
    filterset=filters.MarkFilter,
    identifier="number",
    categories=("ECON", "SOCI"),
    keywords_pl=("Zakup Prospołeczny", "certyfikat", "ekonomia społeczna"),
    keywords_en=("pro-social purchase", "certificate", "social economy"),
)

EVENTS = Dataset(
    slug="wydarzenia",
    api="opendata:api_events",
    ext_ident="rops-wydarzenia",
    title_pl="Nadchodzące wydarzenia ekonomii społecznej",
    title_en="Upcoming social economy events",
    description_pl="Zaplanowane wydarzenia ROPS i partnerów (targi, konferencje, szkolenia, wizyty studyjne): termin, "
                   "miejsce (kody TERYT), organizator i strona z zapisami. Bez danych uczestników.",
    description_en="Planned events of the ROPS and partners (fairs, conferences, trainings, study visits): dates, "
                   "place (TERYT codes), organiser and the registration page. No participants' data.",
    columns=(
        Column("id", "integer", lambda e: e.pk, "Identyfikator wydarzenia (stały)", "Identifier of the event (stable)"),
        Column("kind", "string", lambda e: e.kind, "Rodzaj (kod)", "Kind (code)", choices=_choices(EventKind.choices)),
        Column("kind_label", "string", lambda e: e.get_kind_display(), "Rodzaj", "Kind"),
        Column("title", "string", lambda e: e.title, "Tytuł", "Title"),
        Column("description", "string", lambda e: e.description, "Opis", "Description"),
        Column("starts_at", "datetime", lambda e: e.starts_at, "Początek", "Starts"),
        Column("ends_at", "datetime", lambda e: e.ends_at, "Koniec", "Ends"),
        *_territory_columns(lambda e: e.gmina, "miejsce", "place"),
        Column("venue", "string", lambda e: e.venue, "Miejsce (adres)", "Venue (address)"),
        Column("city", "string", lambda e: e.city, "Miasto (wizyty za granicą)", "City (visits abroad)"),
        Column("country", "string", lambda e: e.country, "Kraj (wizyty za granicą)", "Country (visits abroad)"),
        Column("organiser_id", "integer", lambda e: e.organiser_id, "Identyfikator organizatora w rejestrze PES "
               "(pusty: ROPS)", "Identifier of the organiser in the PES register (empty: the ROPS)"),
        Column("organiser", "string", lambda e: e.organiser.name if e.organiser_id else settings.ROPS_NAME,
               "Organizator", "Organiser"),
        Column("status", "string", lambda e: e.status, "Stan (kod)", "State (code)",
               choices=_choices((s, s.label) for s in EventStatus)),
        Column("registration_deadline", "datetime", lambda e: e.registration_deadline, "Zapisy do",
               "Registration until"),
        Column("url", "string", selectors.event_url, "Strona wydarzenia z zapisami",
               "Page of the event (registration)"),
    ),
    rows=selectors.event_rows,
    filterset=filters.EventFilter,
    identifier="id",
    categories=("SOCI", "EDUC"),
    keywords_pl=("wydarzenia", "ekonomia społeczna", "szkolenia"),
    keywords_en=("events", "social economy", "trainings"),
)


def _goal(value):
    return value.indicator.goal


def _priority(value):
    indicator = value.indicator
    return indicator.goal.priority if indicator.goal_id else indicator.priority


PROGRAMME = Dataset(
    slug="wskazniki-programu",
    api="opendata:api_indicator_values",
    ext_ident="rops-wskazniki-programu",
    title_pl="Program rozwoju ekonomii społecznej: wskaźniki i ich wartości w latach",
    title_en="Social economy development programme: indicators and their yearly values",
    description_pl="Wskaźniki przyjętych programów regionalnych (cel główny, priorytety, cele szczegółowe) z wartością "
                   "bazową, docelową i wartościami w kolejnych latach. Małe liczby osób są ukryte (puste pole).",
    description_en="Indicators of the adopted regional programmes (main goal, priorities, specific goals) with the "
                   "baseline, the target and the values year by year. Small counts of persons are hidden (empty).",
    columns=(
        Column("programme_id", "integer", lambda v: v.indicator.programme_id, "Identyfikator programu (stały)",
               "Identifier of the programme (stable)"),
        Column("programme", "string", lambda v: v.indicator.programme.name, "Nazwa programu", "Name of the programme"),
        Column("period", "string", lambda v: v.indicator.programme.period_label or
               f"{v.indicator.programme.start_year}-{v.indicator.programme.end_year}", "Okres programu",
               "Period of the programme"),
        Column("indicator_id", "integer", lambda v: v.indicator_id, "Identyfikator wskaźnika (stały)",
               "Identifier of the indicator (stable)"),
        Column("level", "string", lambda v: v.indicator.level, "Poziom: programme, priority, goal",
               "Level: programme, priority or goal",
               choices=(("programme", "programme"), ("priority", "priority"), ("goal", "goal"))),
        Column("priority", "string", lambda v: (_priority(v).number if _priority(v) else ""), "Numer priorytetu",
               "Number of the priority"),
        Column("goal", "string", lambda v: (_goal(v).number if _goal(v) else ""), "Numer celu szczegółowego",
               "Number of the specific goal"),
        Column("indicator", "string", lambda v: v.indicator.name, "Nazwa wskaźnika", "Name of the indicator"),
        Column("unit", "string", lambda v: v.indicator.unit, "Jednostka", "Unit"),
        Column("baseline_value", "decimal", lambda v: v.indicator.baseline_value, "Wartość bazowa", "Baseline"),
        Column("baseline_year", "integer", lambda v: v.indicator.baseline_year, "Rok bazowy", "Baseline year"),
        Column("target_value", "decimal", lambda v: v.indicator.target, "Wartość docelowa", "Target"),
        Column("target_year", "integer", lambda v: v.indicator.target_year, "Rok docelowy", "Target year"),
        Column("year", "integer", lambda v: v.year, "Rok wartości", "Year of the value"),
        Column("value", "decimal", selectors.published_value, "Wartość w roku (pusta: mała liczba osób, ukryta)",
               "Value in the year (empty: a small count of persons, hidden)"),
        Column("computed", "boolean", lambda v: v.computed, "Wyliczona przez system z rejestrów",
               "Computed by the system from the registers"),
        Column("source", "string", lambda v: v.source_note, "Źródło danych", "Data source"),
    ),
    rows=selectors.indicator_value_rows,
    filterset=filters.IndicatorValueFilter,
    identifier="indicator_id",
    categories=("GOVE", "SOCI"),
    keywords_pl=("program", "wskaźniki", "ekonomia społeczna"),
    keywords_en=("programme", "indicators", "social economy"),
    update_frequency="monthly",
)

DATASETS: tuple[Dataset, ...] = (PES, PS, MARK, EVENTS, PROGRAMME)
# Every dataset identifier ever announced to dane.gov.pl. Never remove one: mark its dataset published=False.
EVER_PUBLISHED = frozenset({"rops-pes", "rops-przedsiebiorstwa-spoleczne", "rops-zakup-prospoleczny",
                            "rops-wydarzenia", "rops-wskazniki-programu"})


def dataset_get(slug: str) -> Dataset | None:
    return next((d for d in DATASETS if d.slug == slug), None)


def dataset_query(dataset: Dataset, params, *, request=None) -> tuple[QuerySet, date]:
    """The filtered rows of ``dataset`` for the query ``params`` and the day they describe.

    Raises ValidationError with the filters' Polish messages (the views answer 400 with them)."""
    filterset = dataset.filterset(params, queryset=dataset.filterset._meta.model._default_manager.none(),
                                  request=request)
    empty = {name: [_("Give a value or leave the parameter out.")] for name in filterset.filters
             if name in params and not params.get(name)}
    if empty:
        raise ValidationError(empty)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    day = filterset.day()
    filterset.queryset = dataset.rows(as_of=day)
    return filterset.qs, day
