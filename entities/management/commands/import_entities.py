from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entities.import_files import read_table
from entities.importing import CREATE, UNCHANGED, UPDATE, ImportFileError, entities_import


class Command(BaseCommand):
    help = ("Import entities from a CSV or XLSX file: rows matching an entity of the registry (NIP, KRS, own REGON, "
            "or founding entity and name) update it, the others add new ones; any bad row means nothing is written "
            "(exit status 1).")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument("--user", help="E-mail of the user recorded in the history (default: none).")

    def handle(self, *args, file: Path, dry_run: bool, user: str | None, **options):
        by = None
        if user:
            by = get_user_model().objects.filter(email__iexact=user).first()
            if by is None:
                raise CommandError(_("No user with the e-mail %(email)s.") % {"email": user})
        try:
            table = read_table(file.read_bytes(), file.name)
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc}) from exc
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        try:
            report = entities_import(table=table, by=by, dry_run=dry_run)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if report.errors:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(ngettext("%(n)d error: nothing was imported.", "%(n)d errors: nothing was imported.",
                                        len(report.errors)) % {"n": len(report.errors)})
        for warning in report.warnings:
            self.stdout.write(str(warning))
        labels = {CREATE: _("add"), UPDATE: _("change")}
        for plan in report.rows:
            if plan.action == UNCHANGED:
                continue
            changes = "; ".join(f"{c.column_label}: {c.old} → {c.new}" for c in plan.changes if not plan.is_new)
            self.stdout.write(_("Row %(row)d: %(action)s %(name)s") % {"row": plan.row, "action": labels[plan.action],
                                                                       "name": plan.name}
                              + (f" ({changes})" if changes else ""))
        counts = {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
        if dry_run:
            self.stdout.write(_("Dry run, nothing written. Would add %(created)d, change %(updated)d, leave "
                                "%(unchanged)d unchanged.") % counts)
        else:
            self.stdout.write(_("Added %(created)d, changed %(updated)d, unchanged %(unchanged)d.") % counts)
