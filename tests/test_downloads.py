"""A download whose stored file is gone answers 404 with a Polish reason (``core.downloads``), never a 500."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.services import user_create

MISSING = "Brak zapisanego pliku"


def _remove(field_file) -> None:
    field_file.storage.delete(field_file.name)


@pytest.mark.django_db
def test_a_job_result_whose_file_is_gone_is_a_404_that_says_so(client_for, staff, pes_entity,
                                                              django_capture_on_commit_callbacks):
    from core.services import job_create

    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind="audit_pdf", title="Historia", params={"model": "entities.Entity", "pk": pes_entity.pk},
                         by=staff)
    job.refresh_from_db()
    _remove(job.result)
    response = client_for(staff).get(reverse("core:job_download", args=[job.pk]))
    assert response.status_code == 404
    assert MISSING in response.content.decode()


@pytest.mark.django_db
def test_an_application_attachment_whose_file_is_gone_is_a_404_that_says_so(client_for, staff, pes, pes_entity):
    from certification import services
    from certification.models import Attachment
    from certification.tests.factories import ApplicationFactory, pdf_upload

    application = ApplicationFactory(entity=pes_entity, created_by=pes)
    attachment = services.attachment_add(application=application, by=pes, upload=pdf_upload(),
                                         kind=Attachment.Kind.FINANCIAL_STATEMENT)
    _remove(attachment.file)
    url = reverse("certification:attachment", args=[application.pk, attachment.pk])
    response = client_for(staff).get(url)
    assert response.status_code == 404
    assert MISSING in response.content.decode()


@pytest.mark.django_db
def test_a_committee_document_whose_file_is_gone_is_a_404_that_says_so(client_for, staff):
    from django.utils import timezone

    from committee import services
    from committee.tests.factories import CommitteeFactory

    committee = CommitteeFactory()
    meeting = services.meeting_create(committee=committee, held_on=timezone.now(), mode="online", by=staff)
    upload = ContentFile(b"%PDF-1.4\n%test\n", name="protokol.pdf")
    document = services.document_add(upload=upload, title="Protokół", meeting=meeting, by=staff)
    _remove(document.file)
    response = client_for(staff).get(reverse("committee:document", args=[document.pk]))
    assert response.status_code == 404
    assert MISSING in response.content.decode()


@pytest.mark.django_db
def test_other_404s_do_not_show_django_english_messages(client_for):
    user = user_create(email="x.y@example.com", first_name="X", last_name="Y", password="p-123456789", roles=[])
    response = client_for(user).get("/rejestr/999999/")
    assert response.status_code == 404
    assert "matches the given query" not in response.content.decode()
