"""The programme list: filters by status and by a year the period covers, a fixed number of queries."""

import pytest
from django.urls import reverse

from programmes.models import Status

from .factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programmes():
    return {
        "old": ProgrammeFactory(name="Program 2014-2020", start_year=2014, end_year=2020, status=Status.CLOSED),
        "now": ProgrammeFactory(name="Program 2021-2027", start_year=2021, end_year=2027, status=Status.IN_FORCE),
        "next": ProgrammeFactory(name="Program 2028-2034", start_year=2028, end_year=2034,
                                 status=Status.CONSULTATION),
    }


def _names(client, **params) -> list[str]:
    return [p.name for p in client.get(reverse("programmes:list"), params).context["programmes"]]


def test_the_list_filters_by_status_and_year(client_for, board, programmes):
    client = client_for(board)
    assert len(_names(client)) == 3
    assert _names(client, status="in_force") == ["Program 2021-2027"]
    assert _names(client, year="2020") == ["Program 2014-2020"]
    assert _names(client, year="2021") == ["Program 2021-2027"]
    assert _names(client, status="closed", year="2025") == []
    page = client.get(reverse("programmes:list"), {"status": "closed", "year": "2025"}).content.decode()
    assert "Żaden program nie spełnia warunków." in page
    assert 'for="id_status"' in page
    assert 'for="id_year"' in page
    assert 'scope="col"' in page


def test_a_bad_filter_value_is_reported(client_for, board, programmes):
    response = client_for(board).get(reverse("programmes:list"), {"status": "nope"})
    assert "Wybierz poprawną wartość" in response.content.decode()


def test_the_list_runs_a_fixed_number_of_queries(client_for, staff, programmes, django_assert_num_queries,
                                                 django_assert_max_num_queries):
    client = client_for(staff)
    client.get(reverse("programmes:list"))
    # Savepoints, session (read and saved), user, roles, model permissions (2), the programmes: not per row.
    with django_assert_max_num_queries(11) as small:
        client.get(reverse("programmes:list"), {"status": "in_force"})
    ProgrammeFactory.create_batch(10, status=Status.IN_FORCE)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("programmes:list"), {"status": "in_force"})
