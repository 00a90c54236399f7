"""The registry: territorial units (TERC), social-economy entities and the organisations around them."""

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Role
from core.choices import ChoiceLabels, choice_label

from .validators import (
    validate_edelivery_address,
    validate_krs,
    validate_nip,
    validate_postal_code,
    validate_regon,
)

# Gminy that can be a seat: whole gminy (RODZ 1 miejska, 2 wiejska, 3 miejsko-wiejska), not the town/rural parts of
# an urban-rural gmina (RODZ 4, 5) nor the districts of Warsaw or the delegations of big cities (RODZ 8, 9).
SEAT_GMINA_KINDS = ("1", "2", "3")


class TerritoryQuerySet(models.QuerySet):
    def seats(self):
        """Gminy that can be an entity's seat (``SEAT_GMINA_KINDS``): every seat choice, import and check uses this."""
        kinds = Q()
        for kind in SEAT_GMINA_KINDS:
            kinds |= Q(code__endswith=kind)
        return self.filter(kinds, level=Territory.Level.GMINA)


class Territory(models.Model):
    """A unit of the TERC register: voivodeship (2 digits), powiat (4) or gmina (7: WWPPGGR)."""

    class Level(models.TextChoices):
        VOIVODESHIP = "voivodeship", _("voivodeship")
        POWIAT = "powiat", _("powiat")
        GMINA = "gmina", _("gmina")

    code = models.CharField(_("TERYT code"), max_length=7, primary_key=True)
    level = models.CharField(_("level"), max_length=16, choices=Level)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=100, blank=True, help_text=_("As in TERC, e.g. gmina miejska."))
    parent = models.ForeignKey("self", verbose_name=_("part of"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children")

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territorial unit")
        verbose_name_plural = _("territorial units")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        if self.level == self.Level.GMINA:
            return f"{self.name} ({self.kind})"
        if self.level == self.Level.POWIAT:
            return f"{_('powiat')} {self.name}"
        return self.name.lower()

    @property
    def powiat_code(self) -> str:
        return self.code[:4]

    @property
    def voivodeship_code(self) -> str:
        return self.code[:2]

    @property
    def is_seat(self) -> bool:
        """The ``seats()`` rule for one unit already loaded."""
        return self.level == self.Level.GMINA and self.code[-1:] in SEAT_GMINA_KINDS


class LegalForm(models.TextChoices):
    """Legal forms of art. 2 pkt 5 of the act on the social economy (domain.md §1.1), plus the others."""

    SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperative")
    WORK_COOPERATIVE = "work_cooperative", _("work cooperative")
    DISABLED_COOPERATIVE = "disabled_cooperative", _("cooperative of disabled persons")
    BLIND_COOPERATIVE = "blind_cooperative", _("cooperative of blind persons")
    AGRICULTURAL_COOPERATIVE = "agricultural_cooperative", _("agricultural production cooperative")
    FOUNDATION = "foundation", _("foundation")
    ASSOCIATION = "association", _("association")
    ORDINARY_ASSOCIATION = "ordinary_association", _("ordinary association")
    ASSOCIATION_UNION = "association_union", _("union of associations")
    RURAL_HOUSEWIVES = "rural_housewives", _("rural housewives' circle (KGW)")
    FIRE_BRIGADE = "fire_brigade", _("volunteer fire brigade (OSP)")
    CHURCH_ENTITY = "church_entity", _("church legal person")
    JST_ASSOCIATION = "jst_association", _("association of local governments")
    NON_PROFIT_COMPANY = "non_profit_company", _("non-profit company")
    NON_PROFIT_SPORTS_CLUB = "non_profit_sports_club", _("non-profit sports club")
    OTHER_NGO = "other_ngo", _("other non-governmental organisation")
    # Units without their own legal personality, run by a founding entity.
    CIS = "cis", _("social integration centre (CIS)")
    KIS = "kis", _("social integration club (KIS)")
    WTZ = "wtz", _("occupational therapy workshop (WTZ)")
    ZAZ = "zaz", _("vocational activity establishment (ZAZ)")
    # Not PES.
    LOCAL_GOVERNMENT = "local_government", _("local government unit (JST)")
    PUBLIC_INSTITUTION = "public_institution", _("public institution")
    COMPANY = "company", _("commercial company")
    OTHER = "other", pgettext_lazy("legal form", "other")


# Units run by a founding entity ("jednostka tworząca").
REINTEGRATION_UNITS = {LegalForm.CIS, LegalForm.KIS, LegalForm.WTZ, LegalForm.ZAZ}
NOT_PES = {LegalForm.LOCAL_GOVERNMENT, LegalForm.PUBLIC_INSTITUTION, LegalForm.COMPANY, LegalForm.OTHER}


class Group(models.TextChoices):
    """The kinds the registry is filtered by, each a set of legal forms (so a kind is never typed twice)."""

    REINTEGRATION = "reintegration", _("reintegration units (CIS, KIS, WTZ, ZAZ)")
    SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperatives")
    COOPERATIVE = "cooperative", _("other cooperatives")
    NGO = "ngo", _("non-governmental organisations")
    NON_PROFIT = "non_profit", _("non-profit companies and clubs, church entities")
    JST = "jst", _("local governments (JST)")
    OTHER = "other", _("other (not PES)")


GROUP_FORMS: dict[str, set[str]] = {
    Group.REINTEGRATION: set(REINTEGRATION_UNITS),
    Group.SOCIAL_COOPERATIVE: {LegalForm.SOCIAL_COOPERATIVE},
    Group.COOPERATIVE: {LegalForm.WORK_COOPERATIVE, LegalForm.DISABLED_COOPERATIVE, LegalForm.BLIND_COOPERATIVE,
                        LegalForm.AGRICULTURAL_COOPERATIVE},
    Group.NGO: {LegalForm.FOUNDATION, LegalForm.ASSOCIATION, LegalForm.ORDINARY_ASSOCIATION,
                LegalForm.ASSOCIATION_UNION, LegalForm.RURAL_HOUSEWIVES, LegalForm.FIRE_BRIGADE, LegalForm.OTHER_NGO},
    Group.NON_PROFIT: {LegalForm.NON_PROFIT_COMPANY, LegalForm.NON_PROFIT_SPORTS_CLUB, LegalForm.CHURCH_ENTITY,
                       LegalForm.JST_ASSOCIATION},
    Group.JST: {LegalForm.LOCAL_GOVERNMENT},
    Group.OTHER: {LegalForm.PUBLIC_INSTITUTION, LegalForm.COMPANY, LegalForm.OTHER},
}


def legal_form_label(code: str) -> str:
    """The label of a legal form in the active language, translated once per language (``core.choices``)."""
    return choice_label(Entity._meta.get_field("legal_form"), code)


class EntityQuerySet(models.QuerySet):
    def pes(self):
        """Social-economy entities: every legal form of art. 2 pkt 5 of the act."""
        return self.exclude(legal_form__in=NOT_PES)

    def pes_on(self, day):
        """The PES of the registry on ``day``: confirmed by the ROPS, registered by then (no date: always was), not
        closed by then, of a PES legal form. The one rule of "counted as PES" for every figure, the campaign's
        respondents and the report; the seat and the legal form are those recorded now."""
        started = Q(registered_on__isnull=True) | Q(registered_on__lte=day)
        not_closed = Q(closed_on__isnull=True) | Q(closed_on__gt=day)
        return self.pes().filter(started, not_closed, is_confirmed=True)

    def with_ps_flag(self, day=None):
        """Each entity annotated ``has_ps``: a PS status in force on ``day`` (default today; ``PsStatus.in_force``)."""
        return self.annotate(has_ps=Exists(PsStatus.objects.in_force(day).filter(entity=OuterRef("pk"))))

    def ps_on(self, day):
        """The social enterprises on ``day``: PES on that day (``pes_on``) holding a PS status in force then. An
        entity closed or not a PES is not counted, whatever its status records say."""
        return self.pes_on(day).filter(Exists(PsStatus.objects.in_force(day).filter(entity=OuterRef("pk"))))

    def jst(self):
        return self.filter(legal_form=LegalForm.LOCAL_GOVERNMENT)

    def in_group(self, group: str):
        return self.filter(legal_form__in=GROUP_FORMS[group])

    def in_powiat(self, code: str):
        return self.filter(seat__code__startswith=code)

    def represented_by(self, user):
        """Entities ``user`` acts for as a PES representative: the role and a ``Representation`` (approved by the
        ROPS). The one rule of "represents" for every app; ``entities.permissions.represents_entity`` is its
        predicate for one entity."""
        if user is None or not user.is_authenticated or not user.is_active \
                or Role.PES_REPRESENTATIVE.value not in user.role_names:
            return self.none()
        return self.filter(pk__in=Representation.objects.filter(user_id=user.pk).values("entity_id"))

    def published(self):
        """Entities any public output may show (the catalogue, open data): confirmed by the ROPS and not withdrawn
        from the public catalogue by the entity."""
        return self.filter(is_confirmed=True, in_catalogue=True)


class Entity(ChoiceLabels, models.Model):
    """A social-economy entity (PES) or another organisation the ROPS works with."""

    name = models.CharField(_("name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=200, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=32, choices=LegalForm, default=LegalForm.OTHER_NGO)
    parent = models.ForeignKey("self", verbose_name=_("founding entity"), on_delete=models.PROTECT, null=True,
                               blank=True, related_name="units",
                               help_text=_("For CIS, KIS, WTZ and ZAZ: the entity that created and runs it."))
    krs = models.CharField(_("KRS number"), max_length=10, null=True, blank=True, unique=True,
                           validators=[validate_krs])
    nip = models.CharField(_("NIP"), max_length=10, null=True, blank=True, unique=True, validators=[validate_nip])
    regon = models.CharField(_("REGON"), max_length=14, blank=True, validators=[validate_regon])
    seat = models.ForeignKey(Territory, verbose_name=_("seat (gmina)"), on_delete=models.PROTECT, null=True,
                             blank=True, related_name="seated_entities", limit_choices_to={"level": "gmina"})
    address = models.CharField(_("address"), max_length=300, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True, validators=[validate_postal_code])
    activity_area = models.ManyToManyField(Territory, verbose_name=_("area of activity (powiaty)"), blank=True,
                                           related_name="active_entities", limit_choices_to={"level": "powiat"})
    email = models.EmailField(_("e-mail (of the organisation)"), blank=True)
    phone = models.CharField(_("phone (of the organisation)"), max_length=30, blank=True)
    edelivery_address = models.CharField(_("e-Delivery address (e-Doręczenia)"), max_length=26, blank=True,
                                         validators=[validate_edelivery_address],
                                         help_text=_("As in the register of electronic delivery addresses, "
                                                     "e.g. AE:PL-12345-67890-ABCDE-12."))
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description (public)"), blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    is_confirmed = models.BooleanField(_("confirmed by the ROPS"), default=True,
                                       help_text=_("Entities added by applicants wait for confirmation."))
    in_catalogue = models.BooleanField(_("shown in the public catalogue"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[activity_area])

    objects = EntityQuerySet.as_manager()

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        ordering = ["name", "pk"]
        # (name, id) serves the list's ordering, so a page is read from the index instead of sorting the registry;
        # regon lets a search by number combine index scans (NIP and KRS are indexed by their unique constraints).
        # The full-text GIN index is PostgreSQL-only and lives in migration 0005 (see selectors.entity_search).
        indexes = [models.Index(fields=["legal_form"]), models.Index(fields=["is_active", "name"]),
                   models.Index(fields=["name", "id"], name="entities_entity_name_id"),
                   models.Index(fields=["regon"], name="entities_entity_regon")]
        constraints = [
            models.CheckConstraint(condition=Q(closed_on__isnull=True) | Q(is_active=False),
                                   name="closed_entity_is_inactive"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("entities:detail", args=[self.pk])

    @property
    def is_reintegration_unit(self) -> bool:
        return self.legal_form in REINTEGRATION_UNITS

    @property
    def is_pes(self) -> bool:
        return self.legal_form not in NOT_PES

    @property
    def group(self) -> str:
        return next(g for g, forms in GROUP_FORMS.items() if self.legal_form in forms)


class Representation(models.Model):
    """A PES representative's link to an entity they may act for."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="representations")
    entity = models.ForeignKey(Entity, verbose_name=_("entity"), on_delete=models.CASCADE,
                               related_name="representations")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        constraints = [models.UniqueConstraint(fields=["user", "entity"], name="uniq_representation")]

    def __str__(self) -> str:
        return f"{self.user} → {self.entity}"


class Contact(models.Model):
    """A contact person: minimal personal data with its legal basis; public only when marked so."""

    class LegalBasis(models.TextChoices):
        PUBLIC_TASK = "public_task", _("public task (GDPR art. 6(1)(e))")
        CONSENT = "consent", _("consent (GDPR art. 6(1)(a))")
        LEGAL_OBLIGATION = "legal_obligation", _("legal obligation (GDPR art. 6(1)(c))")

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("entity"))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=32, choices=LegalBasis,
                                   default=LegalBasis.PUBLIC_TASK)
    is_public = models.BooleanField(_("may be published"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


def _ps_in_force(day) -> Q:
    """A PS status record in force on ``day``: granted on or before it, not lost by then, not expired before it."""
    return (Q(granted_on__lte=day) & (Q(lost_on__isnull=True) | Q(lost_on__gt=day))
            & (Q(valid_until__isnull=True) | Q(valid_until__gte=day)))


class PsStatusQuerySet(models.QuerySet):
    def in_force(self, day=None):
        """Status records in force on ``day`` (default today): the one rule of "holds PS status", for the entity's
        page, the registry's PS column and filter, and every PS figure."""
        from django.utils import timezone

        return self.filter(_ps_in_force(day or timezone.localdate()))

    def with_in_force(self, day=None):
        """Each record annotated ``in_force`` on ``day`` (default today) by the same rule as ``in_force``."""
        from django.utils import timezone

        return self.annotate(in_force=ExpressionWrapper(_ps_in_force(day or timezone.localdate()),
                                                        output_field=BooleanField()))


class PsStatus(ChoiceLabels, models.Model):
    """A record of the status of social enterprise (PS). The current status is derived from these records."""

    class Kind(models.TextChoices):
        STATUTORY = "statutory", _("statutory (voivode's decision)")
        LEGACY = "legacy", _("legacy (granted by an OWES before 30.10.2022)")

    class Type(models.TextChoices):
        REINTEGRATION = "reintegration", _("reintegration")
        SERVICES = "services", _("social services")

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="ps_statuses", verbose_name=_("entity"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    ps_type = models.CharField(_("type"), max_length=16, choices=Type, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    granted_on = models.DateField(_("granted on"))
    granted_by = models.ForeignKey(Entity, verbose_name=_("granted by (OWES)"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    lost_on = models.DateField(_("lost on"), null=True, blank=True)

    history = HistoricalRecords()

    objects = PsStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("PS status")
        verbose_name_plural = _("PS statuses")
        ordering = ["-granted_on"]
        constraints = [
            models.CheckConstraint(condition=~Q(kind="legacy") | Q(valid_until__isnull=False),
                                   name="legacy_ps_has_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.granted_on}"


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
        from datetime import date

        return self.filter(year=year, entity__in=Entity.objects.pes_on(date(year, 12, 31)))


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


# Data from the state registers (entities/sources): tasks, accepted fill-ins, snapshots, the watch position.
from .sources.models import (  # noqa: E402,F401
    RegistryAcceptance,
    RegistrySnapshot,
    RegistryTask,
    RegistryWatchCursor,
)
