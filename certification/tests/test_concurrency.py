"""Certificates issued at the same moment get distinct, gap-free numbers (PostgreSQL, real transactions)."""

import pytest
from django.db import connection

from accounts.models import Role
from accounts.tests.factories import UserFactory
from certification import services
from certification.models import Certificate, Status
from entities.models import Entity
from tests.concurrency import run_together

from .factories import ApplicationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_issue_gives_sequential_unique_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    staff = UserFactory(roles=[Role.ROPS_STAFF])
    applications = [
        ApplicationFactory(entity=Entity.objects.create(name=f"PES {i}"), created_by=staff, status=Status.GRANTED)
        for i in range(8)
    ]
    _results, errors = run_together(
        [lambda a=a: services.certificate_issue(application=a, by=staff) for a in applications])
    assert errors == []
    assert sorted(Certificate.objects.values_list("sequence", flat=True)) == list(range(1, 9))
