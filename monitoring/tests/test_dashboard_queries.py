"""The sector dashboard and the figures' drill-down read a fixed number of queries whatever the size of the region,
and a figure shown in several places is read once (``core.computations.shared_figures``)."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.computations import shared_figures
from entities.computations import employment
from entities.models import LegalForm, PsStatus, YearlyFigures
from entities.tests.factories import EntityFactory
from events.models import EventStatus
from events.tests.factories import EventFactory, RegistrationFactory

from .factories import BYDGOSZCZ, TORUN, YEAR, CampaignFactory, small_programme

pytestmark = pytest.mark.django_db

# Session, user, the roles with the permissions (one query: User.load_access) and the request's savepoint and
# its release (5); the campaigns' years and statuses, the closed campaign, its frozen figures (3; with a closed
# campaign its questions too: test_report_views); the PES and PS by kind and seat, the employment, the powiaty,
# OWES, local governments' cooperation (5); events (2 + by direction); certification (1: holders and products
# together); the Committee (2: meetings with their attendance, resolutions); the programme and its indicators
# with their values (3). 30 before, the target under 25.
DASHBOARD_QUERIES = 22


def _region(size: int) -> None:
    for n in range(size):
        entity = EntityFactory(name=f"Spółdzielnia {n}", legal_form=LegalForm.SOCIAL_COOPERATIVE,
                               seat_id=TORUN if n % 2 else BYDGOSZCZ, registered_on=date(YEAR - 3, 1, 1))
        YearlyFigures.objects.create(entity=entity, year=YEAR, employees_total=n + 1,
                                     at_risk={"disabled": n % 3, "homeless": 1})
        if n % 3 == 0:
            PsStatus.objects.create(entity=entity, kind=PsStatus.Kind.STATUTORY, granted_on=date(YEAR - 1, 1, 1))
        held = datetime(YEAR, 5, 1 + n % 28, 10, tzinfo=timezone.get_current_timezone())
        event = EventFactory(status=EventStatus.HELD, starts_at=held, ends_at=held + timedelta(hours=3))
        RegistrationFactory(event=event, attended=True, powiat_code=TORUN[:4], entity=entity)
    CampaignFactory(year=YEAR)
    small_programme()


@pytest.mark.parametrize("size", [1, 12])
def test_the_dashboard_reads_a_fixed_number_of_queries(client_for, staff, size, django_assert_num_queries):
    _region(size)
    client = client_for(staff)
    url = reverse("monitoring:dashboard")
    client.get(url, {"year": YEAR})
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(url, {"year": YEAR})
    assert response.status_code == 200


def test_each_figure_of_the_dashboard_is_read_once(client_for, staff):
    _region(3)
    client = client_for(staff)
    url = reverse("monitoring:dashboard")
    client.get(url, {"year": YEAR})
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"year": YEAR})
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert len(reads) == len(set(reads))


def test_employment_is_added_up_by_the_database_as_at_risk_sum_adds_one_row(db):
    _region(5)
    entity = EntityFactory(name="Z", legal_form=LegalForm.FOUNDATION, seat_id=TORUN,
                           registered_on=date(YEAR - 3, 1, 1))
    YearlyFigures.objects.create(entity=entity, year=YEAR, employees_total=7, at_risk={"not_a_category": 2})
    rows = list(YearlyFigures.objects.of_pes(YEAR))
    figures = employment(YEAR)
    assert (figures["reported"], figures["employees"], figures["at_risk"]) == (
        len(rows), sum(r.employees_total for r in rows), sum(r.at_risk_total for r in rows))


def test_a_shared_figure_is_read_once_within_the_block(db, django_assert_num_queries):
    _region(2)
    with shared_figures(), django_assert_num_queries(1):
        first = employment(YEAR)
        again = employment(YEAR)
    assert again is first


@pytest.mark.parametrize("size", [1, 12])
def test_the_employment_drill_down_reads_a_fixed_number_of_queries(client_for, staff, size,
                                                                   django_assert_max_num_queries):
    _region(size)
    client = client_for(staff)
    url = reverse("monitoring:figure", args=["pes_employees_at_risk", YEAR])
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
