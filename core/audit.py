"""Audit history (django-simple-history) read for people: who changed what, and when.

``audit_rows`` is the selector; ``render_audit_pdf`` turns rows into a PDF without touching the
ORM; the ``audit_pdf`` job kind ties them together for the background-job machinery.
"""

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .jobs import JobResult, job_handler

CHANGE_LABELS = {"+": "created", "~": "changed", "-": "deleted"}


def set_history_user(obj, by) -> None:
    """Record ``by`` as the author of the next history row of ``obj`` (``None``: the system, or the request's
    user through simple-history's middleware)."""
    if by is not None:
        obj._history_user = by


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditRow:
    when: datetime
    who: str
    action: str
    reason: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class AuditLog:
    object_label: str
    model_label: str
    rows: tuple[AuditRow, ...]
    generated_at: datetime


def audited_model(app_label: str, model_name: str) -> type[models.Model]:
    """The model for a URL, or 404 when it is unknown or has no audit history."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    if not hasattr(model, "history"):
        raise Http404
    return model


def _display(model, field_name: str, value) -> str:
    if value is None or value == "":
        return "—"
    try:
        field = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - a removed field still shows its raw value
        return str(value)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _label(model, field_name: str) -> str:
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except Exception:  # noqa: BLE001
        return field_name


def _m2m_rows(records: list, model) -> dict[tuple[str, int], list[dict]]:
    """(m2m field name, history id) → the rows recorded for that version, as simple-history compares them
    (``diff_against``): the through model's editable fields, ordered by the related object. One query per
    many-to-many field of the model, whatever the number of versions (``diff_against`` sends two per version)."""
    from simple_history.utils import get_m2m_reverse_field_name

    rows: dict[tuple[str, int], list[dict]] = {}
    if not records:
        return rows
    ids = [r.history_id for r in records]
    for field in records[0]._history_m2m_fields:
        m2m_model = getattr(records[0], field.name).model
        names = [f.name for f in m2m_model._meta.fields
                 if f.editable and f.name not in ("id", "m2m_history_id", "history")]
        order = get_m2m_reverse_field_name(model._meta.get_field(field.name))
        for values in m2m_model.objects.filter(history_id__in=ids).order_by(order, "pk").values(
                "history_id", *names):
            history_id = values.pop("history_id")
            rows.setdefault((field.name, history_id), []).append(values)
    return rows


def _changes(model, record, previous, m2m: dict) -> list[FieldChange]:
    """What ``record`` changed against ``previous``: the fields ``diff_against`` compares (tracked, editable),
    in the same order (by field name) and shown the same way, from rows already loaded."""
    m2m_names = {f.name for f in record._history_m2m_fields}
    differences = []
    for field in record.tracked_fields:
        if not field.editable or field.name in m2m_names:
            continue
        old, new = field.value_from_object(previous), field.value_from_object(record)
        if old != new:
            differences.append((field.name, old, new))
    for name in m2m_names:
        old, new = m2m.get((name, previous.history_id), []), m2m.get((name, record.history_id), [])
        if old != new:
            differences.append((name, old, new))
    differences.sort(key=lambda d: d[0])
    return [FieldChange(_label(model, name), _display(model, name, old), _display(model, name, new))
            for name, old, new in differences]


def audit_rows(obj: models.Model) -> list[AuditRow]:
    """Every recorded change of ``obj``, newest first, with field-level differences (a fixed number of queries:
    the versions with their authors, and one per many-to-many field, whatever the length of the history)."""
    model = type(obj)
    records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    m2m = _m2m_rows(records, model)
    actions = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    system = _("system")
    rows: list[AuditRow] = []
    previous = None
    for record in records:
        changes = (_changes(model, record, previous, m2m)
                   if previous is not None and record.history_type == "~" else [])
        user = record.history_user
        rows.append(AuditRow(
            when=record.history_date,
            who=(str(user) if user else system),
            action=actions[record.history_type],
            reason=record.history_change_reason or "",
            changes=tuple(changes),
        ))
        previous = record
    rows.reverse()
    return rows


def audit_log(obj: models.Model) -> AuditLog:
    return AuditLog(object_label=str(obj), model_label=str(type(obj)._meta.verbose_name),
                    rows=tuple(audit_rows(obj)), generated_at=timezone.now())


def render_audit_pdf(log: AuditLog) -> bytes:
    """PDF of one object's audit log. Pure rendering: no ORM, no request."""
    from .pdf import render_pdf

    return render_pdf("core/pdf/audit_log.html", {"log": log})


@job_handler("audit_pdf")
def audit_pdf_job(job, progress) -> JobResult:
    model = apps.get_model(job.params["model"])
    obj = model._default_manager.get(pk=job.params["pk"])
    progress(20, _("Reading the history"))
    log = audit_log(obj)
    progress(60, _("Rendering the PDF"))
    pdf = render_audit_pdf(log)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return JobResult(filename=f"historia-{model._meta.model_name}-{obj.pk}-{stamp}.pdf", content=pdf)
