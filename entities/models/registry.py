"""The entities of the registry (PES, OWES operators, local governments, ...), their legal forms, representatives,
contact persons and PS status."""


from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Role
from core.choices import ChoiceLabels, choice_label

from ..validators import (
    validate_edelivery_address,
    validate_krs,
    validate_nip,
    validate_postal_code,
    validate_regon,
)
from .territories import Territory


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


def pes_on_q(day, through: str = "") -> Q:
    """The PES of the registry on ``day`` as a condition, on the entity itself or ``through`` a relation to it
    (``"entity__"``: the yearly figures of PES join their entity instead of asking ``IN (subquery)``): confirmed
    by the ROPS, registered by then (no date: always was), not closed by then, of a PES legal form. The seat and
    the legal form are those recorded now."""
    started = Q(**{f"{through}registered_on__isnull": True}) | Q(**{f"{through}registered_on__lte": day})
    not_closed = Q(**{f"{through}closed_on__isnull": True}) | Q(**{f"{through}closed_on__gt": day})
    return (~Q(**{f"{through}legal_form__in": NOT_PES}) & started & not_closed
            & Q(**{f"{through}is_confirmed": True}))


def _holds_ps(day) -> Exists:
    """The entity of the outer query holds a PS status in force on ``day`` (``PsStatus.in_force``)."""
    return Exists(PsStatus.objects.in_force(day).filter(entity=OuterRef("pk")))


class EntityQuerySet(models.QuerySet):
    def pes(self):
        """Social-economy entities: every legal form of art. 2 pkt 5 of the act."""
        return self.exclude(legal_form__in=NOT_PES)

    def pes_on(self, day):
        """The PES of the registry on ``day`` (``pes_on_q``): the one rule of "counted as PES" for every figure,
        the campaign's respondents and the report."""
        return self.filter(pes_on_q(day))

    def with_ps_flag(self, day=None):
        """Each entity annotated ``has_ps``: a PS status in force on ``day`` (default today; ``PsStatus.in_force``).
        For a page of a few rows prefer ``ps_flags_set`` after the page is read: PostgreSQL plans the annotation
        for every row the statement could return (a hash of every PS status), not for the page's rows."""
        return self.annotate(has_ps=_holds_ps(day))

    def holding_ps(self, holds: bool, day=None):
        """The entities that hold (``holds``) or do not hold a PS status in force on ``day`` (``with_ps_flag``'s
        rule as a condition, without annotating every row)."""
        return self.filter(_holds_ps(day) if holds else ~_holds_ps(day))

    def ps_on(self, day):
        """The social enterprises on ``day``: PES on that day (``pes_on``) holding a PS status in force then. An
        entity closed or not a PES is not counted, whatever its status records say."""
        return self.pes_on(day).holding_ps(True, day)

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

    #: Whether it holds a PS status in force: set by ``with_ps_flag`` (an annotation) or ``ps_flags_set`` (a page).
    has_ps: bool

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
    # The reason simple-history writes on the next history row, when a service gives one (``entities.services``).
    _change_reason: str

    objects = EntityQuerySet.as_manager()

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        ordering = ["name", "pk"]
        # (name, id) serves the list's ordering, so a page is read from the index instead of sorting the registry;
        # regon lets a search by number combine index scans (NIP and KRS are indexed by their unique constraints).
        # (id, seat) lets the figures that only need each entity's seat (a campaign's completion by powiat: tens of
        # thousands of respondents) read the entities from an index a tenth of the table's size (an index-only
        # scan) instead of the whole rows.
        # The full-text GIN index is PostgreSQL-only and lives in migration 0005 (see selectors.entity_search).
        indexes = [models.Index(fields=["legal_form"]), models.Index(fields=["is_active", "name"]),
                   models.Index(fields=["name", "id"], name="entities_entity_name_id"),
                   models.Index(fields=["regon"], name="entities_entity_regon"),
                   models.Index(fields=["id", "seat"], name="entities_entity_id_seat")]
        constraints = [
            models.CheckConstraint(condition=Q(closed_on__isnull=True) | Q(is_active=False),
                                   name="closed_entity_is_inactive"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
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
        return self.filter(_ps_in_force(day or timezone.localdate()))

    def holders(self, entity_ids, day=None) -> set[int]:
        """Which of ``entity_ids`` hold a status in force on ``day`` (default today): one query for a page of them."""
        return set(self.in_force(day).filter(entity_id__in=entity_ids).values_list("entity_id", flat=True))

    def with_in_force(self, day=None):
        """Each record annotated ``in_force`` on ``day`` (default today) by the same rule as ``in_force``."""
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

