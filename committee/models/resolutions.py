"""Resolutions and their votes, the members' declarations of conflicts of interest, the committee's documents,
and the resolution's workflow (``RESOLUTION_WORKFLOW``). A closed vote is immutable (services refuse, admin is
read-only, and on PostgreSQL database triggers refuse any change; see migration 0002)."""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import ChoiceLabels
from core.workflow import STAFF, SYSTEM, Workflow, workflow_register

from .members import Committee, Meeting, Member


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

    def get_state_display(self) -> str | Promise:
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

