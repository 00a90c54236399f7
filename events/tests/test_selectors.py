import pytest
from django.utils import timezone

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
