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
from datetime import timedelta

from django.db.models import Case, IntegerField, Max, Prefetch, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.permissions import can_read_reports, is_staff_member
from core.bip import BipSource, bip_metadata, history_of
from entities.models import Owes, PsStatus

from .models import (
    Category,
    Committee,
    ConflictDeclaration,
    Interest,
    InterestConfirmation,
    Meeting,
    Member,
    Resolution,
    Vote,
)
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


def meeting_list(*, user):
    """Meetings of the committees the user may see (``committee_list``), with their committee (one query)."""
    return Meeting.objects.filter(committee__in=committee_list(user=user)).select_related("committee")


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
    opened_on = resolution.opened_on
    # Only a draft has no opening day, and on a draft every member in office today is entitled (``entitled_on``),
    # so a member refused here is refused on an opened vote.
    assert opened_on is not None
    opened = date_format(opened_on)
    if member.appointed_on > opened_on:
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
    return tally(_rules(resolution), members=set(who.members), chair=who.chair, recused=recused, votes=votes,
                 categories=member_categories(who.members))


def member_categories(member_ids) -> dict[int, str]:
    """{member id: the category they represent} for the parity check."""
    return dict(Member.objects.filter(pk__in=member_ids).values_list("pk", "category"))


@dataclass(frozen=True)
class ParityRow:
    category: str
    votes: int
    percent: int
    over: bool


def parity_rows(count: TallyResult) -> list[ParityRow]:
    """The parity check of a count, for the dashboard and the tally: each category's votes counted and share
    (%, rounded down), flagged where it exceeds the limit. Empty when the rules set no parity."""
    if count.parity_max_percent is None or not count.parity_shares:
        return []
    total = sum(count.parity_shares.values())
    labels = dict(Category.choices)
    return [ParityRow(category=str(labels.get(c, c)), votes=n, percent=n * 100 // total,
                      over=n * 100 > total * count.parity_max_percent)
            for c, n in count.parity_shares.items()]


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
    parity: list


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
                     voted=count.votes_for + count.votes_against + count.abstentions, recused=count.recused,
                     parity=parity_rows(count))


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
    rank = Case(*[When(role=role, then=Value(i)) for i, role in enumerate(Member.Role.values)],
                output_field=IntegerField())
    return Member.objects.in_office().filter(committee=committee).select_related("user").order_by(
        rank, "user__last_name", "user__first_name", "pk")


def resolution_bip(resolution: Resolution):
    """The BIP metadata of a published resolution: produced by its committee when drafted, published when the vote
    closed; changes to what the page shows."""
    source = BipSource(history_of(resolution), fields=frozenset({
        "title", "subject", "description", "meeting", "status", "adopted", "closed_at"}),
        label=lambda row: f"{row.sequence}/{row.year}")
    return bip_metadata(sources=[source], produced_by=resolution.committee.name, produced_at=resolution.created_at,
                        published_at=resolution.closed_at)


def composition_bip(committee: Committee, members):
    """The BIP metadata of a committee's composition (``members``: the current ones, to name the changed rows)."""
    names = {member.pk: str(member.user) for member in members}
    return bip_metadata(sources=[
        BipSource(Member.history.filter(committee=committee), fields=frozenset({
            "user", "role", "category", "represented_body", "appointed_on", "dismissed_on"}),
            label=lambda row: names.get(row.id, str(Member._meta.verbose_name))),
        BipSource(history_of(committee), fields=frozenset({"name", "kind", "term_years", "term_start"}),
                  label=lambda row: row.name),
    ])


# --- the register of interests ------------------------------------------------------------------

def matter_entities(resolution: Resolution) -> dict[int, str]:
    """The organisations a matter concerns, for the register check: {entity id: why}. For a certification case
    the applicant, and the OWES that supported it (the operators of the OWES serving the applicant's powiat, and
    the OWES that granted its PS status)."""
    subject = resolution.subject_object if resolution.subject_id else None
    entity_id = getattr(subject, "entity_id", None)
    if subject is None or entity_id is None:
        return {}
    found = {entity_id: _("the applicant")}
    entity = subject.entity
    if entity.seat_id:
        powiat = entity.seat.powiat_code
        for operator in Owes.objects.filter(subregion__code=powiat).values_list("operator_id", flat=True):
            found.setdefault(operator, _("the OWES that supported the applicant"))
    for granted_by in PsStatus.objects.filter(entity_id=entity_id, granted_by__isnull=False).values_list(
            "granted_by_id", flat=True):
        found.setdefault(granted_by, _("the OWES that supported the applicant"))
    return found


@dataclass(frozen=True)
class RegisterLink:
    interest: Interest
    why: str

    def __str__(self) -> str:
        return f"{self.interest.organisation_name} ({self.interest.get_kind_display()}; {self.why})"


def register_links(resolution: Resolution, member: Member | None, today=None) -> list[RegisterLink]:
    """The entries of the member's register of interests, current today, that link them to an organisation the
    matter concerns (``matter_entities``): the member is asked to recuse."""
    if member is None:
        return []
    concerned = matter_entities(resolution)
    if not concerned:
        return []
    day = today or timezone.localdate()
    interests = Interest.objects.filter(person_id=member.user_id, entity_id__in=concerned).select_related("entity")
    # The query keeps only interests in a concerned entity; ``is not None`` says so to the type checker.
    return [RegisterLink(i, concerned[i.entity_id]) for i in interests
            if i.entity_id is not None and i.current_on(day)]


def interests_of(person) -> list:
    return list(Interest.objects.filter(person=person).select_related("entity", "recorded_by"))


CONFIRMATION_VALID_DAYS = 365


def interests_confirmation_due(person, today=None) -> bool:
    """A committee member in office confirms their register entries once a year: due when they have never
    confirmed or the last confirmation is older than ``CONFIRMATION_VALID_DAYS``."""
    if person is None or not person.is_authenticated:
        return False
    if not Member.objects.in_office().filter(user=person).exists():
        return False
    day = today or timezone.localdate()
    last = InterestConfirmation.objects.filter(person=person).values_list("confirmed_at", flat=True).first()
    return last is None or timezone.localdate(last) < day - timedelta(days=CONFIRMATION_VALID_DAYS)


def register_people(committee: Committee):
    """The people in office in ``committee`` with their register entries and last confirmation, for staff."""
    return (Member.objects.in_office().filter(committee=committee).select_related("user")
            .annotate(last_confirmed=Max("user__interest_confirmations__confirmed_at"))
            .prefetch_related(Prefetch("user__committee_interests",
                                       queryset=Interest.objects.select_related("entity"))))
