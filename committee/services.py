"""The only writers of committee data: members, meetings, resolutions, declarations, votes and closing.

Casting, declaring and closing lock the resolution row (``select_for_update``), so a close and a cast cannot
interleave and one member's two simultaneous submissions are applied one after the other; the database's
one-vote-per-member constraint backs this up.
"""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_read_reports, is_staff_member, require_staff
from core.audit import set_history_user as _history_user
from core.mail import mail_send
from core.services import job_create
from core.uploads import store_under_random_name, validate_upload
from core.workflow import transition

from .models import (
    RESOLUTION_WORKFLOW,
    Attendance,
    Committee,
    ConflictDeclaration,
    Document,
    Interest,
    InterestConfirmation,
    Meeting,
    Member,
    Resolution,
    Vote,
)
from .permissions import resolution_actors
from .selectors import (
    State,
    current_members,
    declaration_state,
    entitled_on,
    member_of,
    register_links,
    resolution_count,
    voting_standing,
)

# Sent after a vote is closed, once the transaction commits: receivers get ``resolution``.
resolution_closed = Signal()


# --- people -----------------------------------------------------------------------------------

@transaction.atomic
def member_appoint(*, committee: Committee, user, category: str, role: str = Member.Role.MEMBER,
                   represented_body: str = "", appointed_on: date | None = None, by) -> Member:
    require_staff(by)
    appointed_on = appointed_on or timezone.localdate()
    if committee.members.not_ended(appointed_on).filter(user=user).exists():  # one membership at a time
        raise ValidationError(_("This person is already a member of the committee."))
    member = Member(committee=committee, user=user, category=category, role=role, represented_body=represented_body,
                    appointed_on=appointed_on)
    _history_user(member, by)
    member.save()
    return member


@transaction.atomic
def member_dismiss(*, member: Member, reason: str, by, dismissed_on: date | None = None) -> Member:
    require_staff(by)
    if member.dismissed_on:
        raise ValidationError(_("This member has already been dismissed."))
    if reason not in Member.DismissalReason.values:
        raise ValidationError(_("Choose the reason for dismissal."))
    member.dismissed_on, member.dismissal_reason = dismissed_on or timezone.localdate(), reason
    _history_user(member, by)
    member.save(update_fields=["dismissed_on", "dismissal_reason"])
    return member


@transaction.atomic
def meeting_create(*, committee: Committee, held_on, mode: str, place: str = "", agenda: str = "", by) -> Meeting:
    require_staff(by)
    meeting = Meeting(committee=committee, held_on=held_on, mode=mode, place=place.strip(), agenda=agenda.strip())
    _history_user(meeting, by)
    meeting.save()
    return meeting


@transaction.atomic
def attendance_record(*, meeting: Meeting, statuses: dict[int, str], by) -> None:
    """Record attendance ({member id: status}) at a meeting of the members in office on its day."""
    require_staff(by)
    members = {m.pk: m for m in meeting.members_in_office()}
    for member_id, status in statuses.items():
        if member_id not in members or status not in Attendance.Status.values:
            raise ValidationError(_("Unknown member or attendance status."))
        row, _created = Attendance.objects.get_or_create(meeting=meeting, member=members[member_id],
                                                         defaults={"status": status})
        if row.status != status:
            row.status = status
            _history_user(row, by)
            row.save(update_fields=["status"])


def members_flagged_for_dismissal(committee: Committee) -> list[Member]:
    """Members in office whose last three recorded meetings were all unexcused absences (art. 57 ust. 3)."""
    rows = Attendance.objects.filter(meeting__committee=committee, member__in=Member.objects.in_office()).order_by(
        "member_id", "-meeting__held_on").values_list("member_id", "status")
    last: dict[int, list[str]] = {}
    for member_id, status in rows:
        if len(last.setdefault(member_id, [])) < 3:
            last[member_id].append(status)
    ids = [m for m, statuses in last.items() if statuses == [Attendance.Status.UNEXCUSED] * 3]
    return list(Member.objects.filter(pk__in=ids).select_related("user"))


# --- resolutions and votes --------------------------------------------------------------------

@transaction.atomic
def resolution_create(*, committee: Committee, title: str, subject: str = Resolution.Subject.OTHER,
                      description: str = "", subject_object=None, meeting: Meeting | None = None,
                      secret: bool = False, by) -> Resolution:
    """A new resolution with the next number of the year for this committee ("3/2026")."""
    require_staff(by)
    Committee.objects.select_for_update().get(pk=committee.pk)  # numbers are taken one at a time
    year = timezone.localdate().year
    last = committee.resolutions.filter(year=year).aggregate(n=Max("sequence"))["n"] or 0
    resolution = Resolution(
        committee=committee, year=year, sequence=last + 1, title=title.strip(), subject=subject,
        description=description, meeting=meeting, secret=secret,
        subject_type=ContentType.objects.get_for_model(subject_object) if subject_object is not None else None,
        subject_id=subject_object.pk if subject_object is not None else None,
    )
    _history_user(resolution, by)
    resolution.save()
    return resolution


@transaction.atomic
def resolution_transition(*, resolution: Resolution, to: str, by, deadline=None) -> Resolution:
    """Move a resolution along ``RESOLUTION_WORKFLOW``: open its vote (draft → open) or close it (open → closed).

    Opening freezes the committee's rules and the entitled members (those in office today, ``entitled_on``) on
    the resolution, so later edits of the rules or of the membership never change this vote. Closing counts the
    vote under those rules, stores the tally and makes it immutable; staff or the committee's secretary close at
    any time, the system (``by=None``, the scheduled task) only after the deadline. Members and, through
    ``resolution_closed``, other apps (certification) hear of the result on commit.
    """

    def apply(resolution: Resolution, old: str) -> list[str]:
        committee = resolution.committee
        now = timezone.now()
        if to == Resolution.Status.OPEN:
            if resolution.meeting is None and not committee.online_voting:
                raise ValidationError(_("The rules of this committee do not allow voting by circulation."))
            closes = deadline or now + timedelta(days=committee.default_voting_days)
            if closes <= now:
                raise ValidationError(_("The deadline must be in the future."))
            who = entitled_on(committee, timezone.localdate(now))
            if not who.members:
                raise ValidationError(_("The committee has no member in office today: nobody could vote."))
            resolution.opened_at, resolution.deadline = now, closes
            resolution.entitled_members, resolution.entitled_chair = sorted(who.members), who.chair
            resolution.rules = committee.rules().as_dict()
            resolution.vote_change_allowed = committee.vote_change_allowed
            resolution.secret = resolution.secret or not committee.named_votes
            return ["opened_at", "deadline", "entitled_members", "entitled_chair", "rules", "vote_change_allowed",
                    "secret"]
        # Staff may close an open vote at any time; the system only after its deadline (a vote without one, made
        # before deadlines were required, is never closed by the system).
        if by is None and (resolution.deadline is None or now <= resolution.deadline):
            raise ValidationError(_("The deadline has not passed yet."), code="too_early")
        resolution.closed_at = now
        result = resolution_count(resolution)
        resolution.result, resolution.adopted = result.as_dict(), result.adopted
        resolution.closed_by = by
        return ["closed_at", "result", "adopted", "closed_by"]

    def after_commit(resolution: Resolution, old: str) -> None:
        if to == Resolution.Status.CLOSED:
            _after_close(resolution.pk)

    return transition(RESOLUTION_WORKFLOW, resolution, to=to, by=by, actors_of=resolution_actors, apply=apply,
                      after_commit=after_commit, queryset=Resolution.objects.select_related("committee"))


def resolution_open_vote(*, resolution: Resolution, by, deadline=None) -> Resolution:
    """Open voting on a draft resolution (``resolution_transition``)."""
    return resolution_transition(resolution=resolution, to=Resolution.Status.OPEN, by=by, deadline=deadline)


def _open_for(resolution_id: int) -> Resolution:
    resolution = Resolution.objects.select_for_update().select_related("committee").get(pk=resolution_id)
    if not resolution.is_open:
        raise ValidationError(_("Voting on this resolution is not open."), code="not_open")
    # Opening a vote sets its deadline; an open vote without one (recorded before deadlines were required)
    # stays open until staff close it.
    if resolution.deadline is not None and timezone.now() > resolution.deadline:
        raise ValidationError(_("The voting deadline has passed."), code="deadline")
    return resolution


@transaction.atomic
def conflict_declare(*, resolution: Resolution, user, has_conflict: bool, note: str = "") -> ConflictDeclaration:
    """A member declares (once) whether they have a conflict of interest; a conflict recuses them. Only who may
    vote declares (``selectors.voting_standing``); the refusal says why."""
    resolution = Resolution.objects.select_for_update().select_related("committee").get(pk=resolution.pk)
    if resolution.is_closed:
        raise ValidationError(_("Voting on this resolution is not open."), code="not_open")
    standing = voting_standing(resolution, user)
    if standing.refusal:
        raise PermissionDenied(standing.refusal)
    if not standing.undeclared:
        raise ValidationError(_("You have already made your declaration for this matter."), code="declared")
    if not has_conflict and not note.strip() and register_links(resolution, standing.member):
        raise ValidationError(_("The register of interests links you to an organisation this matter concerns: "
                                "declare the conflict, or explain in the note why the link is not one."),
                              code="register")
    declaration = ConflictDeclaration(resolution=resolution, member=standing.member, has_conflict=has_conflict,
                                      note=note.strip())
    _history_user(declaration, user)
    declaration.save()
    return declaration


@transaction.atomic
def vote_cast(*, resolution: Resolution, user, choice: str) -> Vote:
    """Record or change a member's vote. Refused (nothing recorded) for whoever is not entitled or no longer in
    office (``selectors.voting_standing``), recused members, members who have not declared, after the deadline,
    after closing, and for changes the rules do not allow. Every vote recorded here is counted."""
    if choice not in Vote.Choice.values:
        raise ValidationError(_("Choose for, against or abstain."), code="choice")
    resolution = _open_for(resolution.pk)
    standing = voting_standing(resolution, user)
    if standing.refusal:
        raise PermissionDenied(standing.refusal)
    if standing.undeclared:
        raise ValidationError(_("Declare first whether you have a conflict of interest."), code="undeclared")
    if standing.recused:
        raise PermissionDenied(_("You declared a conflict of interest and are recused from this vote."))
    member = standing.member
    vote = Vote.objects.filter(resolution=resolution, member=member).first()
    if vote is not None:
        if not resolution.vote_change_allowed:
            raise ValidationError(_("You have already voted; the rules do not allow changing a vote."),
                                  code="no_change")
        if vote.choice != choice:
            vote.choice = choice
            _history_user(vote, user)
            vote.save(update_fields=["choice", "changed_at"])
        return vote
    vote = Vote(resolution=resolution, member=member, choice=choice)
    _history_user(vote, user)
    vote.save()
    return vote


def resolution_close(*, resolution: Resolution, by) -> Resolution:
    """Close an open vote and count it (``resolution_transition``)."""
    return resolution_transition(resolution=resolution, to=Resolution.Status.CLOSED, by=by)


def resolution_recount_matches(resolution: Resolution) -> bool:
    """The stored result equals a fresh count of the stored votes."""
    return resolution.result == resolution_count(resolution).as_dict()


def _after_close(resolution_id: int) -> None:
    resolution = Resolution.objects.select_related("committee").get(pk=resolution_id)
    resolution_closed.send(sender=Resolution, resolution=resolution)
    job_create(kind="committee_resolution", title=_("Resolution %(number)s") % {"number": resolution.number},
               params={"resolution_id": resolution.pk}, by=resolution.closed_by)
    recipients = list(current_members(resolution.committee).values_list("user__email", flat=True))
    mail_send(to=recipients, template="committee/email/result.txt", kind="committee.vote_result",
              context={"resolution": resolution})


@transaction.atomic
def meeting_minutes_store(*, meeting: Meeting, filename: str, content, sha256: str, level: str) -> Meeting:
    """Keep the first sealed minutes of a meeting and their SHA-256 (a second sealing is dropped)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.minutes_pdf:
        meeting.minutes_pdf.save(filename, content, save=False)
        meeting.minutes_sha256, meeting.minutes_seal_level = sha256, level
        meeting.save(update_fields=["minutes_pdf", "minutes_sha256", "minutes_seal_level"])
    return meeting


@transaction.atomic
def resolution_pdf_store(*, resolution: Resolution, filename: str, content, sha256: str, level: str) -> Resolution:
    """Keep the first sealed PDF of a closed resolution and its SHA-256 (a second sealing is dropped)."""
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    if not resolution.is_closed:
        raise ValidationError(_("Only a closed resolution is sealed."))
    if not resolution.pdf:
        resolution.pdf.save(filename, content, save=False)
        resolution.pdf_sha256, resolution.seal_level = sha256, level
        resolution.save(update_fields=["pdf", "pdf_sha256", "seal_level"])
    return resolution


def close_due_votes(*, now=None) -> int:
    """Close every open vote whose deadline has passed (scheduled task)."""
    now = now or timezone.now()
    closed = 0
    for resolution in Resolution.objects.filter(status=Resolution.Status.OPEN, deadline__lt=now):
        resolution_close(resolution=resolution, by=None)
        closed += 1
    return closed


# --- documents --------------------------------------------------------------------------------

@transaction.atomic
def document_add(*, upload, title: str, by, meeting: Meeting | None = None, resolution: Resolution | None = None,
                 restricted: bool = False) -> Document:
    """Attach a document (checked by content, stored under a random name) to a meeting or a resolution."""
    require_staff(by)
    if (meeting is None) == (resolution is None):
        raise ValueError("A document belongs to exactly one meeting or resolution.")
    if not title.strip():
        raise ValidationError(_("Give the document a title."), code="title")
    original = store_under_random_name(upload, validate_upload(upload))
    parent = meeting or resolution
    assert parent is not None  # exactly one of them, checked above
    document = Document(committee_id=parent.committee_id, meeting=meeting, resolution=resolution,
                        title=title.strip(), file=upload, original_name=original,
                        restricted=restricted and resolution is not None, uploaded_by=by)
    _history_user(document, by)
    document.save()
    return document


def document_visible(document: Document, user) -> bool:
    """Staff and the committee's members see documents; a restricted document of a resolution only after the
    member declared no conflict of interest in it (``selectors.declaration_state`` cleared; a recused member
    never does)."""
    if is_staff_member(user):
        return True
    if not document.restricted:
        return member_of(document.committee, user) is not None or can_read_reports(user)
    member = member_of(document.committee, user)
    return declaration_state(resolution_id=document.resolution_id, member=member) == State.CLEARED




# --- the register of interests ------------------------------------------------------------------

@transaction.atomic
def interest_record(*, person, kind: str, by, entity=None, organisation: str = "", since: date | None = None,
                    until: date | None = None, note: str = "") -> Interest:
    """Staff record an organisation a person on a committee is linked to (from the registry where possible)."""
    require_staff(by)
    if kind not in Interest.Kind.values:
        raise ValidationError(_("Choose the kind of link."), code="kind")
    if entity is None and not organisation.strip():
        raise ValidationError(_("Choose the organisation from the registry or give its name."), code="organisation")
    if since and until and until < since:
        raise ValidationError(_("The link cannot end before it began."), code="dates")
    interest = Interest(person=person, kind=kind, entity=entity, organisation="" if entity else organisation.strip(),
                        since=since, until=until, note=note.strip(), recorded_by=by)
    _history_user(interest, by)
    interest.save()
    return interest


@transaction.atomic
def interest_end(*, interest: Interest, until: date, by) -> Interest:
    """The link ended (the entry stays, for the matters decided while it held)."""
    require_staff(by)
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    if interest.since and until < interest.since:
        raise ValidationError(_("The link cannot end before it began."), code="dates")
    interest.until = until
    _history_user(interest, by)
    interest.save(update_fields=["until"])
    return interest


@transaction.atomic
def interests_confirm(*, person, by) -> InterestConfirmation:
    """The person confirms that their entries in the register are complete and true (yearly). Only they can."""
    if by is None or person is None or by.pk != person.pk:
        raise PermissionDenied(_("Only the member confirms their own entries in the register."))
    if not Member.objects.in_office().filter(user=person).exists():
        raise PermissionDenied(_("Only members of a committee keep entries in the register of interests."))
    return InterestConfirmation.objects.create(person=person)
