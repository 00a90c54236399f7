"""Indicators computed from the "Zakup Prospołeczny" certification (see core/computations.py), each with the
breakdown of what it counts: the certificates in force on 31 December (``certificates_valid_on``)."""

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.computations import RECORDS_SHOWN, Details, Line, computation, link, shared, year_end

from .models import Certificate

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # installed with django-stubs, for the type checker only


class _Products(TypedDict):
    products: int


def certificates_valid_on(day: date):
    """Certificates in force on ``day`` (issued, not expired, not withdrawn by then); monitoring counts the same."""
    return Certificate.objects.filter(valid_from__lte=day, valid_until__gte=day).filter(
        Q(withdrawn_at__isnull=True) | Q(withdrawn_at__date__gt=day))


@shared
def certified_counts(year: int) -> dict[str, int]:
    """{"pes": entities holding a certificate in force on 31 December, each once; "products": the products and
    services of those certificates} in one query (a certificate has one application, so its items are counted
    once each)."""
    return certificates_valid_on(year_end(year)).aggregate(
        pes=Count("application__entity", distinct=True), products=Count("application__items"))


def _certificates(year: int) -> "list[WithAnnotations[Certificate, _Products]]":
    return list(certificates_valid_on(year_end(year)).select_related("application").annotate(
        products=Count("application__items")).order_by("number"))


def holders_details(year: int) -> Details:
    """The entities holding the mark, each once with its certificates in force."""
    holders: dict[int, list[Certificate]] = defaultdict(list)
    for certificate in _certificates(year):
        holders[certificate.application.entity_id].append(certificate)
    rows = sorted(holders.values(), key=lambda certificates: (certificates[0].entity_name, certificates[0].number))
    return Details(
        records_title=_("Entities holding the mark on 31 December, with their certificates in force"),
        records=tuple(Line(certificates[0].entity_name, ", ".join(c.number for c in certificates),
                           link("certification:detail", certificates[0].application_id))
                      for certificates in rows[:RECORDS_SHOWN]),
        records_count=len(rows), records_total=len(rows),
        note=_("An entity holding several certificates is counted once."))


def products_details(year: int) -> Details:
    certificates = _certificates(year)
    return Details(
        records_title=_("Certificates in force on 31 December, with their products and services"),
        records=tuple(Line(f"{c.number} – {c.entity_name}", c.products, link("certification:detail", c.application_id))
                      for c in certificates[:RECORDS_SHOWN]),
        records_count=len(certificates), records_total=sum(c.products for c in certificates))


@computation("certified_pes", label=gettext_lazy("PES holding the “Zakup Prospołeczny” mark (31 December)"),
             unit="PES", breakdown=holders_details)
def certified_pes(*, year: int) -> int:
    return certified_counts(year)["pes"]


@computation("certified_products", label=gettext_lazy("Certified products and services (31 December)"), unit="szt.",
             breakdown=products_details)
def certified_products(*, year: int) -> int:
    return certified_counts(year)["products"]
