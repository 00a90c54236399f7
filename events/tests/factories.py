from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, EventKind, EventStatus, ParticipantCategory, Registration


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.CONFERENCE
    title = factory.Sequence(lambda n: f"Konferencja ekonomii społecznej {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=6))
    venue = "Toruń, ul. Przykładowa 1"
    status = EventStatus.PLANNED

    class Params:
        open = factory.Trait(status=EventStatus.REGISTRATION_OPEN)
        held = factory.Trait(
            status=EventStatus.HELD,
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=3)),
        )


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory, open=True)
    first_name = "Jan"
    last_name = factory.Sequence(lambda n: f"Uczestnik{n}")
    email = factory.Sequence(lambda n: f"uczestnik{n}@example.com")
    category = ParticipantCategory.PES
    status = Registration.Status.CONFIRMED
    consent_at = factory.LazyFunction(timezone.now)
