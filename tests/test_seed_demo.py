import pytest
from django.core.management import CommandError, call_command

from accounts import permissions as p
from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from accounts.models import User

pytestmark = pytest.mark.django_db

# Most tests read the demo seeded once for the module (``demo_seeded`` in the root conftest); those that check the
# command itself, or need its callbacks on commit, run it on their own.


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_seed_demo_creates_one_login_per_role_and_prints_them(debug, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    for demo in DEMO_USERS:
        user = User.objects.get(email=demo.email)
        assert user.check_password(DEMO_PASSWORD)
        assert demo.role.value in user.role_names
        assert demo.email in out
    assert DEMO_PASSWORD in out
    pes = User.objects.get(email="pes@rops.example.pl")
    assert p.is_pes_representative(pes)
    assert pes.representations.exists()


def test_seed_demo_is_idempotent(debug, capsys):
    call_command("seed_demo")
    counts = {m: m.objects.count() for m in [User]}
    call_command("seed_demo")
    assert "already present" in capsys.readouterr().out
    assert {m: m.objects.count() for m in counts} == counts


def test_seed_demo_refuses_to_run_outside_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_demo_has_applications_in_every_state_and_certificates(debug, django_capture_on_commit_callbacks):
    from certification.models import Application, Certificate, Status

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", quiet_logins=True)
    states = set(Application.objects.values_list("status", flat=True))
    assert {Status.RETURNED, Status.COMMITTEE_VOTE, Status.DRAFT, Status.ACTIVE, Status.EXPIRED,
            Status.REFUSED} <= states
    # The demo PES's return is still open; another one is past its deadline (the staff's queue).
    from django.utils import timezone

    returned = Application.objects.get(status=Status.RETURNED, corrections_deadline__gte=timezone.localdate())
    assert returned.entity.representations.filter(user__email="pes@rops.example.pl").exists()
    assert Certificate.objects.filter(pdf__gt="").count() == Certificate.objects.count() > 0


def test_every_demo_login_reaches_its_dashboard(demo_seeded, client):
    for demo in DEMO_USERS:
        client.logout()
        response = client.post("/konto/logowanie/", {"username": demo.email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, demo.email
        assert client.get("/").status_code == 200


def test_demo_has_a_year_of_events_and_one_nearly_full_open_event(demo_seeded):
    from events.models import Event, EventKind, EventStatus

    assert set(Event.objects.values_list("kind", flat=True)) == set(EventKind.values)
    open_event = Event.objects.get(status=EventStatus.REGISTRATION_OPEN)
    confirmed = open_event.registrations.filter(status="confirmed").count()
    assert 0 < open_event.capacity - confirmed <= 3
    assert Event.objects.filter(registrations__attended=True).exists()


def test_demo_has_two_closed_campaigns_and_one_open(demo_seeded):
    from monitoring.models import Campaign, CampaignFigure

    assert list(Campaign.objects.order_by("year").values_list("status", flat=True)) == ["closed", "closed", "open"]
    assert CampaignFigure.objects.filter(campaign__status="closed").exists()
    open_campaign = Campaign.objects.get(status="open")
    assert open_campaign.respondents.filter(entity__representations__user__email="pes@rops.example.pl").exists()


def test_demo_indicators_are_computed_from_the_campaigns_and_the_committee(demo_seeded):
    from django.utils import timezone

    from monitoring.models import Campaign, CampaignFigure
    from programmes.models import IndicatorValue

    closed_years = list(Campaign.objects.filter(status="closed").values_list("year", flat=True))
    jobs = IndicatorValue.objects.filter(indicator__computation="survey_owes_jobs_created")
    assert sorted(jobs.values_list("year", flat=True)) == sorted(closed_years)   # none for the open campaign
    for value in jobs:
        assert value.value == CampaignFigure.objects.get(campaign__year=value.year, measure="owes_jobs_created").total
    last_year = timezone.localdate().year - 1
    assert IndicatorValue.objects.get(indicator__computation="committee_meetings", year=last_year).value == 3


def test_demo_registry_has_about_200_entities_with_every_legal_form_and_valid_ids(demo_seeded):
    from entities.models import Entity, LegalForm, Owes
    from entities.validators import validate_nip, validate_regon

    assert 180 <= Entity.objects.count() <= 230
    assert set(Entity.objects.values_list("legal_form", flat=True)) >= set(LegalForm.values) - {
        LegalForm.PUBLIC_INSTITUTION, LegalForm.COMPANY, LegalForm.OTHER}
    for entity in Entity.objects.exclude(nip=None)[:50]:
        validate_nip(entity.nip)
        validate_regon(entity.regon)
    assert Owes.objects.count() == 4
    assert Entity.objects.jst().count() == 16
    from django.utils import timezone

    from entities.computations import owes_accredited_on

    assert owes_accredited_on(timezone.localdate()).count() == 4   # whenever the demo is loaded
    assert Entity.objects.filter(seat__code__startswith="04").count() == Entity.objects.count()


def test_demo_has_the_real_programme_in_force_with_values_and_a_draft_in_consultation(demo_seeded):
    from programmes.models import IndicatorValue, Programme

    in_force = Programme.objects.get(status="in_force")
    assert in_force.priorities.count() == 4
    assert in_force.version == 2
    assert IndicatorValue.objects.filter(indicator__programme=in_force, computed=True).exists()
    assert IndicatorValue.objects.filter(indicator__programme=in_force, locked=True).exists()
    assert Programme.objects.filter(status="consultation").exists()
    assert in_force.action_plans.get().tasks.count() == 4


def test_demo_has_the_committee_and_the_chapter_with_votes_to_cast(demo_seeded, client):
    from committee.models import Committee, Resolution
    from committee.services import members_flagged_for_dismissal, resolution_recount_matches

    rkres = Committee.objects.get(kind=Committee.Kind.RKRES)
    assert 18 <= rkres.members.filter(dismissed_on__isnull=True).count() <= 22
    assert len(set(rkres.members.values_list("category", flat=True))) == 10  # every statutory category
    assert rkres.meetings.filter(attendance__isnull=False).distinct().count() >= 3
    assert [m.user.last_name for m in members_flagged_for_dismissal(rkres)] == ["Nieobecny"]
    closed = rkres.resolutions.get(status=Resolution.Status.CLOSED)
    assert closed.adopted
    assert resolution_recount_matches(closed)
    open_vote = rkres.resolutions.get(status=Resolution.Status.OPEN)
    member = User.objects.get(email="czlonek@rops.example.pl")
    assert open_vote.votes.exists()
    assert not open_vote.votes.filter(member__user=member).exists()
    chapter = Committee.objects.get(kind=Committee.Kind.CHAPTER)
    assert chapter.members.count() == 7
    assert chapter.members.filter(user=member).exists()
    surveys = rkres.surveys.order_by("year")
    assert [s.status for s in surveys] == ["closed", "open"]
    assert surveys[0].participations.count() == 12
    # The demo member finds the vote on the site and is asked to declare first.
    client.force_login(member)
    page = client.get(open_vote.get_absolute_url()).content.decode()
    assert f"/uchwaly/{open_vote.pk}/declare/" in page


def test_demo_chapter_cases_are_opened_through_the_services(demo_seeded):
    from certification.models import Application, Status

    voting = Application.objects.get(status=Status.COMMITTEE_VOTE)
    assert voting.resolution.status == "open"
    assert voting.resolution.votes.count() == 3
    assert voting.resolution.declarations.filter(has_conflict=True).count() == 1
    from accounts.models import RegistrationRequest

    assert RegistrationRequest.objects.filter(status="awaiting_staff").count() == 1
    assessing = Application.objects.get(status=Status.ASSESSMENT)
    assert assessing.resolution.status == "draft"
    assert assessing.assessments.filter(submitted_at__isnull=False).exists()


def test_demo_sejmik_report_shows_no_data_for_a_year_without_employment_figures(demo_seeded):
    """The demo's registry has yearly figures for the last two years only: the periodic report's first year has no
    employment value (no data, never a 0), the next one has the persons employed in PES."""
    from core.computations import NotAvailable, compute
    from monitoring.models import Report
    from monitoring.reports import report_data

    sejmik = Report.objects.get(kind=Report.Kind.PERIODIC)
    first, last = sejmik.years[0], sejmik.years[-1]
    with pytest.raises(NotAvailable):
        compute("pes_employees", year=first)
    assert compute("pes_employees", year=last) > 0
    snapshot = sejmik.versions.get().snapshot
    programme = snapshot["programme"]
    rows = [*programme["top_indicators"], *(r for p in programme["priorities"] for r in p["indicators"]),
            *(r for p in programme["priorities"] for g in p["goals"] for r in g["indicators"])]
    employed = next(r for r in rows if r["computation"] == "pes_employees")
    assert str(first) not in employed["values"]
    assert str(last) in employed["values"]
    data = report_data(snapshot)
    lines = [*data.top_indicators, *(line for p in data.priorities for line in p.indicators),
             *(line for p in data.priorities for g in p.goals for line in g.indicators)]
    line = next(line for line in lines if line.name == employed["name"])
    assert [str(v) for v in line.values][0] == "brak danych"


def test_every_role_finds_real_items_on_its_home_page(debug):
    """The demo shows "Moje sprawy" at work: a vote, an assessment, a meeting with documents, a return with its
    deadline, an application that can be started, the staff's queues, an accepted report."""
    from accounts.models import User
    from core.home import home_sections

    call_command("seed_demo", quiet_logins=True)

    def data(email, key):
        user = User.objects.get(email=email)
        return next(s["data"] for g in home_sections(user) for s in g["sections"] if s["key"] == key)

    member = data("czlonek@rops.example.pl", "committee_member")
    assert member.votes
    assert member.meetings
    assert member.meetings[0].documents == 2
    assert data("czlonek@rops.example.pl", "certification_assessor").to_assess
    applicant = data("pes@rops.example.pl", "certification_applicant")
    assert applicant.start.possible
    assert any(item.application.corrections_requested for item in applicant.applications)
    assert data("pes@rops.example.pl", "events_participant")
    assert any(queue.urgent for queue in data("pracownik@rops.example.pl", "certification_staff"))
    assert data("zarzad@rops.example.pl", "monitoring_board").accepted


def test_seed_demo_keeps_pdf_font_messages_quiet_and_ends_with_the_logins_framed(debug, capsys, caplog, monkeypatch):
    """WeasyPrint and fontTools log every font of every PDF the demo renders; none of it is printed, and the
    logins come last between two rules, so that they stand out."""
    import logging

    from accounts.management.commands import seed_demo

    original = seed_demo.seed_users

    def seed_users_rendering_a_pdf():  # what rendering a PDF logs, while the demo is seeded
        logging.getLogger("weasyprint").warning("Ignored `font-variant` at 1:1")
        logging.getLogger("fontTools.subset").info("maxp pruned")
        return original()

    monkeypatch.setattr(seed_demo, "seed_users", seed_users_rendering_a_pdf)
    caplog.set_level(logging.INFO)
    call_command("seed_demo")
    assert not [r for r in caplog.records if r.name.startswith(("weasyprint", "fontTools"))]
    assert logging.getLogger("weasyprint").level == logging.NOTSET   # restored afterwards
    lines = capsys.readouterr().out.rstrip().splitlines()
    assert lines[-1] == "=" * 64
    assert lines[-len(DEMO_USERS) - 2].startswith("Demo logins")
    assert lines[-len(DEMO_USERS) - 3] == "=" * 64
    assert [line.split()[-1] for line in lines[-len(DEMO_USERS) - 1:-1]] == [u.email for u in DEMO_USERS]


def test_demo_names_do_not_put_a_nominative_after_w(demo_seeded):
    """ "w Toruń" is not Polish; the demo writes the seat after a dash instead of inflecting TERYT names."""
    from entities.models import Entity

    nominative = [e.name for e in Entity.objects.select_related("seat")
                  if e.seat and e.name.endswith(f"” w {e.seat.name}")]
    assert nominative == []
    assert Entity.objects.filter(name__contains="” – ").exists()


def test_demo_has_the_data_controller_and_two_data_subject_requests_to_handle(demo_seeded):
    """Core's demo (``core.demo``, last of ``DEMO_APPS``): the information clauses name the controller, and staff
    find an access and an erasure request in their queue."""
    from core.models import DataSubjectRequest
    from core.selectors import privacy_settings

    assert privacy_settings().controller.startswith("Województwo Kujawsko-Pomorskie")
    assert sorted(DataSubjectRequest.objects.values_list("kind", flat=True)) == sorted(
        [DataSubjectRequest.Kind.ACCESS, DataSubjectRequest.Kind.ERASURE])
