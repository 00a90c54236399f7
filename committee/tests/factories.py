from datetime import date

import factory

from accounts.models import Role
from accounts.tests.factories import UserFactory
from committee.models import Category, Committee, Member


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    kind = Committee.Kind.RKRES
    name = factory.Sequence(lambda n: f"Regionalny Komitet {n}")
    term_start = date(2025, 1, 1)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    committee = factory.SubFactory(CommitteeFactory)
    user = factory.SubFactory(UserFactory, roles=[Role.COMMITTEE_MEMBER])
    category = Category.PES
    appointed_on = date(2025, 1, 1)


def committee_with(n: int, **committee_kwargs) -> tuple[Committee, list[Member]]:
    """A committee of ``n`` members; the first is the chair, the second the secretary."""
    committee = CommitteeFactory(**committee_kwargs)
    members = [MemberFactory(committee=committee) for _ in range(n)]
    members[0].role = Member.Role.CHAIR
    members[0].save()
    if n > 1:
        members[1].role = Member.Role.SECRETARY
        members[1].save()
    return committee, members
