"""The member's home page ("Moje sprawy"): what waits for a committee member. Its own module because it reads both
the selectors (standing, entitlement) and the survey's rule (``survey_is_open``), which itself reads the
selectors."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef
from django.utils import timezone

from accounts.permissions import is_committee_member

from .models import Meeting, Member, Resolution, Survey, SurveyParticipation, Vote
from .selectors import Standing, member_standings
from .survey import survey_is_open


@dataclass(frozen=True)
class VoteItem:
    resolution: Resolution
    standing: Standing
    voted: bool


@dataclass(frozen=True)
class MeetingItem:
    meeting: Meeting
    agenda: list[str]
    documents: int


@dataclass
class MemberMatters:
    votes: list[VoteItem]            # voting open to them (not recused), whether they voted, by deadline
    declarations: list[Standing]     # drafts on which they must declare a conflict of interest or not
    meetings: list[MeetingItem]      # meetings to come, with the agenda and the number of documents
    surveys: list[Survey]            # the annual survey they have not answered

    @property
    def empty(self) -> bool:
        return not (self.votes or self.declarations or self.meetings or self.surveys)


def member_matters(user) -> MemberMatters | None:
    """What waits for a committee member, for the home page (None: not a committee member). Only the
    committees they are in office in today (``Member.objects.in_office``); who declares and votes is
    ``member_standings`` (the rule of ``voting_standing``). Seven queries whatever the number of items."""

    if not is_committee_member(user):
        return None
    committees = Member.objects.in_office().filter(user=user).values("committee_id")
    pending = Resolution.objects.filter(committee__in=committees).exclude(status=Resolution.Status.CLOSED) \
        .select_related("committee").order_by(F("deadline").asc(nulls_last=True), "year", "sequence")
    standings = [s for s in member_standings(user, pending) if not s.refusal]
    voted = set(Vote.objects.filter(member__in=[s.member for s in standings if s.resolution.is_open],
                                    resolution__in=[s.resolution for s in standings if s.resolution.is_open])
                .values_list("resolution_id", flat=True)) if any(s.resolution.is_open for s in standings) else set()
    votes = [VoteItem(resolution=s.resolution, standing=s, voted=s.resolution.pk in voted)
             for s in standings if s.resolution.is_open and not s.recused]
    declarations = [s for s in standings if s.resolution.is_draft and s.may_declare]
    meetings = [MeetingItem(meeting=m, agenda=m.agenda_items, documents=m.document_count)
                for m in Meeting.objects.filter(committee__in=committees, held_on__gte=timezone.now())
                .select_related("committee").annotate(document_count=Count("documents")).order_by("held_on")[:10]]
    answered = SurveyParticipation.objects.filter(survey=OuterRef("pk"), member__user=user)
    surveys = [s for s in Survey.objects.filter(committee__in=committees, status=Survey.Status.OPEN)
               .exclude(Exists(answered)).select_related("committee").order_by("closes_on", "pk")
               if survey_is_open(s)]
    return MemberMatters(votes=votes, declarations=declarations, meetings=meetings, surveys=surveys)
