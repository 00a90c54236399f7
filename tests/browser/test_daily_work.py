"""Daily work in a browser: each role's home page reaches a pending matter in one click; the public entrance
needs no login; staff mark the attendance of a large event with "select all"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from committee.models import Committee, ConflictDeclaration, Member, Resolution
from events.models import Registration
from events.tests.factories import EventFactory

from .test_certification_journey import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_entrance_leads_to_the_catalogue_without_login(page):
    page.goto("/")
    page.get_by_role("link", name="Katalog produktów i usług PES").first.click()
    assert "/rejestr/katalog/" in page.url


def test_member_reaches_an_open_vote_from_the_home_page(page, member):
    committee = Committee.objects.create(kind="rkres", name="RKRES",
                                         term_start=timezone.localdate() - timedelta(days=400))
    m = Member.objects.create(committee=committee, user=member, category="ngo",
                              appointed_on=timezone.localdate() - timedelta(days=30))
    resolution = Resolution.objects.create(committee=committee, year=2026, sequence=4, title="Opinia o programie",
                                           status=Resolution.Status.OPEN, opened_at=timezone.now(),
                                           deadline=timezone.now() + timedelta(days=2), entitled_members=[m.pk])
    ConflictDeclaration.objects.create(resolution=resolution, member=m, has_conflict=False)
    login(page, member.email)
    page.goto("/")
    page.get_by_role("link", name="4/2026 Opinia o programie").click()
    assert page.url.endswith(f"/komitet/uchwaly/{resolution.pk}/")


def test_staff_mark_everybody_present_with_select_all(page, staff):
    event = EventFactory(held=True, capacity=300)
    Registration.objects.bulk_create(Registration(event=event, first_name=f"Osoba{i}", last_name="Targowa",
                                                  category="pes") for i in range(205))
    login(page, staff.email)
    page.goto(f"/wydarzenia/{event.pk}/obecnosc/")
    page.get_by_role("button", name="Zaznacz wszystkich").click()
    assert page.get_by_text("Zaznaczono: 205").is_visible()
    page.get_by_role("button", name="Zapisz obecność zaznaczonych").click()
    page.wait_for_load_state()
    assert event.registrations.filter(attended=True).count() == 205


def test_staff_close_a_vote_after_reading_what_will_happen(page, staff, member):
    committee = Committee.objects.create(kind="rkres", name="RKRES",
                                         term_start=timezone.localdate() - timedelta(days=400))
    m = Member.objects.create(committee=committee, user=member, category="ngo",
                              appointed_on=timezone.localdate() - timedelta(days=30))
    resolution = Resolution.objects.create(committee=committee, year=2026, sequence=5, title="Opinia",
                                           status=Resolution.Status.OPEN, opened_at=timezone.now(),
                                           entitled_members=[m.pk])
    login(page, staff.email)
    page.goto(f"/komitet/uchwaly/{resolution.pk}/")
    page.get_by_role("link", name="Zamknij głosowanie teraz").click()
    assert page.get_by_role("heading", name="Co się stanie").is_visible()
    resolution.refresh_from_db()
    assert resolution.is_open
    page.get_by_role("button", name="Zamknij głosowanie teraz").click()
    page.wait_for_load_state()
    resolution.refresh_from_db()
    assert resolution.is_closed


def test_staff_see_the_history_pdf_come_along_where_they_ordered_it(page, staff, pes_entity):
    login(page, staff.email)
    history = f"/historia/entities/entity/{pes_entity.pk}/"
    page.goto(history)
    page.get_by_role("button", name="Pobierz jako PDF").click()
    page.wait_for_load_state()
    assert page.url.split("?")[0].endswith(history)
    assert "?job=" in page.url
    region = page.locator("#job-status[aria-live=polite]")
    region.get_by_role("link", name="Pobierz").wait_for(timeout=15_000)   # polled by htmx until the job is done
    assert region.get_by_role("link", name="Wróć do strony, z której zlecono zadanie").is_visible()


def test_staff_dismiss_a_member_after_reading_what_will_happen(page, staff, member):
    committee = Committee.objects.create(kind="rkres", name="RKRES",
                                         term_start=timezone.localdate() - timedelta(days=400))
    m = Member.objects.create(committee=committee, user=member, category="ngo",
                              appointed_on=timezone.localdate() - timedelta(days=30))
    login(page, staff.email)
    page.goto(f"/komitet/{committee.pk}/")
    page.get_by_role("link", name=f"Odwołaj {member}").click()
    assert page.get_by_role("heading", name="Co się stanie").is_visible()
    m.refresh_from_db()
    assert m.dismissed_on is None          # reading the confirmation changes nothing
    page.get_by_label("Powód odwołania").select_option("own_request")
    page.get_by_role("button", name="Odwołaj").click()
    page.wait_for_load_state()
    m.refresh_from_db()
    assert m.dismissed_on is not None


def test_staff_choose_an_organiser_in_the_picker_by_typing_part_of_its_name(page, staff, pes_entity):
    event = EventFactory()
    login(page, staff.email)
    page.goto(f"/wydarzenia/{event.pk}/edycja/")
    box = page.get_by_role("combobox", name="Organizator")
    box.fill(pes_entity.name[:6])
    option = page.get_by_role("option", name=pes_entity.name)
    option.wait_for(timeout=10_000)
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    box.press("Enter")
    assert page.locator("input[name=organiser][data-picker-value]").input_value() == str(pes_entity.pk)
    assert box.input_value() == pes_entity.name
    page.get_by_role("button", name="Zapisz").first.click()
    page.wait_for_load_state()
    event.refresh_from_db()
    assert event.organiser == pes_entity


def test_pes_reaches_its_return_for_corrections_from_the_home_page(page, pes, pes_entity, staff):
    from certification import services
    from certification.models import Status
    from certification.tests.factories import EditionFactory

    application = services.application_create(edition=EditionFactory(), entity=pes_entity, by=pes)
    application.status = Status.FORMAL_CHECK
    application.save()
    services.application_transition(application=application, to=Status.RETURNED, by=staff,
                                    note="Dołączcie sprawozdanie", deadline=timezone.localdate() + timedelta(days=7))
    login(page, pes.email)
    page.goto("/")
    page.get_by_role("link", name="Popraw wniosek").click()
    page.wait_for_load_state()
    assert f"/wnioski/{application.pk}/" in page.url
