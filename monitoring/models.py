"""The yearly monitoring campaign (questionnaires as data, respondents, answers, the frozen year's figures) and
the reports on the sector and the programme's implementation, with their workflow and numbered versions."""

import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import ChoiceLabels
from core.workflow import STAFF, SYSTEM, Workflow, workflow_register


class RespondentType(models.TextChoices):
    PES = "pes", _("Social economy entity (PES)")
    OWES = "owes", _("Support centre (OWES)")
    JST = "jst", _("Local government (JST)")


class Measure(models.TextChoices):
    """What a question measures for the programme's indicators: the stable name a computation reads the frozen
    figure by, whatever the question's number or wording in a given year (``monitoring/computations.py``)."""

    PES_OWES_SUPPORT = "pes_owes_support", _("PES that used the support of an OWES")
    PES_REVENUE = "pes_revenue", _("Revenue of the PES surveyed (PLN)")
    OWES_ADVICE = "owes_advice", _("Advisory services given by OWES")
    OWES_PS_CREATED = "owes_ps_created", _("Social enterprises created with OWES support")
    OWES_JOBS_CREATED = "owes_jobs_created", _("Jobs created with OWES grants")
    OWES_GRANTS = "owes_grants", _("Grants awarded by OWES (PLN)")
    JST_SOCIAL_CLAUSES = "jst_social_clauses", _("Local governments applying social clauses")
    JST_CONTRACTED = "jst_contracted", _("Value of public tasks contracted to PES by local governments (PLN)")
    JST_STRATEGY = "jst_strategy", _("Local governments with social economy in a strategy or programme")


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed (data frozen)")

    year = models.PositiveSmallIntegerField(_("year monitored"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    deadline = models.DateField(_("deadline for answers"))
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    jump_threshold = models.PositiveSmallIntegerField(
        _("change from last year that needs confirmation (%)"), default=50)
    reminder_days = models.JSONField(_("reminders (days before the deadline)"), default=list, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monitoring campaign")
        verbose_name_plural = _("monitoring campaigns")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("monitoring:campaign", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        """Being prepared: not open to answers yet."""
        return self.status == self.Status.DRAFT

    @property
    def is_open(self) -> bool:
        """Open to answers (and reminders); the only state in which answers change."""
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def questions_editable(self) -> bool:
        """Questions change only while the campaign is being prepared: once it opens, answers refer to them."""
        return self.status == self.Status.DRAFT


# Staff open a campaign being prepared (its questionnaires defined) and close it (the figures computed).
CAMPAIGN_WORKFLOW = workflow_register(Workflow(
    name="monitoring.campaign", states=Campaign.Status,
    table={
        Campaign.Status.DRAFT: {Campaign.Status.OPEN: {STAFF, SYSTEM}},
        Campaign.Status.OPEN: {Campaign.Status.CLOSED: {STAFF, SYSTEM}},
        Campaign.Status.CLOSED: {},
    },
    labels={Campaign.Status.OPEN: _("Open the campaign"), Campaign.Status.CLOSED: _("Close the campaign")},
    refusal=_("A campaign that is “%(from)s” cannot become “%(to)s”."),
))


class Questionnaire(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="questionnaires",
                                 verbose_name=_("campaign"))
    respondent_type = models.CharField(_("for"), max_length=8, choices=RespondentType)
    title = models.CharField(_("title"), max_length=300)
    intro = models.TextField(_("introduction"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [models.UniqueConstraint(fields=["campaign", "respondent_type"],
                                               name="uniq_questionnaire_per_type")]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """One question with its validation rules; ``number`` is what answers, imports and reports refer to."""

    class Type(models.TextChoices):
        COUNT = "count", _("count")
        AMOUNT = "amount", _("amount (PLN)")
        PERCENT = "percent", _("percentage")
        YES_NO = "yes_no", _("yes / no")
        CHOICE = "choice", _("choice")
        TEXT = "text", _("text")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions",
                                      verbose_name=_("questionnaire"))
    number = models.CharField(_("number"), max_length=16)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("explanation"), max_length=500, blank=True)
    type = models.CharField(_("type"), max_length=16, choices=Type)
    required = models.BooleanField(_("required"), default=True)
    min_value = models.DecimalField(_("minimum"), max_digits=14, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=14, decimal_places=2, null=True, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    sum_of = models.JSONField(_("equals the sum of questions"), default=list, blank=True,
                              help_text=_("Numbers of the questions whose answers must add up to this one."))
    compare_previous = models.BooleanField(_("compare with last year"), default=False)
    measure = models.CharField(_("feeds the indicator"), max_length=32, choices=Measure, blank=True,
                               help_text=_("What the answers measure for the programme's computed indicators."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="uniq_question_number"),
            models.UniqueConstraint(fields=["questionnaire", "measure"], condition=~models.Q(measure=""),
                                    name="uniq_question_measure"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    @property
    def is_numeric(self) -> bool:
        return self.type in {self.Type.COUNT, self.Type.AMOUNT, self.Type.PERCENT}

    def clean(self) -> None:
        errors = question_errors(self)
        if errors:
            raise ValidationError(errors)


def unit_of(question_type: str) -> str:
    """The unit a question's figures are shown in (``core.computations.figure_text``)."""
    units: dict[str, str] = {Question.Type.PERCENT: "%", Question.Type.AMOUNT: "zł"}
    return units.get(question_type, "")


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Respondent(models.Model):
    """Who is asked: an entity of the registry, reached by login (PES) or by a personal link (OWES, JST)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="respondents",
                                 verbose_name=_("campaign"))
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="respondents",
                                      verbose_name=_("questionnaire"))
    entity = models.ForeignKey("entities.Entity", verbose_name=_("entity"), on_delete=models.PROTECT,
                               related_name="monitoring_respondents")
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False, verbose_name=_("token"))
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [models.UniqueConstraint(fields=["campaign", "entity", "questionnaire"],
                                               name="uniq_respondent")]

    def __str__(self) -> str:
        return str(self.entity)


class Response(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    respondent = models.OneToOneField(Respondent, on_delete=models.CASCADE, related_name="response",
                                      verbose_name=_("respondent"))
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    confirmed = models.JSONField(_("large changes confirmed"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("entered by"))
    on_paper = models.BooleanField(_("answered on paper (entered by staff)"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.respondent} ({self.get_status_display()})"


class CampaignFigure(models.Model):
    """A frozen aggregate of one numeric question, produced when the campaign closes."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="figures", verbose_name=_("campaign"))
    respondent_type = models.CharField(max_length=8, choices=RespondentType, verbose_name=_("respondent type"))
    question_number = models.CharField(max_length=16, verbose_name=_("question number"))
    question_text = models.CharField(max_length=500, verbose_name=_("question text"))
    measure = models.CharField(max_length=32, choices=Measure, blank=True, verbose_name=_("measure"))
    respondents = models.PositiveIntegerField(_("respondents who answered"))
    total = models.DecimalField(_("total"), max_digits=16, decimal_places=2, null=True)
    yes_count = models.PositiveIntegerField(null=True, verbose_name=_("number of yes answers"))
    by_powiat = models.JSONField(_("total per powiat"), default=dict)

    class Meta:
        verbose_name = _("figure of the year")
        verbose_name_plural = _("figures of the year")
        ordering = ["respondent_type", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "respondent_type", "question_number"],
                                               name="uniq_campaign_figure")]

    def __str__(self) -> str:
        return f"{self.campaign.year} {self.respondent_type} {self.question_number}"

    @property
    def average(self) -> Decimal | None:
        """The exact average of the answers (None for a yes/no question or when nobody answered); it is rounded
        once, where it is shown (``core.computations.figure_text``)."""
        if self.total is None or not self.respondents:
            return None
        return self.total / self.respondents


# --- reports --------------------------------------------------------------------------------------

class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMMITTEE_OPINION = "committee_opinion", _("Opinion of the Committee (RKRES) given")
    ACCEPTED = "accepted", _("Accepted by the Board of the Voivodeship")
    SUBMITTED = "submitted", _("Submitted to the Regional Assembly (Sejmik)")


# from -> {to: who may make the move}. The one place to read the report workflow:
# draft (ROPS) → RKRES opinion → accepted by the Board (resolution) → submitted to the Sejmik (domain.md §6).
# "staff": ROPS staff (``permissions.report_actors``); the system (``by=None``: the demo, commands) as well.
_BY_STAFF = {STAFF, SYSTEM}
REPORT_WORKFLOW = workflow_register(Workflow(
    name="monitoring.report", states=ReportStatus,
    table={
        ReportStatus.DRAFT: {ReportStatus.COMMITTEE_OPINION: _BY_STAFF},
        ReportStatus.COMMITTEE_OPINION: {ReportStatus.ACCEPTED: _BY_STAFF, ReportStatus.DRAFT: _BY_STAFF},
        ReportStatus.ACCEPTED: {ReportStatus.SUBMITTED: _BY_STAFF},
        ReportStatus.SUBMITTED: {},
    },
    # What the button that makes each move says (keyed by the target state).
    labels={
        ReportStatus.DRAFT: _("Return to draft"),
        ReportStatus.COMMITTEE_OPINION: _("Record the Committee's opinion"),
        ReportStatus.ACCEPTED: _("Record acceptance by the Board"),
        ReportStatus.SUBMITTED: _("Record submission to the Sejmik"),
    },
    # What each step records besides its note (the fields of ``forms.ReportTransitionForm`` shown for it).
    fields={
        ReportStatus.COMMITTEE_OPINION: ("committee_resolution",),
        ReportStatus.ACCEPTED: ("board_resolution_number", "board_resolution_date"),
        ReportStatus.SUBMITTED: ("sejmik_submitted_on", "sejmik_reference"),
    },
    note_required=frozenset({ReportStatus.DRAFT}),
    note_message=_("Give the reason for returning the report to draft."),
    refusal=_("A report that is “%(from)s” cannot become “%(to)s”."),
))
# Only a draft is edited and generated; from acceptance on, the report and its figures never change.
REPORT_EDITABLE = {ReportStatus.DRAFT}
REPORT_FINAL = {ReportStatus.ACCEPTED, ReportStatus.SUBMITTED}


class Report(ChoiceLabels, models.Model):
    """The annual report on the programme's implementation (for the Board) or the periodic report (for the
    Sejmik). Its workflow is ``REPORT_WORKFLOW``; every change goes through ``services.report_transition``."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual report on the programme's implementation (for the Board)")
        PERIODIC = "periodic", _("Periodic report (information for the Sejmik)")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.ANNUAL)
    title = models.CharField(_("title"), max_length=300)
    programme = models.ForeignKey("programmes.Programme", verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="monitoring_reports")
    campaign = models.ForeignKey(Campaign, verbose_name=_("monitoring campaign"), on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="reports")
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year = models.PositiveSmallIntegerField(_("year (last year covered)"))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus, default=ReportStatus.DRAFT)
    introduction = models.TextField(_("introduction"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    committee_resolution = models.ForeignKey("committee.Resolution", verbose_name=_("Committee's opinion"),
                                             on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    board_resolution_number = models.CharField(_("Board resolution number"), max_length=100, blank=True)
    board_resolution_date = models.DateField(_("Board resolution date"), null=True, blank=True)
    sejmik_submitted_on = models.DateField(_("submitted to the Sejmik on"), null=True, blank=True)
    sejmik_reference = models.CharField(_("letter reference"), max_length=100, blank=True)
    accepted_version = models.ForeignKey("ReportVersion", verbose_name=_("accepted version"),
                                         on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-year", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind", "year_from", "year"], name="uniq_report_period"),
            models.CheckConstraint(condition=models.Q(year_from__lte=models.F("year")),
                                   name="report_period_in_order"),
            models.CheckConstraint(condition=models.Q(kind="periodic") | models.Q(year_from=models.F("year")),
                                   name="annual_report_covers_one_year"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("monitoring:report", args=[self.pk])

    @property
    def years(self) -> list[int]:
        return list(range(self.year_from, self.year + 1))

    @property
    def period_label(self) -> str:
        return str(self.year) if self.year_from == self.year else f"{self.year_from}–{self.year}"

    @property
    def is_editable(self) -> bool:
        return self.status in REPORT_EDITABLE

    @property
    def is_final(self) -> bool:
        return self.status in REPORT_FINAL


def _report_upload(instance, filename: str) -> str:
    return f"monitoring/reports/{instance.report.year}/{filename}"


class ReportVersion(models.Model):
    """One generation of a report: the files and the snapshot of every figure they show. Never changed.

    ``job`` is unique, so a job that is run again after its worker was lost finds its version instead of
    numbering a second one.
    """

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions", verbose_name=_("report"))
    number = models.PositiveSmallIntegerField(_("version"))
    job = models.OneToOneField("core.Job", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="report_version", verbose_name=_("job"))
    pdf = models.FileField(_("PDF"), upload_to=_report_upload)
    xlsx = models.FileField(_("spreadsheet (XLSX)"), upload_to=_report_upload)
    snapshot = models.JSONField(_("figures used"))
    # The accepted version sealed (core.seal) as the generated PDF was, without rendering it again.
    sealed_pdf = models.FileField(_("sealed PDF"), upload_to=_report_upload, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the sealed PDF"), max_length=64, blank=True, db_index=True)
    seal_level = models.CharField(_("seal level"), max_length=16, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("generated"), auto_now_add=True)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="uniq_report_version")]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    def get_absolute_url(self) -> str:
        return self.report.get_absolute_url()

    def filename(self, extension: str) -> str:
        return f"sprawozdanie-{self.report.period_label.replace('–', '-')}-v{self.number}.{extension}"


class ReportEvent(models.Model):
    """One change of a report's status: who, when, from, to and why. Never edited."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events", verbose_name=_("report"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("actor"))
    from_status = models.CharField(max_length=20, choices=ReportStatus, verbose_name=_("from status"))
    to_status = models.CharField(max_length=20, choices=ReportStatus, verbose_name=_("to status"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("report status change")
        verbose_name_plural = _("report status changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


# The rules of a question as staff define it (its admin form, the questionnaire editor and the import all call
# them through ``Question.clean`` or ``validation.questionnaire_errors``).
@dataclass(frozen=True)
class MeasureSpec:
    """What a measure is: who answers it, the type of question that can carry it (a yes/no measure counts the
    "yes" answers, the others add the answers up) and the unit of the indicator it feeds."""

    respondent_type: str
    question_type: str
    unit: str


MEASURES: dict[str, MeasureSpec] = {
    Measure.PES_OWES_SUPPORT: MeasureSpec(RespondentType.PES, Question.Type.YES_NO, "PES"),
    Measure.PES_REVENUE: MeasureSpec(RespondentType.PES, Question.Type.AMOUNT, "zł"),
    Measure.OWES_ADVICE: MeasureSpec(RespondentType.OWES, Question.Type.COUNT, "szt."),
    Measure.OWES_PS_CREATED: MeasureSpec(RespondentType.OWES, Question.Type.COUNT, "PS"),
    Measure.OWES_JOBS_CREATED: MeasureSpec(RespondentType.OWES, Question.Type.COUNT, "miejsca pracy"),
    Measure.OWES_GRANTS: MeasureSpec(RespondentType.OWES, Question.Type.AMOUNT, "zł"),
    Measure.JST_SOCIAL_CLAUSES: MeasureSpec(RespondentType.JST, Question.Type.YES_NO, "JST"),
    Measure.JST_CONTRACTED: MeasureSpec(RespondentType.JST, Question.Type.AMOUNT, "zł"),
    Measure.JST_STRATEGY: MeasureSpec(RespondentType.JST, Question.Type.YES_NO, "JST"),
}


def question_errors(question: "Question") -> dict[str, list[str | Promise]]:
    """What is wrong with a question as staff define it (field -> messages; empty when it is fine)."""
    errors: dict[str, list[str | Promise]] = {}
    if question.questionnaire_id and not question.questionnaire.campaign.questions_editable:
        errors.setdefault("__all__", []).append(_("The campaign is open or closed; its questions can no longer "
                                                 "change."))
    if question.min_value is not None and question.max_value is not None and question.min_value > question.max_value:
        errors.setdefault("max_value", []).append(_("The maximum cannot be lower than the minimum."))
    if question.type == Question.Type.CHOICE and not question.choices:
        errors.setdefault("choices", []).append(_("List the options of a choice question."))
    if question.sum_of and not question.is_numeric:
        errors.setdefault("sum_of", []).append(_("Only a numeric question can be a sum of others."))
    if question.measure:
        spec = MEASURES[question.measure]
        respondent_type, question_type = spec.respondent_type, spec.question_type
        questionnaire = question.questionnaire if question.questionnaire_id else None
        if questionnaire is not None and questionnaire.respondent_type != respondent_type:
            errors.setdefault("measure", []).append(
                _("This indicator is fed by the questionnaire for: %(who)s.")
                % {"who": RespondentType(respondent_type).label})
        if question.type != question_type:
            errors.setdefault("measure", []).append(
                _("This indicator needs a question of the type: %(type)s.")
                % {"type": Question.Type(question_type).label})
    return errors
