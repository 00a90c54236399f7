"""Lists that can be searched (``?q=``) and sorted (``?o=``, whitelisted keys; ``aria-sort`` on the header)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from committee.models import Meeting
from committee.tests.factories import CommitteeFactory
from core.sorting import sort_list
from events.models import Event
from events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

KEYS = {"title": ("title",), "date": ("starts_at",)}


def test_only_whitelisted_keys_sort():
    a = EventFactory(title="Bbb", starts_at=timezone.now() + timedelta(days=1))
    b = EventFactory(title="Aaa", starts_at=timezone.now() + timedelta(days=2))
    qs, sorting = sort_list(Event.objects.all(), "title", keys=KEYS, default="-date")
    assert list(qs) == [b, a]
    assert sorting.value == "title"
    qs, sorting = sort_list(Event.objects.all(), "-title", keys=KEYS, default="-date")
    assert list(qs) == [a, b]
    assert sorting.descending
    for forged in ("created_by__password", "-registrations__email", "", None):
        qs, sorting = sort_list(Event.objects.all(), forged, keys=KEYS, default="-date")
        assert list(qs) == [b, a]
        assert sorting.value == "-date"


def test_event_list_sorts_by_title_with_aria_sort_and_searches(client_for, staff):
    EventFactory(title="Zjazd OWES")
    EventFactory(title="Aktywizacja JST")
    client = client_for(staff)
    page = client.get(reverse("events:list"), {"o": "title"}).content.decode()
    assert page.index("Aktywizacja JST") < page.index("Zjazd OWES")
    assert 'aria-sort="ascending"' in page
    assert "?o=-title" in page
    page = client.get(reverse("events:list"), {"o": "-title"}).content.decode()
    assert page.index("Zjazd OWES") < page.index("Aktywizacja JST")
    assert 'aria-sort="descending"' in page
    page = client.get(reverse("events:list"), {"q": "owes"}).content.decode()
    assert "Zjazd OWES" in page
    assert "Aktywizacja JST" not in page


def test_application_list_searches_the_entity(client_for, staff):
    from certification.tests.factories import ApplicationFactory
    from entities.tests.factories import EntityFactory

    ApplicationFactory(entity=EntityFactory(name="Spółdzielnia Piekarnia"), created_by=staff)
    ApplicationFactory(entity=EntityFactory(name="Fundacja Ogród"), created_by=staff)
    page = client_for(staff).get(reverse("certification:list"), {"q": "piekarnia", "o": "entity"}).content.decode()
    assert "Spółdzielnia Piekarnia" in page
    assert "Fundacja Ogród" not in page
    assert 'aria-sort="ascending"' in page


def test_meeting_list_for_staff_and_members_only(client_for, staff, outsider, pes):
    committee = CommitteeFactory(name="Komitet Monitorujący")
    Meeting.objects.create(committee=committee, held_on=timezone.now() + timedelta(days=3), place="Toruń, sala 1")
    Meeting.objects.create(committee=committee, held_on=timezone.now() - timedelta(days=30), place="Bydgoszcz")
    client = client_for(staff)
    page = client.get(reverse("committee:meeting_list"), {"when": "upcoming"}).content.decode()
    assert "Toruń, sala 1" in page
    assert "Bydgoszcz" not in page
    page = client.get(reverse("committee:meeting_list"), {"q": "bydgoszcz", "o": "place"}).content.decode()
    assert "Bydgoszcz" in page
    assert "Toruń, sala 1" not in page
    assert 'aria-sort="ascending"' in page
    for user in (outsider, pes):
        assert client_for(user).get(reverse("committee:meeting_list")).status_code == 403


def test_report_list_searches_and_sorts(client_for, staff):
    page = client_for(staff).get(reverse("monitoring:reports"), {"q": "nic", "o": "-title"}).content.decode()
    assert 'aria-sort="descending"' in page
    assert "Żaden raport" in page


def test_reports_in_progress_queue_links_to_the_filtered_list(client_for, staff):
    from monitoring.selectors import staff_queues

    queue = staff_queues(staff)[0]
    assert queue.url.endswith("?in_progress=1")
    assert client_for(staff).get(queue.url).status_code == 200
