import pytest
from django.urls import reverse

from committee import services
from committee.models import Meeting, Vote

from .factories import MemberFactory, committee_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(staff, member):
    committee, members = committee_with(4)
    mine = MemberFactory(committee=committee, user=member)
    resolution = services.resolution_create(committee=committee, title="Opinia o projekcie uchwały", by=staff)
    resolution = services.resolution_open_vote(resolution=resolution, by=staff)
    return committee, members, mine, resolution


def test_member_declares_then_votes_through_the_page(client_for, member, setup):
    _, _, mine, resolution = setup
    client = client_for(member)
    page = client.get(reverse("committee:resolution", args=[resolution.pk])).content.decode()
    assert "konflikt interesów" in page.lower()
    client.post(reverse("committee:resolution_action", args=[resolution.pk, "vote"]), {"choice": "for"})
    assert not Vote.objects.exists()  # not declared yet: refused with a message
    client.post(reverse("committee:resolution_action", args=[resolution.pk, "declare"]), {"has_conflict": "no"})
    client.post(reverse("committee:resolution_action", args=[resolution.pk, "vote"]), {"choice": "for"})
    assert Vote.objects.get().member == mine


@pytest.mark.parametrize(("role", "status"), [("staff", 200), ("member", 200), ("board", 200), ("pes", 404),
                                              ("outsider", 404), ("pes_member", 404)])
def test_who_sees_a_resolution(request, client_for, setup, role, status):
    user = request.getfixturevalue(role)   # pes_member holds the member role but sits on no committee here
    assert client_for(user).get(reverse("committee:resolution", args=[setup[3].pk])).status_code == status


def test_a_pes_representative_on_the_committee_votes_like_any_member(client_for, staff, pes_member):
    committee, _ = committee_with(2)
    seat = MemberFactory(committee=committee, user=pes_member)
    resolution = services.resolution_create(committee=committee, title="Opinia", by=staff)
    resolution = services.resolution_open_vote(resolution=resolution, by=staff)
    client = client_for(pes_member)
    client.post(reverse("committee:resolution_action", args=[resolution.pk, "declare"]), {"has_conflict": "no"})
    client.post(reverse("committee:resolution_action", args=[resolution.pk, "vote"]), {"choice": "for"})
    assert Vote.objects.get().member == seat


def test_a_member_of_another_committee_gets_404(client_for, setup):
    _, other_members = committee_with(1)
    response = client_for(other_members[0].user).get(reverse("committee:resolution", args=[setup[3].pk]))
    assert response.status_code == 404


def test_staff_dashboard_polls_and_shows_who_voted(client_for, staff, setup):
    _, members, _, resolution = setup
    services.conflict_declare(resolution=resolution, user=members[0].user, has_conflict=False)
    services.vote_cast(resolution=resolution, user=members[0].user, choice="against")
    services.conflict_declare(resolution=resolution, user=members[1].user, has_conflict=True)
    partial = client_for(staff).get(reverse("committee:resolution", args=[resolution.pk]),
                                    HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert "wyłączony" in partial
    assert "<td>przeciw</td>" in partial # the choice's Polish label


def test_the_live_region_stays_and_only_its_contents_are_swapped(client_for, staff, setup):
    resolution = setup[3]
    client = client_for(staff)
    url = reverse("committee:resolution", args=[resolution.pk])
    page = client.get(url).content.decode()
    # One live region; the poll targets the table's box, not the live region or what contains it.
    assert page.count("aria-live") == 1
    assert '<p id="dashboard-status" aria-live="polite">' in page
    poller = page[page.index('hx-trigger="every 5s"') - 200:page.index('hx-trigger="every 5s"')]
    assert 'id="dashboard-body"' in poller
    assert 'hx-swap="outerHTML"' not in poller
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "aria-live" not in partial
    assert '<span id="dashboard-status" hx-swap-oob="innerHTML">Zagłosowało' in partial


def test_the_poll_stops_when_the_vote_is_closed(client_for, staff, setup):
    resolution = services.resolution_close(resolution=setup[3], by=staff)
    response = client_for(staff).get(reverse("committee:resolution", args=[resolution.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 286


def test_secret_vote_hides_choices(client_for, staff, setup):
    committee, members, _, _ = setup
    secret = services.resolution_create(committee=committee, title="Tajne", secret=True, by=staff)
    secret = services.resolution_open_vote(resolution=secret, by=staff)
    services.conflict_declare(resolution=secret, user=members[0].user, has_conflict=False)
    services.vote_cast(resolution=secret, user=members[0].user, choice="against")
    html = client_for(staff).get(reverse("committee:resolution", args=[secret.pk])).content.decode()
    assert ">against<" not in html
    assert ">przeciw<" not in html
    assert "głosował" in html


def test_outsider_cannot_vote_or_close(client_for, pes, setup):
    resolution = setup[3]
    client = client_for(pes)
    assert client.post(reverse("committee:resolution_action", args=[resolution.pk, "close"])).status_code == 404
    resolution.refresh_from_db()
    assert resolution.status == "open"


def test_minutes_pdf_lists_attendance_and_results(client_for, staff, setup, django_capture_on_commit_callbacks):
    import io

    from django.utils import timezone
    from pypdf import PdfReader

    from core.models import Job

    committee, members, _, _ = setup
    meeting = Meeting.objects.create(committee=committee, held_on=timezone.now(), agenda="Otwarcie\nOpinia o programie")
    client = client_for(staff)
    client.post(reverse("committee:meeting", args=[meeting.pk]),
                {f"m_{m.pk}": "present" for m in committee.members.all()})
    at_meeting = services.resolution_create(committee=committee, title="Uchwała na posiedzeniu", meeting=meeting,
                                            by=staff)
    at_meeting = services.resolution_open_vote(resolution=at_meeting, by=staff)
    for m in members[:3]:
        services.conflict_declare(resolution=at_meeting, user=m.user, has_conflict=False)
        services.vote_cast(resolution=at_meeting, user=m.user, choice="for")
    services.resolution_close(resolution=at_meeting, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("committee:minutes", args=[meeting.pk]))
    job = Job.objects.get()
    meeting.refresh_from_db()
    assert job.result.name == meeting.minutes_pdf.name   # stored once: the job points at the sealed minutes
    text = PdfReader(io.BytesIO(job.result.read())).pages[0].extract_text()
    assert "Protokół" in text
    assert "Opinia o programie" in text
    assert "Uchwała na posiedzeniu" in text
    assert members[0].user.last_name in text  # a narrow cell may wrap between first and last name


def _pdf(name="opinia.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def test_restricted_documents_open_only_after_declaring_no_conflict(client_for, staff, member, cast, setup):
    from committee.models import Document

    _, members, _, resolution = setup
    client = client_for(staff)
    url = reverse("committee:document_upload", args=["resolution", resolution.pk])
    client.post(url, {"title": "Projekt uchwały", "file": _pdf()})
    client.post(url, {"title": "Wniosek z danymi", "file": _pdf("dane.pdf"), "restricted": "on"})
    public, restricted = Document.objects.order_by("pk")
    assert not public.restricted
    assert restricted.restricted
    assert restricted.original_name == "dane.pdf"
    mine = client_for(member)
    page = mine.get(reverse("committee:resolution", args=[resolution.pk])).content.decode()
    assert reverse("committee:document", args=[public.pk]) in page
    assert reverse("committee:document", args=[restricted.pk]) not in page
    assert mine.get(reverse("committee:document", args=[public.pk])).status_code == 200
    assert mine.get(reverse("committee:document", args=[restricted.pk])).status_code == 403
    mine.post(reverse("committee:resolution_action", args=[resolution.pk, "declare"]), {"has_conflict": "no"})
    assert mine.get(reverse("committee:document", args=[restricted.pk])).status_code == 200
    # A recused member never sees it; the board sees only the unrestricted one; outsiders get 404.
    services.conflict_declare(resolution=resolution, user=members[2].user, has_conflict=True)
    assert client_for(members[2].user).get(reverse("committee:document", args=[restricted.pk])).status_code == 403
    board = client_for(cast["board"])
    assert board.get(reverse("committee:document", args=[public.pk])).status_code == 200
    assert board.get(reverse("committee:document", args=[restricted.pk])).status_code == 403
    assert client_for(cast["pes"]).get(reverse("committee:document", args=[public.pk])).status_code == 404


def test_documents_are_checked_by_content_and_added_by_staff_only(client_for, staff, member, setup):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from committee.models import Document

    meeting = Meeting.objects.create(committee=setup[0], held_on="2026-05-05T10:00:00Z")
    url = reverse("committee:document_upload", args=["meeting", meeting.pk])
    assert client_for(member).post(url, {"title": "X", "file": _pdf()}).status_code == 403
    response = client_for(staff).post(url, {"title": "Program", "file": SimpleUploadedFile(
        "program.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")}, follow=True)
    assert not Document.objects.exists()
    assert "nie jest" in response.content.decode()
    client_for(staff).post(url, {"title": "Program", "file": _pdf()})
    assert Document.objects.get().meeting == meeting
    assert "Program" in client_for(member).get(reverse("committee:meeting", args=[meeting.pk])).content.decode()


def test_staff_appoint_a_member_and_schedule_a_meeting_from_the_page(client_for, staff, member, setup):
    from accounts.models import Role
    from accounts.tests.factories import UserFactory

    committee = setup[0]
    newcomer = UserFactory(roles=[Role.COMMITTEE_MEMBER])
    client = client_for(staff)
    page = client.get(committee.get_absolute_url()).content.decode()
    assert str(newcomer) in page
    assert f'value="{member.pk}"' not in page  # current members are not offered
    client.post(reverse("committee:member_appoint", args=[committee.pk]), {
        "user": newcomer.pk, "role": "member", "category": "universities", "represented_body": "UMK",
        "appointed_on": "2026-01-15"})
    appointed = committee.members.get(user=newcomer)
    assert appointed.category == "universities"
    assert str(appointed.appointed_on) == "2026-01-15"
    assert appointed.history.first().history_user == staff
    response = client.post(reverse("committee:meeting_create", args=[committee.pk]), {
        "held_on": "2026-12-10T10:00", "mode": "hybrid", "place": "Toruń", "agenda": "Otwarcie\nOpinia"})
    meeting = committee.meetings.get()
    assert response.url == reverse("committee:meeting", args=[meeting.pk])
    assert (meeting.agenda_items == [
            "Otwarcie", "Opinia"])


def test_members_cannot_appoint_or_schedule(client_for, member, setup):
    committee = setup[0]
    client = client_for(member)
    assert client.post(reverse("committee:member_appoint", args=[committee.pk]), {}).status_code == 403
    assert client.post(reverse("committee:meeting_create", args=[committee.pk]), {}).status_code == 403
    assert not committee.meetings.exists()


def test_a_refused_meeting_or_appointment_comes_back_with_what_was_typed(client_for, staff, setup):
    committee = setup[0]
    client = client_for(staff)
    response = client.post(reverse("committee:meeting_create", args=[committee.pk]), {
        "held_on": "", "mode": "hybrid", "place": "Toruń", "agenda": "Otwarcie\nDługi porządek obrad"})
    assert response.status_code == 400
    assert not committee.meetings.exists()
    page = response.content.decode()
    assert "Długi porządek obrad" in page
    assert "<details open>" in page
    response = client.post(reverse("committee:member_appoint", args=[committee.pk]), {
        "role": "member", "category": "universities", "represented_body": "Uniwersytet w Toruniu",
        "appointed_on": "2026-01-15"})
    assert response.status_code == 400
    assert "Uniwersytet w Toruniu" in response.content.decode()


def test_a_mistyped_deadline_does_not_open_the_vote(client_for, staff, setup):
    committee, _, _, _ = setup
    draft = services.resolution_create(committee=committee, title="Projekt", by=staff)
    response = client_for(staff).post(reverse("committee:resolution_action", args=[draft.pk, "open"]),
                                      {"deadline": "2026-99-99T10:00"}, follow=True)
    assert "Podaj termin głosowania" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == draft.Status.DRAFT
    assert draft.deadline is None


def test_a_dismissal_without_its_reason_is_refused_with_a_message(client_for, staff, setup):
    _, members, _, _ = setup
    response = client_for(staff).post(reverse("committee:member_dismiss", args=[members[2].pk]), {"reason": ""},
                                      follow=True)
    assert "Wybierz powód odwołania" in response.content.decode()
    members[2].refresh_from_db()
    assert members[2].dismissed_on is None


def test_the_admin_neither_numbers_resolutions_nor_appoints_members(client_for, rops_admin, setup):
    committee, members, _, _ = setup
    client = client_for(rops_admin)
    assert client.get(reverse("admin:committee_resolution_add")).status_code == 403
    page = client.get(reverse("admin:committee_committee_change", args=[committee.pk])).content.decode()
    assert str(members[0].user) in page
    assert 'name="members-0-role"' not in page   # shown, not editable


def test_a_member_present_is_obecny_obecna_not_obecni():
    from django.utils import translation

    from committee.models import Attendance

    with translation.override("pl"):
        assert str(Attendance.Status.PRESENT.label) == "obecny/obecna"


def test_the_column_says_glos_the_button_glosuj(client_for, staff, setup):
    partial = client_for(staff).get(reverse("committee:resolution", args=[setup[3].pk]),
                                    HTTP_HX_REQUEST="true").content.decode()
    assert '<th scope="col">Głos</th>' in partial
