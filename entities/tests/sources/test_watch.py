"""The nightly watch and the checks on the way in."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from committee.tests.factories import MemberFactory
from entities.models import Entity, LegalForm, PsStatus, RegistrySnapshot, RegistryTask, RegistryWatchCursor
from entities.sources.services import registry_check, registry_task_close, registry_watch_run
from entities.tasks import registry_check_task, registry_watch_task

from .conftest import (
    BULLETIN_DAY,
    LIQUIDATION_KRS,
    LIQUIDATION_NIP,
    LIQUIDATION_REGON,
    MOVED_KRS,
    MOVED_NIP,
    MOVED_REGON,
    STRUCK_OFF_KRS,
    STRUCK_OFF_NIP,
    STRUCK_OFF_REGON,
)

pytestmark = pytest.mark.django_db
NEXT_DAY = BULLETIN_DAY + timedelta(days=1)


@pytest.fixture
def held(certified):
    """A certified PES (goes into liquidation in the recorded bulletin) and the organisation a Committee member
    represents (moves its seat)."""
    foundation = Entity.objects.create(name="Fundacja „Dobry Start”", legal_form=LegalForm.FOUNDATION,
                                       nip=LIQUIDATION_NIP, krs=LIQUIDATION_KRS, regon=LIQUIDATION_REGON,
                                       seat_id="0463011", address="ul. Chełmińska 7", postal_code="87-100")
    certified(foundation)
    cooperative = Entity.objects.create(name="Spółdzielnia Socjalna „Razem” w Toruniu",
                                        legal_form=LegalForm.SOCIAL_COOPERATIVE, nip=MOVED_NIP, krs=MOVED_KRS,
                                        regon=MOVED_REGON, seat_id="0463011", address="ul. Przykładowa 61",
                                        postal_code="87-100")
    PsStatus.objects.create(entity=cooperative, kind=PsStatus.Kind.STATUTORY, granted_on=date(2025, 1, 10))
    MemberFactory(represented_body="Spółdzielnia Socjalna „Razem”")
    RegistryWatchCursor.objects.create(feed=RegistryWatchCursor.Feed.KRS_BULLETIN,
                                       last_day=BULLETIN_DAY - timedelta(days=1))
    RegistryWatchCursor.objects.create(feed=RegistryWatchCursor.Feed.BIR_LISTS,
                                       last_day=BULLETIN_DAY - timedelta(days=1))
    return foundation, cooperative


def test_the_bulletin_puts_a_certified_pes_in_liquidation_on_the_task_list(held):
    foundation, _ = held
    registry_watch_run(today=NEXT_DAY)
    task = RegistryTask.objects.get(entity=foundation, kind=RegistryTask.Kind.LIQUIDATION)
    assert task.holds_certificate is True
    assert any("Zakup Prospołeczny" in action for action in task.suggested_actions())


def test_the_bulletin_reports_the_move_of_a_committee_members_organisation(held):
    _, cooperative = held
    registry_watch_run(today=NEXT_DAY)
    task = RegistryTask.objects.get(entity=cooperative, kind=RegistryTask.Kind.SEAT_CHANGE)
    assert task.on_committee is True
    assert task.has_ps is True
    assert {"field": "teryt", "label": "siedziba (gmina)", "old": "0463011", "new": "0415011"} in task.changes


def test_the_watch_is_idempotent(held):
    registry_watch_run(today=NEXT_DAY)
    count = RegistryTask.objects.count()
    RegistryWatchCursor.objects.update(last_day=BULLETIN_DAY - timedelta(days=1))  # as if the night ran again
    registry_watch_run(today=NEXT_DAY)
    assert RegistryTask.objects.count() == count


def test_a_missed_night_is_caught_up(held):
    report = registry_watch_run(today=BULLETIN_DAY + timedelta(days=3))
    assert report.days[RegistryWatchCursor.Feed.KRS_BULLETIN] == [BULLETIN_DAY + timedelta(days=n) for n in range(3)]
    assert RegistryWatchCursor.objects.get(feed=RegistryWatchCursor.Feed.KRS_BULLETIN).last_day == \
        BULLETIN_DAY + timedelta(days=2)


def test_a_day_the_register_failed_is_read_again_the_next_night(held, settings):
    import responses

    settings.REGISTRY_KRS_LIVE = True
    with responses.RequestsMock() as mock:
        mock.get(f"{settings.REGISTRY_KRS_URL}/Krs/Biuletyn/{BULLETIN_DAY.isoformat()}", status=503)
        report = registry_watch_run(today=NEXT_DAY, feeds=[RegistryWatchCursor.Feed.KRS_BULLETIN])
    assert RegistryWatchCursor.Feed.KRS_BULLETIN in report.errors
    assert RegistryWatchCursor.objects.get(feed=RegistryWatchCursor.Feed.KRS_BULLETIN).last_day == \
        BULLETIN_DAY - timedelta(days=1)
    settings.REGISTRY_KRS_LIVE = False
    registry_watch_run(today=NEXT_DAY, feeds=[RegistryWatchCursor.Feed.KRS_BULLETIN])
    assert RegistryTask.objects.filter(kind=RegistryTask.Kind.LIQUIDATION).exists()


def test_the_bir_list_of_struck_off_entities_raises_a_task(db):
    entity = Entity.objects.create(name="Stowarzyszenie „Stary Młyn”", legal_form=LegalForm.ASSOCIATION,
                                   nip=STRUCK_OFF_NIP, krs=STRUCK_OFF_KRS, regon=STRUCK_OFF_REGON, seat_id="0463011")
    RegistryWatchCursor.objects.create(feed=RegistryWatchCursor.Feed.BIR_LISTS,
                                       last_day=BULLETIN_DAY - timedelta(days=1))
    registry_watch_run(today=NEXT_DAY, feeds=[RegistryWatchCursor.Feed.BIR_LISTS])
    task = RegistryTask.objects.get(entity=entity, kind=RegistryTask.Kind.STRUCK_OFF)
    assert task.source == RegistryTask.Source.BIR


def test_the_nightly_task_reads_yesterday_the_first_time(db):
    result = registry_watch_task.delay().get()
    yesterday = timezone.localdate() - timedelta(days=1)
    assert result["days"][RegistryWatchCursor.Feed.KRS_BULLETIN] == [yesterday.isoformat()]


def test_a_check_confirms_an_active_entity(db):
    entity = Entity.objects.create(name="Fundacja", nip="8792731001", seat_id="0463011")
    assert registry_check_task.delay(entity.pk).get() is True


def test_a_check_of_a_struck_off_entity_flags_staff(db):
    entity = Entity.objects.create(name="Stowarzyszenie „Stary Młyn”", nip=STRUCK_OFF_NIP)
    result = registry_check(entity_id=entity.pk)
    assert result.confirmed is False
    assert RegistryTask.objects.filter(entity=entity, kind=RegistryTask.Kind.STRUCK_OFF).exists()


def test_a_self_registration_is_checked_in_the_registers(db, django_capture_on_commit_callbacks):
    from accounts.registration import registration_start

    entity = Entity.objects.create(name="Stowarzyszenie „Stary Młyn”", nip=STRUCK_OFF_NIP)
    with django_capture_on_commit_callbacks(execute=True):
        registration_start(email="nowy@example.com", first_name="Nowy", last_name="Członek",
                           password="Bardzo-trudne-haslo-1", entity_nip=STRUCK_OFF_NIP, consent_processing=True,
                           consent_authorised=True)
    assert RegistrySnapshot.objects.get(entity=entity).is_alarming is True


def test_a_submitted_application_for_the_mark_is_checked(db, django_capture_on_commit_callbacks):
    from accounts.tests.factories import UserFactory
    from certification.models import Status
    from certification.tests.factories import ApplicationFactory

    entity = Entity.objects.create(name="Fundacja „Wspólny Stół”", nip="8792731001")
    application = ApplicationFactory(entity=entity, created_by=UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        application.status = Status.SUBMITTED
        application.save(update_fields=["status"])
    assert RegistrySnapshot.objects.get(entity=entity).is_alarming is False


def test_closing_a_task_records_who_and_when(held, staff):
    registry_watch_run(today=NEXT_DAY)
    task = RegistryTask.objects.open().first()
    closed = registry_task_close(task=task, by=staff, note="Wniosek o odebranie znaku przekazany Kapitule.")
    assert (closed.status, closed.closed_by) == (RegistryTask.Status.CLOSED, staff)
    assert closed.closed_at is not None


def test_only_staff_close_tasks(held, pes):
    from django.core.exceptions import PermissionDenied

    registry_watch_run(today=NEXT_DAY)
    with pytest.raises(PermissionDenied):
        registry_task_close(task=RegistryTask.objects.open().first(), by=pes)
