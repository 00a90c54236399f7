"""What committee tells its members (``core.notifications``), reminds them of (``core.reminders``) and puts in
their personal calendar (``core.calendar``); registered from ``CommitteeConfig.ready()``."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.calendar import CalendarEntry, calendar_source
from core.mail import site_url
from core.notifications import notification_kind
from core.reminders import BEFORE, Due, end_of_day, reminder_source

from .models import ConflictDeclaration, Meeting, Member, Resolution, Survey, SurveyParticipation
from .selectors import current_members, declaration_states, entitled, member_standings

notification_kind("committee.vote_result", _("Results of the Committee's votes"))
notification_kind("committee.vote_reminder", _("Reminders of votes I have not cast"))
notification_kind("committee.survey_reminder", _("Reminders of the members' survey I have not answered"))


@reminder_source
def vote_reminders(earliest, latest):
    """The members who may still vote on an open resolution due in the window (entitled, in office, not
    recused) and have not voted: reminded before the deadline (after it the vote closes by itself)."""
    due = Resolution.objects.filter(status=Resolution.Status.OPEN, deadline__gte=earliest,
                                    deadline__lte=latest).select_related("committee")
    for resolution in due:
        states = declaration_states(resolution)
        voted = set(resolution.votes.values_list("member_id", flat=True))
        for member in current_members(resolution.committee).filter(pk__in=entitled(resolution).members):
            if member.pk in voted or states.get(member.pk) == ConflictDeclaration.State.RECUSED:
                continue
            yield Due(key=f"committee.vote:{resolution.pk}", to=member.user.email, due=resolution.deadline,
                      kind="committee.vote_reminder", template="committee/email/reminder.txt",
                      context={"resolution": resolution}, offsets=(BEFORE,))


@reminder_source
def survey_reminders(earliest, latest):
    """The members in office who have not answered an open members' survey, before and after its last day."""
    surveys = Survey.objects.filter(status=Survey.Status.OPEN, closes_on__gte=earliest.date() - timedelta(days=1),
                                    closes_on__lte=latest.date()).select_related("committee")
    for survey in surveys:
        due = end_of_day(survey.closes_on)
        if not earliest <= due <= latest:
            continue
        answered = SurveyParticipation.objects.filter(survey=survey).values("member_id")
        for member in current_members(survey.committee).exclude(pk__in=answered):
            yield Due(key=f"committee.survey:{survey.pk}", to=member.user.email, due=due,
                      kind="committee.survey_reminder", template="committee/email/survey_reminder.txt",
                      context={"survey": survey, "url": site_url(reverse("committee:survey", args=[survey.pk]))})


@calendar_source
def member_calendar(user):
    """The person's meetings (of the committees they are in office in, from 90 days back) and the deadlines of
    the open votes they may cast (entitled and not recused)."""
    committees = Member.objects.in_office().filter(user=user).values("committee_id")
    since = timezone.now() - timedelta(days=90)
    for meeting in Meeting.objects.filter(committee_id__in=committees, held_on__gte=since).select_related(
            "committee"):
        yield CalendarEntry(uid=f"committee-meeting-{meeting.pk}",
                            summary=_("Meeting: %(committee)s") % {"committee": meeting.committee},
                            start=meeting.held_on, end=meeting.held_on + timedelta(hours=2), location=meeting.place,
                            description=meeting.agenda, url=site_url(reverse("committee:meeting", args=[meeting.pk])))
    open_votes = Resolution.objects.filter(status=Resolution.Status.OPEN, deadline__isnull=False,
                                           committee_id__in=committees).select_related("committee")
    for standing in member_standings(user, open_votes):
        if standing.refusal or standing.state == ConflictDeclaration.State.RECUSED:
            continue
        resolution = standing.resolution
        yield CalendarEntry(uid=f"committee-vote-{resolution.pk}", start=resolution.deadline,
                            summary=_("Vote deadline: resolution %(number)s") % {"number": resolution.number},
                            description=resolution.title, url=site_url(resolution.get_absolute_url()))
