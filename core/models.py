import calendar
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
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
        today = timezone.localdate()
        return cls(entity_name=settings.ROPS_NAME, website_url=settings.SITE_URL, published_on=today,
                   updated_on=today, prepared_on=today, reviewed_on=today, contact_person=settings.ROPS_NAME,
                   contact_email=settings.DEFAULT_FROM_EMAIL.rpartition("<")[2].rstrip(">") or "rops@example.pl",
                   contact_phone="", architecture="")


class EzdCaseSign(models.Model):
    """The case sign (znak sprawy) the office's records system (EZD) assigned to a record of this system, stored
    back on it by staff (``core.services.ezd_case_sign_set``) and shown on the record's page."""

    content_type = models.ForeignKey("contenttypes.ContentType", verbose_name=_("kind of record"),
                                     on_delete=models.CASCADE)
    object_id = models.CharField(verbose_name=_("record"), max_length=64)
    case_sign = models.CharField(_("case sign in EZD"), max_length=100)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("registered by"),
                                      on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    registered_at = models.DateTimeField(_("recorded"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("EZD case sign")
        verbose_name_plural = _("EZD case signs")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="uniq_ezd_case_sign")]

    def __str__(self) -> str:
        return self.case_sign


class PrivacySettings(models.Model):
    """Who the controller of the personal data is and how to reach the data protection officer: the parts of the
    information clause (art. 13 GDPR) the ROPS administrator keeps; the rest comes from the register declared in
    code (``core.privacy``). One row for the system (``core.selectors.privacy_settings``)."""

    controller = models.CharField(_("controller of the personal data"), max_length=500)
    controller_address = models.CharField(_("controller's address"), max_length=500)
    dpo_name = models.CharField(_("data protection officer"), max_length=200, blank=True)
    dpo_email = models.EmailField(_("data protection officer's e-mail"), blank=True)
    dpo_address = models.CharField(_("data protection officer's postal address"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("personal data settings")
        verbose_name_plural = _("personal data settings")
        permissions = [("view_processing_register", _("Can see the register of processing activities (DPO)"))]

    def __str__(self) -> str:
        return self.controller


class DataSubjectRequest(models.Model):
    """A request of a data subject (arts. 15–21 GDPR) recorded by staff: answered within one month of receipt,
    extendable by two further months with the reason given to the person (art. 12(3))."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("access (art. 15)")
        RECTIFICATION = "rectification", _("rectification (art. 16)")
        ERASURE = "erasure", _("erasure (art. 17)")
        RESTRICTION = "restriction", _("restriction of processing (art. 18)")
        OBJECTION = "objection", _("objection (art. 21)")

    class Status(models.TextChoices):
        OPEN = "open", _("in progress")
        DONE = "done", _("request answered")
        REFUSED = "refused", _("refused")

    kind = models.CharField(_("kind of request"), max_length=16, choices=Kind)
    name = models.CharField(_("name of the person"), max_length=200)
    email = models.EmailField(_("e-mail of the person"))
    received_on = models.DateField(_("received on"))
    description = models.TextField(_("what the person asks"), blank=True)
    extended_until = models.DateField(_("deadline extended until"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.OPEN)
    outcome = models.TextField(_("answer"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"),
                                  on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        ordering = ["status", "received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("core:privacy_request", args=[self.pk])

    @property
    def due_on(self):
        """One month from receipt (the same day of the next month, or its last day), or the extended deadline."""
        return self.extended_until or add_months(self.received_on, 1)

    @property
    def latest_extension(self):
        """An extension may reach two further months beyond the first (three from receipt at most)."""
        return add_months(self.received_on, 3)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def overdue(self, today) -> bool:
        return self.is_open and today > self.due_on


def add_months(day, months: int):
    """The same day ``months`` later, or the last day of that month when it is shorter (31.1 + 1 → 28/29.2)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


class DisposalProposal(models.Model):
    """Records of one kind past their retention period (``core.retention``), listed by the monthly review for
    staff to confirm their disposal; confirming anonymises or deletes them through the app's service."""

    rule_key = models.CharField(_("kind of record"), max_length=100)
    category = models.CharField(_("archival category (JRWA)"), max_length=8)
    object_ids = models.JSONField(_("records"), default=list)
    proposed_on = models.DateField(_("listed on"))
    confirmed_at = models.DateTimeField(_("disposal confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"),
                                     on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    disposed = models.PositiveIntegerField(_("records disposed of"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disposal proposal")
        verbose_name_plural = _("disposal proposals")
        ordering = ["confirmed_at", "-proposed_on", "rule_key"]

    def __str__(self) -> str:
        return f"{self.rule_key} ({self.proposed_on:%Y-%m-%d})"

    @property
    def is_pending(self) -> bool:
        return self.confirmed_at is None


class NotificationMode(models.TextChoices):
    IMMEDIATE = "immediate", _("immediately")
    DIGEST = "digest", _("in a daily digest")
    OFF = "off", _("not at all")


class NotificationPreference(models.Model):
    """How one person wants one kind of notification (``core.notifications``); no row means immediately."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                             related_name="notification_preferences")
    kind = models.CharField(_("kind of notification"), max_length=64)
    mode = models.CharField(_("how"), max_length=16, choices=NotificationMode, default=NotificationMode.IMMEDIATE)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="uniq_notification_preference")]

    def __str__(self) -> str:
        return f"{self.user} – {self.kind}: {self.mode}"


class DigestItem(models.Model):
    """A notification waiting for its person's daily digest; ``sent_at`` is set when the digest goes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                             related_name="+")
    kind = models.CharField(_("kind of notification"), max_length=64)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest item")
        verbose_name_plural = _("digest items")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["sent_at", "user"])]

    def __str__(self) -> str:
        return self.subject


class ReminderSent(models.Model):
    """That one reminder (``core.reminders``) went to one address: the unique key makes it go once, however
    often or late the task runs."""

    key = models.CharField(_("what it is about"), max_length=100)
    recipient = models.CharField(_("recipient"), max_length=254)
    offset = models.CharField(_("when"), max_length=16)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["key", "recipient", "offset"], name="uniq_reminder_sent")]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient} ({self.offset})"


class CalendarFeed(models.Model):
    """A person's secret calendar address (iCalendar): a random token of 43 characters, new on request (the old
    address stops working)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                                related_name="calendar_feed")
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self) -> str:
        return str(self.user)
