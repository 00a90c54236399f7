"""Editions (calls) with their criteria, and the applications with what the applicant gives."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import ChoiceLabels

from .workflow import EDITABLE, Status


class EditionQuerySet(models.QuerySet):
    def open_on(self, day: date | None = None):
        """Editions accepting applications on ``day`` (today by default): from its first to its last day."""
        day = day or timezone.localdate()
        return self.filter(opens_on__lte=day, closes_on__gte=day)


class Edition(models.Model):
    """A call for applications: its dates, rules, criteria, the deciding chapter and the validity."""

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    opens_on = models.DateField(_("applications from"))
    closes_on = models.DateField(_("applications until"))
    rules_document = models.FileField(_("rules"), upload_to="certification/rules/", blank=True)
    validity_months = models.PositiveSmallIntegerField(_("certificate validity (months)"), default=12)
    committee = models.ForeignKey("committee.Committee", verbose_name=_("deciding chapter"), on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="certification_editions",
                                  limit_choices_to={"kind": "chapter"})
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = EditionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-year", "-opens_on"]
        constraints = [models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")),
                                              name="edition_closes_after_opening")]

    def __str__(self) -> str:
        return self.name

    def is_open(self, day: date | None = None) -> bool:
        """Whether the edition accepts applications on ``day`` (``Edition.objects.open_on``)."""
        return Edition.objects.open_on(day).filter(pk=self.pk).exists()


class Criterion(models.Model):
    """One criterion of an edition: a pass/fail check or a score, with the evidence it requires.

    ``computed`` names a check the system can make from the registry and the application
    (``certification.criteria.COMPUTED``); staff confirm it during the formal check.
    """

    class Kind(models.TextChoices):
        PASS_FAIL = "pass_fail", _("pass / fail")
        SCORE = "score", _("score")

    class Computed(models.TextChoices):
        NONE = "", _("— (judged by people)")
        LEGAL_FORM = "legal_form", _("eligible legal form")
        MONTHS_OF_OPERATION = "months_of_operation", _("at least 6 months of operation")
        OWN_REVENUE = "own_revenue", _("at least 30% own market revenue")
        RECOMMENDATIONS = "recommendations", _("at least 2 recommendations")

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE,
                                related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.PASS_FAIL)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), null=True, blank=True)
    evidence = models.CharField(_("evidence required"), max_length=300, blank=True)
    computed = models.CharField(_("computed check"), max_length=32, choices=Computed, blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["edition", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind="pass_fail") | Q(max_score__gt=0),
                                   name="score_criterion_has_max"),
        ]

    def __str__(self) -> str:
        return self.name


class Application(ChoiceLabels, models.Model):
    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT,
                                related_name="applications")
    entity = models.ForeignKey("entities.Entity", verbose_name=_("entity"), on_delete=models.PROTECT,
                               related_name="certification_applications")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   related_name="+")
    previous = models.ForeignKey("self", verbose_name=_("renewal of"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="renewals")
    status = models.CharField(_("status"), max_length=32, choices=Status, default=Status.DRAFT)
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    # The chapter's case: created when the assessment starts (declarations of conflict of interest are made
    # on it before assessing), voted on when the application is put to the vote.
    resolution = models.OneToOneField("committee.Resolution", verbose_name=_("chapter resolution"),
                                      on_delete=models.PROTECT, null=True, blank=True, editable=False,
                                      related_name="certification_application")
    # Step 1: entity and contact (prefilled from the registry, editable for the application).
    entity_name = models.CharField(_("entity name"), max_length=500, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    social_aims = models.TextField(_("social aims and activity"), blank=True)
    # Step 4: finances of the last accounting period; the share is computed, never typed.
    revenue_period = models.CharField(_("accounting period"), max_length=100, blank=True)
    total_revenue = models.DecimalField(_("total revenue (PLN)"), max_digits=14, decimal_places=2, null=True,
                                        blank=True)
    own_revenue = models.DecimalField(_("own market revenue (PLN)"), max_digits=14, decimal_places=2, null=True,
                                      blank=True)
    # Step 6: declarations (when they were given).
    truthfulness_declared_at = models.DateTimeField(_("truthfulness declared"), null=True, blank=True)
    information_clause_read_at = models.DateTimeField(_("information clause acknowledged"), null=True, blank=True)
    # Set by staff.
    corrections_note = models.TextField(_("corrections requested"), blank=True)
    corrections_deadline = models.DateField(_("corrections due by"), null=True, blank=True)
    decision_reason = models.TextField(_("decision and reasons"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["entity", "edition"])]

    def __str__(self) -> str:
        return f"{self.entity_name or self.entity} – {self.edition}"

    def get_absolute_url(self) -> str:
        return reverse("certification:detail", args=[self.pk])

    @property
    def own_revenue_share(self) -> Decimal | None:
        """Own market revenue as a percentage of total revenue, rounded to 0.1 (None when not computable)."""
        if self.total_revenue is None or self.total_revenue == 0 or self.own_revenue is None:
            return None
        return (self.own_revenue * 100 / self.total_revenue).quantize(Decimal("0.1"))

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def corrections_requested(self) -> bool:
        """Returned to the applicant, who corrects it by ``corrections_deadline``."""
        return self.status == Status.RETURNED

    @property
    def in_formal_check(self) -> bool:
        return self.status == Status.FORMAL_CHECK

    @property
    def in_assessment(self) -> bool:
        return self.status == Status.ASSESSMENT


class ApplicationItem(models.Model):
    """A product or service to be certified."""

    class Kind(models.TextChoices):
        PRODUCT = "product", _("product")
        SERVICE = "service", _("service")

    application = models.ForeignKey(Application, verbose_name=_("application"), on_delete=models.CASCADE,
                                    related_name="items")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.PRODUCT)
    name = models.CharField(_("name"), max_length=300)
    category = models.CharField(_("category"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("product or service")
        verbose_name_plural = _("products and services")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class CriterionAnswer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers",
                                    verbose_name=_("application"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="answers",
                                  verbose_name=_("criterion"))
    answer = models.TextField(_("answer"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer to a criterion")
        verbose_name_plural = _("answers to criteria")
        constraints = [models.UniqueConstraint(fields=["application", "criterion"], name="uniq_answer")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.answer[:50]}"


class Recommendation(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="recommendations",
                                    verbose_name=_("application"))
    author = models.CharField(_("recommended by"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    summary = models.TextField(_("what it confirms"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.author} ({self.organisation})" if self.organisation else self.author


class Attachment(models.Model):
    """A file of an application, kept outside the web root and served only after a permission check."""

    class Kind(models.TextChoices):
        REGISTER_EXTRACT = "register_extract", _("register extract")
        FINANCIAL_STATEMENT = "financial_statement", _("financial statement")
        RECOMMENDATION = "recommendation", _("recommendation letter")
        PRODUCT_PHOTO = "product_photo", _("photo of the product")
        OTHER = "other", _("other")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments",
                                    verbose_name=_("application"))
    kind = models.CharField(_("kind"), max_length=32, choices=Kind, default=Kind.OTHER)
    file = models.FileField(_("file"), upload_to="certification/attachments/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_kind = models.CharField(_("type"), max_length=16)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ApplicationEvent(models.Model):
    """One change of status: who, when, from, to and why. Never edited."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events",
                                    verbose_name=_("application"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("actor"))
    from_status = models.CharField(max_length=32, choices=Status, verbose_name=_("from status"))
    to_status = models.CharField(max_length=32, choices=Status, verbose_name=_("to status"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


# The finding on a pass/fail criterion, worded as the admin, the forms, the pages and the PDFs all say it

