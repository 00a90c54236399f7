"""Registers tests: recorded answers only (live calls are off by default; tests that switch a register on
intercept it with ``responses``), no backoff waits, a clean cache (answers and rate-limit counters)."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

# Identifiers of the recorded answers (entities/sources/recorded/).
FOUNDATION_NIP, FOUNDATION_KRS, FOUNDATION_REGON = "8792731001", "0000900001", "340521017"
ASSOCIATION_NIP, ASSOCIATION_KRS = "8882456001", "0000900002"
COOPERATIVE_NIP, COOPERATIVE_KRS = "5543120001", "0000900003"
GMINA_NIP, GMINA_REGON, CIS_REGON = "8790001008", "871118715", "87111871500010"
STRUCK_OFF_NIP, STRUCK_OFF_KRS, STRUCK_OFF_REGON = "8791020002", "0000900005", "340521052"
LIQUIDATION_NIP, LIQUIDATION_KRS, LIQUIDATION_REGON = "9562281003", "0000900011", "364022117"
MOVED_NIP, MOVED_KRS, MOVED_REGON = "9562282008", "0000900012", "364022123"
UNKNOWN_KRS, UNKNOWN_NIP = "0000900404", "8792999005"
TIMEOUT_KRS, MALFORMED_KRS, MALFORMED_BIR_NIP = "0000900408", "0000900500", "5542999008"
BULLETIN_DAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _registers(settings):
    settings.REGISTRY_BACKOFF_SECONDS = 0
    settings.REGISTRY_KRS_LIVE = settings.REGISTRY_BIR_LIVE = settings.REGISTRY_VAT_LIVE = False
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def certified(db):
    """A factory: make ``entity`` hold a certificate of the mark in force today."""
    from accounts.tests.factories import UserFactory
    from certification.models import Certificate, Status
    from certification.tests.factories import ApplicationFactory

    def make(entity):
        application = ApplicationFactory(entity=entity, created_by=UserFactory(), status=Status.ACTIVE)
        today = timezone.localdate()
        return Certificate.objects.create(application=application, year=today.year, sequence=entity.pk,
                                          number=f"ZP/{today.year}/{entity.pk:03d}", entity_name=entity.name,
                                          items="Catering", valid_from=today - timedelta(days=30),
                                          valid_until=today + timedelta(days=300))

    return make
