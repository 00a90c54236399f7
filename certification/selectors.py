from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.permissions import is_committee_member, is_pes_representative, is_staff_member
from committee.models import Member
from committee.selectors import member_standings
from core.bip import BipSource, bip_metadata, history_of
from core.home import Queue
from core.seal import SealCheck, seal_check
from entities.models import Entity

from .models import (
    CURRENT_MARK,
    LIVE,
    NEXT_STEP,
    Application,
    Assessment,
    Certificate,
    CertificateList,
    Edition,
    Status,
)

# What a chapter member may see: applications from the assessment on.
VISIBLE_TO_ASSESSORS = [Status.ASSESSMENT, Status.COMMITTEE_VOTE, Status.GRANTED, Status.REFUSED,
                        Status.CERTIFICATE_ISSUED, Status.ACTIVE, Status.EXPIRING, Status.EXPIRED]


def application_list(*, user) -> QuerySet[Application]:
    """Applications the user may see, the union over their roles: all for staff; their entities' own for a
    PES representative; for a chapter member in office, those of the editions their chapter decides, from the
    assessment on."""
    qs = Application.objects.select_related("edition", "entity")
    if is_staff_member(user):
        return qs
    visible = Q(entity__in=Entity.objects.represented_by(user))
    if is_committee_member(user):
        membership = Member.objects.in_office().filter(committee_id=OuterRef("edition__committee_id"), user=user)
        visible |= Q(Exists(membership), status__in=VISIBLE_TO_ASSESSORS)
    return qs.filter(visible)


def application_get_for_user(*, user, pk) -> Application:
    """The application or 404, both when it is missing and when the user may not see it."""
    application = application_list(user=user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def assessments_visible_to(*, application: Application, user) -> list[Assessment]:
    """Others' assessments stay hidden from a member until the member has submitted their own."""
    qs = application.assessments.filter(submitted_at__isnull=False).select_related("member").prefetch_related(
        "scores__criterion")
    if is_staff_member(user):
        return list(qs)
    own = application.assessments.filter(member=user, submitted_at__isnull=False).exists()
    return list(qs) if own else []


def gala_candidates(event) -> QuerySet[Certificate]:
    """Certificates staff may choose for a gala: not withdrawn, and not handed over at another gala."""
    return Certificate.objects.filter(withdrawn_at__isnull=True).filter(Q(gala__isnull=True) | Q(gala=event)) \
        .order_by("-year", "-sequence")


def public_register(*, powiat: str = "", category: str = "") -> QuerySet[Certificate]:
    """Current certificates for the public register (not withdrawn, application active or expiring)."""
    qs = Certificate.objects.filter(application__status__in=CURRENT_MARK, withdrawn_at__isnull=True)
    if category:
        qs = qs.filter(application__items__category__iexact=category).distinct()
    if powiat:
        qs = qs.filter(application__entity__seat__code__startswith=powiat)
    return qs.select_related("application__entity").order_by("entity_name")


def register_history() -> QuerySet[Certificate]:
    """Withdrawn and expired certificates, shown as the register's history."""
    return Certificate.objects.filter(Q(withdrawn_at__isnull=False) | Q(application__status=Status.EXPIRED)) \
        .order_by("-issued_at")


def certificate_verify(*, number: str) -> Certificate | None:
    return Certificate.objects.select_related("application").filter(number=number.strip().upper()).first()


def certificate_state(certificate: Certificate, day) -> str:
    """The state the public sees on ``day``: withdrawn, expired, not yet valid, or valid."""
    if certificate.withdrawn_at:
        return "withdrawn"
    if certificate.expired_on(day):
        return "expired"
    if certificate.valid_from > day:
        return "not_yet_valid"
    return "valid"


def certificate_list_payload(*, day) -> dict:
    """Every certificate ever issued with its state on ``day`` (the signed daily list; public fields only)."""
    rows = Certificate.objects.select_related("application").order_by("year", "sequence")
    return {
        "publisher": settings.ROPS_NAME,
        "as_of": day.isoformat(),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "states": {"valid": "ważny", "expired": "wygasł", "withdrawn": "odebrany", "not_yet_valid": "jeszcze nieważny"},
        "certificates": [{
            "number": c.number, "entity": c.entity_name, "valid_from": c.valid_from.isoformat(),
            "valid_until": c.valid_until.isoformat(), "state": certificate_state(c, day),
            "withdrawn_on": timezone.localdate(c.withdrawn_at).isoformat() if c.withdrawn_at else None,
            "pdf_sha256": c.pdf_sha256 or None,
        } for c in rows],
    }


def certificate_list_latest():
    return CertificateList.objects.order_by("-as_of").first()


@dataclass(frozen=True)
class PdfVerdict:
    """What the verification page says of an uploaded PDF: ``genuine`` when it carries a valid seal of ours over
    every byte and its SHA-256 is the one stored for ``certificate`` when it was sealed."""

    certificate: Certificate | None
    check: SealCheck

    @property
    def genuine(self) -> bool:
        return self.certificate is not None and self.check.genuine


def certificate_pdf_check(*, data: bytes) -> PdfVerdict:
    check = seal_check(data)
    certificate = (Certificate.objects.select_related("application").filter(pdf_sha256=check.sha256).first()
                   if check.genuine else None)
    return PdfVerdict(certificate=certificate, check=check)


def application_counts_by_status() -> dict[str, int]:
    return dict(Application.objects.values_list("status").annotate(n=Count("pk")).order_by())


def register_bip():
    """The BIP metadata of the public register of the mark: the history of the certificates it shows (current and
    past), limited to what the register prints."""
    certificates = Certificate.objects.filter(Q(pk__in=public_register().values("pk")) |
                                              Q(pk__in=register_history().values("pk")))
    return bip_metadata(sources=[BipSource(history_of(certificates), fields=frozenset({
        "number", "entity_name", "items", "valid_from", "valid_until", "withdrawn_at"}), label=lambda row: row.number)])


# --- the home page ("Moje sprawy") ------------------------------------------------------------------------------

# Certificates the staff's queue and the holder's home page call expiring.
EXPIRY_WARNING_DAYS = 60


@dataclass(frozen=True)
class ApplicationItemView:
    application: Application
    next_step: str


@dataclass(frozen=True)
class StartChoice:
    """Whether the person can start an application now (the choices of ``forms.StartApplicationForm``: entities
    they represent, editions open today), and if not, why (in their language)."""

    entities: list
    editions: list
    reason: str

    @property
    def possible(self) -> bool:
        return not self.reason


@dataclass
class ApplicantMatters:
    applications: list[ApplicationItemView]
    certificates: list[Certificate]
    start: StartChoice
    today: date


@dataclass
class AssessorMatters:
    to_assess: list[tuple[Application, object]]      # (application, its case Standing)

    @property
    def empty(self) -> bool:
        return not self.to_assess


def applicant_matters(user) -> ApplicantMatters | None:
    """A PES representative's applications with what they do next, their certificates with expiry, and whether
    they can start an application (an edition open today, ``Edition.objects.open_on``). None for other roles.
    Fixed queries: the role, the applications, the certificates, the open editions (with whether each entity
    already applied) and the next edition."""
    if not is_pes_representative(user):
        return None
    mine = Entity.objects.represented_by(user)
    applications = [ApplicationItemView(application=a, next_step=str(NEXT_STEP[a.status]))
                    for a in Application.objects.filter(entity__in=mine).select_related("edition", "entity")
                    .order_by("-created_at")[:20]]
    today = timezone.localdate()
    certificates = list(Certificate.objects.filter(application__entity__in=mine, withdrawn_at__isnull=True,
                                                   valid_until__gte=today).order_by("valid_until"))
    entities = list(Entity.objects.represented_by(user).order_by("name"))
    # An entity has one application that still counts per edition (``application_create``): an edition where
    # each of theirs has one is not offered.
    applied = Application.objects.filter(edition=OuterRef("pk"), entity__in=mine, status__in=LIVE) \
        .order_by().values("edition").annotate(n=Count("entity", distinct=True)).values("n")
    open_editions = list(Edition.objects.open_on().annotate(applied=Coalesce(Subquery(applied), 0)))
    editions = [e for e in open_editions if e.applied < len(entities)]
    reason = ""
    if not entities:
        reason = _("You do not represent an entity yet: the ROPS approves your representation first.")
    elif open_editions and not editions:
        reason = _("You already have an application in every edition open now.")
    elif not editions:
        upcoming = Edition.objects.filter(opens_on__gt=today).order_by("opens_on").first()
        reason = (_("No edition accepts applications now. The next one, %(name)s, opens on %(date)s.") % {
            "name": upcoming.name, "date": date_format(upcoming.opens_on, "SHORT_DATE_FORMAT")} if upcoming
            else _("No edition accepts applications now, and none has been announced."))
    return ApplicantMatters(applications=applications, certificates=certificates, today=today,
                            start=StartChoice(entities=entities, editions=editions, reason=reason))


def assessor_matters(user) -> AssessorMatters | None:
    """Applications in assessment by a chapter the member is in office in that they have not assessed yet, with
    their declaration in the case (``committee.selectors.member_standings``). None for other roles."""
    if not is_committee_member(user):
        return None
    chapters = Member.objects.in_office().filter(user=user).values("committee_id")
    done = Assessment.objects.filter(application=OuterRef("pk"), member=user, submitted_at__isnull=False)
    applications = list(Application.objects.filter(status=Status.ASSESSMENT, edition__committee__in=chapters,
                                                   resolution__isnull=False).exclude(Exists(done))
                        .select_related("edition", "resolution").order_by("submitted_at", "pk"))
    standings = {s.resolution.pk: s for s in member_standings(user, [a.resolution for a in applications])}
    return AssessorMatters(to_assess=[(a, standings[a.resolution_id]) for a in applications
                                      if a.resolution_id in standings and not standings[a.resolution_id].recused])


def overdue_q(today) -> Q:
    """Applications returned for corrections whose deadline has passed (the staff's queue and list filter)."""
    return Q(status=Status.RETURNED, corrections_deadline__lt=today)


def expiring_q(today) -> Q:
    """Applications whose current certificate ends within ``EXPIRY_WARNING_DAYS`` (queue and list filter)."""
    return Q(status__in=CURRENT_MARK, certificate__withdrawn_at__isnull=True, certificate__valid_until__gte=today,
             certificate__valid_until__lte=today + timedelta(days=EXPIRY_WARNING_DAYS))


def staff_queues(user):
    """The certification work queues of ROPS staff, with counts and the filtered list (None for other roles):
    two queries whatever the data."""
    if not is_staff_member(user):
        return None
    today = timezone.localdate()
    counts = Application.objects.aggregate(
        submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
        checking=Count("pk", filter=Q(status=Status.FORMAL_CHECK)),
        overdue=Count("pk", filter=overdue_q(today)))
    expiring = Application.objects.filter(expiring_q(today)).count()
    url = reverse("certification:list")
    return [
        Queue(ngettext("%(n)d application awaiting the formal check", "%(n)d applications awaiting the formal "
                       "check", counts["submitted"]) % {"n": counts["submitted"]}, counts["submitted"],
              f"{url}?status={Status.SUBMITTED}"),
        Queue(ngettext("%(n)d application in the formal check", "%(n)d applications in the formal check",
                       counts["checking"]) % {"n": counts["checking"]}, counts["checking"],
              f"{url}?status={Status.FORMAL_CHECK}"),
        Queue(ngettext("%(n)d return past its corrections deadline", "%(n)d returns past their corrections "
                       "deadline", counts["overdue"]) % {"n": counts["overdue"]}, counts["overdue"],
              f"{url}?status={Status.RETURNED}&overdue=1", urgent=counts["overdue"] > 0),
        Queue(ngettext("%(n)d certificate expiring within %(days)d days", "%(n)d certificates expiring within "
                       "%(days)d days", expiring) % {"n": expiring, "days": EXPIRY_WARNING_DAYS}, expiring,
              f"{url}?expiring=1"),
    ]


def edition_list() -> QuerySet[Edition]:
    """Every edition with its chapter and the numbers of its criteria and applications (one query)."""
    return Edition.objects.select_related("committee").annotate(
        criteria_count=Count("criteria", distinct=True), applications_count=Count("applications", distinct=True))
