"""The committees (the RKRES and the certifying chapter) with their rules of procedure, their members,
meetings and attendance, and the members' declared interests."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.choices import ChoiceLabels

from ..tally import Rules


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

