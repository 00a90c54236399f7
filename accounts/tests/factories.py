import factory

from accounts.models import Role, User
from accounts.services import user_set_roles


class UserFactory(factory.django.DjangoModelFactory):
    """A user; pass ``roles=[Role.ROPS_STAFF]`` to give roles (through the one service that sets them)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"osoba{n}@example.com")
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
    password = factory.django.Password("test-password-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            user_set_roles(user=self, roles=[Role(r) for r in extracted])
