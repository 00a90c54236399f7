import random

import factory

from entities.identifiers import fake_nip, fake_regon
from entities.models import Entity, LegalForm, Product, PsStatus

_rng = random.Random(7)  # noqa: S311 - test data


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    name = factory.Sequence(lambda n: f"Spółdzielnia Socjalna Testowa {n}")
    legal_form = LegalForm.SOCIAL_COOPERATIVE
    nip = factory.LazyFunction(lambda: fake_nip(_rng))
    regon = factory.LazyFunction(lambda: fake_regon(_rng))
    seat_id = "0463011"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    entity = factory.SubFactory(EntityFactory)
    name = "Catering"
    category = "gastronomia"


class PsStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PsStatus

    entity = factory.SubFactory(EntityFactory)
    kind = PsStatus.Kind.STATUTORY
    granted_on = factory.Faker("past_date")
