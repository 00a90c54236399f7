"""Certificates issued at the same moment get distinct, gap-free numbers (PostgreSQL, real transactions)."""

import threading

import pytest
from django.db import connection, connections

from accounts.models import Role
from accounts.tests.factories import UserFactory
from certification import services
from certification.models import Certificate, Status
from entities.models import Entity

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
    barrier = threading.Barrier(len(applications))
    errors = []

    def issue(application):
        try:
            barrier.wait()
            services.certificate_issue(application=application, by=staff)
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(a,)) for a in applications]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(Certificate.objects.values_list("sequence", flat=True)) == list(range(1, 9))
