"""What the entities report and do: yearly figures (employment, persons at risk), products and services, the
OWES support centres, the local governments' cooperation with PES."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .registry import Entity, pes_on_q
from .territories import Territory


class AtRiskCategory(models.TextChoices):
    """Categories of persons at risk of social exclusion (art. 2 pkt 6) – for aggregate counts only."""

    UNEMPLOYED = "unemployed", _("unemployed")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("long-term unemployed")
    DISABLED = "disabled", _("person with a disability")
    CIS_KIS_GRADUATE = "cis_kis_graduate", _("CIS or KIS graduate")
    MENTAL_HEALTH = "mental_health", _("person with mental disorders")
    LEAVING_PRISON = "leaving_prison", _("person leaving prison or a correctional facility")
    LEAVING_CARE = "leaving_care", _("person leaving foster care")
    HOMELESS = "homeless", _("homeless person")
    REFUGEE = "refugee", _("refugee or person under protection")
    OTHER = "other", pgettext_lazy("category of persons", "other")


class YearlyFiguresQuerySet(models.QuerySet):
    def of_pes(self, year: int):
        """The year's figures of the entities counted as PES on 31 December of that year (``Entity.objects.pes_on``):
        a local government's, a company's or an entity closed during the year are not employment in PES."""
        return self.filter(pes_on_q(date(year, 12, 31), through="entity__"), year=year)


class YearlyFigures(models.Model):
    """Employment in an entity in a year: aggregate counts only, never data about individual people."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="yearly_figures",
                               verbose_name=_("entity"))
    year = models.PositiveSmallIntegerField(_("year"))
    employees_total = models.PositiveIntegerField(_("employees in total"))
    at_risk = models.JSONField(_("persons at risk by category"), default=dict, blank=True)

    history = HistoricalRecords()

    objects = YearlyFiguresQuerySet.as_manager()

    class Meta:
        verbose_name = _("yearly figures")
        verbose_name_plural = _("yearly figures")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["entity", "year"], name="uniq_figures_per_year")]

    def __str__(self) -> str:
        return f"{self.entity} {self.year}"

    @property
    def at_risk_total(self) -> int:
        return at_risk_sum(self.at_risk)


def at_risk_sum(at_risk: dict) -> int:
    """Persons at risk of exclusion in one entity's yearly figures: the sum of its categories."""
    return sum(int(v) for v in at_risk.values())


class Product(models.Model):
    class Kind(models.TextChoices):
        PRODUCT = "product", _("product")
        SERVICE = "service", _("service")

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="products", verbose_name=_("entity"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.PRODUCT)
    name = models.CharField(_("name"), max_length=300)
    category = models.CharField(_("category"), max_length=100, db_index=True)
    description = models.TextField(_("description"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="entities/products/", blank=True)
    is_public = models.BooleanField(_("shown in the catalogue"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("product or service")
        verbose_name_plural = _("products and services")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Owes(models.Model):
    """A support centre: its operator, accreditation and the subregion (powiaty) it serves."""

    operator = models.ForeignKey(Entity, verbose_name=_("operator"), on_delete=models.PROTECT,
                                 related_name="owes_centres")
    name = models.CharField(_("name"), max_length=300)
    accreditation_number = models.CharField(_("accreditation decision"), max_length=100, blank=True)
    accredited_on = models.DateField(_("accredited on"), null=True, blank=True)
    accredited_until = models.DateField(_("accreditation valid until"), null=True, blank=True)
    subregion = models.ManyToManyField(Territory, verbose_name=_("subregion (powiaty)"), related_name="owes",
                                       limit_choices_to={"level": "powiat"})

    history = HistoricalRecords(m2m_fields=[subregion])

    class Meta:
        verbose_name = _("OWES")
        verbose_name_plural = _("OWES")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class JstCooperation(models.Model):
    """What a local government did with PES in a year: social clauses, commissioned tasks, expert support."""

    class Kind(models.TextChoices):
        SOCIAL_CLAUSE = "social_clause", _("social clause in public procurement")
        PUBLIC_TASK = "public_task", _("public task commissioned to PES")
        EXPERT_SUPPORT = "expert_support", _("expert support received")

    jst = models.ForeignKey(Entity, verbose_name=_("local government"), on_delete=models.CASCADE,
                            related_name="jst_cooperations")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=32, choices=Kind)
    value = models.DecimalField(_("value (PLN)"), max_digits=14, decimal_places=2, null=True, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    counterparts = models.ManyToManyField(Entity, verbose_name=_("counterpart entities"), blank=True,
                                          related_name="jst_counterpart_of")

    history = HistoricalRecords(m2m_fields=[counterparts])

    class Meta:
        verbose_name = _("cooperation of a local government")
        verbose_name_plural = _("cooperation of local governments")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.jst} {self.year} {self.get_kind_display()}"

