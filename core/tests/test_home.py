"""The home page ("Moje sprawy") per role, and the public entrance at ``/``."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.models import Application, Certificate, Edition, Status
from committee.models import Committee, ConflictDeclaration, Meeting, Member, Resolution, Survey, Vote
from monitoring.models import Report, ReportStatus

pytestmark = pytest.mark.django_db


def _committee():
    return Committee.objects.create(kind="rkres", name="RKRES", term_start=timezone.localdate() - timedelta(days=400))


def _member(committee, user):
    return Member.objects.create(committee=committee, user=user, category="ngo",
                                 appointed_on=timezone.localdate() - timedelta(days=30))


def _open_vote(committee, members, n=1, **extra):
    return Resolution.objects.create(committee=committee, year=2026, sequence=n, title=f"Uchwała {n}",
                                     status=Resolution.Status.OPEN, opened_at=timezone.now(),
                                     deadline=timezone.now() + timedelta(days=3),
                                     entitled_members=[m.pk for m in members], **extra)


def _page(client):
    return client.get(reverse("core:dashboard")).content.decode()


# --- the public entrance ------------------------------------------------------------------------

def test_anonymous_visitor_at_root_gets_the_public_entrance(client):
    response = client.get("/")
    assert response.status_code == 200


@pytest.mark.parametrize("url_name", ["entities:catalogue", "events:public_list", "certification:register",
                                      "certification:verify", "opendata:catalogue", "accounts:register",
                                      "core:accessibility", "accounts:login"])
def test_public_entrance_links_the_public_pages(client, url_name):
    assert f'href="{reverse(url_name)}"' in client.get("/").content.decode()


def test_public_entrance_shows_upcoming_public_events(client, staff):
    from events.models import Event, EventStatus

    Event.objects.create(kind="conference", title="Szkolenie z ekonomii", starts_at=timezone.now() + timedelta(days=2),
                         ends_at=timezone.now() + timedelta(days=2, hours=3), status=EventStatus.REGISTRATION_OPEN,
                         created_by=staff)
    assert "Szkolenie z ekonomii" in client.get("/").content.decode()


def test_footer_of_a_signed_in_page_links_the_public_catalogue(client_for, staff):
    assert f'href="{reverse("entities:catalogue")}"' in _page(client_for(staff))


def test_footer_of_a_signed_in_page_does_not_offer_to_register_a_pes(client_for, pes):
    """The registration form sends a signed-in person back to their home page: a link there would lead nowhere."""
    assert f'href="{reverse("accounts:register")}"' not in _page(client_for(pes))


def test_signed_in_user_at_root_gets_their_home(client_for, member):
    assert "Moje sprawy" in client_for(member).get("/").content.decode()


# --- committee member ---------------------------------------------------------------------------

def test_member_sees_an_open_vote_with_its_deadline(client_for, member):
    committee = _committee()
    m = _member(committee, member)
    resolution = _open_vote(committee, [m])
    ConflictDeclaration.objects.create(resolution=resolution, member=m, has_conflict=False)
    page = _page(client_for(member))
    assert reverse("committee:resolution", args=[resolution.pk]) in page


def test_member_sees_whether_they_voted(client_for, member):
    committee = _committee()
    m = _member(committee, member)
    resolution = _open_vote(committee, [m])
    ConflictDeclaration.objects.create(resolution=resolution, member=m, has_conflict=False)
    Vote.objects.create(resolution=resolution, member=m, choice="for")
    assert "oddano głos" in _page(client_for(member))


def test_member_not_entitled_does_not_see_the_vote(client_for, member, staff):
    committee = _committee()
    _member(committee, member)
    other = _member(committee, staff)
    resolution = _open_vote(committee, [other])
    assert reverse("committee:resolution", args=[resolution.pk]) not in _page(client_for(member))


def test_recused_member_does_not_see_the_vote(client_for, member):
    committee = _committee()
    m = _member(committee, member)
    resolution = _open_vote(committee, [m])
    ConflictDeclaration.objects.create(resolution=resolution, member=m, has_conflict=True)
    assert reverse("committee:resolution", args=[resolution.pk]) not in _page(client_for(member))


def test_member_sees_a_draft_to_declare_on(client_for, member):
    committee = _committee()
    _member(committee, member)
    draft = Resolution.objects.create(committee=committee, year=2026, sequence=9, title="Projekt")
    assert reverse("committee:resolution", args=[draft.pk]) in _page(client_for(member))


def test_member_sees_an_upcoming_meeting_with_its_agenda(client_for, member):
    committee = _committee()
    _member(committee, member)
    meeting = Meeting.objects.create(committee=committee, held_on=timezone.now() + timedelta(days=5),
                                     agenda="Otwarcie\nSprawozdanie roczne")
    page = _page(client_for(member))
    assert reverse("committee:meeting", args=[meeting.pk]) in page
    assert "Sprawozdanie roczne" in page


def test_member_sees_the_open_survey(client_for, member):
    committee = _committee()
    _member(committee, member)
    survey = Survey.objects.create(committee=committee, year=2026, title="Ankieta 2026", status=Survey.Status.OPEN)
    assert reverse("committee:survey", args=[survey.pk]) in _page(client_for(member))


def test_dismissed_member_sees_no_committee_matters(client_for, member):
    committee = _committee()
    m = _member(committee, member)
    Member.objects.filter(pk=m.pk).update(dismissed_on=timezone.localdate() - timedelta(days=1))
    resolution = _open_vote(committee, [m])
    assert reverse("committee:resolution", args=[resolution.pk]) not in _page(client_for(member))


def test_member_matters_query_count_does_not_grow(member, django_assert_num_queries):
    from committee.home import member_matters

    committee = _committee()
    m = _member(committee, member)
    for n in range(1, 4):
        _open_vote(committee, [m], n=n)
        Meeting.objects.create(committee=committee, held_on=timezone.now() + timedelta(days=n))
    member.refresh_from_db()
    # role, votes pending, memberships, declarations, votes cast, meetings, surveys
    with django_assert_num_queries(7):
        matters = member_matters(member)
    assert len(matters.votes) == 3


# --- PES representative -------------------------------------------------------------------------

def _edition(days_from_open=-1, **extra):
    today = timezone.localdate()
    return Edition.objects.create(name="Edycja 2026", year=2026, opens_on=today + timedelta(days=days_from_open),
                                  closes_on=today + timedelta(days=30), **extra)


def test_pes_can_start_an_application_when_an_edition_is_open(client_for, pes):
    _edition()
    assert reverse("certification:start") in _page(client_for(pes))


def test_pes_is_told_why_not_when_no_edition_is_open(client_for, pes):
    _edition(days_from_open=10)
    page = _page(client_for(pes))
    assert reverse("certification:start") not in page
    assert "Żadna edycja nie przyjmuje teraz wniosków" in page


def test_pes_is_told_why_not_when_it_has_applied_in_every_open_edition(client_for, pes, pes_entity):
    Application.objects.create(edition=_edition(), entity=pes_entity, created_by=pes, status=Status.SUBMITTED)
    page = _page(client_for(pes))
    assert reverse("certification:start") not in page
    assert "Masz już wniosek w każdej edycji, która przyjmuje teraz wnioski." in page


def test_pes_may_apply_again_in_an_edition_whose_application_was_withdrawn(client_for, pes, pes_entity):
    Application.objects.create(edition=_edition(), entity=pes_entity, created_by=pes, status=Status.WITHDRAWN)
    assert reverse("certification:start") in _page(client_for(pes))


def test_pes_sees_a_return_with_its_deadline_in_bold(client_for, pes, pes_entity):
    edition = _edition()
    deadline = timezone.localdate() + timedelta(days=7)
    Application.objects.create(edition=edition, entity=pes_entity, created_by=pes, status=Status.RETURNED,
                               corrections_deadline=deadline)
    assert f"{deadline.day}.{deadline:%m.%Y}.</strong>" in _page(client_for(pes))


def test_pes_sees_their_certificate_with_expiry(client_for, pes, pes_entity):
    edition = _edition()
    application = Application.objects.create(edition=edition, entity=pes_entity, created_by=pes,
                                             status=Status.ACTIVE)
    Certificate.objects.create(application=application, year=2026, sequence=1, number="ZP/1/2026",
                               entity_name="SS Test", items="catering", valid_from=timezone.localdate(),
                               valid_until=timezone.localdate() + timedelta(days=300))
    assert "ZP/1/2026" in _page(client_for(pes))


def test_pes_does_not_see_another_entitys_application(client_for, pes, other_entity, staff):
    edition = _edition()
    other = Application.objects.create(edition=edition, entity=other_entity, created_by=staff)
    assert reverse("certification:detail", args=[other.pk]) not in _page(client_for(pes))


# --- two roles, staff, board --------------------------------------------------------------------

def test_person_with_two_roles_sees_both_sections(client_for, pes_member):
    page = _page(client_for(pes_member))
    assert 'id="home-role-committee_member"' in page
    assert 'id="home-role-pes_representative"' in page


def test_staff_sees_the_queue_of_applications_to_check(client_for, staff, pes, pes_entity):
    Application.objects.create(edition=_edition(), entity=pes_entity, created_by=pes, status=Status.SUBMITTED)
    assert "1 wniosek czeka na ocenę formalną" in _page(client_for(staff))


def test_staff_queue_links_to_the_filtered_list(client_for, staff, pes, pes_entity):
    Application.objects.create(edition=_edition(), entity=pes_entity, created_by=pes, status=Status.SUBMITTED)
    assert f'{reverse("certification:list")}?status=submitted' in _page(client_for(staff))


def test_overdue_filter_lists_only_returns_past_their_deadline(client_for, staff, pes, pes_entity, other_entity):
    edition = _edition()
    late = Application.objects.create(edition=edition, entity=pes_entity, created_by=pes, status=Status.RETURNED,
                                      corrections_deadline=timezone.localdate() - timedelta(days=1))
    Application.objects.create(edition=edition, entity=other_entity, created_by=staff, status=Status.RETURNED,
                               corrections_deadline=timezone.localdate() + timedelta(days=5))
    page = client_for(staff).get(reverse("certification:list") + "?overdue=1")
    assert [a.pk for a in page.context["page_obj"]] == [late.pk]


def test_board_sees_a_report_awaiting_acceptance(client_for, board, staff):
    from programmes.models import Programme

    programme = Programme.objects.create(name="Program 2026–2030", region_code="04", start_year=2026,
                                         end_year=2030, responsible_body="Zarząd")
    report = Report.objects.create(title="Sprawozdanie 2026", programme=programme, year_from=2026, year=2026,
                                   status=ReportStatus.COMMITTEE_OPINION)
    page = _page(client_for(board))
    assert report.title in page
    assert reverse("monitoring:report", args=[report.pk]) not in page   # not open to it


def test_outsider_home_says_there_is_nothing(client_for, outsider):
    assert "home-role-" not in _page(client_for(outsider))


def _busy_world(staff, pes, pes_entity, committee_user, items):
    """Several items of every kind, to show the count does not grow with them."""
    committee = _committee()
    m = _member(committee, committee_user)
    edition = _edition()
    for n in range(1, items + 1):
        _open_vote(committee, [m], n=n)
        Meeting.objects.create(committee=committee, held_on=timezone.now() + timedelta(days=n), agenda="A\nB")
        Survey.objects.create(committee=committee, year=2000 + n, title=f"Ankieta {n}", status=Survey.Status.OPEN)
        Application.objects.create(edition=edition, entity=pes_entity, created_by=pes, status=Status.RETURNED,
                                   corrections_deadline=timezone.localdate())


# The queries of a page: session and user, the roles with the permissions (one query), each section's fixed
# queries, the user's jobs.
HOME_QUERIES = {"staff": 18, "member": 17, "pes": 16, "board": 12, "pes_member": 23}


@pytest.mark.parametrize("items", [1, 4])
@pytest.mark.parametrize("role", sorted(HOME_QUERIES))
def test_home_page_query_count_is_fixed(cast, pes_member, client_for, role, items, pes_entity,
                                        django_assert_num_queries):
    user = pes_member if role == "pes_member" else cast[role]
    _busy_world(cast["staff"], cast["pes"], pes_entity, user, items)
    client = client_for(user)
    with django_assert_num_queries(HOME_QUERIES[role]):
        assert client.get(reverse("core:dashboard")).status_code == 200
