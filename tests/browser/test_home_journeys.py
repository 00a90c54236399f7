"""Each role's home page ("Moje sprawy", issue #15) in a browser: with one pending matter of each kind it shows
(tests/home_worlds.py), the person logs in through the login page, lands on the home page, and reaches every
matter in one click on a link named as they read it (the queues by their counts), then goes back home. Whether
every link of those pages opens for the role is tests/test_home_links.py (no browser needed)."""

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.home_worlds import Cast, board_world, member_world, pes_world, staff_world

from .test_certification_journey import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HOME = "Moje sprawy"


@pytest.fixture
def cast(staff, pes, pes_entity, member):
    return Cast(staff=staff, pes=pes, entity=pes_entity, member=member)


def log_in_and_land_home(page, user):
    """The way in: the login page, then the home page it leads to."""
    page.goto("/konto/logowanie/")
    page.get_by_label("Adres e-mail").fill(user.email)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME)


@contextmanager
def matter(name: str):
    """A failure names the matter it was about."""
    try:
        yield
    except (AssertionError, PlaywrightError) as exc:
        raise AssertionError(f"{name}: {exc}") from exc


def region(page, name: str):
    """A section of the home page, by its heading."""
    return page.get_by_role("main").get_by_role("region", name=name, exact=True)


def reach(page, name: str, *, link: str | re.Pattern, url: str, heading: str, within=None, shows: str = "",
          absent: str = "") -> None:
    """From the home page, one click on the link named ``link`` (in the section ``within``) leads to ``url``
    (path and query) whose first heading says ``heading``; on it ``shows`` is a link and ``absent`` is not (a
    filtered list); then back home."""
    with matter(name):
        place = region(page, within) if within else page.get_by_role("main")
        target = place.get_by_role("link", name=link, exact=True)
        expect(target).to_have_count(1)
        target.click()
        expect(page).to_have_url(re.compile(re.escape(url) + r"(#.*)?$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        if shows:
            expect(page.get_by_role("main").get_by_role("link", name=shows, exact=True).first).to_be_visible()
        if absent:
            expect(page.get_by_role("main").get_by_role("link", name=absent, exact=True)).to_have_count(0)
        page.go_back()
        expect(page.get_by_role("heading", level=1)).to_have_text(HOME)


def test_staff_reach_each_queue_the_newest_change_and_their_job_from_home(page, live_server, cast):
    from entities.sources.models import RegistryTask

    world = staff_world(cast)
    applications, listed = reverse("certification:list"), "Wnioski „Zakup Prospołeczny”"
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    log_in_and_land_home(page, cast.staff)
    reach(page, "applications awaiting the formal check", link="1 wniosek czeka na ocenę formalną",
          url=f"{applications}?status=submitted", heading=listed, shows="Spółdzielnia Złożona",
          absent="Spółdzielnia Sprawdzana")
    reach(page, "applications in the formal check", link="1 wniosek w ocenie formalnej",
          url=f"{applications}?status=formal_check", heading=listed, shows="Spółdzielnia Sprawdzana",
          absent="Spółdzielnia Złożona")
    reach(page, "returns past their deadline", link="1 zwrot po terminie poprawek",
          url=f"{applications}?status=returned&overdue=1", heading=listed, shows="Spółdzielnia Spóźniona",
          absent="Spółdzielnia Złożona")
    reach(page, "certificates expiring within 60 days", link="1 certyfikat wygasa w ciągu 60 dni",
          url=f"{applications}?expiring=1", heading=listed, shows="Spółdzielnia Wygasająca",
          absent="Spółdzielnia Złożona")
    reach(page, "reports in progress", link="1 sprawozdanie w przygotowaniu",
          url=f"{reverse('monitoring:reports')}?in_progress=1", heading="Sprawozdania", shows=world["report"].title)
    campaign = world["campaign"]
    reach(page, "a campaign and its completion", link=f"{campaign.title}: odpowiedziało 0 z 1 respondenta",
          url=reverse("monitoring:campaign", args=[campaign.pk]), heading=campaign.title)
    reach(page, "registration requests to decide", link="1 zgłoszenie rejestracji do rozpatrzenia",
          url=reverse("accounts:registration_list"), heading="Rejestracje", shows="Renata Rejestrowa")
    # Besides the liquidation, the registers' check of each entity added on the way in may have left its task.
    tasks = RegistryTask.objects.open().count()
    reach(page, "registry tasks", link=re.compile(rf"^{tasks} zada(nie|nia|ń) w rejestrze do załatwienia$"),
          url=reverse("entities:registry_tasks"), heading="Zadania z rejestrów", shows="Fundacja w Likwidacji")
    reach(page, "events this week", link="1 wydarzenie w tym tygodniu",
          url=f"{reverse('events:calendar')}?month={monday:%Y-%m}", heading="Kalendarz wydarzeń",
          shows="Forum ekonomii społecznej")
    reach(page, "the newest change in the registry", within="Rejestr", link="Stowarzyszenie Najnowsze",
          url=reverse("entities:detail", args=[world["changed"].pk]), heading="Stowarzyszenie Najnowsze")
    reach(page, "a background job", within="Twoje ostatnie zadania w tle", link=world["job"].title,
          url=reverse("core:job_detail", args=[world["job"].pk]), heading=world["job"].title)


def test_board_sees_what_awaits_acceptance_unlinked_and_opens_an_accepted_report(page, live_server, cast, board):
    world = board_world(cast)
    log_in_and_land_home(page, board)
    with matter("a report awaiting the Board's acceptance"):
        awaiting = region(page, "1 sprawozdanie czeka na przyjęcie przez Zarząd")
        expect(awaiting.get_by_text(world["awaiting"].title)).to_be_visible()
        expect(awaiting.get_by_role("link")).to_have_count(0)     # the Board opens it once it has accepted it
    accepted = world["accepted"]
    reach(page, "an accepted report", within="Ostatnio przyjęte sprawozdania", link=accepted.title,
          url=reverse("monitoring:report", args=[accepted.pk]), heading=accepted.title)


def test_member_reaches_each_vote_declaration_assessment_meeting_and_survey_from_home(page, live_server, cast):
    world = member_world(cast)
    vote, draft, meeting, survey = world["vote"], world["draft"], world["meeting"], world["survey"]
    application = world["application"]
    log_in_and_land_home(page, cast.member)
    with matter("an open vote's deadline and whether they voted"):
        item = region(page, "1 otwarte głosowanie").get_by_role("listitem")
        expect(item).to_contain_text("Głosowanie do")
        expect(item).to_contain_text("jeszcze nie głosowano")
    reach(page, "a vote open to them", within="1 otwarte głosowanie", link=f"{vote.number} {vote.title}",
          url=reverse("committee:resolution", args=[vote.pk]), heading=vote.title)
    reach(page, "a declaration of conflict to make",
          within="1 oświadczenie o konflikcie interesów do złożenia", link=f"{draft.number} {draft.title}",
          url=reverse("committee:resolution", args=[draft.pk]), heading=draft.title)
    reach(page, "an assessment to write", within="1 ocena do napisania",
          link=f"{application.entity_name} – {application.edition}",
          url=reverse("certification:detail", args=[application.pk]) + "#your-assessment",
          heading=application.entity_name)
    with matter("the assessment form the link leads to"):
        region(page, "1 ocena do napisania").get_by_role("link").click()
        expect(page.get_by_role("heading", name="Twoja ocena", exact=True)).to_be_visible()
        page.go_back()
    with matter("an upcoming meeting's agenda and documents"):
        expect(region(page, "Nadchodzące posiedzenia").get_by_role("listitem").first).to_contain_text("1 dokument")
        agenda = region(page, "Nadchodzące posiedzenia").get_by_role("listitem").get_by_role("list")
        expect(agenda.get_by_role("listitem")).to_have_text(["Otwarcie", "Opinia o sprawozdaniu rocznym"])
    meeting_link = region(page, "Nadchodzące posiedzenia").get_by_role("link")
    reach(page, "an upcoming meeting", within="Nadchodzące posiedzenia", link=meeting_link.inner_text(),
          url=reverse("committee:meeting", args=[meeting.pk]), heading="Posiedzenie")
    reach(page, "the survey to answer", within="Ankieta do wypełnienia", link=survey.title,
          url=reverse("committee:survey", args=[survey.pk]), heading=survey.title)


def test_pes_reaches_each_application_questionnaire_certificate_and_event_and_starts_one(page, live_server, cast):
    from certification.models import Application

    world = pes_world(cast)
    returned, draft, certificate = world["returned"], world["draft"], world["certificate"]
    log_in_and_land_home(page, cast.pes)
    applications = "3 wnioski o znak „Zakup Prospołeczny”"     # the return, the draft, the certificate's
    with matter("a return for corrections with its deadline in bold"):
        item = region(page, applications).get_by_role("listitem").filter(has_text=str(returned.edition))
        expect(item.locator("strong")).to_contain_text(f"{returned.corrections_deadline:%d.%m.%Y}".lstrip("0"))
    reach(page, "the returned application", within=applications, link=f"{returned.entity_name} – {returned.edition}",
          url=reverse("certification:detail", args=[returned.pk]), heading=returned.entity_name)
    reach(page, "the return's next step", within=applications, link="Popraw wniosek",
          url=reverse("certification:step", args=[returned.pk, "review"]), heading="Wniosek")
    reach(page, "a draft's next step", within=applications, link="Kontynuuj wniosek",
          url=reverse("certification:step", args=[draft.pk, "entity"]), heading="Wniosek")
    respondent = world["respondent"]
    reach(page, "a questionnaire to answer", within="1 ankieta do wypełnienia", link=respondent.campaign.title,
          url=reverse("monitoring:answer", args=[respondent.pk]), heading=respondent.questionnaire.title)
    reach(page, "a certificate with its expiry", within="Twoje certyfikaty", link=certificate.number,
          url=reverse("certification:detail", args=[certificate.application_id]), heading=certificate.entity_name)
    event = world["event"]
    reach(page, "an event they registered for", within="Wydarzenia, na które się zapisano", link=event.title,
          url=reverse("events:public_detail", args=[event.pk]), heading=event.title)
    with matter("a new application in the edition that is open"):
        start = region(page, applications)
        expect(start.get_by_label("Edycja").get_by_role("option")).to_have_text([str(world["fresh"])])
        start.get_by_label("Edycja").select_option(label=str(world["fresh"]))
        start.get_by_role("button", name="Rozpocznij wniosek").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Wniosek")
        assert Application.objects.filter(edition=world["fresh"], entity=cast.entity).exists()
