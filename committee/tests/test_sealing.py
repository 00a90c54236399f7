"""Minutes and closed resolutions are sealed (core/seal.py) once, and the sealed file is what is handed out."""

import pytest
from django.urls import reverse
from django.utils import timezone

from committee import services
from committee.models import Meeting
from core.models import Job
from core.seal import LEVEL_B_B, seal_check, sha256_hex

from .factories import MemberFactory, committee_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(staff, member, django_capture_on_commit_callbacks):
    committee, members = committee_with(3)
    MemberFactory(committee=committee, user=member)
    resolution = services.resolution_create(committee=committee, title="Opinia o programie", by=staff)
    resolution = services.resolution_open_vote(resolution=resolution, by=staff)
    for m in members:
        services.conflict_declare(resolution=resolution, user=m.user, has_conflict=False)
        services.vote_cast(resolution=resolution, user=m.user, choice="for")
    with django_capture_on_commit_callbacks(execute=True):
        services.resolution_close(resolution=resolution, by=staff)
    resolution.refresh_from_db()
    return resolution


def _read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def test_closing_a_vote_seals_the_resolution_and_stores_its_hash(closed):
    data = _read(closed.pdf)
    assert (seal_check(data).genuine, closed.pdf_sha256, closed.seal_level) == (True, sha256_hex(data), LEVEL_B_B)


def test_the_sealed_resolution_shows_its_number_title_and_result(closed):
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(_read(closed.pdf))).pages[0].extract_text()
    assert closed.number in text
    assert "Opinia o programie" in text
    assert "przyjęta" in text


def test_a_member_downloads_the_sealed_resolution_and_an_outsider_cannot(closed, client_for, member, outsider):
    response = client_for(member).get(reverse("committee:resolution_pdf", args=[closed.pk]))
    assert sha256_hex(b"".join(response.streaming_content)) == closed.pdf_sha256
    assert client_for(outsider).get(reverse("committee:resolution_pdf", args=[closed.pk])).status_code == 404


def test_only_a_closed_resolution_is_sealed(staff):
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    committee, _ = committee_with(1)
    draft = services.resolution_create(committee=committee, title="Projekt", by=staff)
    with pytest.raises(ValidationError):
        services.resolution_pdf_store(resolution=draft, filename="x.pdf", content=ContentFile(b"%PDF"), sha256="0",
                                      level=LEVEL_B_B)


def test_minutes_are_sealed_once_and_never_rendered_again(client_for, staff, closed,
                                                          django_capture_on_commit_callbacks):
    meeting = Meeting.objects.create(committee=closed.committee, held_on=timezone.now(), agenda="Otwarcie")
    client = client_for(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("committee:minutes", args=[meeting.pk]))
    meeting.refresh_from_db()
    first = _read(meeting.minutes_pdf)
    meeting.agenda = "Zmieniony porządek"
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("committee:minutes", args=[meeting.pk]))
    again = Job.objects.filter(kind="committee_minutes").latest("pk").result.read()
    assert seal_check(first).genuine
    assert sha256_hex(again) == sha256_hex(first) == meeting.minutes_sha256
