from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Entity(models.Model):
    """A social-economy entity (PES) or another organisation the ROPS works with."""

    name = models.CharField(_("name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


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
