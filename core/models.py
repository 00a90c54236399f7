import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """A background job a person asked for: its state, progress and the file it produced.

    The primary key is a random UUID so that job pages cannot be guessed.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=255)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    result = models.FileField(_("result file"), upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(_("result file name"), max_length=255, blank=True)
    result_content_type = models.CharField(max_length=100, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     on_delete=models.PROTECT, null=True, blank=True, related_name="jobs")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Handed to the queue (the last time); a job the queue refused has queue_error_at set instead, and the
    # recovery task (core.services.jobs_recover) sends it again.
    enqueued_at = models.DateTimeField(_("sent to the queue"), null=True, blank=True)
    queue_error_at = models.DateTimeField(_("the queue did not answer"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # Touched while the job runs; a running job whose heartbeat stops was lost with its worker.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"]), models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.SUCCEEDED, self.State.FAILED}

    @property
    def is_succeeded(self) -> bool:
        return self.state == self.State.SUCCEEDED

    @property
    def is_failed(self) -> bool:
        return self.state == self.State.FAILED

    @property
    def waits_for_the_queue(self) -> bool:
        """Queued, but the queue refused it the last time: the recovery task will send it again."""
        return self.state == self.State.QUEUED and self.queue_error_at is not None
