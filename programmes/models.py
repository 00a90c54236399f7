"""The regional social-economy programme: priorities → specific goals → intervention directions, indicators
with yearly values, annual action plans, public consultation and adoption."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.workflow import STAFF, SYSTEM, Workflow, workflow_register


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("Public consultation")
    SUBMITTED = "submitted", _("Submitted to the Board")
    ADOPTED = "adopted", _("Adopted")
    IN_FORCE = "in_force", _("In force")
    CLOSED = "closed", _("Closed")


# from -> {to: who may make the move}: ROPS staff (``permissions.programme_actors``) and the system (imports, the
# demo). The conditions (a consultation of at least 35 days, the Board only after the consultation report is
# published, the adopting resolution) are the service's (``services.programme_transition``).
_BY_STAFF = {STAFF, SYSTEM}
PROGRAMME_WORKFLOW = workflow_register(Workflow(
    name="programmes.programme", states=Status,
    table={
        Status.DRAFT: {Status.CONSULTATION: _BY_STAFF, Status.SUBMITTED: _BY_STAFF},
        # Leaving the consultation closes it (back to the draft, to be reworked in the light of the comments).
        Status.CONSULTATION: {Status.DRAFT: _BY_STAFF},
        Status.SUBMITTED: {Status.DRAFT: _BY_STAFF, Status.ADOPTED: _BY_STAFF},
        Status.ADOPTED: {Status.IN_FORCE: _BY_STAFF},
        Status.IN_FORCE: {Status.CLOSED: _BY_STAFF},
        Status.CLOSED: {},
    },
    labels={
        Status.DRAFT: _("Return to draft"),
        Status.CONSULTATION: _("Open the public consultation"),
        Status.SUBMITTED: _("Submit to the Board"),
        Status.ADOPTED: _("Record adoption by the Board"),
        Status.IN_FORCE: _("Mark as in force"),
        Status.CLOSED: _("Close the programme"),
    },
    # What each move records (the fields of ``forms.TransitionForm`` shown for it).
    fields={Status.ADOPTED: ("resolution_number", "resolution_date"), Status.CONSULTATION: ("consultation_until",)},
    refusal=_("A programme that is “%(from)s” cannot become “%(to)s”."),
))
# From adoption on, the structure changes only through a recorded amendment.
FROZEN = {Status.ADOPTED, Status.IN_FORCE, Status.CLOSED}
# Programmes the Board adopted: published as open data and on the public (BIP) page. A draft or a programme in
# consultation is not the programme yet (the consultation page shows the draft).
PUBLISHED = {Status.ADOPTED, Status.IN_FORCE, Status.CLOSED}
# Units of indicators that count people: their small values are hidden where published (monitoring.disclosure).
PERSON_UNITS = ("os.", "osoba", "osoby", "osób", "uczestnik", "uczestnicy", "uczestników", "pracownik",
                "pracownicy", "pracowników", "persons", "people")


class ProgrammeQuerySet(models.QuerySet):
    def structure_editable(self):
        """Programmes whose structure (priorities, goals, directions) may change now: freely before adoption, from
        adoption on only while an amendment is open (the change is then listed in it). The one rule for the
        services, the permission and the edit controls on the page."""
        open_amendment = Amendment.objects.open().filter(programme=models.OuterRef("pk"))
        return self.filter(~models.Q(status__in=FROZEN) | models.Exists(open_amendment))

    def plans_editable(self):
        """Programmes whose annual action plans may change: every one but a closed programme."""
        return self.exclude(status=Status.CLOSED)

    def published(self):
        """Programmes adopted by the Board (``PUBLISHED``): the ones open data and the public page show."""
        return self.filter(status__in=PUBLISHED)


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=300)
    region_code = models.CharField(_("voivodeship (TERYT)"), max_length=2)
    region_name = models.CharField(_("voivodeship"), max_length=100, blank=True)
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("to year"))
    period_label = models.CharField(_("period"), max_length=50, blank=True)
    responsible_body = models.CharField(_("responsible body"), max_length=300)
    main_goal = models.TextField(_("main goal"))
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    resolution_number = models.CharField(_("adopting resolution number"), max_length=100, blank=True)
    resolution_date = models.DateField(_("adopting resolution date"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    source = models.JSONField(_("source document"), default=dict, blank=True)
    consultation_until = models.DateField(_("consultation open until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "name"]

    def __str__(self) -> str:
        return f"{self.name} {self.period_label or f'{self.start_year}-{self.end_year}'}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("programmes:detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN


class Priority(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="priorities",
                                  verbose_name=_("programme"))
    number = models.CharField(_("number"), max_length=10)
    name = models.CharField(_("name"), max_length=500)
    name_variants = models.JSONField(_("other wordings of the name"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    # Its indicators with their values, set for the programme's page by ``programmes.selectors.programme_tree``.
    indicator_rows: list

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["programme", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="uniq_priority_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SpecificGoal(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="goals", verbose_name=_("priority"))
    number = models.CharField(_("number"), max_length=10)
    name = models.CharField(_("name"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    # Its indicators with their values, set for the programme's page by ``programmes.selectors.programme_tree``.
    indicator_rows: list

    class Meta:
        verbose_name = _("specific goal")
        verbose_name_plural = _("specific goals")
        ordering = ["priority", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["priority", "number"], name="uniq_goal_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Direction(models.Model):
    goal = models.ForeignKey(SpecificGoal, on_delete=models.CASCADE, related_name="directions",
                             verbose_name=_("specific goal"))
    number = models.CharField(_("number"), max_length=12)
    text = models.TextField(_("intervention direction"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intervention direction")
        verbose_name_plural = _("intervention directions")
        ordering = ["goal", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["goal", "number"], name="uniq_direction_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:80]}"


class Indicator(models.Model):
    """An indicator of the programme, a priority or a specific goal; manual or computed from the system's data."""

    class Trend(models.TextChoices):
        INCREASE = "increase", _("increase")
        DECREASE = "decrease", _("decrease")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators",
                                  verbose_name=_("programme"))
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="indicators", verbose_name=_("priority"))
    goal = models.ForeignKey(SpecificGoal, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="indicators", verbose_name=_("specific goal"))
    name = models.CharField(_("name"), max_length=500)
    measure = models.CharField(_("what is measured"), max_length=500, blank=True)
    unit = models.CharField(_("unit"), max_length=50)
    baseline_value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_change = models.DecimalField(_("target change (e.g. +1000)"), max_digits=14, decimal_places=2,
                                        null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    trend = models.CharField(_("desired direction"), max_length=16, choices=Trend, default=Trend.INCREASE)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    frequency = models.CharField(_("frequency"), max_length=50, blank=True, default="rocznie")
    computation = models.CharField(_("computed by"), max_length=64, blank=True,
                                   help_text=_("Name of a computation registered in the system; empty = entered."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["programme", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> str:
        return "goal" if self.goal_id else ("priority" if self.priority_id else "programme")

    @property
    def counts_persons(self) -> bool:
        """Whether the indicator counts people (its unit is one of ``PERSON_UNITS``), so that small values of it
        are hidden where published."""
        return self.unit.strip().lower() in PERSON_UNITS

    @property
    def target(self):
        """The value to reach: the target, or the baseline plus (or minus) the target change."""
        if self.target_value is not None:
            return self.target_value
        if self.target_change is not None and self.baseline_value is not None:
            sign = 1 if self.trend == self.Trend.INCREASE else -1
            return self.baseline_value + sign * abs(self.target_change)
        return None


class IndicatorValue(models.Model):
    """The value of an indicator in a year. A locked value changes only through a recorded correction."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("indicator"))
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source_note = models.CharField(_("source"), max_length=300, blank=True)
    computed = models.BooleanField(_("computed by the system"), default=False)
    locked = models.BooleanField(_("locked (report adopted)"), default=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="uniq_indicator_year")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"


class IndicatorValueCorrection(models.Model):
    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="corrections",
                              verbose_name=_("indicator value"))
    old_value = models.DecimalField(max_digits=14, decimal_places=2, verbose_name=_("value before"))
    new_value = models.DecimalField(max_digits=14, decimal_places=2, verbose_name=_("value after"))
    reason = models.TextField(_("reason"))
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("corrected by"))
    corrected_at = models.DateTimeField(auto_now_add=True, verbose_name=_("corrected at"))

    class Meta:
        verbose_name = _("correction of a locked value")
        verbose_name_plural = _("corrections of locked values")
        ordering = ["-corrected_at"]

    def __str__(self) -> str:
        return f"{self.old_value} → {self.new_value}"


class AmendmentQuerySet(models.QuerySet):
    def open(self):
        """Amendments not closed yet (one per programme at a time)."""
        return self.filter(closed_at__isnull=True)


class Amendment(models.Model):
    """A recorded change of an adopted programme's structure: the version, why, and what changed."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="amendments",
                                  verbose_name=_("programme"))
    version = models.PositiveSmallIntegerField(_("version"))
    reason = models.TextField(_("reason"))
    resolution_number = models.CharField(_("resolution number"), max_length=100, blank=True)
    changes = models.JSONField(_("what changed"), default=list)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("made by"))
    made_at = models.DateTimeField(auto_now_add=True, verbose_name=_("made at"))
    # An amendment is open until closed: while open, structure changes made in the back office are listed in it.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))

    objects = AmendmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["programme", "version"], name="uniq_amendment_version")]

    def __str__(self) -> str:
        return f"v{self.version}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


# The act on development policy (art. 6(3)): at least 35 days for comments, and the report on the consultation
# published within 30 days after it closes.
CONSULTATION_MIN_DAYS = 35
REPORT_DUE_DAYS = 30


class ConsultationQuerySet(models.QuerySet):
    def report_pending(self):
        """Closed consultations whose report is not published yet (their deadline runs: ``report_due``)."""
        return self.filter(closed_on__isnull=False, published_at__isnull=True)

    def published(self):
        return self.filter(published_at__isnull=False)


class Consultation(models.Model):
    """One round of the public consultation of a programme: announced on ``opened_on``, comments until
    ``until``, closed on ``closed_on``; its report answers every comment and is published as a tagged PDF
    once staff approve it."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"),
                                  on_delete=models.CASCADE, related_name="consultations")
    opened_on = models.DateField(_("announced on"))
    until = models.DateField(_("comments accepted until"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"),
                                  on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    approved_at = models.DateTimeField(_("report approved"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"),
                                    on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    report_pdf = models.FileField(_("report (PDF)"), upload_to="programmes/consultations/", blank=True)
    published_at = models.DateTimeField(_("report published"), null=True, blank=True)

    history = HistoricalRecords()

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.programme} ({self.opened_on:%d.%m.%Y})"

    @staticmethod
    def earliest_until(opened_on: date) -> date:
        """The last day for comments may not come before this: ``CONSULTATION_MIN_DAYS`` days, counted from
        the announcement (inclusive)."""
        return opened_on + timedelta(days=CONSULTATION_MIN_DAYS - 1)

    @property
    def closes_from(self) -> date:
        """The first day the consultation may close: after the announced last day for comments and never
        before ``CONSULTATION_MIN_DAYS`` days have passed. The one rule for the service, the page and admin."""
        return max(self.until, self.earliest_until(self.opened_on)) + timedelta(days=1)

    def can_close(self, today: date) -> bool:
        return self.closed_on is None and today >= self.closes_from

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def report_due(self) -> date | None:
        """The last day to publish the report (``REPORT_DUE_DAYS`` after closing); None while open."""
        return self.closed_on + timedelta(days=REPORT_DUE_DAYS) if self.closed_on else None

    def report_overdue(self, today: date) -> bool:
        return self.published_at is None and self.report_due is not None and today > self.report_due

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ConsultationComment(models.Model):
    class Response(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        PARTLY = "partly", _("partly accepted")
        REJECTED = "rejected", _("rejected")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="comments",
                                  verbose_name=_("programme"))
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments", null=True,
                                     blank=True, verbose_name=_("consultation"))
    author = models.CharField(_("name or organisation (optional)"), max_length=200, blank=True)
    concerns = models.CharField(_("which part it concerns"), max_length=200, blank=True)
    text = models.TextField(_("comment"))
    consent_at = models.DateTimeField(_("consent given"))
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    response = models.CharField(_("response"), max_length=16, choices=Response, blank=True)
    response_reason = models.TextField(_("reasons"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("answered by"))
    answered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("answered at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consultation comment")
        verbose_name_plural = _("consultation comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ActionPlan(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="action_plans",
                                  verbose_name=_("programme"))
    year = models.PositiveSmallIntegerField(_("year"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual action plan")
        verbose_name_plural = _("annual action plans")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["programme", "year"], name="uniq_action_plan_year")]

    def __str__(self) -> str:
        return f"{self.programme.name} {self.year}"


class ActionTask(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("action plan"))
    title = models.CharField(_("task"), max_length=500)
    directions = models.ManyToManyField(Direction, verbose_name=_("intervention directions"),
                                        related_name="tasks")
    responsible_unit = models.CharField(_("responsible unit"), max_length=200)
    partners = models.CharField(_("partners"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PLANNED)
    outputs = models.TextField(_("outputs"), blank=True)
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    history = HistoricalRecords(m2m_fields=[directions])

    class Meta:
        verbose_name = _("action-plan task")
        verbose_name_plural = _("action-plan tasks")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class BudgetLine(models.Model):
    class Source(models.TextChoices):
        EU = "eu", _("EU funds")
        VOIVODESHIP = "voivodeship", _("voivodeship budget")
        STATE = "state", _("state budget")
        OTHER = "other", _("other")

    task = models.ForeignKey(ActionTask, on_delete=models.CASCADE, related_name="budget", verbose_name=_("task"))
    source = models.CharField(_("funding source"), max_length=16, choices=Source)
    planned = models.DecimalField(_("planned (PLN)"), max_digits=14, decimal_places=2, default=0)
    spent = models.DecimalField(_("spent (PLN)"), max_digits=14, decimal_places=2, default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [models.UniqueConstraint(fields=["task", "source"], name="uniq_budget_source")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.planned}"
