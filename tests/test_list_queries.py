"""The list pages not pinned in their own apps' tests answer in a number of queries that does not grow with the
rows shown: each page is read with one row and with several, as the role that works with it, and the two counts
must be equal and within the pin (the registry, events, reports, applications, programmes, plans, the public
registers and the history are pinned beside their views)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import RegistrationRequest
from accounts.tests.factories import UserFactory
from certification.tests.factories import EditionFactory
from committee.models import Meeting
from committee.tests.factories import CommitteeFactory, MemberFactory
from entities.tests.factories import EntityFactory
from events.tests.factories import EventFactory
from monitoring.tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def _campaigns(n: int) -> None:
    CampaignFactory.create_batch(n)


def _committees(n: int) -> None:
    for _ in range(n):
        MemberFactory(committee=CommitteeFactory())


def _meetings(n: int) -> None:
    committee = CommitteeFactory()
    for day in range(n):
        Meeting.objects.create(committee=committee, held_on=timezone.now() + timedelta(days=day + 1),
                               place="Toruń", agenda="Otwarcie\nUchwały")


def _registrations(n: int) -> None:
    for _ in range(n):
        RegistrationRequest.objects.create(user=UserFactory(), entity=EntityFactory(), consent_at=timezone.now(),
                                           status=RegistrationRequest.Status.AWAITING_STAFF,
                                           email_confirmed_at=timezone.now())


def _editions(n: int) -> None:
    for year in range(n):
        EditionFactory(year=2026 - year)


def _public_events(n: int) -> None:
    EventFactory.create_batch(n, open=True)


# (url name, the role's fixture, rows maker, pinned queries)
CASES = [
    ("monitoring:campaigns", "staff", _campaigns, 7),
    ("committee:list", "staff", _committees, 7),
    ("committee:meeting_list", "staff", _meetings, 8),
    ("accounts:registration_list", "staff", _registrations, 8),
    ("certification:editions", "rops_admin", _editions, 5),
    ("events:public_list", None, _public_events, 4),
]


def _queries(client, url: str) -> tuple[int, int]:
    """The queries of one request of ``url`` and the length of the page it answered."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries), len(response.content)


@pytest.mark.parametrize(("name", "role", "make", "pinned"), CASES, ids=[case[0] for case in CASES])
def test_a_list_page_answers_in_the_same_queries_for_one_row_and_for_many(request, client, name, role, make, pinned):
    if role is not None:
        client.force_login(request.getfixturevalue(role))
    url = reverse(name)
    make(1)
    client.get(url)  # sessions, caches of the first request
    one, short = _queries(client, url)
    make(5)
    many, longer = _queries(client, url)
    assert longer > short, f"{name}: the rows added are not on the page"
    assert many == one, f"{name}: {one} queries for one row, {many} for six"
    assert many <= pinned, f"{name}: {many} queries, pinned at {pinned}"
