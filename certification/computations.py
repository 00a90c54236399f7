"""Indicators computed from the "Zakup Prospołeczny" certification (see programmes/computations.py)."""

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programmes.computations import computation

from .models import ApplicationItem, Certificate


def certificates_valid_on(day: date):
    """Certificates in force on ``day`` (issued, not expired, not withdrawn by then); monitoring counts the same."""
    return Certificate.objects.filter(valid_from__lte=day, valid_until__gte=day).filter(
        Q(withdrawn_at__isnull=True) | Q(withdrawn_at__date__gt=day))


@computation("certified_pes", label=_("PES holding the “Zakup Prospołeczny” mark (31 December)"), unit="PES")
def certified_pes(*, year: int) -> int:
    return certificates_valid_on(date(year, 12, 31)).values("application__entity").distinct().count()


@computation("certified_products", label=_("Certified products and services (31 December)"), unit="szt.")
def certified_products(*, year: int) -> int:
    valid = certificates_valid_on(date(year, 12, 31))
    return ApplicationItem.objects.filter(application__certificate__in=valid).count()
