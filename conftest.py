"""The shared cast of users, one per role, plus an outsider with no role at all.

    rops_admin   ROPS administrator (reaches the Django admin)
    staff        ROPS staff
    member       committee member
    pes          PES representative of ``pes_entity``
    pes_member   PES representative of ``pes_member_entity`` who is also a committee member (two roles)
    board        board viewer (read-only reports)
    outsider     logged-in user without any role
"""

import pytest

from accounts.models import Role
from accounts.services import user_create


def restore_reference_data():
    """What the migrations load (the TERC units, the role groups) is emptied by the flush after a transactional
    (browser) test; put it back when it is missing."""
    from django.contrib.auth.models import Group

    from entities.models import Territory
    from entities.territory import load_shipped

    if not Territory.objects.exists():
        load_shipped()
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A database kept with --reuse-db may come from a run that ended on a flushed transactional test."""
    with django_db_blocker.unblock():
        restore_reference_data()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _polish(settings):
    """Each test starts in Polish, as every request and command does (no language left by an earlier test)."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _user(email: str, *roles: Role):
    first, _, last = email.partition("@")[0].partition(".")
    return user_create(email=email, first_name=first.title(), last_name=(last or "Test").title(),
                       password="test-password-123", roles=list(roles))


@pytest.fixture
def rops_admin(db):
    return _user("ala.admin@example.com", Role.ROPS_ADMIN)


@pytest.fixture
def staff(db):
    return _user("stefan.staff@example.com", Role.ROPS_STAFF)


@pytest.fixture
def member(db):
    return _user("maria.member@example.com", Role.COMMITTEE_MEMBER)


@pytest.fixture
def pes_entity(db):
    from entities.models import Entity

    return Entity.objects.create(name="Spółdzielnia Socjalna Test", short_name="SS Test")


@pytest.fixture
def other_entity(db):
    from entities.models import Entity

    return Entity.objects.create(name="Fundacja Inna", short_name="Inna")


@pytest.fixture
def pes(db, pes_entity):
    from entities.models import Representation

    user = _user("paula.pes@example.com", Role.PES_REPRESENTATIVE)
    Representation.objects.create(user=user, entity=pes_entity)
    return user


@pytest.fixture
def pes_member_entity(db):
    from entities.models import Entity

    return Entity.objects.create(name="Spółdzielnia Socjalna Członkowska", short_name="SS Członkowska")


@pytest.fixture
def pes_member(db, pes_member_entity):
    from entities.models import Representation

    user = _user("piotr.pesmember@example.com", Role.PES_REPRESENTATIVE, Role.COMMITTEE_MEMBER)
    Representation.objects.create(user=user, entity=pes_member_entity)
    return user


@pytest.fixture
def board(db):
    return _user("bogdan.board@example.com", Role.BOARD_VIEWER)


@pytest.fixture
def outsider(db):
    return _user("olek.outsider@example.com")


@pytest.fixture
def cast(rops_admin, staff, member, pes, board, outsider):
    return {"rops_admin": rops_admin, "staff": staff, "member": member, "pes": pes, "board": board,
            "outsider": outsider}


@pytest.fixture
def client_for(client):
    """``client_for(user)`` returns the test client logged in as ``user``."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(scope="module")
def demo_seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, seeded once for a whole test module inside a transaction rolled back after it (each test's
    own writes are rolled back by its savepoint as usual). Callbacks on commit never run here: a test that needs
    them (the certificates' PDFs) seeds by itself."""
    import io

    from django.core.management import call_command
    from django.db import transaction
    from django.test.utils import override_settings

    with django_db_blocker.unblock(), override_settings(DEBUG=True, MEDIA_ROOT=tmp_path_factory.mktemp("demo")):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", quiet_logins=True, stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
