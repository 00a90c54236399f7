import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certification import services
from certification.models import Application, Attachment, Status

from .factories import ApplicationFactory, EditionFactory, chapter_seat, complete, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(pes, pes_entity):
    return services.application_create(edition=EditionFactory(), entity=pes_entity, by=pes)


@pytest.fixture
def attachment(application, pes):
    return services.attachment_add(application=application, by=pes, upload=pdf_upload(), kind="other")


def all_urls(application, attachment):
    pk = application.pk
    return [
        ("get", reverse("certification:detail", args=[pk])),
        ("get", reverse("certification:step", args=[pk, "entity"])),
        ("get", reverse("certification:step", args=[pk, "review"])),
        ("post", reverse("certification:step", args=[pk, "finances"])),
        ("post", reverse("certification:transition", args=[pk])),
        ("post", reverse("certification:renew", args=[pk])),
        ("post", reverse("certification:attachment_upload", args=[pk])),
        ("get", reverse("certification:attachment", args=[pk, attachment.pk])),
        ("post", reverse("certification:attachment_delete", args=[pk, attachment.pk])),
        ("post", reverse("certification:formal_check", args=[pk])),
        ("post", reverse("certification:assessment", args=[pk])),
        ("post", reverse("certification:certificate_issue", args=[pk])),
        ("get", reverse("certification:certificate_pdf", args=[pk])),
        ("post", reverse("certification:certificate_withdraw", args=[pk])),
        ("post", reverse("certification:declare", args=[pk])),
        ("post", reverse("certification:vote_again", args=[pk])),
    ]


def test_another_pes_gets_404_on_every_url_of_the_application(client_for, application, attachment, other_entity):
    from accounts.models import Role
    from accounts.tests.factories import UserFactory
    from entities.models import Representation

    stranger = UserFactory(roles=[Role.PES_REPRESENTATIVE])
    Representation.objects.create(user=stranger, entity=other_entity)
    client = client_for(stranger)
    for method, url in all_urls(application, attachment):
        assert getattr(client, method)(url).status_code == 404, url
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_outsider_and_board_get_404_too(cast, client_for, application, attachment):
    for role in ["outsider", "board"]:
        client = client_for(cast[role])
        for method, url in all_urls(application, attachment):
            assert getattr(client, method)(url).status_code == 404, (role, url)


def test_member_does_not_see_drafts(client_for, member, application):
    assert client_for(member).get(reverse("certification:detail", args=[application.pk])).status_code == 404


def test_applicant_starts_and_fills_steps(client_for, pes, pes_entity):
    edition = EditionFactory()
    client = client_for(pes)
    response = client.post(reverse("certification:start"), {"edition": edition.pk, "entity": pes_entity.pk})
    application = Application.objects.get()
    assert response.url == reverse("certification:step", args=[application.pk, "entity"])
    response = client.post(reverse("certification:step", args=[application.pk, "items"]), {
        "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-0-kind": "service",
        "items-0-name": "Catering", "items-0-category": "gastronomia", "items-0-description": ""})
    assert response.status_code == 302
    assert list(application.items.values_list("name", flat=True)) == ["Catering"]


def test_bad_amounts_keep_what_was_typed_and_save_nothing(client_for, pes, application):
    response = client_for(pes).post(reverse("certification:step", args=[application.pk, "finances"]), {
        "revenue_period": "2025", "total_revenue": "1000", "own_revenue": "5000"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Przychody własne nie mogą przekraczać przychodów ogółem" in html
    assert 'value="5000"' in html
    assert 'value="2025"' in html
    application.refresh_from_db()
    assert application.own_revenue is None


def test_share_is_shown_computed(client_for, pes, application):
    client = client_for(pes)
    client.post(reverse("certification:step", args=[application.pk, "finances"]),
                {"revenue_period": "2025", "total_revenue": "200000", "own_revenue": "70000"})
    html = client.get(reverse("certification:step", args=[application.pk, "finances"])).content.decode()
    assert "<strong>35%</strong>" in html


@pytest.mark.parametrize(("name", "content", "message"), [
    ("instalator.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "nie jest dopuszczonego typu"),
    ("sprawozdanie.pdf", b"to nie jest pdf", "nie jest dopuszczonego typu"),
    ("zdjecie.pdf", b"\x89PNG\r\n\x1a\n0000", "nie odpowiada jego zawartości"),
])
def test_rejected_files_say_why_and_nothing_is_stored(client_for, pes, application, name, content, message):
    response = client_for(pes).post(reverse("certification:attachment_upload", args=[application.pk]),
                                    {"kind": "other", "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not application.attachments.exists()


def test_oversized_file_is_rejected(client_for, pes, application, settings):
    settings.UPLOAD_MAX_SIZE = 100
    response = client_for(pes).post(reverse("certification:attachment_upload", args=[application.pk]),
                                    {"kind": "other", "file": SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 200)})
    assert response.status_code == 400
    assert "za duży" in response.content.decode()


@pytest.mark.parametrize("role", ["pes", "staff"])
def test_attachment_is_served_to_owner_and_staff_under_a_server_chosen_name(client_for, cast, application,
                                                                            attachment, role):
    url = reverse("certification:attachment", args=[application.pk, attachment.pk])
    response = client_for(cast[role]).get(url)
    assert response.status_code == 200
    assert f'filename="zalacznik-{attachment.pk}.pdf"' in response["Content-Disposition"]
    assert "sprawozdanie" not in attachment.file.name  # stored under a random name
    assert attachment.original_name == "sprawozdanie.pdf"  # kept, to be shown


def test_submit_from_the_review_step(client_for, pes, application, django_capture_on_commit_callbacks):
    client = client_for(pes)
    incomplete = client.get(reverse("certification:step", args=[application.pk, "review"])).content.decode()
    assert "Zanim złożysz wniosek" in incomplete
    complete(application, pes)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certification:transition", args=[application.pk]), {"to": "submitted"})
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_staff_return_for_corrections_from_the_page(client_for, staff, pes_entity):
    application = ApplicationFactory(entity=pes_entity, created_by=staff, status=Status.FORMAL_CHECK)
    client = client_for(staff)
    client.post(reverse("certification:transition", args=[application.pk]), {"to": "returned", "note": ""})
    application.refresh_from_db()
    assert application.status == Status.FORMAL_CHECK  # no reason, no deadline: refused with a message
    client.post(reverse("certification:transition", args=[application.pk]),
                {"to": "returned", "note": "Brak sprawozdania", "deadline": "2099-01-31"})
    application.refresh_from_db()
    assert application.status == Status.RETURNED
    assert application.corrections_note == "Brak sprawozdania"


def test_formal_check_shows_computed_values(client_for, staff, pes_entity):
    application = ApplicationFactory(entity=pes_entity, created_by=staff, status=Status.FORMAL_CHECK)
    html = client_for(staff).get(reverse("certification:detail", args=[application.pk])).content.decode()
    assert "Obliczono: 45%" in html


def test_public_verify_and_register(client, staff, pes_entity, django_capture_on_commit_callbacks):
    application = ApplicationFactory(entity=pes_entity, created_by=staff, status=Status.GRANTED)
    application.items.create(kind="product", name="Miód wielokwiatowy", category="żywność")
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(application=application, by=staff)
    page = client.get(reverse("certification:verify"), {"number": certificate.number.lower()}).content.decode()
    assert "jest autentyczny i ważny" in page
    assert "Miód wielokwiatowy" in page
    missing = client.get(reverse("certification:verify"), {"number": "ZP/04/1999/999"}).content.decode()
    assert "nie ma certyfikatu" in missing
    register = client.get(reverse("certification:register")).content.decode()
    assert certificate.number in register
    assert f'href="{reverse("accounts:register")}"' in register
    services.certificate_withdraw(certificate=certificate, by=staff, reason="Naruszenie zasad")
    register = client.get(reverse("certification:register")).content.decode()
    assert "Naruszenie zasad" in register
    assert "został odebrany" in client.get(reverse("certification:verify"),
                                           {"number": certificate.number}).content.decode()


def test_certificate_pdf_has_number_entity_and_qr_link(staff, pes_entity, client_for,
                                                       django_capture_on_commit_callbacks):
    import io

    from pypdf import PdfReader

    application = ApplicationFactory(entity=pes_entity, created_by=staff, status=Status.GRANTED)
    application.items.create(kind="service", name="Usługi porządkowe")
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(application=application, by=staff)
    response = client_for(staff).get(reverse("certification:certificate_pdf", args=[application.pk]))
    text = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
    assert certificate.number in text
    assert pes_entity.name in text
    assert "Usługi porządkowe" in text
    assert "weryfikacja" in text


def test_list_query_count_is_fixed(client_for, staff, pes_entity, django_assert_num_queries,
                                   django_assert_max_num_queries):
    client = client_for(staff)
    ApplicationFactory.create_batch(2, entity=pes_entity, created_by=staff)
    client.get(reverse("certification:list"))
    # Session, user, roles, model permissions, count, open editions, page: independent of the rows.
    with django_assert_max_num_queries(14) as ctx:
        client.get(reverse("certification:list"))
    ApplicationFactory.create_batch(10, entity=pes_entity, created_by=staff)
    with django_assert_num_queries(len(ctx.captured_queries)):
        client.get(reverse("certification:list"))


def test_staff_choose_certificates_for_the_gala_and_the_event_shows_them(client_for, staff, pes_entity):
    from events.models import EventKind
    from events.tests.factories import EventFactory

    gala = EventFactory(kind=EventKind.GALA)
    certificate = services.certificate_issue(
        application=ApplicationFactory(entity=pes_entity, created_by=staff, status=Status.GRANTED), by=staff)
    client = client_for(staff)
    assert certificate.number in client.get(reverse("certification:gala", args=[gala.pk])).content.decode()
    client.post(reverse("certification:gala", args=[gala.pk]), {"certificates": [certificate.pk]})
    certificate.refresh_from_db()
    assert certificate.gala == gala
    assert certificate.number in client.get(reverse("events:detail", args=[gala.pk])).content.decode()
    conference = EventFactory()
    assert client.get(reverse("certification:gala", args=[conference.pk])).status_code == 404


def test_gala_choice_is_staff_only(client_for, board, pes):
    from events.models import EventKind
    from events.tests.factories import EventFactory

    gala = EventFactory(kind=EventKind.GALA)
    for user in [board, pes]:
        assert client_for(user).get(reverse("certification:gala", args=[gala.pk])).status_code == 403


@pytest.fixture
def in_assessment(pes, staff, application, attachment):
    application.status = Status.FORMAL_CHECK
    application.save()
    return services.application_transition(application=application, to=Status.ASSESSMENT, by=staff)


def test_a_chapter_member_declares_before_seeing_documents_and_assessing(client_for, member, in_assessment,
                                                                          attachment):
    application = in_assessment
    chapter_seat(application, member, conflict=None)
    client = client_for(member)
    page = client.get(reverse("certification:detail", args=[application.pk])).content.decode()
    assert "Konflikt interesów" in page
    assert (reverse("certification:attachment", args=[
            application.pk, attachment.pk]) not in page)
    assert client.get(reverse("certification:attachment", args=[application.pk, attachment.pk])).status_code == 403
    response = client.post(reverse("certification:declare", args=[application.pk]), {"has_conflict": "no"})
    assert response.status_code == 302
    assert application.resolution.declarations.get().has_conflict is False
    page = client.get(reverse("certification:detail", args=[application.pk])).content.decode()
    assert "Twoja ocena" in page
    assert client.get(reverse("certification:attachment", args=[application.pk, attachment.pk])).status_code == 200


def test_a_recused_member_sees_no_documents_and_no_assessment_form(client_for, member, in_assessment, attachment):
    application = in_assessment
    chapter_seat(application, member, conflict=None)
    client = client_for(member)
    client.post(reverse("certification:declare", args=[application.pk]), {"has_conflict": "yes", "note": "Brat"})
    page = client.get(reverse("certification:detail", args=[application.pk])).content.decode()
    assert "wyłączony" in page
    assert "Twoja ocena" not in page
    assert client.get(reverse("certification:attachment", args=[application.pk, attachment.pk])).status_code == 403
    response = client.post(reverse("certification:assessment", args=[application.pk]), {"comment": "x"})
    assert response.status_code == 403
    assert not application.assessments.exists()


def test_a_member_of_another_chapter_does_not_see_the_case(client_for, member, in_assessment):
    assert client_for(member).get(reverse("certification:detail", args=[in_assessment.pk])).status_code == 404


def test_public_register_offers_powiaty_by_name(client):
    from entities.models import Territory

    powiat = Territory.objects.filter(level="powiat", parent_id="04").order_by("name").first()
    page = client.get(reverse("certification:register")).content.decode()
    assert f'<option value="{powiat.code}">{powiat.name}</option>' in page


def test_public_register_ignores_an_unknown_powiat(client):
    assert client.get(reverse("certification:register"), {"powiat": "zzz"}).status_code == 200


def test_each_action_in_the_formal_check_has_its_own_reason_box(client_for, staff, pes, pes_entity):
    from certification.tests.factories import ApplicationFactory

    application = ApplicationFactory(entity=pes_entity, created_by=pes, status=Status.FORMAL_CHECK)
    page = client_for(staff).get(reverse("certification:detail", args=[application.pk])).content.decode()
    assert page.count("Co wnioskodawca musi poprawić") == 1
    assert page.count("Uzasadnienie odmowy") == 1
