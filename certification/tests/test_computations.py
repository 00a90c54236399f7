"""The certification's indicators against hand-counted certificates: holders of the mark and certified products
on 31 December (issued, not expired, not withdrawn by then), each holder counted once."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from certification import services
from certification.models import ApplicationItem, Status
from core.computations import compute
from entities.tests.factories import EntityFactory

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


def _certificate(entity, staff, *, valid_from: date, items: int, withdrawn_on: date | None = None):
    application = ApplicationFactory(entity=entity, created_by=staff, status=Status.GRANTED)
    for n in range(items):
        ApplicationItem.objects.create(application=application, name=f"Produkt {n}")
    certificate = services.certificate_issue(application=application, by=staff, valid_from=valid_from)
    if withdrawn_on:
        with pytest.MonkeyPatch.context() as patch:
            moment = datetime(withdrawn_on.year, withdrawn_on.month, withdrawn_on.day, 12,
                              tzinfo=timezone.get_current_timezone())
            patch.setattr(timezone, "now", lambda: moment)
            services.certificate_withdraw(certificate=certificate, by=staff, reason="Naruszenie regulaminu")
    return certificate


def test_holders_and_products_on_31_december(staff):
    """Certificates last 12 months. In force on 31.12.2025: two of one entity (2 + 1 products) and one withdrawn
    only in 2026 (1 product). Not: expired in May, withdrawn in June, valid only from 2026."""
    twice, expired, withdrawn, later, withdrawn_later = (EntityFactory() for _ in range(5))
    _certificate(twice, staff, valid_from=date(YEAR, 3, 1), items=2)
    _certificate(twice, staff, valid_from=date(YEAR, 1, 5), items=1)
    _certificate(expired, staff, valid_from=date(YEAR - 1, 6, 1), items=3)
    _certificate(withdrawn, staff, valid_from=date(YEAR, 2, 1), items=4, withdrawn_on=date(YEAR, 6, 30))
    _certificate(later, staff, valid_from=date(YEAR + 1, 1, 10), items=5)
    _certificate(withdrawn_later, staff, valid_from=date(YEAR, 4, 1), items=1, withdrawn_on=date(YEAR + 1, 2, 1))
    assert compute("certified_pes", year=YEAR) == 2
    assert compute("certified_products", year=YEAR) == 4
    assert compute("certified_pes", year=YEAR - 1) == 1       # the one that expired in May 2025
    assert compute("certified_products", year=YEAR - 1) == 3
