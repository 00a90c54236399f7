import pytest
from django.utils import timezone

from core.computations import compute
from events.models import EventKind, EventStatus
from events.selectors import events_year_counts

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_year_counts_hand_counted(pes_entity):
    year = timezone.now().year - 1
    start = timezone.now().replace(year=year, month=5, day=10)
    fair = EventFactory(kind=EventKind.FAIR, status=EventStatus.HELD, starts_at=start,
                        ends_at=start + timezone.timedelta(hours=5))
    training = EventFactory(kind=EventKind.TRAINING, status=EventStatus.REPORTED, starts_at=start,
                            ends_at=start + timezone.timedelta(hours=5))
    EventFactory(kind=EventKind.FAIR, status=EventStatus.CANCELLED, starts_at=start,
                 ends_at=start + timezone.timedelta(hours=5))
    for category, attended, event, powiat in [("pes", True, fair, "0463"), ("pes", True, fair, "0463"),
                                              ("jst", True, training, "0415"), ("jst", False, training, "0415"),
                                              ("owes", None, fair, "")]:
        RegistrationFactory(event=event, category=category, attended=attended, powiat_code=powiat,
                            entity=pes_entity if category == "pes" else None)
    counts = events_year_counts(year=year)
    assert counts.events_by_kind == {"fair": 1, "training": 1}
    assert counts.participants_by_kind == {"fair": 2, "training": 1}
    assert counts.participants_by_category == {"pes": 2, "jst": 1}
    assert counts.participants_by_powiat == {"0463": 2, "0415": 1}
    assert counts.participants_by_entity == {pes_entity.pk: 2}
    assert (counts.events_total, counts.participants_total) == (2, 3)
    assert events_year_counts(year=year + 1).events_total == 0
    # The programme's indicators count the same: the fair and the training; four attended, one did not.
    assert compute("events_held", year=year) == 2
    assert compute("event_participants", year=year) == 3
    assert compute("events_held", year=year + 1) == 0


def test_year_counts_per_intervention_direction():
    from programmes.models import Direction, Priority, Programme, SpecificGoal

    programme = Programme.objects.create(name="P", region_code="04", start_year=2020, end_year=2030,
                                         responsible_body="SW", main_goal="x")
    goal = SpecificGoal.objects.create(priority=Priority.objects.create(programme=programme, number="1", name="P1"),
                                       number="1.1", name="G")
    d1 = Direction.objects.create(goal=goal, number="1.1.1", text="a")
    d2 = Direction.objects.create(goal=goal, number="1.1.2", text="b")
    year = timezone.now().year - 1
    start = timezone.now().replace(year=year, month=3, day=3)
    both = EventFactory(status=EventStatus.HELD, starts_at=start, ends_at=start + timezone.timedelta(hours=2))
    both.directions.set([d1, d2])
    one = EventFactory(status=EventStatus.HELD, starts_at=start, ends_at=start + timezone.timedelta(hours=2))
    one.directions.set([d1])
    RegistrationFactory(event=both, attended=True)
    RegistrationFactory(event=one, attended=True)
    RegistrationFactory(event=one, attended=True)
    counts = events_year_counts(year=year)
    assert counts.events_by_direction == {d1.pk: 2, d2.pk: 1}
    assert counts.participants_by_direction == {d1.pk: 3, d2.pk: 1}


def test_registration_takes_the_powiat_from_the_matched_entity(client, pes_entity):
    import time

    from django.core import signing
    from django.urls import reverse

    from core.antispam import SALT
    from events.models import Registration

    pes_entity.seat_id = "0415011"
    pes_entity.save()
    event = EventFactory(open=True)
    client.post(reverse("events:public_detail", args=[event.pk]), {
        "first_name": "A", "last_name": "B", "email": "ab@example.com", "institution": pes_entity.name,
        "category": "pes", "powiat": "0463", "consent": "on", "website": "",
        "form_token": signing.dumps(time.time() - 60, salt=SALT)})
    assert Registration.objects.get().powiat_code == "0415"
