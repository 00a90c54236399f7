"""The members' yearly survey and its workflow (``SURVEY_WORKFLOW``)."""


from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.workflow import STAFF, SYSTEM, Workflow, workflow_register

from .members import Committee, Member


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

