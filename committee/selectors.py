"""Reads of committee data, and the one home of "who is a member" and "who votes on a resolution".

- In office: ``Member.objects.in_office(on=day)``; ``member_of`` is a person's membership in office today.
- Entitled to vote on a resolution (``entitled``): the members in office on the day voting opened, frozen on the
  resolution then (``Resolution.entitled_members``); before voting opens, those in office today. The tally counts
  exactly this set, so a recount always gives the stored result.
- A person's standing on a resolution (``voting_standing``): they declare and vote only while they are in office
  AND entitled; otherwise ``refusal`` says why, in the user's language. Their declaration state
  (``declaration_state``: undeclared, recused, cleared) decides the vote and the restricted documents.
"""

from dataclasses import dataclass

from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.permissions import can_read_reports, is_staff_member

from .models import Committee, ConflictDeclaration, Meeting, Member, Resolution, Survey, SurveyParticipation, Vote
from .tally import Rules, TallyResult, quorum_reachable, tally

State = ConflictDeclaration.State


# --- membership -------------------------------------------------------------------------------

def current_members(committee: Committee):
    """The committee's members in office today."""
    return Member.objects.in_office().filter(committee=committee).select_related("user")


def member_of(committee: Committee, user) -> Member | None:
    """The person's membership of the committee in office today (None: not a member today)."""
    if user is None or not user.is_authenticated:
        return None
    return Member.objects.in_office().filter(committee=committee, user=user).first()


def committee_list(*, user):
    if is_staff_member(user) or can_read_reports(user):
        return Committee.objects.all()
    return Committee.objects.filter(pk__in=Member.objects.in_office().filter(user=user).values("committee_id"))


def committee_get_for_user(*, user, pk) -> Committee:
    committee = Committee.objects.filter(pk=pk).first()
    if committee is None or not user.has_perm("committee.view_committee", committee):
        raise Http404
    return committee


def resolution_get_for_user(*, user, pk) -> Resolution:
    resolution = Resolution.objects.select_related("committee", "meeting").filter(pk=pk).first()
    if resolution is None or not user.has_perm("committee.view_committee", resolution.committee):
        raise Http404
    return resolution


# --- who votes --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Entitled:
    members: frozenset[int]
    chair: int | None


def entitled_on(committee: Committee, day) -> Entitled:
    """The members who would vote if voting opened on ``day``: those in office that day (and the chair)."""
    in_office = Member.objects.in_office(on=day).filter(committee=committee)
    return Entitled(members=frozenset(in_office.values_list("pk", flat=True)),
                    chair=in_office.filter(role=Member.Role.CHAIR).values_list("pk", flat=True).first())


def entitled(resolution: Resolution) -> Entitled:
    """Who votes on the resolution: frozen when voting opened; before that, who would if it opened today."""
    if resolution.is_draft:
        return entitled_on(resolution.committee, timezone.localdate())
    return Entitled(members=frozenset(resolution.entitled_members), chair=resolution.entitled_chair)


def declaration_state(*, resolution_id: int | None, member: Member | None) -> ConflictDeclaration.State:
    """The member's declaration in the matter: undeclared, recused (a conflict) or cleared (no conflict).
    Cleared is the condition for voting and for seeing the matter's restricted documents (committee documents
    and a certification case's attachments alike)."""
    if member is None or resolution_id is None:
        return State.UNDECLARED
    declaration = ConflictDeclaration.objects.filter(resolution_id=resolution_id, member=member).first()
    return declaration.state if declaration else State.UNDECLARED


def declaration_states(resolution: Resolution) -> dict[int, ConflictDeclaration.State]:
    """{member id: state} of everybody who declared in the matter (the others are undeclared)."""
    return {d.member_id: d.state for d in resolution.declarations.all()}


@dataclass(frozen=True)
class Standing:
    """A person's standing on one resolution: whether they may declare and vote, and if not, why."""

    resolution: Resolution
    member: Member | None          # their membership in office today (None: not a member today)
    state: ConflictDeclaration.State
    refusal: str = ""              # why they may neither declare nor vote ("" when entitled and in office)

    @property
    def undeclared(self) -> bool:
        return self.state == State.UNDECLARED

    @property
    def recused(self) -> bool:
        return self.state == State.RECUSED

    @property
    def cleared(self) -> bool:
        return self.state == State.CLEARED

    @property
    def may_declare(self) -> bool:
        return not self.refusal and self.undeclared and not self.resolution.is_closed

    @property
    def may_vote(self) -> bool:
        return not self.refusal and self.cleared and self.resolution.is_open


def voting_standing(resolution: Resolution, user) -> Standing:
    """The one rule for who may declare and vote on ``resolution``: a member in office today who is entitled
    (``entitled``). A vote already cast by an entitled member who is dismissed later stays counted."""
    member = member_of(resolution.committee, user)
    if member is None:
        return Standing(resolution=resolution, member=None, state=State.UNDECLARED,
                        refusal=_not_in_office(resolution.committee, user))
    state = declaration_state(resolution_id=resolution.pk, member=member)
    return Standing(resolution=resolution, member=member, state=state,
                    refusal=_entitlement_refusal(resolution, member, entitled(resolution).members))


def _entitlement_refusal(resolution: Resolution, member: Member, entitled_members) -> str:
    """Why a member in office may not act on the resolution ("" when they are among those entitled)."""
    if member.pk in entitled_members:
        return ""
    opened = date_format(resolution.opened_on)
    if member.appointed_on > resolution.opened_on:
        return _("You were appointed on %(appointed)s, after voting on this resolution opened on %(opened)s: "
                 "only the members in office when voting opened vote on it.") % {
            "appointed": date_format(member.appointed_on), "opened": opened}
    return _("You were appointed after voting on this resolution opened (%(opened)s): only the members "
             "in office when voting opened vote on it.") % {"opened": opened}


def member_standings(user, resolutions) -> list[Standing]:
    """``voting_standing`` for many resolutions of the committees the person is in office in, in three queries
    whatever their number (the home page): their memberships in office, their declarations and nothing more.
    A resolution of a committee they are not in office in is left out (they have nothing to do there).
    Before voting opens the entitled are those in office today (``entitled``), so a membership in office is
    entitled to a draft; once open, the frozen ``entitled_members`` decide."""
    resolutions = list(resolutions)
    memberships = {m.committee_id: m for m in Member.objects.in_office().filter(
        user=user, committee_id__in={r.committee_id for r in resolutions})} if user.is_authenticated else {}
    states = {(d.resolution_id, d.member_id): d.state for d in ConflictDeclaration.objects.filter(
        member__in=memberships.values(), resolution__in=resolutions)} if memberships else {}
    standings = []
    for resolution in resolutions:
        member = memberships.get(resolution.committee_id)
        if member is None:
            continue
        members = {member.pk} if resolution.is_draft else set(resolution.entitled_members)
        standings.append(Standing(resolution=resolution, member=member,
                                  state=states.get((resolution.pk, member.pk), State.UNDECLARED),
                                  refusal=_entitlement_refusal(resolution, member, members)))
    return standings


def _not_in_office(committee: Committee, user) -> str:
    """Why somebody who is not in office today may not act: dismissed, not appointed yet, or never a member."""
    last = None
    if user is not None and user.is_authenticated:
        last = committee.members.filter(user=user).order_by("-appointed_on").first()
    if last is None:
        return _("Only members of the committee declare and vote on its resolutions.")
    if committee.members.not_ended().filter(pk=last.pk).exists():   # not ended yet, so it starts later
        return _("Your appointment to the committee takes effect on %(date)s: until then you do not declare or "
                 "vote.") % {"date": date_format(last.appointed_on)}
    return _("You were dismissed from the committee on %(date)s: you no longer declare or vote.") % {
        "date": date_format(last.dismissed_on)}


def resolution_count(resolution: Resolution) -> TallyResult:
    """Count the stored votes of the entitled members under the resolution's own (snapshotted) rules.

    Every input is stored (the frozen entitlement, the declarations, the votes, the rules), so a recount after
    closing gives the same result whatever happens to the committee's membership later.
    """
    who = entitled(resolution)
    recused = {m for m, state in declaration_states(resolution).items() if state == State.RECUSED}
    votes = dict(resolution.votes.values_list("member_id", "choice"))
    return tally(_rules(resolution), members=set(who.members), chair=who.chair, recused=recused, votes=votes)


def _rules(resolution: Resolution) -> Rules:
    return Rules(**resolution.rules) if resolution.rules else resolution.committee.rules()


# --- the resolution page ----------------------------------------------------------------------

@dataclass
class Dashboard:
    rows: list[dict]
    count: TallyResult
    reachable: bool
    voted: int
    recused: int


def vote_dashboard(resolution: Resolution, *, show_choices: bool) -> Dashboard:
    """The entitled members (exactly those the tally counts): who declared, who is recused, who voted, and
    whether quorum can still be met by those who may still vote."""
    who = entitled(resolution)
    members = list(Member.objects.filter(pk__in=who.members).select_related("user").order_by(
        "role", "user__last_name", "pk"))
    in_office = set(Member.objects.in_office().filter(pk__in=who.members).values_list("pk", flat=True))
    states = declaration_states(resolution)
    votes = {m: c for m, c in resolution.votes.values_list("member_id", "choice") if m in who.members}
    rows = []
    for member in members:
        state = states.get(member.pk, State.UNDECLARED)
        rows.append({"member": member, "declared": state != State.UNDECLARED, "recused": state == State.RECUSED,
                     "in_office": member.pk in in_office, "voted": member.pk in votes,
                     "choice": Vote.Choice(votes[member.pk]).label if show_choices and member.pk in votes
                     else None})
    count = resolution_count(resolution)
    recused = {m for m, state in states.items() if state == State.RECUSED and m in who.members}
    able = set() if resolution.is_closed else {m for m in in_office if m not in votes}
    reachable = quorum_reachable(_rules(resolution), members=set(who.members), chair=who.chair, recused=recused,
                                 votes=votes, able=able)
    return Dashboard(rows=rows, count=count, reachable=reachable,
                     voted=count.votes_for + count.votes_against + count.abstentions, recused=count.recused)


def member_context(resolution: Resolution, user) -> dict:
    """The person's own part of the resolution page: their standing, declaration and vote."""
    standing = voting_standing(resolution, user)
    vote = resolution.votes.filter(member=standing.member).first() if standing.member else None
    return {"member": standing.member, "standing": standing, "vote": vote}


# --- Public (BIP) reads: no login; what a public body's composition and decisions are ---------------------------

def public_resolution_list(*, committee: Committee | None = None):
    """Resolutions published in BIP: the closed ones (adopted or not), newest first. A draft or a vote still open
    is not a decision yet."""
    qs = Resolution.objects.filter(status=Resolution.Status.CLOSED).select_related("committee", "meeting")
    if committee is not None:
        qs = qs.filter(committee=committee)
    return qs.order_by("-year", "-sequence")


def public_resolution_get(*, pk) -> Resolution:
    """A published resolution or 404 (a draft or an open vote answers as if it did not exist)."""
    resolution = public_resolution_list().filter(pk=pk).first()
    if resolution is None:
        raise Http404
    return resolution


def public_composition(committee: Committee):
    """The current members of a committee as BIP shows them (person, role, whom they represent), by role and name.
    Only the names travel: e-mail addresses and phones of members are not public."""
    from django.db.models import Case, IntegerField, Value, When

    rank = Case(*[When(role=role, then=Value(i)) for i, role in enumerate(Member.Role.values)],
                output_field=IntegerField())
    return Member.objects.in_office().filter(committee=committee).select_related("user").order_by(
        rank, "user__last_name", "user__first_name", "pk")


def resolution_bip(resolution: Resolution):
    """The BIP metadata of a published resolution: produced by its committee when drafted, published when the vote
    closed; changes to what the page shows."""
    from core.bip import BipSource, bip_metadata, history_of

    source = BipSource(history_of(resolution), fields=frozenset({
        "title", "subject", "description", "meeting", "status", "adopted", "closed_at"}),
        label=lambda row: f"{row.sequence}/{row.year}")
    return bip_metadata(sources=[source], produced_by=resolution.committee.name, produced_at=resolution.created_at,
                        published_at=resolution.closed_at)


def composition_bip(committee: Committee, members):
    """The BIP metadata of a committee's composition (``members``: the current ones, to name the changed rows)."""
    from core.bip import BipSource, bip_metadata, history_of

    names = {member.pk: str(member.user) for member in members}
    return bip_metadata(sources=[
        BipSource(Member.history.filter(committee=committee), fields=frozenset({
            "user", "role", "category", "represented_body", "appointed_on", "dismissed_on"}),
            label=lambda row: names.get(row.id, str(Member._meta.verbose_name))),
        BipSource(history_of(committee), fields=frozenset({"name", "kind", "term_years", "term_start"}),
                  label=lambda row: row.name),
    ])


# --- the member's home page ("Moje sprawy") ---------------------------------------------------------------------

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
    from django.db.models import Count, Exists, OuterRef

    from accounts.permissions import is_committee_member

    from .survey import survey_is_open

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
