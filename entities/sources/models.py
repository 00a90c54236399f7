"""What the registers feature keeps: staff tasks raised by the registers, accepted fill-ins (audit), the last
non-personal picture of each checked entity, and how far the nightly watch has read.

Imported by ``entities.models`` so the models belong to the ``entities`` app (migration 0006).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .records import ALARMING_STATES, RegistryState


class RegistryTaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=RegistryTask.Status.OPEN)


class RegistryTask(models.Model):
    """A change the registers reported about an entity we hold, for staff to act on (the staff home page lists
    the open ones: ``selectors.registry_tasks_open``)."""

    class Kind(models.TextChoices):
        STRUCK_OFF = "struck_off", _("struck off the register")
        LIQUIDATION = "liquidation", _("in liquidation")
        BANKRUPTCY = "bankruptcy", _("in bankruptcy")
        NOT_FOUND = "not_found", _("not found in the registers")
        NAME_CHANGE = "name_change", _("change of name")
        SEAT_CHANGE = "seat_change", _("change of seat or address")
        LEGAL_FORM_CHANGE = "legal_form_change", _("change of legal form")
        OTHER_CHANGE = "other_change", _("other change in the register")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("registry task", "open")
        CLOSED = "closed", pgettext_lazy("registry task", "closed")

    class Source(models.TextChoices):
        KRS = "krs", _("KRS")
        BIR = "bir", _("GUS REGON")
        VAT = "vat", _("VAT white list")
        CHECK = "check", _("check on the way in")

    entity = models.ForeignKey("entities.Entity", verbose_name=_("entity"), on_delete=models.CASCADE,
                               related_name="registry_tasks")
    kind = models.CharField(_("what happened"), max_length=32, choices=Kind)
    source = models.CharField(_("source"), max_length=16, choices=Source)
    detected_on = models.DateField(_("reported on"))
    changes = models.JSONField(_("what changed"), default=list, blank=True,
                               help_text=_("[{field, label, old, new}]: values from the registers, no personal data."))
    holds_certificate = models.BooleanField(_("holds a valid certificate"), default=False)
    has_ps = models.BooleanField(_("has PS status"), default=False)
    on_committee = models.BooleanField(_("represented on the Committee"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.OPEN)
    # What makes a report unique (entity, kind, the new values): the watch can run twice and raise it once.
    dedup_key = models.CharField(max_length=200, unique=True, editable=False, verbose_name=_("deduplication key"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("task closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed the task"), on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    close_note = models.TextField(_("note on closing"), blank=True)

    history = HistoricalRecords()
    objects = RegistryTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("registry task")
        verbose_name_plural = _("registry tasks")
        ordering = ["status", "-detected_on", "-pk"]
        indexes = [models.Index(fields=["status", "-detected_on"], name="entities_regtask_status")]

    def __str__(self) -> str:
        return f"{self.entity} – {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_ending(self) -> bool:
        """The entity is going or gone (struck off, liquidation, bankruptcy, unknown to the registers)."""
        return self.kind in ENDING_KINDS

    @property
    def is_priority(self) -> bool:
        """An ending entity that holds the mark, PS status or a Committee seat: act first."""
        return self.is_ending and (self.holds_certificate or self.has_ps or self.on_committee)

    def suggested_actions(self) -> list[str]:
        """What staff should consider, from what happened and what the entity holds (one rule, shown everywhere)."""
        actions = []
        if self.is_ending:
            if self.holds_certificate:
                actions.append(_("Propose withdrawing the “Zakup Prospołeczny” mark: the holder is %(what)s.")
                               % {"what": self.get_kind_display()})
            if self.has_ps:
                actions.append(_("Tell the voivode's office that a social enterprise is %(what)s and record the "
                                 "loss of PS status once it is decided.") % {"what": self.get_kind_display()})
            if self.on_committee:
                actions.append(_("Review the Committee seat: the organisation a member represents is %(what)s.")
                               % {"what": self.get_kind_display()})
            actions.append(_("Check the entity's record and close it in the registry if it has ended."))
        else:
            if self.holds_certificate:
                actions.append(_("Update the certificate holder's data in the register of the mark."))
            if self.on_committee:
                actions.append(_("Check that the Committee records name the organisation correctly."))
            actions.append(_("Compare the record with the registers and accept the new data."))
        return [str(a) for a in actions]


ENDING_KINDS = {RegistryTask.Kind.STRUCK_OFF, RegistryTask.Kind.LIQUIDATION, RegistryTask.Kind.BANKRUPTCY,
                RegistryTask.Kind.NOT_FOUND}
# The registers' state -> the task it raises.
STATE_TASKS = {RegistryState.STRUCK_OFF: RegistryTask.Kind.STRUCK_OFF,
               RegistryState.LIQUIDATION: RegistryTask.Kind.LIQUIDATION,
               RegistryState.BANKRUPTCY: RegistryTask.Kind.BANKRUPTCY,
               RegistryState.NOT_FOUND: RegistryTask.Kind.NOT_FOUND}


class RegistryAcceptance(models.Model):
    """Data accepted from the registers into an entity: who, when, from which register and request, old → new."""

    entity = models.ForeignKey("entities.Entity", verbose_name=_("entity"), on_delete=models.CASCADE,
                               related_name="registry_acceptances")
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("accepted by"),
                                    on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(_("accepted on"), auto_now_add=True)
    created_entity = models.BooleanField(_("entity created from the registers"), default=False)
    requests = models.JSONField(_("registers and request ids"), default=dict)
    changes = models.JSONField(_("changes"), default=list, help_text=_("[{field, label, old, new, source}]"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("data accepted from the registers")
        verbose_name_plural = _("data accepted from the registers")
        ordering = ["-accepted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.entity} {self.accepted_at:%Y-%m-%d}"


class RegistrySnapshot(models.Model):
    """The last picture of an entity in the registers (no personal data), compared with by the next check.

    Technical state, rewritten on every check: the changes it reveals are kept in ``RegistryTask`` and the data
    staff accept in ``RegistryAcceptance`` (both with history)."""

    entity = models.OneToOneField("entities.Entity", on_delete=models.CASCADE, related_name="registry_snapshot",
                                  verbose_name=_("entity"))
    checked_at = models.DateTimeField(_("checked"))
    state = models.CharField(_("state in the registers"), max_length=16, choices=RegistryState, blank=True)
    fields = models.JSONField(_("values in the registers"), default=dict)
    requests = models.JSONField(_("registers and request ids"), default=dict)

    class Meta:
        verbose_name = _("registers snapshot")
        verbose_name_plural = _("registers snapshots")

    def __str__(self) -> str:
        return f"{self.entity} {self.checked_at:%Y-%m-%d}"

    @property
    def is_alarming(self) -> bool:
        return self.state in ALARMING_STATES


class RegistryWatchCursor(models.Model):
    """The last day the nightly watch has read from one feed (the KRS bulletin, the BIR lists)."""

    class Feed(models.TextChoices):
        KRS_BULLETIN = "krs_bulletin", _("KRS daily bulletin")
        BIR_LISTS = "bir_lists", _("GUS lists of updated and struck-off entities")

    feed = models.CharField(_("feed"), max_length=32, choices=Feed, unique=True)
    last_day = models.DateField(_("last day read"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("registers watch position")
        verbose_name_plural = _("registers watch positions")

    def __str__(self) -> str:
        return f"{self.feed}: {self.last_day}"
