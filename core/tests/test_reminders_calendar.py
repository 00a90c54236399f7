"""Reminders before and after a due date, each once; the personal calendar; the notifications page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from committee import services
from committee.models import Meeting
from committee.tests.factories import committee_with
from core.calendar import calendar_feed_get
from core.models import NotificationMode, NotificationPreference, ReminderSent
from core.notifications import kinds
from core.reminders import reminders_send
from events.models import Event, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote(staff):
    committee, members = committee_with(3)
    resolution = services.resolution_create(committee=committee, title="Opinia", by=staff)
    resolution = services.resolution_open_vote(resolution=resolution, by=staff)
    return committee, members, resolution


def test_vote_reminder_goes_once_to_who_has_not_voted(vote):
    _, members, resolution = vote
    services.conflict_declare(resolution=resolution, user=members[0].user, has_conflict=False)
    services.vote_cast(resolution=resolution, user=members[0].user, choice="for")
    mail.outbox.clear()
    assert reminders_send(now=resolution.deadline - timedelta(days=5)) == 0  # too early
    assert reminders_send(now=resolution.deadline - timedelta(hours=10)) == 2
    assert reminders_send(now=resolution.deadline - timedelta(hours=9)) == 0  # run twice: once
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in members[1:])
    assert ReminderSent.objects.count() == 2


def test_a_member_who_chose_off_is_counted_but_not_emailed(vote):
    _, members, resolution = vote
    NotificationPreference.objects.create(user=members[1].user, kind="committee.vote_reminder",
                                          mode=NotificationMode.OFF)
    mail.outbox.clear()
    assert reminders_send(now=resolution.deadline - timedelta(hours=10)) == 3
    assert members[1].user.email not in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 2


def test_corrections_reminder_before_and_after_each_once(pes, pes_entity, staff):
    from certification.models import Application, Status
    from certification.tests.factories import EditionFactory

    today = timezone.localdate()
    application = Application.objects.create(edition=EditionFactory(), entity=pes_entity, created_by=pes,
                                             status=Status.RETURNED, corrections_deadline=today + timedelta(days=1),
                                             contact_email="biuro@example.org")
    due = timezone.make_aware(timezone.datetime.combine(today + timedelta(days=2), timezone.datetime.min.time()))
    mail.outbox.clear()
    assert reminders_send(now=due - timedelta(hours=30)) == 2        # applicant's address and the representative
    assert reminders_send(now=due - timedelta(hours=29)) == 0
    assert reminders_send(now=due + timedelta(hours=25)) == 2        # after the deadline, still not corrected
    assert reminders_send(now=due + timedelta(hours=26)) == 0
    assert len(mail.outbox) == 4
    assert {m.to[0] for m in mail.outbox} == {"biuro@example.org", pes.email}
    Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED)
    assert reminders_send(now=due + timedelta(hours=27)) == 0


def test_the_feed_holds_the_members_meetings_and_votes_and_only_theirs(vote, client, outsider):
    committee, members, resolution = vote
    Meeting.objects.create(committee=committee, held_on=timezone.now() + timedelta(days=3), place="Toruń")
    member = members[1].user
    body = client.get(reverse("accounts:calendar_feed", args=[calendar_feed_get(member).token]))
    assert body.status_code == 200
    assert body["Content-Type"].startswith("text/calendar")
    uids = {str(c["uid"]) for c in Calendar.from_ical(body.content).walk("VEVENT")}
    assert any(u.startswith("committee-meeting-") for u in uids)
    assert f"committee-vote-{resolution.pk}@rops" in uids
    other = client.get(reverse("accounts:calendar_feed", args=[calendar_feed_get(outsider).token]))
    assert not Calendar.from_ical(other.content).walk("VEVENT")
    assert client.get(reverse("accounts:calendar_feed", args=["x" * 43])).status_code == 404


def test_the_feed_holds_the_events_the_person_registered_for(pes, client):
    start = timezone.now() + timedelta(days=7)
    event = Event.objects.create(title="Targi ES", starts_at=start, ends_at=start + timedelta(hours=3))
    Registration.objects.create(event=event, first_name="P", last_name="P", email=pes.email, category="pes")
    content = client.get(reverse("accounts:calendar_feed", args=[calendar_feed_get(pes).token])).content
    assert [str(e["summary"]) for e in Calendar.from_ical(content).walk("VEVENT")] == ["Targi ES"]


def test_the_page_saves_choices_and_a_new_address_stops_the_old(client_for, member):
    client = client_for(member)
    page = client.get(reverse("accounts:notifications"))
    assert page.status_code == 200
    assert "<legend" in page.content.decode()
    data = {kind.code: "immediate" for kind in kinds() if not kind.required} | {"committee.vote_result": "digest"}
    response = client.post(reverse("accounts:notifications"), data)
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=member, kind="committee.vote_result").mode == "digest"
    assert client.post(reverse("accounts:notifications"), data | {"committee.vote_result": "bad"}).status_code == 200
    old = calendar_feed_get(member).token
    client.post(reverse("accounts:calendar_regenerate"))
    assert client.get(reverse("accounts:calendar_feed", args=[old])).status_code == 404
