from dataclasses import dataclass

from django.http import Http404

from accounts.permissions import can_read_reports, is_staff_member

from .models import Committee, Member, Resolution, Vote
from .services import member_of, resolution_count
from .tally import Rules, quorum_reachable


def committee_list(*, user):
    if is_staff_member(user) or can_read_reports(user):
        return Committee.objects.all()
    return Committee.objects.filter(members__user=user, members__dismissed_on__isnull=True).distinct()


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


@dataclass
class Dashboard:
    rows: list[dict]
    count: object
    reachable: bool
    voted: int
    recused: int


def vote_dashboard(resolution: Resolution, *, show_choices: bool) -> Dashboard:
    """Who voted, who is recused, who has yet to declare, and whether quorum can still be met."""
    members = list(resolution.committee.members.filter(dismissed_on__isnull=True).select_related("user"))
    declarations = {d.member_id: d for d in resolution.declarations.all()}
    votes = dict(resolution.votes.values_list("member_id", "choice"))
    rows = []
    for member in members:
        declaration = declarations.get(member.pk)
        rows.append({"member": member, "declared": declaration is not None,
                     "recused": bool(declaration and declaration.has_conflict), "voted": member.pk in votes,
                     "choice": Vote.Choice(votes[member.pk]).label if show_choices and member.pk in votes
                     else None})
    count = resolution_count(resolution)
    chair = next((m.pk for m in members if m.role == Member.Role.CHAIR), None)
    recused = {m for m, d in declarations.items() if d.has_conflict}
    reachable = quorum_reachable(Rules(**resolution.rules) if resolution.rules else resolution.committee.rules(),
                                 members={m.pk for m in members}, chair=chair, recused=recused, votes=votes)
    return Dashboard(rows=rows, count=count, reachable=reachable, voted=len(votes), recused=len(recused))


def member_context(resolution: Resolution, user) -> dict:
    member = member_of(resolution.committee, user)
    if member is None:
        return {"member": None}
    declaration = resolution.declarations.filter(member=member).first()
    vote = resolution.votes.filter(member=member).first()
    return {"member": member, "declaration": declaration, "vote": vote}


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
    return committee.members.filter(dismissed_on__isnull=True).select_related("user").order_by(
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
