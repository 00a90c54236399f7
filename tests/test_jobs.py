"""The background-job machinery, proven with the audit-log PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.jobs import JobResult, job_handler
from core.models import Job
from core.services import job_create, job_retry, job_run

pytestmark = pytest.mark.django_db

FAILS = {"count": 0}


@job_handler("test_flaky")
def _flaky(job, progress):
    if FAILS["count"] > 0:
        FAILS["count"] -= 1
        raise OSError("disk full")
    progress(50, "half")
    return JobResult(filename="ok.txt", content=b"done", content_type="text/plain")


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_job_is_enqueued_only_after_commit(staff, pes_entity, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_create(kind="audit_pdf", title="t", params={"model": "entities.Entity", "pk": pes_entity.pk},
                         by=staff)
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED  # nothing ran before the commit


def test_audit_pdf_job_runs_eagerly_and_lists_the_changes(staff, pes_entity, django_capture_on_commit_callbacks):
    pes_entity.short_name = "Nowa nazwa"
    pes_entity._history_user = staff
    pes_entity.save()
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind="audit_pdf", title="t", params={"model": "entities.Entity", "pk": pes_entity.pk},
                         by=staff)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert job.progress == 100
    assert job.attempts == 1
    data = job.result.read()
    assert data[:4] == b"%PDF"
    text = _pdf_text(data)
    assert "Historia zmian" in text
    assert "Nowa nazwa" in text
    assert str(staff) in text


def test_unknown_job_kind_is_refused_before_anything_is_written(staff):
    with pytest.raises(LookupError):
        job_create(kind="nope", title="t", by=staff)
    assert not Job.objects.exists()


def test_failed_job_records_why_and_can_be_retried(staff, django_capture_on_commit_callbacks):
    FAILS["count"] = 1
    with pytest.raises(OSError), django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind="test_flaky", title="t", by=staff)
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    assert "disk full" in job.error
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=job, by=staff)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert job.attempts == 1   # a retry by a person starts a new budget of attempts
    assert job.result.read() == b"done"


def test_retrying_a_job_that_did_not_fail_is_refused(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind="test_flaky", title="t", by=staff)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        job_retry(job=job, by=staff)


def test_a_redelivered_finished_job_produces_no_second_result(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind="test_flaky", title="t", by=staff)
    job.refresh_from_db()
    first = job.result.name
    assert job_run(job_id=job.pk) is None  # a second delivery of the same message
    job.refresh_from_db()
    assert job.result.name == first
    assert job.attempts == 1


def test_a_job_left_running_by_a_lost_worker_is_run_again(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = job_create(kind="test_flaky", title="t", by=staff)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, attempts=1)  # the worker died here
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert job.attempts == 2


def test_job_page_polls_until_done_and_offers_the_download(client_for, staff, pes_entity,
                                                           django_capture_on_commit_callbacks):
    client = client_for(staff)
    with django_capture_on_commit_callbacks(execute=False):
        job = job_create(kind="audit_pdf", title="Historia", params={"model": "entities.Entity", "pk": pes_entity.pk},
                         by=staff)
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "W kolejce" in page
    job_run(job_id=job.pk)
    partial = client.get(reverse("core:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert "every 2s" not in partial
    assert reverse("core:job_download", args=[job.pk]) in partial
    download = client.get(reverse("core:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:4] == b"%PDF"


def test_history_page_offers_the_pdf_and_starts_the_job(client_for, staff, pes_entity,
                                                        django_capture_on_commit_callbacks):
    client = client_for(staff)
    page = client.get(reverse("core:history", args=["entities", "entity", pes_entity.pk]))
    assert page.status_code == 200
    assert "Pobierz jako PDF" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:history_pdf", args=["entities", "entity", pes_entity.pk]))
    job = Job.objects.get()
    history = reverse("core:history", args=["entities", "entity", pes_entity.pk])
    assert response.url == f"{history}?job={job.pk}#job-status"
    assert job.requested_by == staff
    assert job.state == Job.State.SUCCEEDED


def test_download_of_someone_elses_job_is_404(client_for, staff, board, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind="test_flaky", title="t", by=staff)
    assert client_for(board).get(reverse("core:job_download", args=[job.pk])).status_code == 404
