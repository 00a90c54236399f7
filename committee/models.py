"""The Regional Committee (RKRES) and the certifying chapter: rules of procedure, members, meetings,
resolutions and votes. A closed vote is immutable (services refuse, admin is read-only, and on PostgreSQL
database triggers refuse any change; see migration 0002)."""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.choices import ChoiceLabels
from core.workflow import STAFF, SYSTEM, Workflow, workflow_register

from .tally import Rules


class Committee(models.Model):
    class Kind(models.TextChoices):
        RKRES = "rkres", _("Regional Committee for Social Economy Development (RKRES)")
        CHAPTER = "chapter", _("Certifying chapter (“Zakup Prospołeczny”)")

    class Majority(models.TextChoices):
        SIMPLE = "simple", _("simple majority")
        ABSOLUTE = "absolute", _("absolute majority")
        QUALIFIED = "qualified", _("qualified majority")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    name = models.CharField(_("name"), max_length=300)
    term_years = models.PositiveSmallIntegerField(_("term of office (years)"), default=3)
    term_start = models.DateField(_("current term from"))
    # Rules of procedure (set by the Board's resolution; copied onto each vote when it opens).
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (% of members)"), default=50)
    quorum_requires_chair = models.BooleanField(_("quorum requires the chair"), default=True)
    majority = models.CharField(_("majority"), max_length=16, choices=Majority, default=Majority.SIMPLE)
    qualified_numerator = models.PositiveSmallIntegerField(_("qualified majority: numerator"), default=2)
    qualified_denominator = models.PositiveSmallIntegerField(_("qualified majority: denominator"), default=3)
    abstention_counts_against = models.BooleanField(_("abstentions count as votes against"), default=False)
    chair_casting_vote = models.BooleanField(_("chair's vote decides a tie"), default=True)
    online_voting = models.BooleanField(_("voting by circulation (online) allowed"), default=True)
    default_voting_days = models.PositiveSmallIntegerField(_("default voting period (days)"), default=7)
    vote_change_allowed = models.BooleanField(_("a vote may be changed while voting is open"), default=True)
    named_votes = models.BooleanField(_("named votes (who voted how is shown)"), default=True)
    # Parity: where the rules of procedure set it, no category of members (who they represent) may hold more
    # than this share of the votes counted; a vote that breaks it is not adopted (``tally``). Empty: no check.
    parity_max_percent = models.PositiveSmallIntegerField(
        _("parity: largest share of the votes counted one category may hold (%)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("committee:detail", args=[self.pk])

    @property
    def uses_qualified_majority(self) -> bool:
        return self.majority == self.Majority.QUALIFIED

    def rules(self) -> Rules:
        return Rules(quorum_percent=self.quorum_percent, quorum_requires_chair=self.quorum_requires_chair,
                     majority=self.majority, qualified_numerator=self.qualified_numerator,
                     qualified_denominator=self.qualified_denominator,
                     abstention_counts_against=self.abstention_counts_against,
                     chair_casting_vote=self.chair_casting_vote, parity_max_percent=self.parity_max_percent)


class Category(models.TextChoices):
    """Who a member represents (art. 57 ust. 1 of the act); the chapter uses "other"."""

    MARSHAL = "marshal", _("the Marshal of the voivodeship")
    VOIVODE = "voivode", _("the Voivode")
    JST = "jst", _("local governments")
    PES = "pes", _("social economy entities")
    PUBLIC_BENEFIT_COUNCIL = "public_benefit_council", _("voivodeship council of public benefit activity")
    COOPERATIVE_UNIONS = "cooperative_unions", _("cooperative unions")
    RESEARCH = "research", _("research institutes")
    UNIVERSITIES = "universities", _("universities")
    TRADE_UNIONS = "trade_unions", _("trade unions")
    EMPLOYERS = "employers", _("employers' organisations")
    OTHER = "other", _("other")


class MemberQuerySet(models.QuerySet):
    """Who is a member when: the one definition of "in office" (docs/committee.md)."""

    def not_ended(self, on: date | None = None):
        """Memberships not ended on ``on`` (today by default): not dismissed by then. A member dismissed on a day
        is out of office from that day; a membership appointed to start later has not ended either."""
        day = on or timezone.localdate()
        return self.filter(Q(dismissed_on__isnull=True) | Q(dismissed_on__gt=day))

    def in_office(self, on: date | None = None):
        """Members in office on ``on`` (today by default): appointed on or before that day, not dismissed by then."""
        day = on or timezone.localdate()
        return self.not_ended(day).filter(appointed_on__lte=day)


class Member(ChoiceLabels, models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        DEPUTY = "deputy", _("deputy chair")
        SECRETARY = "secretary", _("secretary")
        MEMBER = "member", _("member")

    class DismissalReason(models.TextChoices):
        OWN_REQUEST = "own_request", _("at the member's own request")
        BODY_REQUEST = "body_request", _("at the request of the represented body")
        CONVICTION = "conviction", _("final conviction for an intentional crime")
        ABSENCES = "absences", _("unjustified absence at three consecutive meetings")
        OTHER = "other", _("other justified reason")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members",
                                  verbose_name=_("committee"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT,
                             related_name="committee_memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.MEMBER)
    category = models.CharField(_("represents"), max_length=32, choices=Category)
    represented_body = models.CharField(_("body represented"), max_length=300, blank=True)
    appointed_on = models.DateField(_("appointed on"))
    dismissed_on = models.DateField(_("dismissed on"), null=True, blank=True)
    dismissal_reason = models.CharField(_("reason for dismissal"), max_length=32, choices=DismissalReason,
                                        blank=True)

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["committee", "role", "user__last_name"]

    def __str__(self) -> str:
        return str(self.user)


class Meeting(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings",
                                  verbose_name=_("committee"))
    held_on = models.DateTimeField(_("date"))
    mode = models.CharField(_("mode"), max_length=16, choices=Mode, default=Mode.IN_PERSON)
    place = models.CharField(_("place"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda (one item per line)"), blank=True)
    # The sealed minutes (core.seal), made once: never rendered again.
    minutes_pdf = models.FileField(_("sealed minutes"), upload_to="committee/minutes/%Y/", blank=True)
    minutes_sha256 = models.CharField(_("SHA-256 of the sealed minutes"), max_length=64, blank=True, db_index=True)
    minutes_seal_level = models.CharField(_("seal level"), max_length=16, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.committee} {self.held_on:%Y-%m-%d}"

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    def members_in_office(self):
        """The members whose attendance the meeting records: those in office on the day it is held."""
        return Member.objects.in_office(on=timezone.localdate(self.held_on)).filter(committee_id=self.committee_id)


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", pgettext_lazy("attendance of one member", "present")
        EXCUSED = "excused", _("excused absence")
        UNEXCUSED = "unexcused", _("unexcused absence")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting"))
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("member"))
    status = models.CharField(_("attendance"), max_length=16, choices=Status)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="uniq_attendance")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()}"


class Resolution(ChoiceLabels, models.Model):
    """A resolution or opinion, numbered per committee and year ("3/2026"), decided at a meeting or online."""

    class Subject(models.TextChoices):
        PROGRAMME = "programme", _("the regional programme")
        DRAFT_RESOLUTION = "draft_resolution", _("a draft resolution of the voivodeship")
        REPORT = "report", _("the annual implementation report")
        CERTIFICATION = "certification", _("a certification case")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("voting open")
        CLOSED = "closed", _("closed")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="resolutions",
                                  verbose_name=_("committee"))
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    title = models.CharField(_("title"), max_length=500)
    subject = models.CharField(_("subject"), max_length=32, choices=Subject, default=Subject.OTHER)
    description = models.TextField(_("content"), blank=True)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True,
                                     verbose_name=_("subject type"))
    subject_id = models.PositiveBigIntegerField(null=True, blank=True, verbose_name=_("subject identifier"))
    subject_object = GenericForeignKey("subject_type", "subject_id")
    meeting = models.ForeignKey(Meeting, verbose_name=_("decided at the meeting"), on_delete=models.PROTECT,
                                null=True, blank=True, related_name="resolutions")
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    secret = models.BooleanField(_("secret vote"), default=False)
    opened_at = models.DateTimeField(_("voting opened"), null=True, blank=True)
    deadline = models.DateTimeField(_("voting deadline"), null=True, blank=True)
    rules = models.JSONField(_("rules of procedure applied"), default=dict, blank=True)
    vote_change_allowed = models.BooleanField(default=True, verbose_name=_("vote may be changed"))
    result = models.JSONField(_("result"), default=dict, blank=True)
    adopted = models.BooleanField(_("adopted"), null=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))
    # Who votes on it, frozen when voting opens (members in office that day; see ``selectors.entitled``):
    # the ids of the members counted, and the chair among them. A recount reads these, never today's members.
    entitled_members = models.JSONField(_("members entitled to vote"), default=list, blank=True, editable=False)
    entitled_chair = models.PositiveBigIntegerField(_("chair entitled to vote"), null=True, blank=True,
                                                    editable=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    # The sealed resolution (core.seal), made once when the vote closes: never rendered again.
    pdf = models.FileField(_("sealed resolution"), upload_to="committee/resolutions/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the sealed resolution"), max_length=64, blank=True, db_index=True)
    seal_level = models.CharField(_("seal level"), max_length=16, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-year", "-sequence"]
        constraints = [models.UniqueConstraint(fields=["committee", "year", "sequence"],
                                               name="uniq_resolution_number")]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("committee:resolution", args=[self.pk])

    @property
    def number(self) -> str:
        return f"{self.sequence}/{self.year}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def opened_on(self) -> date | None:
        """The day voting opened as people in the office count days (the entitlement is that day's members)."""
        return timezone.localdate(self.opened_at) if self.opened_at else None


class ConflictDeclaration(models.Model):
    """Before reviewing or voting, a member declares no conflict of interest, or a conflict (and is recused)."""

    class State(models.TextChoices):
        """A member's declaration state in a matter (``selectors.declaration_state``)."""

        UNDECLARED = "undeclared", _("not declared yet")
        RECUSED = "recused", _("recused (conflict of interest)")
        CLEARED = "cleared", _("no conflict of interest")

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="declarations",
                                   verbose_name=_("resolution"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="declarations", verbose_name=_("member"))
    has_conflict = models.BooleanField(_("conflict of interest"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True, verbose_name=_("declared at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conflict of interest declaration")
        verbose_name_plural = _("conflict of interest declarations")
        constraints = [models.UniqueConstraint(fields=["resolution", "member"], name="uniq_declaration")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_state_display()}"

    @property
    def state(self) -> "ConflictDeclaration.State":
        """A declared conflict recuses the member; a declaration of no conflict clears them."""
        return self.State.RECUSED if self.has_conflict else self.State.CLEARED

    def get_state_display(self) -> str:
        return self.state.label


class Vote(models.Model):
    class Choice(models.TextChoices):
        FOR = "for", _("for")
        AGAINST = "against", _("against")
        ABSTAIN = "abstain", _("abstain")

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="votes",
                                   verbose_name=_("resolution"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="votes", verbose_name=_("member"))
    choice = models.CharField(_("vote"), max_length=16, choices=Choice)
    cast_at = models.DateTimeField(auto_now_add=True, verbose_name=_("cast at"))
    changed_at = models.DateTimeField(auto_now=True, verbose_name=_("changed at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        # One vote per member per resolution, enforced by the database.
        constraints = [models.UniqueConstraint(fields=["resolution", "member"], name="one_vote_per_member")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"


class Document(models.Model):
    """A document of a meeting or a resolution, stored outside the web root and served after a permission check.

    A restricted document of a resolution is shown to a member only after they declared no conflict of interest
    in that matter; a recused member never sees it.
    """

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="documents",
                                  verbose_name=_("committee"))
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="documents",
                                verbose_name=_("meeting"))
    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="documents", verbose_name=_("resolution"))
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="committee/documents/%Y/%m/")
    original_name = models.CharField(max_length=255, verbose_name=_("original file name"))
    restricted = models.BooleanField(
        _("restricted"), default=False,
        help_text=_("Shown only to members who declared no conflict of interest in the matter."))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at"]
        constraints = [models.CheckConstraint(condition=models.Q(meeting__isnull=False) |
                                              models.Q(resolution__isnull=False), name="document_has_a_parent")]

    def __str__(self) -> str:
        return self.title


class Survey(models.Model):
    """The annual survey of members rating the ROPS's coordination. Answers are anonymous: who took part is
    recorded (to allow one answer each) separately from what was answered, which has no link to a person, no
    timestamp and no change history."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="surveys",
                                  verbose_name=_("committee"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    closes_on = models.DateField(_("answers until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="one_survey_a_year")]

    def __str__(self) -> str:
        return self.title

    def can_become(self, status: str) -> bool:
        return status in SURVEY_WORKFLOW.targets(self.status)

    @property
    def questions_editable(self) -> bool:
        """Questions are edited (in the admin) only while the survey is a draft."""
        return self.status == self.Status.DRAFT

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("rating from 1 to 5")
        TEXT = "text", _("open answer")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey"))
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind, default=Kind.SCALE)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "order"]
        constraints = [models.UniqueConstraint(fields=["survey", "order"], name="uniq_question_order")]

    def __str__(self) -> str:
        return self.text

    @property
    def is_scale(self) -> bool:
        return self.kind == self.Kind.SCALE


class SurveyParticipation(models.Model):
    """That a member answered (not what): one answer per member per survey, enforced by the database."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations",
                               verbose_name=_("survey"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("member"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "member"], name="one_answer_per_member")]

    def __str__(self) -> str:
        return f"{self.member} – {self.survey}"


class SurveyAnswer(models.Model):
    """One anonymous answer to one question. A random key (not a sequence) so that the order of rows cannot be
    matched to the order of participations."""

    id = models.UUIDField(primary_key=True, editable=False, verbose_name=_("identifier"))
    response = models.UUIDField(db_index=True, editable=False, verbose_name=_("response identifier"))
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers",
                                 verbose_name=_("question"))
    score = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("score"))
    text = models.TextField(blank=True, verbose_name=_("text"))

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(score__isnull=True) |
                                              models.Q(score__gte=1, score__lte=5), name="score_1_to_5")]

    def __str__(self) -> str:
        return f"{self.question}: {self.score or self.text[:40]}"


class Interest(models.Model):
    """The register of members' interests: an organisation a person on a committee is linked to. Kept by staff,
    confirmed by the person once a year (``InterestConfirmation``); a declaration on a matter whose applicant, or
    the OWES that supported it, is linked here prompts recusal (``selectors.register_links``)."""

    class Kind(models.TextChoices):
        EMPLOYER = "employer", _("employer")
        BOARD = "board", _("member of the management or supervisory board")
        OWES = "owes", _("works for the OWES")
        PES_SUPPORTED = "pes_supported", _("supports the PES")
        OTHER = "other", _("other link")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="committee_interests")
    kind = models.CharField(_("link"), max_length=16, choices=Kind)
    entity = models.ForeignKey("entities.Entity", verbose_name=_("organisation in the registry"),
                               on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    organisation = models.CharField(_("organisation (if not in the registry)"), max_length=300, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("declared interest")
        verbose_name_plural = _("register of interests")
        ordering = ["person__last_name", "person_id", "kind", "pk"]
        constraints = [models.CheckConstraint(condition=Q(entity__isnull=False) | ~Q(organisation=""),
                                              name="interest_names_an_organisation")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.organisation_name}"

    @property
    def organisation_name(self) -> str:
        return self.entity.name if self.entity_id else self.organisation

    def current_on(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or self.until >= day)


class InterestConfirmation(models.Model):
    """The person confirmed their entries in the register were complete and true on that day (yearly)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="interest_confirmations")
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now_add=True)

    class Meta:
        verbose_name = _("confirmation of the register of interests")
        verbose_name_plural = _("confirmations of the register of interests")
        ordering = ["-confirmed_at"]

    def __str__(self) -> str:
        return f"{self.person} {self.confirmed_at:%Y-%m-%d}"


# --- the workflows (``core.workflow``) ---------------------------------------------------------
# The chapter's and committee's secretary in office closes a vote like staff (``permissions.resolution_actors``);
# the system (``by=None``: the scheduled task) closes it only once its deadline has passed
# (``services.resolution_transition``).
SECRETARY = "secretary"
RESOLUTION_WORKFLOW = workflow_register(Workflow(
    name="committee.resolution", states=Resolution.Status,
    table={
        Resolution.Status.DRAFT: {Resolution.Status.OPEN: {STAFF, SYSTEM}},
        Resolution.Status.OPEN: {Resolution.Status.CLOSED: {STAFF, SECRETARY, SYSTEM}},
        Resolution.Status.CLOSED: {},
    },
    labels={Resolution.Status.OPEN: _("Open the vote"), Resolution.Status.CLOSED: _("Close the vote")},
    denied={Resolution.Status.CLOSED: _("Only ROPS staff or the committee's secretary close a vote.")},
    refusal=_("A resolution that is “%(from)s” cannot become “%(to)s”."),
))
# Staff open and close the yearly survey of the members.
SURVEY_WORKFLOW = workflow_register(Workflow(
    name="committee.survey", states=Survey.Status,
    table={
        Survey.Status.DRAFT: {Survey.Status.OPEN: {STAFF, SYSTEM}},
        Survey.Status.OPEN: {Survey.Status.CLOSED: {STAFF, SYSTEM}},
        Survey.Status.CLOSED: {},
    },
    labels={Survey.Status.OPEN: _("Open the survey"), Survey.Status.CLOSED: _("Close the survey")},
    refusal=_("A survey that is “%(from)s” cannot become “%(to)s”."),
))
