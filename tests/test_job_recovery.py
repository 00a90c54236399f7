"""Jobs survive a dead or hung broker and a dead worker (core.services._enqueue, _claim, jobs_recover).

The broker is reached for real here (a closed port, a server that accepts and never answers), through the
same Celery transport settings as production; nothing needs Redis to be running.
"""

import socket
import threading
import time
from datetime import timedelta

import pytest
from celery import Celery
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core import tasks
from core.jobs import JobResult, job_handler
from core.models import Job
from core.services import job_create, job_run, jobs_recover

pytestmark = pytest.mark.django_db


@job_handler("test_recovery")
def _quick(job, progress):
    return JobResult(filename="ok.txt", content=b"done", content_type="text/plain")


def _broker_app(url: str) -> Celery:
    """A Celery app publishing to ``url`` with the project's own broker settings (timeouts, no retries)."""
    return Celery("probe", broker=url, broker_connection_timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT,
                  broker_transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
                  broker_connection_retry=False, set_as_current=False)


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never says a word (a hung Redis)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


def _use_broker(monkeypatch, settings, url: str) -> None:
    """Publish jobs to ``url`` as the application would with ``REDIS_URL`` set."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app = _broker_app(url)
    monkeypatch.setattr(tasks.run_job_task, "apply_async",
                        lambda args, retry: app.send_task("core.tasks.run_job_task", args=args, retry=retry))


@pytest.mark.parametrize("broker", ["dead", "hung"])
def test_a_job_asked_for_while_the_broker_is_down_is_kept_and_explained(
        client_for, staff, pes_entity, monkeypatch, settings, silent_server, broker,
        django_capture_on_commit_callbacks):
    url = "redis://127.0.0.1:1/0" if broker == "dead" else silent_server   # nothing listens on port 1
    _use_broker(monkeypatch, settings, url)
    client = client_for(staff)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:history_pdf", args=["entities", "entity", pes_entity.pk]))
    assert time.monotonic() - started < settings.JOB_ENQUEUE_TIMEOUT_SECONDS * 3
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.state == Job.State.QUEUED
    assert job.queue_error_at is not None
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert "Kolejka zadań chwilowo nie odpowiada" in page


def test_the_recovery_task_sends_again_what_the_queue_never_took(staff):
    job = Job.objects.create(kind="test_recovery", title="t", requested_by=staff,
                             queue_error_at=timezone.now())
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    assert jobs_recover()["requeued"] == 1
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert job.queue_error_at is None


def test_a_fresh_queued_job_is_left_to_the_queue(staff):
    Job.objects.create(kind="test_recovery", title="t", requested_by=staff, enqueued_at=timezone.now())
    assert jobs_recover()["requeued"] == 0


def test_a_job_whose_worker_died_is_restarted_within_minutes(staff):
    job = Job.objects.create(kind="test_recovery", title="t", requested_by=staff, state=Job.State.RUNNING,
                             attempts=1, started_at=timezone.now() - timedelta(minutes=20),
                             heartbeat_at=timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS + 5))
    assert jobs_recover()["restarted"] == 1
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert job.attempts == 2


def test_a_second_delivery_while_a_worker_runs_the_job_does_nothing(staff):
    job = Job.objects.create(kind="test_recovery", title="t", requested_by=staff, state=Job.State.RUNNING,
                             attempts=1, started_at=timezone.now(), heartbeat_at=timezone.now())
    assert job_run(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING
    assert job.attempts == 1
    assert jobs_recover()["restarted"] == 0


def test_a_job_that_kills_its_worker_every_time_stops_with_a_visible_error(staff, client_for):
    job = Job.objects.create(kind="test_recovery", title="t", requested_by=staff, state=Job.State.RUNNING,
                             attempts=settings.JOB_MAX_ATTEMPTS, started_at=timezone.now() - timedelta(hours=1))
    assert jobs_recover()["given_up"] == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert f"{settings.JOB_MAX_ATTEMPTS} razy" in job.error
    page = client_for(staff).get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert job.error in page


def test_a_redelivered_job_past_its_attempts_is_not_run_again(staff):
    job = Job.objects.create(kind="test_recovery", title="t", requested_by=staff, state=Job.State.RUNNING,
                             attempts=settings.JOB_MAX_ATTEMPTS)
    assert job_run(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.state == Job.State.FAILED


@job_handler("test_slow")
def _slow(job, progress):
    time.sleep(0.6)
    return JobResult(filename="ok.txt", content=b"done", content_type="text/plain")


@pytest.mark.django_db(transaction=True)
def test_a_long_job_keeps_its_heartbeat(staff, settings):
    settings.JOB_HEARTBEAT_SECONDS = 0.1
    beats = []
    job = Job.objects.create(kind="test_slow", title="t", requested_by=staff)
    original = Job.objects.filter

    def watch(*args, **kwargs):
        queryset = original(*args, **kwargs)
        if threading.current_thread().name.startswith("job-"):
            beats.append(time.monotonic())
        return queryset

    Job.objects.filter = watch
    try:
        job_run(job_id=job.pk)
    finally:
        Job.objects.filter = original
    assert len(beats) >= 3
    job.refresh_from_db()
    assert job.heartbeat_at >= job.started_at


def test_job_create_stays_correct_with_a_working_queue(staff, pes_entity, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind="test_recovery", title="t", by=staff)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED


def test_the_task_that_runs_jobs_is_known_by_name_in_a_web_process():
    """core.services sends the task by its name; it must be registered without a worker's autodiscovery (a fresh
    process: only Django's start-up)."""
    import subprocess
    import sys

    code = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.test'); "
            "django.setup(); from celery import current_app; "
            "from core.services import RUN_JOB_TASK; from entities.sources.signals import REGISTRY_CHECK_TASK; "
            "print(all(name in current_app.tasks for name in (RUN_JOB_TASK, REGISTRY_CHECK_TASK)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip().endswith("True")
