"""The yearly monitoring campaign: questionnaires as data, respondents, answers, and the frozen year's figures."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RespondentType(models.TextChoices):
    PES = "pes", _("Social economy entity (PES)")
    OWES = "owes", _("Support centre (OWES)")
    JST = "jst", _("Local government (JST)")


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
                                  related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monitoring campaign")
        verbose_name_plural = _("monitoring campaigns")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("monitoring:campaign", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Questionnaire(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="questionnaires")
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

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
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

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "number"], name="uniq_question_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    @property
    def is_numeric(self) -> bool:
        return self.type in {self.Type.COUNT, self.Type.AMOUNT, self.Type.PERCENT}


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Respondent(models.Model):
    """Who is asked: an entity of the registry, reached by login (PES) or by a personal link (OWES, JST)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="respondents")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="respondents")
    entity = models.ForeignKey("entities.Entity", verbose_name=_("entity"), on_delete=models.PROTECT,
                               related_name="monitoring_respondents")
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
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

    respondent = models.OneToOneField(Respondent, on_delete=models.CASCADE, related_name="response")
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

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="figures")
    respondent_type = models.CharField(max_length=8, choices=RespondentType)
    question_number = models.CharField(max_length=16)
    question_text = models.CharField(max_length=500)
    respondents = models.PositiveIntegerField(_("respondents who answered"))
    total = models.DecimalField(_("total"), max_digits=16, decimal_places=2, null=True)
    average = models.DecimalField(_("average"), max_digits=16, decimal_places=2, null=True)
    yes_count = models.PositiveIntegerField(null=True)
    by_powiat = models.JSONField(_("total per powiat"), default=dict)

    class Meta:
        verbose_name = _("figure of the year")
        verbose_name_plural = _("figures of the year")
        ordering = ["respondent_type", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "respondent_type", "question_number"],
                                               name="uniq_campaign_figure")]

    def __str__(self) -> str:
        return f"{self.campaign.year} {self.respondent_type} {self.question_number}"
