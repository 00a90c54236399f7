import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import ChoiceLabels
from core.workflow import STAFF, SYSTEM, Workflow, workflow_register


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    FAIR = "fair", _("Fair")
    FORUM = "forum", _("Forum")
    GALA = "gala", _("Gala")
    TRAINING = "training", _("Training")
    STUDY_VISIT = "study_visit", _("Study visit")
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    WORKING_GROUP = "working_group", _("Working group")
    OTHER = "other", _("Other")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REGISTRATION_OPEN = "registration_open", _("Registration open")
    REGISTRATION_CLOSED = "registration_closed", _("Registration closed")
    HELD = "held", _("Held")
    REPORTED = "reported", _("Reported")
    CANCELLED = "cancelled", _("Cancelled")


# from -> the states it may move to. Only ROPS staff move events (see permissions.py).
# from -> {to: who may make the move}: ROPS staff (``permissions.event_actors``) and the system (the demo,
# commands). The timing rules (registration opens only before the start, "held" only after it) are the
# service's (``services.event_transition``).
_BY_STAFF = {STAFF, SYSTEM}
EVENT_WORKFLOW = workflow_register(Workflow(
    name="events.event", states=EventStatus,
    table={
        EventStatus.PLANNED: {EventStatus.REGISTRATION_OPEN: _BY_STAFF, EventStatus.HELD: _BY_STAFF,
                              EventStatus.CANCELLED: _BY_STAFF},
        EventStatus.REGISTRATION_OPEN: {EventStatus.REGISTRATION_CLOSED: _BY_STAFF, EventStatus.CANCELLED: _BY_STAFF},
        EventStatus.REGISTRATION_CLOSED: {EventStatus.REGISTRATION_OPEN: _BY_STAFF, EventStatus.HELD: _BY_STAFF,
                                          EventStatus.CANCELLED: _BY_STAFF},
        EventStatus.HELD: {EventStatus.REPORTED: _BY_STAFF},
        EventStatus.REPORTED: {},
        EventStatus.CANCELLED: {},
    },
    labels={
        EventStatus.REGISTRATION_OPEN: _("Open registration"),
        EventStatus.REGISTRATION_CLOSED: _("Close registration"),
        EventStatus.HELD: _("Mark as held"),
        EventStatus.REPORTED: _("Mark as reported"),
        EventStatus.CANCELLED: _("Cancel the event"),
    },
    adverse=frozenset({EventStatus.CANCELLED}),
    refusal=_("An event that is “%(from)s” cannot become “%(to)s”."),
))


# Before the event takes place: registrations may still be cancelled.
NOT_YET_HELD = frozenset({EventStatus.PLANNED, EventStatus.REGISTRATION_OPEN, EventStatus.REGISTRATION_CLOSED})
# The event's data may still be changed (a reported or cancelled event is a closed record).
EDITABLE = frozenset(EventStatus) - {EventStatus.REPORTED, EventStatus.CANCELLED}
# Attendance is recorded once registration has opened (a planned or cancelled event has nobody to mark).
ATTENDANCE_OPEN = frozenset(EventStatus) - {EventStatus.PLANNED, EventStatus.CANCELLED}
# People who came without registering are added while the event takes place, not after it was reported.
WALK_IN_OPEN = ATTENDANCE_OPEN - {EventStatus.REPORTED}


class Event(ChoiceLabels, models.Model):
    """A fair, conference, training, study visit, network meeting or the gala run or co-run by the ROPS."""

    kind = models.CharField(_("kind"), max_length=32, choices=EventKind)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    gmina = models.ForeignKey("entities.Territory", verbose_name=_("place (gmina)"), on_delete=models.PROTECT,
                              null=True, blank=True, related_name="events", limit_choices_to={"level": "gmina"})
    venue = models.CharField(_("venue (address)"), max_length=300, blank=True)
    country = models.CharField(_("country (visits abroad)"), max_length=100, blank=True)
    city = models.CharField(_("city (visits abroad)"), max_length=100, blank=True)
    organiser = models.ForeignKey("entities.Entity", verbose_name=_("organiser"), on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="organised_events",
                                  help_text=_("Leave empty when the ROPS organises the event itself."))
    partners = models.ManyToManyField("entities.Entity", verbose_name=_("partners"), blank=True,
                                      related_name="partnered_events")
    directions = models.ManyToManyField("programmes.Direction", verbose_name=_("intervention directions served"),
                                        blank=True, related_name="events")
    tasks = models.ManyToManyField("programmes.ActionTask", verbose_name=_("action-plan tasks served"), blank=True,
                                   related_name="events")
    budget_planned = models.DecimalField(_("planned budget (PLN)"), max_digits=12, decimal_places=2,
                                         null=True, blank=True)
    budget_spent = models.DecimalField(_("spent budget (PLN)"), max_digits=12, decimal_places=2,
                                       null=True, blank=True)
    status = models.CharField(_("status"), max_length=32, choices=EventStatus, default=EventStatus.PLANNED)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True,
                                           help_text=_("Empty means no limit."))
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    outcome_report = models.TextField(_("outcome report"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[directions])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def is_abroad(self) -> bool:
        return bool(self.country)


class EventDocument(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        PHOTO = "photo", _("Photo")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.DOCUMENT)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="events/%Y/")
    original_name = models.CharField(_("name of the uploaded file"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title


class ParticipantCategory(models.TextChoices):
    PES = "pes", _("Social economy entity (PES)")
    OWES = "owes", _("Social economy support centre (OWES)")
    JST = "jst", _("Local government (JST)")
    LABOUR_SOCIAL = "labour_social", _("Labour-market or social-assistance institution")
    BUSINESS = "business", _("Business")
    EDUCATION = "education", _("Education and science")
    OTHER = "other", _("Other")


def new_cancel_token() -> str:
    return secrets.token_urlsafe(32)


class Registration(ChoiceLabels, models.Model):
    """One person registered for an event (or added at the door).

    Personal fields are cleared by ``anonymise_participants`` after the retention period; the
    category, entity, powiat and attendance stay for the counts.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail address"), blank=True)
    institution = models.CharField(_("institution"), max_length=300, blank=True)
    entity = models.ForeignKey("entities.Entity", verbose_name=_("entity in the registry"), on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="event_registrations")
    category = models.CharField(_("participant category"), max_length=32, choices=ParticipantCategory)
    powiat_code = models.CharField(_("powiat (TERYT)"), max_length=4, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.CONFIRMED)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    walk_in = models.BooleanField(_("added at the door"), default=False)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    cancel_token = models.CharField(max_length=64, unique=True, default=new_cancel_token, editable=False,
                                    verbose_name=_("cancellation token"))
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    # Personal data stays out of the audit history, so anonymising the row really removes it.
    history = HistoricalRecords(excluded_fields=["cancel_token", "first_name", "last_name", "email",
                                                 "institution", "accessibility_needs"])

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One live registration per e-mail address and event (cancelled ones don't count).
            models.UniqueConstraint(fields=["event", "email"], condition=~Q(status="cancelled") & ~Q(email=""),
                                    name="uniq_live_registration_per_email"),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or str(_("anonymised participant"))

    @property
    def is_confirmed(self) -> bool:
        """Has a seat (not on the waiting list, not cancelled)."""
        return self.status == self.Status.CONFIRMED
