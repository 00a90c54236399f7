"""The accepted version of a report is sealed (core/seal.py) as generated, and the sealed file is downloaded."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from core.seal import LEVEL_B_B, seal_check, sha256_hex
from monitoring import services

from .test_reports import accept

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def small_pdf():
    from core.pdf import render_pdf

    return render_pdf("core/pdf/audit_log.html", {"log": None})


@pytest.fixture(autouse=True)
def _small_real_pdf(monkeypatch, small_pdf):
    """A real (small) PDF instead of the stub of conftest.py: the seal needs a PDF it can read."""
    monkeypatch.setattr("monitoring.reports.render_report_pdf", lambda data: small_pdf)


def _read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


@pytest.fixture
def accepted(generated, staff, opinion, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = accept(generated, staff, opinion)
    version = report.accepted_version
    version.refresh_from_db()
    return version


def test_acceptance_seals_the_accepted_version_and_stores_its_hash(accepted):
    data = _read(accepted.sealed_pdf)
    assert (seal_check(data).genuine, accepted.pdf_sha256, accepted.seal_level) == (
        True, sha256_hex(data), LEVEL_B_B)


def test_the_sealed_pdf_is_the_generated_one_plus_the_seal(accepted):
    assert _read(accepted.sealed_pdf).startswith(_read(accepted.pdf))


def test_the_download_of_the_accepted_version_is_the_sealed_pdf(accepted, client_for, staff):
    response = client_for(staff).get(reverse("monitoring:report_download",
                                             args=[accepted.report_id, accepted.number, "pdf"]))
    assert sha256_hex(b"".join(response.streaming_content)) == accepted.pdf_sha256


def test_only_the_accepted_version_is_sealed(generated):
    version = generated.versions.get()
    with pytest.raises(ValidationError):
        services.report_version_seal_store(version=version, content=ContentFile(b"%PDF"), sha256="0",
                                           level=LEVEL_B_B)
