"""Territorial units (TERC) and which gminy can be an entity's seat."""


from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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

