"""The review of an application: the staff's formal check and the chapter members' assessments."""


from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .applications import Application, Criterion

CRITERION_RESULT = ((True, pgettext_lazy("criterion result", "meets")),
                    (False, pgettext_lazy("criterion result", "does not meet")))


def criterion_result_label(passed: bool | None) -> str:
    labels: dict[bool | None, Promise] = dict(CRITERION_RESULT)
    return str(labels.get(passed, pgettext_lazy("criterion result", "not assessed")))


class FormalCheck(models.Model):
    """Staff's finding on one criterion during the formal check (computed where the system can)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="formal_checks",
                                    verbose_name=_("application"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion"))
    passed = models.BooleanField(_("met"), null=True, choices=CRITERION_RESULT)
    computed_value = models.CharField(_("computed"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
                                   verbose_name=_("checked by"))
    checked_at = models.DateTimeField(auto_now=True, verbose_name=_("checked at"))

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "criterion"], name="uniq_formal_check")]

    def __str__(self) -> str:
        return f"{self.criterion}: {criterion_result_label(self.passed)}"

    @property
    def result_label(self) -> str:
        return criterion_result_label(self.passed)


class Assessment(models.Model):
    """One chapter member's assessment of an application; hidden from others until they submit theirs."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assessments",
                                    verbose_name=_("application"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("assessor"))
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "member"], name="uniq_assessment")]

    def __str__(self) -> str:
        return f"{self.member} – {self.application}"


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores",
                                   verbose_name=_("assessment"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion"))
    passed = models.BooleanField(_("met"), null=True, choices=CRITERION_RESULT)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="uniq_score")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score if self.score is not None else criterion_result_label(self.passed)}"

    @property
    def result_label(self) -> str:
        return criterion_result_label(self.passed)

