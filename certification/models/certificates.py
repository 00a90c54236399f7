"""Certificates, the signed public list of them, and the yearly counter of their numbers."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .applications import Application
from .workflow import Status


class Certificate(models.Model):
    """The issued mark: a register number unique and sequential per year, never changed once issued."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="certificate",
                                       verbose_name=_("application"))
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    number = models.CharField(_("register number"), max_length=32, unique=True)
    entity_name = models.CharField(_("entity"), max_length=500)
    items = models.TextField(_("products and services"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
                                  verbose_name=_("issued by"))
    pdf = models.FileField(_("PDF"), upload_to="certification/certificates/%Y/", blank=True)
    # The sealed PDF's SHA-256 (core.seal): the verification page compares an uploaded file with it.
    pdf_sha256 = models.CharField(_("SHA-256 of the sealed PDF"), max_length=64, blank=True, db_index=True)
    seal_level = models.CharField(_("seal level"), max_length=16, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    reminders_sent = models.JSONField(_("reminders sent (days before expiry)"), default=list, blank=True)
    gala = models.ForeignKey("events.Event", verbose_name=_("awarded at"), on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="certificates")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-year", "-sequence"]
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="uniq_certificate_sequence")]

    def __str__(self) -> str:
        return self.number

    def expired_on(self, day: date) -> bool:
        """Past its validity on ``day``, or marked expired by the daily run."""
        return self.valid_until < day or self.application.status == Status.EXPIRED


class CertificateList(models.Model):
    """The signed, dated list of all certificates with their state, published daily (docs/sealing.md): a JSON file
    and its detached CMS signature made with the seal (core.seal.seal_detached). Never changed."""

    as_of = models.DateField(_("as of"), unique=True)
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    content = models.FileField(_("list (JSON)"), upload_to="certification/lists/%Y/")
    signature = models.FileField(_("signature (CMS)"), upload_to="certification/lists/%Y/")
    sha256 = models.CharField(_("SHA-256 of the list"), max_length=64)
    count = models.PositiveIntegerField(_("certificates"))

    class Meta:
        verbose_name = _("signed list of certificates")
        verbose_name_plural = _("signed lists of certificates")
        ordering = ["-as_of"]

    def __str__(self) -> str:
        return f"{self.as_of:%Y-%m-%d}"

    def filename(self, extension: str = "json") -> str:
        return f"certyfikaty-{self.as_of:%Y-%m-%d}.{extension}"


class CertificateCounter(models.Model):
    """The last certificate number used in a year (locked while a number is taken)."""

    year = models.PositiveSmallIntegerField(primary_key=True, verbose_name=_("year"))
    last = models.PositiveIntegerField(default=0, verbose_name=_("last number"))

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"

