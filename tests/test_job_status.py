"""Long work shows its progress where it starts: a job ordered from a page comes back to that page (``?job=``),
which shows the job's state in one live region polled with htmx, and when done links to the result and back."""

import re

from django.urls import reverse

from core.models import Job
from core.services import job_create, job_run
from events.tests.factories import EventFactory


def _history(entity) -> str:
    return reverse("core:history", args=["entities", "entity", entity.pk])


def _region(page: str) -> str:
    match = re.search(r'<div id="job-status" aria-live="polite">.*?</dl>\s*</div>\s*</div>', page, re.S)
    assert match, "the page has no job-status region"
    return match.group(0)


def test_the_history_pdf_shows_its_progress_on_the_history_page(client_for, staff, pes_entity,
                                                                 django_capture_on_commit_callbacks):
    client = client_for(staff)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("core:history_pdf", args=["entities", "entity", pes_entity.pk]))
    job = Job.objects.get()
    assert response.url == f"{_history(pes_entity)}?job={job.pk}#job-status"
    region = _region(client.get(response.url).content.decode())
    # still queued: the inner part polls the job (carrying the page to come back to); the region itself is stable
    assert (f'hx-get="{reverse("core:job_detail", args=[job.pk])}?back={_history(pes_entity)}"' \
            in region)
    assert 'hx-trigger="every 2s"' in region
    assert "W kolejce" in region
    assert reverse("core:job_download", args=[job.pk]) not in region

    job_run(job_id=job.pk)
    region = _region(client.get(response.url).content.decode())
    assert "every 2s" not in region
    assert reverse("core:job_download", args=[job.pk]) in region
    assert f'href="{_history(pes_entity)}"' in region   # back to its object


def test_the_polled_part_is_only_the_inside_of_the_region_and_links_back_when_done(
        client_for, staff, pes_entity, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind="audit_pdf", title="Historia", params={"model": "entities.Entity", "pk": pes_entity.pk},
                         by=staff)
    client = client_for(staff)
    url = reverse("core:job_detail", args=[job.pk])
    partial = client.get(url, {"back": _history(pes_entity)}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="job-status-body"')
    assert "aria-live" not in partial
    assert reverse("core:job_download", args=[job.pk]) in partial
    assert f'href="{_history(pes_entity)}"' in partial
    # a "back" leading off the site is ignored
    partial = client.get(url, {"back": "https://evil.example/"}, HTTP_HX_REQUEST="true").content.decode()
    assert "evil.example" not in partial


def test_an_unknown_or_malformed_job_id_shows_nothing(client_for, staff, pes_entity):
    client = client_for(staff)
    for value in ("nie-uuid", "29eb1cb3-638d-4daa-a1a0-de657289342f"):
        page = client.get(f"{_history(pes_entity)}?job={value}")
        assert page.status_code == 200
        assert 'id="job-status"' not in page.content.decode()


def test_a_job_is_not_shown_to_someone_who_may_not_see_it(client_for, staff, member,
                                                          django_capture_on_commit_callbacks):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(staff).post(reverse("events:participants_job",
                                                  args=[event.pk, "events_participants_xlsx"]))
    job = Job.objects.get()
    assert response.url == f"{event.get_absolute_url()}?job={job.pk}#job-status"
    assert 'id="job-status"' in client_for(staff).get(response.url).content.decode()
    page = client_for(member).get(response.url)
    assert page.status_code != 200 or 'id="job-status"' not in page.content.decode()
