"""Retention by JRWA category: the monthly review lists what is past its period, staff confirm its disposal."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core import services
from core.models import DataSubjectRequest, DisposalProposal
from core.retention import category_years, cutoff
from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("category", "years"), [("A", None), ("Bc", 0), ("B5", 5), ("BE10", 10), ("B50", 50)])
def test_jrwa_categories(category, years):
    assert category_years(category) == years


def test_an_unknown_category_is_refused():
    with pytest.raises(ValueError):
        category_years("C5")


def test_the_period_runs_from_the_first_of_january_after_closing():
    assert cutoff("B5", date(2026, 12, 2)) == date(2021, 1, 1)   # closed in 2020: disposable from 1.1.2026
    assert cutoff("A", date(2026, 12, 2)) is None


@pytest.fixture
def old_and_recent():
    old = EventFactory(starts_at=timezone.now() - timedelta(days=7 * 365))
    recent = EventFactory(starts_at=timezone.now() - timedelta(days=30))
    return RegistrationFactory(event=old), RegistrationFactory(event=recent)


def test_the_monthly_review_lists_what_is_past_its_period(old_and_recent):
    old, recent = old_and_recent
    services.retention_review()
    proposal = DisposalProposal.objects.get(rule_key="events.registrations")
    assert proposal.object_ids == [old.pk]
    services.retention_review()   # the next month refreshes the same pending proposal
    assert DisposalProposal.objects.filter(rule_key="events.registrations").count() == 1


def test_the_office_scheme_overrides_the_declared_category(settings, old_and_recent):
    settings.RETENTION_CATEGORIES = {"events.registrations": "A"}
    services.retention_review()
    assert not DisposalProposal.objects.filter(rule_key="events.registrations").exists()


def test_staff_confirm_the_disposal_once(client_for, staff, outsider, old_and_recent):
    old, recent = old_and_recent
    services.retention_review()
    proposal = DisposalProposal.objects.get(rule_key="events.registrations")
    url = reverse("core:retention")
    assert client_for(outsider).post(url, {"proposal": proposal.pk}).status_code == 404
    assert client_for(staff).post(url, {"proposal": proposal.pk}).status_code == 302
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at is not None
    assert recent.anonymised_at is None
    proposal.refresh_from_db()
    assert (proposal.disposed, proposal.confirmed_by) == (1, staff)
    assert Registration.objects.count() == 2   # anonymised, still counted
    page = client_for(staff).post(url, {"proposal": proposal.pk}, follow=True).content.decode()
    assert "już zatwierdzone" in page


def test_closed_requests_are_deleted_after_their_period(staff):
    request = services.data_request_record(kind="access", name="Anna", email="anna@example.pl",
                                           received_on=timezone.localdate(), by=staff)
    services.data_request_close(request=request, status="done", outcome="Przekazano dane.", by=staff)
    DataSubjectRequest.objects.filter(pk=request.pk).update(closed_at=timezone.now() - timedelta(days=7 * 365))
    services.retention_review()
    proposal = DisposalProposal.objects.get(rule_key="core.data_requests")
    services.disposal_confirm(proposal=proposal, by=staff)
    assert not DataSubjectRequest.objects.exists()
    assert not DataSubjectRequest.history.filter(email="anna@example.pl").exists()
