"""A real Celery worker on Redis runs a background job to completion against the real database.

Run by `.ci/run` with REDIS_URL and a PostgreSQL DATABASE_URL; skipped otherwise. The worker is a
separate process pointed at the test database, so everything the test creates is committed first.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.models import Job
from core.services import job_create

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL and a real worker (.ci/run)"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def worker(settings):
    if connection.vendor != "postgresql":
        pytest.skip("the worker test needs PostgreSQL (a database both processes can reach)")
    from config.celery import app

    app.control.purge()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log = open(Path(settings.MEDIA_ROOT).parent / "worker.log", "w+")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "info",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.seek(0)
    print(log.read()[-5000:])
    log.close()


def _wait_for(job: Job, seconds: int = 90) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.5)
    raise AssertionError(f"job still {job.state} after {seconds}s")


def test_real_worker_renders_the_audit_pdf(worker, staff, pes_entity):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    job = job_create(kind="audit_pdf", title="Historia", params={"model": "entities.Entity", "pk": pes_entity.pk},
                     by=staff)
    job = _wait_for(job)
    assert job.state == Job.State.SUCCEEDED, job.error
    assert job.attempts == 1
    assert job.progress == 100
    assert job.result.read()[:4] == b"%PDF"
