import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Job(models.Model):
    """A background job a person asked for: its state, progress and the file it produced.

    The primary key is a random UUID so that job pages cannot be guessed.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("identifier"))
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=255)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    result = models.FileField(_("result file"), upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(_("result file name"), max_length=255, blank=True)
    result_content_type = models.CharField(max_length=100, blank=True, verbose_name=_("result content type"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     on_delete=models.PROTECT, null=True, blank=True, related_name="jobs")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Handed to the queue (the last time); a job the queue refused has queue_error_at set instead, and the
    # recovery task (core.services.jobs_recover) sends it again.
    enqueued_at = models.DateTimeField(_("sent to the queue"), null=True, blank=True)
    queue_error_at = models.DateTimeField(_("the queue did not answer"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # Touched while the job runs; a running job whose heartbeat stops was lost with its worker.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"]), models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.SUCCEEDED, self.State.FAILED}

    @property
    def is_succeeded(self) -> bool:
        return self.state == self.State.SUCCEEDED

    @property
    def is_failed(self) -> bool:
        return self.state == self.State.FAILED

    @property
    def waits_for_the_queue(self) -> bool:
        """Queued, but the queue refused it the last time: the recovery task will send it again."""
        return self.state == self.State.QUEUED and self.queue_error_at is not None


class AccessibilityStatement(models.Model):
    """The accessibility statement ("Deklaracja dostępności") the act of 4 April 2019 requires, in the structure
    of "Warunki techniczne publikacji oraz struktura dokumentu elektronicznego deklaracji dostępności" v2.0 of
    31.07.2024. One statement for the system, kept by the ROPS administrator; every change is in its history."""

    class Compliance(models.TextChoices):
        FULL = "full", _("compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    class Assessment(models.TextChoices):
        SELF = "self", _("a self-assessment by the public body")
        AUDITOR = "auditor", _("an assessment by an external party")

    entity_name = models.CharField(_("public body"), max_length=300)
    website_url = models.URLField(_("address of the website"))
    published_on = models.DateField(_("date the website was published"))
    updated_on = models.DateField(_("date of the last significant update of the website"))
    compliance = models.CharField(_("compliance with the act"), max_length=16, choices=Compliance,
                                  default=Compliance.PARTIAL)
    inaccessible_content = models.TextField(
        _("content that is not accessible, and why"), blank=True,
        help_text=_("Required unless the website is fully compliant: list what is not accessible and the reason."))
    prepared_on = models.DateField(_("date the statement was prepared"))
    reviewed_on = models.DateField(_("date of the last review of the statement"))
    assessment = models.CharField(_("the statement was prepared on the basis of"), max_length=16,
                                  choices=Assessment, default=Assessment.SELF)
    auditor = models.CharField(_("external party that assessed the website"), max_length=300, blank=True)
    keyboard_and_aids = models.TextField(_("keyboard shortcuts and accessibility aids"), blank=True)
    contact_person = models.CharField(_("person responsible for accessibility requests"), max_length=200)
    contact_email = models.EmailField(_("e-mail for accessibility requests"))
    contact_phone = models.CharField(_("phone for accessibility requests"), max_length=40)
    architecture = models.TextField(_("architectural accessibility of the office"),
                                    help_text=_("Entrances, ramps, lifts, toilets, parking, induction loops, sign "
                                                "language interpreter, entry with an assistance dog."))
    mobile_apps = models.TextField(_("mobile applications"), blank=True,
                                   default=_("The public body has no mobile applications."))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def default(cls) -> "AccessibilityStatement":
        """The statement before the administrator first fills it in (not saved)."""
        from django.conf import settings
        from django.utils import timezone

        today = timezone.localdate()
        return cls(entity_name=settings.ROPS_NAME, website_url=settings.SITE_URL, published_on=today,
                   updated_on=today, prepared_on=today, reviewed_on=today, contact_person=settings.ROPS_NAME,
                   contact_email=settings.DEFAULT_FROM_EMAIL.rpartition("<")[2].rstrip(">") or "rops@example.pl",
                   contact_phone="", architecture="")
