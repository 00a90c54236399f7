"""The whole "Zakup Prospołeczny" journey in a browser: a PES representative registers (e-mail confirmation,
staff approval), applies with an attachment, staff return it for a correction, the PES corrects it, two chapter
members declare and assess, the chapter votes, staff issue the certificate, its PDF is downloaded and verified on
the public page."""

import random
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from certification.models import Application, Certificate
from certification.tests.factories import EditionFactory
from committee.models import Category, Member
from entities.identifiers import fake_nip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "test-password-123"
PDF = Path(__file__).parent / "files" / "sprawozdanie.pdf"


def login(page, email, password=PASSWORD):
    page.context.clear_cookies()
    page.goto("/konto/logowanie/")
    page.get_by_label("Adres e-mail").fill(email)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_load_state()


def save_and_continue(page):
    page.get_by_role("button", name="Zapisz i przejdź dalej").click()
    page.wait_for_load_state()


def fill_application(page, application_url):
    page.goto(application_url.replace("/krok/entity/", "/krok/entity/"))
    page.locator("[name=social_aims]").fill("Zatrudniamy osoby długotrwale bezrobotne; zysk reinwestujemy.")
    save_and_continue(page)
    page.goto(application_url.replace("/krok/entity/", "/krok/items/"))
    page.locator("[name=items-0-name]").fill("Catering na wydarzenia")
    page.locator("[name=items-0-category]").fill("gastronomia")
    save_and_continue(page)
    page.goto(application_url.replace("/krok/entity/", "/krok/criteria/"))
    for field in page.locator("textarea[name^=criterion_]").all():
        field.fill("Tak – opis w statucie i sprawozdaniu.")
    save_and_continue(page)
    page.goto(application_url.replace("/krok/entity/", "/krok/finances/"))
    page.locator("[name=revenue_period]").fill("2025")
    page.locator("[name=total_revenue]").fill("200000")
    page.locator("[name=own_revenue]").fill("90000")
    save_and_continue(page)
    page.goto(application_url.replace("/krok/entity/", "/krok/recommendations/"))
    page.locator("[name=rec-0-author]").fill("Anna Nowak")
    page.locator("[name=rec-0-organisation]").fill("Urząd Gminy Lubicz")
    page.get_by_role("button", name="Zapisz i dodaj nowy").click()
    page.locator("[name=rec-1-author]").fill("Piotr Zieliński")
    page.locator("[name=rec-1-organisation]").fill("Dom Kultury")
    save_and_continue(page)
    page.goto(application_url.replace("/krok/entity/", "/krok/declarations/"))
    for box in page.locator("form input[type=checkbox]").all():
        box.check()
    save_and_continue(page)


def register(page, entity):
    """A new representative registers for an entity of the registry, confirms the e-mail; staff approve."""
    from django.core import mail

    page.goto("/konto/logowanie/")
    page.get_by_role("link", name=re.compile("Załóż konto|Zarejestruj")).first.click()
    page.locator("[name=first_name]").fill("Ewa")
    page.locator("[name=last_name]").fill("Spółdzielcza")
    page.locator("[name=email]").fill("ewa@spoldzielnia.example.pl")
    page.locator("[name=password1]").fill("Spoldzielnia-Razem-2026")
    page.locator("[name=password2]").fill("Spoldzielnia-Razem-2026")
    page.locator("[name=entity_nip]").fill(entity.nip)
    page.locator("[name=consent_processing]").check()
    page.locator("[name=consent_authorised]").check()
    time.sleep(3.1)  # the form refuses posts made faster than a person could fill it in
    page.get_by_role("button", name="Załóż konto").click()
    page.wait_for_load_state()
    link = next(word for message in mail.outbox for word in message.body.split()
                if "/rejestracja/potwierdzenie/" in word)
    page.goto(link)
    page.get_by_role("button", name="Potwierdź mój adres e-mail").click()
    page.wait_for_load_state()


def test_the_whole_certification_journey(page, live_server, settings, pes_entity, staff):
    settings.SITE_URL = live_server.url
    page.set_default_timeout(10_000)
    edition = EditionFactory(name="Edycja próbna")
    members = [UserFactory(roles=[Role.COMMITTEE_MEMBER], email=f"kapitula{n}@example.pl") for n in range(2)]
    for n, user in enumerate(members):
        user.set_password(PASSWORD)
        user.save()
        Member.objects.create(committee=edition.committee, user=user, category=Category.OTHER,
                              role=Member.Role.CHAIR if n == 0 else Member.Role.MEMBER,
                              appointed_on=timezone.localdate() - timedelta(days=30))

    pes_entity.nip = fake_nip(random.Random(7))
    pes_entity.save()
    register(page, pes_entity)
    from accounts.models import RegistrationRequest, User

    registration = RegistrationRequest.objects.get(user__email="ewa@spoldzielnia.example.pl")
    assert registration.entity == pes_entity
    assert registration.status == "awaiting_staff"
    pes = User.objects.get(email="ewa@spoldzielnia.example.pl")
    assert not pes.representations.exists()  # nothing before the ROPS approves
    login(page, staff.email)
    page.goto(f"/konto/rejestracje/{registration.pk}/")
    page.get_by_role("button", name="Zatwierdź").click()
    page.wait_for_load_state()
    assert pes.representations.filter(entity=pes_entity).exists()

    # The PES starts an application and fills every step; the attachment is checked by content.
    login(page, pes.email, "Spoldzielnia-Razem-2026")
    page.goto("/certyfikacja/wnioski/")
    page.get_by_role("button", name="Rozpocznij wniosek").click()
    page.wait_for_url(re.compile(r"/krok/entity/$"))
    application_url = page.url
    fill_application(page, application_url)
    page.goto(application_url.replace("/krok/entity/", "/krok/declarations/"))
    page.locator("[name=kind]").select_option("financial_statement")
    page.locator("[name=file]").set_input_files(str(PDF))
    page.get_by_role("button", name="Dołącz").click()
    assert page.get_by_role("link", name="sprawozdanie.pdf").is_visible()
    page.goto(application_url.replace("/krok/entity/", "/krok/review/"))
    page.get_by_role("button", name="Złóż wniosek").click()
    application = Application.objects.get()
    assert application.status == "submitted"

    # Staff start the formal check and return it for a correction with a deadline.
    login(page, staff.email)
    page.goto(application.get_absolute_url())
    page.get_by_role("button", name="Rozpocznij ocenę formalną").click()
    page.locator("#note-returned").fill("Prosimy uzupełnić opis celów społecznych.")
    page.get_by_label("Termin na poprawki").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Zwróć do poprawy").click()
    application.refresh_from_db()
    assert application.status == "returned"

    # The PES sees what to correct, corrects it and submits again.
    login(page, pes.email, "Spoldzielnia-Razem-2026")
    page.goto(application.get_absolute_url())
    assert "uzupełnić opis celów" in page.content()
    page.goto(application_url)
    page.locator("[name=social_aims]").fill("Zatrudniamy osoby z niepełnosprawnościami i długotrwale bezrobotne.")
    save_and_continue(page)
    page.goto(application_url.replace("/krok/entity/", "/krok/review/"))
    page.get_by_role("button", name="Złóż wniosek").click()
    application.refresh_from_db()
    assert application.status == "submitted"

    # Staff pass it to the chapter.
    login(page, staff.email)
    page.goto(application.get_absolute_url())
    page.get_by_role("button", name="Rozpocznij ocenę formalną").click()
    page.get_by_role("button", name="Przekaż do oceny Kapituły").click()
    application.refresh_from_db()
    assert application.status == "assessment"

    # Two members declare no conflict of interest and assess every criterion.
    for user in members:
        login(page, user.email)
        page.goto(application.get_absolute_url())
        page.get_by_label("Nie mam konfliktu interesów w tej sprawie").check()
        page.get_by_role("button", name="Złóż oświadczenie").click()
        assert page.get_by_role("link", name="sprawozdanie.pdf").is_visible()
        form = page.locator("form[action$='/ocena/']")
        for select in form.locator("select").all():
            select.select_option("yes")
        for number in form.locator("input[type=number]").all():
            number.fill("8")
        form.get_by_role("button", name="Złóż ocenę").click()
        page.wait_for_load_state()
        # Submitting is irreversible: a page says what will happen and asks again.
        assert page.get_by_role("heading", name="Złóż ocenę").is_visible()
        page.locator("main form").get_by_role("button", name="Złóż ocenę").click()
        page.wait_for_load_state()
        assert application.assessments.filter(member=user, submitted_at__isnull=False).exists()
    assert application.assessments.filter(submitted_at__isnull=False).count() == 2

    # Staff put it to the vote; both members vote for; staff close the vote.
    login(page, staff.email)
    page.goto(application.get_absolute_url())
    page.get_by_role("button", name="Skieruj pod głosowanie Kapituły").click()
    application.refresh_from_db()
    resolution_url = application.resolution.get_absolute_url()
    for user in members:
        login(page, user.email)
        page.goto(resolution_url)
        page.get_by_label("za", exact=True).check()
        page.get_by_role("button", name="Głosuj").click()
        page.wait_for_load_state()
        assert application.resolution.votes.filter(member__user=user, choice="for").exists()
    login(page, staff.email)
    page.goto(resolution_url)
    page.get_by_role("link", name="Zamknij głosowanie teraz").click()   # asks first: what closing will do
    page.get_by_role("button", name="Zamknij głosowanie teraz").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.status == "granted", application.status

    # Staff issue the certificate; the PDF is rendered by the job and downloaded; the public page verifies it.
    page.goto(application.get_absolute_url())
    page.get_by_role("link", name="Wydaj certyfikat").click()   # asks first: what issuing will do
    page.get_by_role("button", name="Wydaj certyfikat").click()
    certificate = Certificate.objects.get()
    login(page, pes.email, "Spoldzielnia-Razem-2026")
    page.goto(application.get_absolute_url())
    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz certyfikat (PDF)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    page.context.clear_cookies()
    page.goto("/certyfikacja/weryfikacja/")
    page.get_by_label("Numer certyfikatu").fill(certificate.number)
    page.get_by_role("button", name="Sprawdź", exact=True).click()
    assert certificate.number in page.content()
    assert "ważny" in page.content().lower()
