"""Audit history (django-simple-history) read for people: who changed what, and when.

``audit_rows`` is the selector; ``render_audit_pdf`` turns rows into a PDF without touching the
ORM; the ``audit_pdf`` job kind ties them together for the background-job machinery.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

from .choices import choice_label
from .jobs import JobResult, job_handler
from .paging import Page, Paginator
from .pdf import render_pdf

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


EMPTY = "—"
# Labels of the keys of a model's JSON values that are not fields of it or of a model it points to (a recorded
# tally): {model label: {key: label}}, given by the model's app (``history_value_labels``).
VALUE_LABELS: dict[str, dict[str, Any]] = {}


def history_value_labels(model_label: str, labels: dict[str, Any]) -> None:
    """Name the keys of ``model_label``'s JSON values on history pages (called from the app's ``ready``); a key
    named None is left out."""
    VALUE_LABELS.setdefault(model_label, {}).update(labels)


def _field(model, name: str):
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a removed field, a key of a JSON value
        return None


def _key_field(model, key: str):
    """The model field a key of a JSON value names: the model's own, or one of a model it points to (a
    resolution's frozen rules name the committee's fields)."""
    field = _field(model, key)
    if field is not None:
        return field
    for fk in model._meta.fields:
        if fk.is_relation and fk.related_model is not None and fk.related_model is not model:
            field = _field(fk.related_model, key)
            if field is not None and field.concrete:
                return field
    return None


def _related_keys(model, name: str, value) -> list[tuple[type[models.Model], Any]]:
    """The (model, pk) pairs ``value`` of the field ``name`` points to: a foreign key's id, or the other side
    of each many-to-many row (the rows also name the object itself, which a person does not need to read)."""
    field = _field(model, name)
    if field is None or not field.is_relation or field.related_model is None:
        return []
    if field.many_to_many and isinstance(value, list):
        target = get_m2m_reverse_field_name(field)
        return [(field.related_model, row.get(target)) for row in value if isinstance(row, dict)]
    if field.many_to_one or field.one_to_one:
        return [(field.related_model, value)] if value not in (None, "") else []
    return []


def readable_value(model, field_name: str, value, objects: dict | None = None) -> str:
    """``value`` of ``model``'s field ``field_name`` as a person reads it: a choice's label, "tak"/"nie", a date
    as Polish offices write it, the object a foreign key points to (from ``objects``, {(model, pk): object},
    loaded beforehand), a JSON value as "label: value" pairs named by the model's fields where known, and "—"
    for nothing. The history page and its PDF show every changed value through it."""
    objects = objects or {}
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    field = _field(model, field_name)
    if field is not None and field.is_relation and field.related_model is not None:
        pairs = _related_keys(model, field_name, value)
        if pairs or field.many_to_many:
            return ", ".join(str(objects.get((m, pk), pk)) for m, pk in pairs) or EMPTY
    if field is not None and getattr(field, "choices", None) and not isinstance(value, dict | list):
        return choice_label(field, value)
    return _plain(model, value, field)


def _plain(model, value, field=None) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if field is not None and getattr(field, "choices", None) and not isinstance(value, dict | list):
        return choice_label(field, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value,
                           "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | float):
        return number_format(value, force_grouping=True)
    if isinstance(value, dict):
        parts = []
        known = VALUE_LABELS.get(model._meta.label, {})
        for key, item in sorted(value.items(), key=lambda pair: _key_order(model, known, str(pair[0]))):
            if str(key) in known and known[str(key)] is None:
                continue  # a key the app does not show (a code repeating what the other keys say)
            named = _key_field(model, str(key))
            label = str(known[str(key)] if str(key) in known else named.verbose_name if named is not None
                        else str(key).replace("_", " "))
            parts.append(f"{label}: {_plain(model, item, named)}")
        return "; ".join(parts)
    if isinstance(value, list | tuple):
        return ", ".join(_plain(model, item) for item in value)
    return str(value)


def _key_order(model, known: dict, key: str) -> tuple:
    """Where a key of a JSON value stands when shown: the app's named keys in the order it names them, then
    the keys named by model fields in the order of the fields, then the rest by name. The order the value was
    stored in is no guide: PostgreSQL's jsonb keeps its keys by length, SQLite's JSON as written."""
    if key in known:
        return (0, list(known).index(key), "")
    field = _key_field(model, key)
    if field is not None:
        return (1, field.model._meta.fields.index(field) if field in field.model._meta.fields else 0, key)
    return (2, 0, key)


def _label(model, field_name: str) -> str:
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except Exception:  # noqa: BLE001
        return field_name


def _m2m_rows(records: list, model) -> dict[tuple[str, int], list[dict]]:
    """(m2m field name, history id) → the rows recorded for that version, as simple-history compares them
    (``diff_against``): the through model's editable fields, ordered by the related object. One query per
    many-to-many field of the model, whatever the number of versions (``diff_against`` sends two per version)."""
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


def _differences(record, previous, m2m: dict) -> list[tuple[str, Any, Any]]:
    """What ``record`` changed against ``previous``: the fields ``diff_against`` compares (tracked, editable),
    in the same order (by field name), from rows already loaded."""
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
    return differences


def _related_objects(model, differences: list[tuple[str, Any, Any]]) -> dict:
    """{(model, pk): object} of every object the changed values point to: one query per related model, however
    many versions name it."""
    wanted: dict[type[models.Model], set] = {}
    for name, old, new in differences:
        for related, pk in _related_keys(model, name, old) + _related_keys(model, name, new):
            if pk is not None:
                wanted.setdefault(related, set()).add(pk)
    return {(related, pk): obj for related, pks in wanted.items()
            for pk, obj in related._base_manager.in_bulk(pks).items()}


HISTORY_PAGE_SIZE = 50   # versions per page of the history page (the PDF holds them all)


def _rows(model, records: list, previous=None) -> list[AuditRow]:
    """``records`` (oldest first) as rows, newest first; ``previous`` is the version just before the first of
    them (None when the first is the object's first version): what the first one changed is read against it."""
    m2m = _m2m_rows(records + ([previous] if previous is not None else []), model)
    actions = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    system = _("system")
    versions = []
    for record in records:
        differences = (_differences(record, previous, m2m)
                       if previous is not None and record.history_type == "~" else [])
        versions.append((record, differences))
        previous = record
    objects = _related_objects(model, [d for _record, differences in versions for d in differences])
    rows = [AuditRow(
        when=record.history_date,
        who=(str(record.history_user) if record.history_user else system),
        action=actions[record.history_type],
        reason=record.history_change_reason or "",
        changes=tuple(FieldChange(_label(model, name), readable_value(model, name, old, objects),
                                  readable_value(model, name, new, objects))
                      for name, old, new in differences),
    ) for record, differences in versions]
    rows.reverse()
    return rows


def _versions(obj: models.Model):
    """``obj``'s recorded versions with their authors, oldest first."""
    return obj.history.select_related("history_user").order_by("history_date", "history_id")


def _log(obj: models.Model, rows: list[AuditRow]) -> AuditLog:
    return AuditLog(object_label=str(obj), model_label=str(type(obj)._meta.verbose_name), rows=tuple(rows),
                    generated_at=timezone.now())


def audit_rows(obj: models.Model) -> list[AuditRow]:
    """Every recorded change of ``obj``, newest first, with field-level differences read as a person reads them
    (a fixed number of queries: the versions with their authors, one per many-to-many field and one per model
    the changed values point to, whatever the length of the history)."""
    return _rows(type(obj), list(_versions(obj)))


def audit_log(obj: models.Model) -> AuditLog:
    """The whole history of ``obj`` (the PDF)."""
    return _log(obj, audit_rows(obj))


def audit_log_page(obj: models.Model, number) -> tuple[AuditLog, Page]:
    """One page of ``obj``'s history, newest first, ``HISTORY_PAGE_SIZE`` versions (``number`` as typed in the
    address: anything else is the first page, past the end the last). The same rows as ``audit_rows`` gives for
    those versions: the oldest of the page is compared with the version before it, read in the same query. A
    fixed number of queries whatever the length of the history (its count, the page's versions, one per
    many-to-many field and one per model the changed values point to), and a page that does not grow with it."""
    versions = _versions(obj).reverse()
    page = Paginator(versions, HISTORY_PAGE_SIZE).get_page(number)
    records: list = []
    previous = None
    if page.paginator.count:
        shown = page.end_index() - page.start_index() + 1
        newest_first = list(versions[page.start_index() - 1:page.end_index() + 1])  # and the one before
        records = newest_first[:shown][::-1]
        previous = newest_first[shown] if len(newest_first) > shown else None
    return _log(obj, _rows(type(obj), records, previous)), page


def render_audit_pdf(log: AuditLog) -> bytes:
    """PDF of one object's audit log. Pure rendering: no ORM, no request."""
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
