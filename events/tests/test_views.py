import re
import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from core.antispam import SALT
from core.models import Job
from events.models import Event, EventStatus, Registration

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def old_token() -> str:
    return signing.dumps(time.time() - 60, salt=SALT)


def form_data(**overrides):
    data = {"first_name": "Anna", "last_name": "Nowak", "email": "anna@example.com", "institution": "",
            "category": "jst", "accessibility_needs": "", "consent": "on", "website": "", "form_token": old_token()}
    data.update(overrides)
    return data


# --- public registration ----------------------------------------------------------------------

def test_public_registration_confirms_and_sends_the_cancel_link(client, django_capture_on_commit_callbacks):
    event = EventFactory(open=True, capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:public_detail", args=[event.pk]), form_data())
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "potwierdzone" in page
    registration = Registration.objects.get()
    assert registration.status == "confirmed"
    assert registration.consent_at
    assert registration.cancel_token in mail.outbox[0].body


def test_bad_input_gives_polish_messages_and_keeps_what_was_typed(client):
    event = EventFactory(open=True)
    response = client.post(reverse("events:public_detail", args=[event.pk]),
                           form_data(email="nie-adres", consent="", accessibility_needs="tłumacz PJM"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Wprowadź poprawny adres email" in html
    assert "Zgoda na przetwarzanie danych osobowych jest wymagana" in html
    assert 'value="Nowak"' in html
    assert "tłumacz PJM" in html
    assert not Registration.objects.exists()


def test_honeypot_and_instant_posts_are_refused_without_saving(client):
    event = EventFactory(open=True)
    url = reverse("events:public_detail", args=[event.pk])
    assert client.post(url, form_data(website="http://spam.example")).status_code == 400
    instant = form_data(form_token=signing.dumps(time.time(), salt=SALT))
    response = client.post(url, instant)
    assert response.status_code == 400
    assert "Odczekaj chwilę" in response.content.decode()
    assert client.post(url, form_data(form_token="forged")).status_code == 400
    assert not Registration.objects.exists()


def test_duplicate_registration_is_explained_on_the_email_field(client):
    event = EventFactory(open=True)
    RegistrationFactory(event=event, email="anna@example.com")
    response = client.post(reverse("events:public_detail", args=[event.pk]), form_data())
    assert response.status_code == 400
    assert "już zarejestrowany" in response.content.decode()
    assert Registration.objects.count() == 1


def test_registration_closed_after_the_deadline(client):
    event = EventFactory(open=True, registration_deadline=timezone.now() - timedelta(hours=1))
    page = client.get(reverse("events:public_detail", args=[event.pk])).content.decode()
    assert "Rejestracja na to wydarzenie jest zamknięta" in page
    assert 'name="consent"' not in page
    client.post(reverse("events:public_detail", args=[event.pk]), form_data())
    assert not Registration.objects.exists()


def test_institution_is_matched_to_the_registry(client, pes_entity):
    event = EventFactory(open=True)
    client.post(reverse("events:public_detail", args=[event.pk]), form_data(institution=f"  {pes_entity.name} "))
    assert Registration.objects.get().entity == pes_entity


def test_cancel_link_asks_first_then_cancels(client):
    registration = RegistrationFactory()
    url = reverse("events:public_cancel", args=[registration.cancel_token])
    assert client.get(url).status_code == 200
    registration.refresh_from_db()
    assert registration.status == "confirmed"  # a GET (e.g. a mail scanner) changes nothing
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_guessed_cancel_links_are_404(client):
    RegistrationFactory()
    assert client.get(reverse("events:public_cancel", args=["x" * 43])).status_code == 404
    assert client.get(reverse("events:public_cancel", args=["short"])).status_code == 404


def test_public_list_shows_upcoming_public_events_only(client):
    upcoming = EventFactory(open=True, title="Targi Ekonomii Społecznej")
    EventFactory(status=EventStatus.CANCELLED, title="Odwołane spotkanie")
    EventFactory(held=True, title="Minione forum")
    html = client.get(reverse("events:public_list")).content.decode()
    assert upcoming.title in html
    assert "Odwołane" not in html
    assert "Minione" not in html


def test_ical_feed(client):
    event = EventFactory(open=True, title="Forum OWES")
    response = client.get(reverse("events:ical"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in body
    assert "SUMMARY:Forum OWES" in body
    assert f"event-{event.pk}@rops" in body


# --- back office ------------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "list_status", "detail_status"), [
    ("staff", 200, 200), ("rops_admin", 200, 200), ("board", 200, 200), ("member", 200, 200),
    ("pes", 403, 404), ("outsider", 403, 404),
])
def test_who_reaches_the_back_office_pages(cast, client_for, role, list_status, detail_status):
    event = EventFactory()
    client = client_for(cast[role])
    assert client.get(reverse("events:list")).status_code == list_status
    assert client.get(reverse("events:calendar")).status_code == list_status
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == detail_status


@pytest.mark.parametrize("role", ["board", "member"])
def test_readers_do_not_see_participants_nor_change_anything(cast, client_for, role):
    event = EventFactory(open=True)
    RegistrationFactory(event=event, email="tajny@example.com")
    client = client_for(cast[role])
    assert "tajny@example.com" not in client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert client.post(reverse("events:transition", args=[event.pk]), {"to": "cancelled"}).status_code == 403
    assert client.get(reverse("events:create")).status_code == 403
    event.refresh_from_db()
    assert event.status == "registration_open"


def test_staff_create_an_event_with_clear_errors_for_bad_dates(client_for, staff):
    client = client_for(staff)
    bad = {"kind": "training", "title": "Szkolenie dla JST", "starts_at": "2026-12-10T10:00",
           "ends_at": "2026-12-09T10:00"}
    response = client.post(reverse("events:create"), bad)
    assert response.status_code == 200
    assert "Koniec nie może być wcześniejszy" in response.content.decode()
    assert not Event.objects.exists()
    good = {**bad, "ends_at": "2026-12-10T15:00", "capacity": "30"}
    response = client.post(reverse("events:create"), good)
    event = Event.objects.get()
    assert response.url == reverse("events:detail", args=[event.pk])
    assert event.created_by == staff
    assert event.capacity == 30


def test_staff_mark_attendance_in_bulk(client_for, staff):
    event = EventFactory(held=True)
    a, b = RegistrationFactory(event=event), RegistrationFactory(event=event)
    client_for(staff).post(reverse("events:attendance", args=[event.pk]),
                           {"registrations": [a.pk, b.pk], "attended": "yes"})
    assert set(Registration.objects.filter(attended=True).values_list("pk", flat=True)) == {a.pk, b.pk}


def test_staff_add_a_walk_in(client_for, staff):
    event = EventFactory(held=True)
    response = client_for(staff).post(reverse("events:walk_in", args=[event.pk]), {
        "first_name": "Piotr", "last_name": "Gość", "email": "", "category": "business"})
    assert response.status_code == 302
    assert Registration.objects.get().walk_in


def test_event_page_query_count_does_not_grow_with_participants(client_for, staff, django_assert_max_num_queries):
    event = EventFactory(open=True, capacity=500)
    client = client_for(staff)
    for _ in range(3):
        RegistrationFactory(event=event)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("events:detail", args=[event.pk]))
    for _ in range(30):
        RegistrationFactory(event=event)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("events:detail", args=[event.pk]))


def test_list_query_count_is_fixed(client_for, staff, django_assert_num_queries, django_assert_max_num_queries):
    client = client_for(staff)
    EventFactory.create_batch(3)
    client.get(reverse("events:list"))  # warm the session
    # Session, user, roles, permissions, count, page; the same whatever the number of events.
    with django_assert_max_num_queries(12) as ctx:
        client.get(reverse("events:list"))
    EventFactory.create_batch(20)
    with django_assert_num_queries(len(ctx.captured_queries)):
        client.get(reverse("events:list"))


def test_attendance_pdf_and_xlsx_jobs(client_for, staff, django_capture_on_commit_callbacks):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    event = EventFactory(held=True, title="Spotkanie sieci CIS/KIS")
    RegistrationFactory(event=event, first_name="Zenon", last_name="Podpisowy")
    RegistrationFactory(event=event, status="waiting", first_name="Wacław", last_name="Rezerwowy")
    client = client_for(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:participants_job", args=[event.pk, "events_attendance_pdf"]))
        client.post(reverse("events:participants_job", args=[event.pk, "events_participants_xlsx"]))
    pdf_job, xlsx_job = Job.objects.order_by("created_at")
    text = PdfReader(io.BytesIO(pdf_job.result.read())).pages[0].extract_text()
    assert "Lista obecności" in text
    assert "Podpisowy Zenon" in text
    assert "Rezerwowy" not in text
    sheet = load_workbook(io.BytesIO(xlsx_job.result.read())).active
    names = [row[1] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert names == ["Podpisowy Zenon", "Rezerwowy Wacław"]


def test_documents_are_checked_by_content(client_for, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = EventFactory(held=True)
    client = client_for(staff)
    fake = SimpleUploadedFile("program.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    response = client.post(reverse("events:document_add", args=[event.pk]),
                           {"title": "Program", "kind": "document", "file": fake}, follow=True)
    assert "nie jest dopuszczonego typu" in response.content.decode()
    assert not event.documents.exists()
    real = SimpleUploadedFile("Program <b>v2.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    client.post(reverse("events:document_add", args=[event.pk]), {"title": "Program", "kind": "document",
                                                                  "file": real})
    doc = event.documents.get()
    assert "Program" not in doc.file.name   # stored under a random name chosen by the server
    download = client.get(reverse("events:document", args=[event.pk, doc.pk]))
    assert download.status_code == 200
    assert f'filename="plik-{doc.pk}.pdf"' in download["Content-Disposition"]
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Program &lt;b&gt;v2.pdf" in page   # the uploader's name is shown, escaped


def test_anonymise_command(db, capsys):
    from django.core.management import call_command

    old = EventFactory(held=True, starts_at=timezone.now() - timedelta(days=800),
                       ends_at=timezone.now() - timedelta(days=799))
    RegistrationFactory(event=old)
    call_command("anonymise_participants")
    assert "Anonymised 1" in capsys.readouterr().out
    assert Registration.objects.get().email == ""


def test_registrations_of_a_past_event_cannot_be_cancelled_from_its_page(client_for, staff):
    held = EventFactory(held=True)
    registration = RegistrationFactory(event=held)
    html = client_for(staff).get(reverse("events:detail", args=[held.pk])).content.decode()
    assert reverse("events:registration_cancel", args=[held.pk, registration.pk]) not in html
    upcoming = EventFactory(open=True)
    other = RegistrationFactory(event=upcoming)
    html = client_for(staff).get(reverse("events:detail", args=[upcoming.pk])).content.decode()
    assert reverse("events:registration_cancel", args=[upcoming.pk, other.pk]) in html


@pytest.mark.parametrize(("status", "offered"), [(EventStatus.PLANNED, True), (EventStatus.HELD, True),
                                                 (EventStatus.REPORTED, False), (EventStatus.CANCELLED, False)])
def test_edit_is_offered_only_while_the_event_may_change(client_for, staff, status, offered):
    event = EventFactory(status=status)
    page = client_for(staff).get(reverse("events:detail", args=[event.pk])).content.decode()
    assert (reverse("events:edit", args=[event.pk]) in page) is offered


def test_a_refused_registration_lists_its_errors_at_the_top_linked_to_the_fields(client):
    event = EventFactory(open=True)
    response = client.post(reverse("events:public_detail", args=[event.pk]),
                           {"first_name": "", "last_name": "Nowak", "email": "nie-adres", "category": "pes"})
    page = response.content.decode()
    assert response.status_code == 400
    summary = page[page.index('id="error-summary"'):page.index("</div>", page.index('id="error-summary"'))]
    assert 'href="#id_first_name"' in summary
    assert 'href="#id_email"' in summary
    assert "niczego nie zapisano" in summary


def test_the_registration_fields_say_what_they_are_to_the_browser(client):
    page = client.get(reverse("events:public_detail", args=[EventFactory(open=True).pk])).content.decode()
    for name, purpose in (("first_name", "given-name"), ("last_name", "family-name"), ("email", "email"),
                          ("institution", "organization")):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert f'autocomplete="{purpose}"' in field


def test_a_large_event_shows_its_participants_a_page_at_a_time(client_for, staff, monkeypatch):
    from events import views

    monkeypatch.setattr(views, "PARTICIPANTS_PER_PAGE", 5)
    event = EventFactory(open=True, capacity=500)
    people = [RegistrationFactory(event=event) for _ in range(7)]
    client = client_for(staff)
    first = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    second = client.get(reverse("events:detail", args=[event.pk]), {"page": 2}).content.decode()
    assert f'id="reg-{people[4].pk}"' in first
    assert f'id="reg-{people[5].pk}"' not in first
    assert f'id="reg-{people[5].pk}"' in second
    assert "Zapisani: 7" in first  # the count is of all of them
