"""Sealed certificates (core/seal.py) and the public check of an uploaded PDF, in Polish, without login."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certification import services
from certification.models import Status
from core.seal import LEVEL_B_B, seal_check, sha256_hex

from .factories import ApplicationFactory

GENUINE = "dokładnie taki, jakim ROPS go opieczętował"
ALTERED = "nie jest certyfikatem opieczętowanym przez ROPS albo został zmieniony"


@pytest.fixture
def certificate(staff, pes_entity, django_capture_on_commit_callbacks):
    application = ApplicationFactory(entity=pes_entity, created_by=staff, status=Status.GRANTED)
    application.items.create(kind="product", name="Miód wielokwiatowy", category="żywność")
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(application=application, by=staff)
    certificate.refresh_from_db()
    return certificate


def _pdf(certificate) -> bytes:
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def _upload(client, data: bytes, name="certyfikat.pdf"):
    return client.post(reverse("certification:verify"), {"file": SimpleUploadedFile(name, data)})


def test_the_issued_certificate_is_sealed_and_its_hash_stored(certificate):
    data = _pdf(certificate)
    assert (seal_check(data).genuine, certificate.pdf_sha256, certificate.seal_level) == (
        True, sha256_hex(data), LEVEL_B_B)


def test_a_sealed_certificate_is_never_rendered_again(certificate, staff, django_capture_on_commit_callbacks):
    from core.services import job_create

    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind="certificate_pdf", title="again", params={"certificate_id": certificate.pk}, by=staff)
    job.refresh_from_db()
    certificate.refresh_from_db()
    assert sha256_hex(_pdf(certificate)) == certificate.pdf_sha256 == sha256_hex(job.result.read())


def test_the_certificate_is_stored_once_and_the_job_points_at_it(certificate, staff,
                                                                 django_capture_on_commit_callbacks):
    """The job hands out the certificate's own file (core.jobs.JobResult.of_record), not a second copy."""
    from core.models import Job
    from core.services import job_create

    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind="certificate_pdf", title="again", params={"certificate_id": certificate.pk}, by=staff)
    job.refresh_from_db()
    assert job.result.name == certificate.pdf.name
    assert all(j.result.name == certificate.pdf.name for j in Job.objects.filter(kind="certificate_pdf"))


def test_the_genuine_pdf_is_reported_genuine_and_valid(client, certificate):
    page = _upload(client, _pdf(certificate)).content.decode()
    assert GENUINE in page
    assert "jest autentyczny i ważny" in page


def test_a_pdf_changed_by_one_byte_is_reported_altered(client, certificate):
    data = bytearray(_pdf(certificate))
    data[len(data) // 2] ^= 0x01
    page = _upload(client, bytes(data)).content.decode()
    assert ALTERED in page
    assert GENUINE not in page


def test_a_resaved_pdf_is_reported_altered(client, certificate):
    from pypdf import PdfReader, PdfWriter

    out = io.BytesIO()
    PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf(certificate)))).write(out)
    assert ALTERED in _upload(client, out.getvalue()).content.decode()


def test_a_pdf_with_an_appended_revision_is_reported_altered(client, certificate):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(_pdf(certificate)))
    writer.set_info(generic.DictionaryObject({generic.NameObject("/Title"): generic.TextStringObject("Inny")}))
    out = io.BytesIO()
    writer.write(out)
    assert ALTERED in _upload(client, out.getvalue()).content.decode()


def test_a_withdrawn_certificates_genuine_pdf_is_genuine_but_withdrawn(client, certificate, staff):
    services.certificate_withdraw(certificate=certificate, by=staff, reason="Naruszenie zasad")
    page = _upload(client, _pdf(certificate)).content.decode()
    assert GENUINE in page
    assert "został odebrany" in page


def test_an_expired_certificates_genuine_pdf_is_genuine_but_expired(client, certificate):
    from datetime import date

    type(certificate).objects.filter(pk=certificate.pk).update(valid_from=date(2020, 1, 1),
                                                                valid_until=date(2021, 12, 31))
    page = _upload(client, _pdf(certificate)).content.decode()
    assert GENUINE in page
    assert "wygasł 31 grudnia 2021" in page


def test_a_sealed_pdf_that_is_no_certificate_is_not_reported_genuine(client, db):
    from core.pdf import render_pdf
    from core.seal import seal_pdf

    other = seal_pdf(render_pdf("core/pdf/audit_log.html", {"log": None})).content
    assert ALTERED in _upload(client, other).content.decode()


@pytest.mark.parametrize(("name", "data", "message"), [
    ("certyfikat.pdf", b"MZ\x90\x00 to nie jest pdf", "nie jest dopuszczonego typu"),
    ("certyfikat.pdf", b"PK\x03\x04" + b"\x00" * 200, "uszkodzony"),
    ("certyfikat.pdf", b"", "pusty"),
    ("certyfikat.zip", b"%PDF-1.7\n%%EOF", "nie odpowiada jego zawartości"),
])
def test_hostile_uploads_get_a_polish_message(client, db, name, data, message):
    response = _upload(client, data, name)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_huge_upload_is_refused_before_it_is_read(client, db, settings):
    settings.UPLOAD_MAX_SIZE = 1024
    response = _upload(client, b"%PDF-1.7\n" + b"0" * 4096)
    assert "za duży" in response.content.decode()


def test_a_zip_bomb_is_refused(client, db, settings):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", b"0" * 5_000_000)
    settings.UPLOAD_MAX_UNCOMPRESSED = 1_000_000
    response = _upload(client, buffer.getvalue())
    assert response.status_code == 400
