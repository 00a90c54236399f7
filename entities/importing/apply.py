"""Writing a checked import through ``entities.services``, all rows or none, one import at a time."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils.translation import gettext as _

from accounts.permissions import require_staff

from .. import services
from ..models import Entity
from .parse import Table
from .plan import CREATE, UPDATE, ImportReport, RowError, entities_import_check

# How many times an import is planned again after a concurrent import took one of its NIP/KRS numbers.
ATTEMPTS = 3
# Key of the PostgreSQL advisory lock that applies imports one at a time ("ENTIMP" in hex digits).
IMPORT_LOCK = 0x454E54494D50
# PostgreSQL errors after which the same transaction may simply be tried again: deadlock, serialization failure.
RETRY_SQLSTATES = {"40P01", "40001"}


# --- writing ------------------------------------------------------------------------------------

def _apply(report: ImportReport, *, by, reason: str) -> None:
    entities: dict[int, Entity] = {p.row: p.entity for p in report.rows if p.entity is not None}
    for plan in report.rows:
        values = dict(plan.values)
        if plan.parent_row is not None:
            values["parent"] = entities[plan.parent_row]
        if plan.action == CREATE:
            entities[plan.row] = services.entity_create(by=by, reason=reason, activity_area=plan.activity_area or (),
                                                        **values)
        elif plan.action == UPDATE:
            entities[plan.row] = services.entity_update(entity=plan.entity, by=by, reason=reason,
                                                        activity_area=plan.activity_area, **values)


def _one_import_at_a_time() -> None:
    """Imports are applied one after another (a PostgreSQL advisory lock held until the transaction ends).

    NIP and KRS are unique in the database, but a unit found by its REGON or by founding entity and name is not:
    without this, two imports of the same file at once could both add it. The second waits, then plans again and
    finds what the first added. (SQLite, the demo, runs one writer at a time anyway.)
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


def entities_import(*, table: Table, by, dry_run: bool = False) -> ImportReport:
    """Check every row of ``table``; when none has an error (and not ``dry_run``) write them all, or nothing.

    ``by`` is recorded as the history user (``None`` for a command run without ``--user``), and the history
    reason names the file. A concurrent import that takes the same new NIP or KRS first makes this one plan
    again (up to ``ATTEMPTS`` times) instead of failing with a duplicate; the report says what was really done.
    """
    require_staff(by, message=_("Only ROPS staff import entities."))
    if dry_run:
        return entities_import_check(table)
    reason = _("Import from the file %(name)s") % {"name": table.filename or "-"}
    failure = None
    for _attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                _one_import_at_a_time()
                report = entities_import_check(table, lock=True)
                if report.errors:
                    return report
                _apply(report, by=by, reason=reason)
                report.applied = True
                return report
        except (IntegrityError, ValidationError) as exc:
            failure = exc
        except OperationalError as exc:
            if getattr(exc.__cause__, "sqlstate", None) not in RETRY_SQLSTATES:
                raise
            failure = exc
    message = " ".join(failure.messages) if isinstance(failure, ValidationError) else str(failure)
    message = message.strip().rstrip(".")
    return ImportReport(errors=[RowError(0, "", _("Another import or edit changed the same entities at the same "
                                              "moment (%(detail)s). Nothing was written: try again.")
                                            % {"detail": message})])
