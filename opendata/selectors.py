"""What each open dataset is made of: the public rows of the registers, read through the other apps' selectors.

Nothing here decides what is public on its own account: the registers' own rules do (``Entity.objects.published()``,
``PsStatus.objects.in_force``, ``public_register``/``register_history``, ``public_event_list``,
``Programme.objects.published()``). This module only joins what a row needs, so that a page of any size costs a
fixed number of queries.
"""

from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from certification.models import Certificate
from certification.selectors import public_register, register_history
from entities.models import Entity, PsStatus, Territory
from events.models import Event
from events.selectors import public_event_list
from monitoring.disclosure import suppress
from programmes.models import Indicator, IndicatorValue, Programme

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # installed with django-stubs, for the type checker only


class _MarkRowFlags(TypedDict):
    is_current: bool


def today() -> date:
    return timezone.localdate()


# --- PES in the registry ------------------------------------------------------------------------------------------

def pes_rows(*, as_of: date) -> QuerySet[Entity]:
    """Published social-economy entities, active and closed (the row says which, with the registry's own
    ``is_active``/``closed_on``), with their seat and powiaty and whether they held a PS status on ``as_of``."""
    return Entity.objects.pes().published().with_ps_flag(as_of).select_related("seat__parent").prefetch_related(
        Prefetch("activity_area", queryset=Territory.objects.only("code").order_by("code"))).order_by("pk")


# --- Social enterprises (PS status) ---------------------------------------------------------------------------------

def ps_rows(*, as_of: date) -> QuerySet[PsStatus]:
    """PS status records in force on ``as_of`` of the social enterprises of that day (``Entity.objects.ps_on``:
    counted among the PES of the day, as every figure counts them). The voivode's list of social enterprises is
    public by law, so an entity's absence from the catalogue does not hide its status."""
    return (PsStatus.objects.in_force(as_of).filter(entity__in=Entity.objects.ps_on(as_of))
            .select_related("entity__seat__parent", "granted_by").order_by("pk"))


# --- Holders of the "Zakup Prospołeczny" mark ------------------------------------------------------------------------

def mark_rows(*, as_of: date) -> "QuerySet[WithAnnotations[Certificate, _MarkRowFlags]]":
    """Every certificate of the public register, current and past (withdrawn or expired), each flagged
    ``is_current`` by the register's own rule."""
    current = public_register().values("pk")
    past = register_history().values("pk")
    return (Certificate.objects.filter(Q(pk__in=current) | Q(pk__in=past))
            .annotate(is_current=Exists(public_register().filter(pk=OuterRef("pk"))))
            .select_related("application__entity__seat__parent").order_by("year", "sequence"))


def mark_status(certificate: "WithAnnotations[Certificate, _MarkRowFlags]") -> str:
    """"current", "withdrawn" or "expired" (for a certificate from ``mark_rows``)."""
    if certificate.is_current:
        return "current"
    return "withdrawn" if certificate.withdrawn_at else "expired"


# --- Upcoming events -------------------------------------------------------------------------------------------------

def event_rows(*, as_of: date) -> QuerySet[Event]:
    """Upcoming public events (the public calendar's own list), with their place and organiser."""
    return public_event_list().select_related("gmina__parent", "organiser").order_by("starts_at", "pk")


def event_url(event: Event) -> str:
    return settings.SITE_URL + reverse("events:public_detail", args=[event.pk])


# --- The programme: indicators and their yearly values ------------------------------------------------------------

def programme_list() -> QuerySet[Programme]:
    """Programmes adopted by the Board, newest first."""
    return Programme.objects.published().order_by("-start_year", "pk")


def indicator_value_rows(*, as_of: date) -> QuerySet[IndicatorValue]:
    """Yearly values of the indicators of adopted programmes, one row per indicator and year."""
    return (IndicatorValue.objects.filter(indicator__programme__in=programme_list())
            .select_related("indicator__programme", "indicator__priority", "indicator__goal__priority")
            .order_by("indicator__programme_id", "indicator__order", "indicator_id", "year"))


def published_value(value: IndicatorValue):
    """The value as published: a small count of people is hidden (``monitoring.disclosure.suppress``)."""
    if not value.indicator.counts_persons:
        return value.value
    return suppress({"value": value.value})["value"]


def programme_indicators(programme: Programme) -> list[Indicator]:
    """The programme's indicators in order, each with its values (two queries)."""
    return list(programme.indicators.select_related("priority", "goal").prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.order_by("year"))).order_by("order", "pk"))
