from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.text_files import TextFileError, decode_text
from entities.territory import TercError, parse_terc, territory_import


class Command(BaseCommand):
    help = "Load or update territorial units from a TERC CSV file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            units = parse_terc(decode_text(file.read_bytes()))  # as every CSV: UTF-8, Windows-1250, ISO-8859-2
        except (OSError, TextFileError, TercError) as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc}) from exc
        counts = territory_import(units, dry_run=dry_run)
        for change in counts.changes:
            self.stdout.write(_("  changed %(unit)s") % {"unit": change})
        numbers = {"created": counts.added, "updated": counts.changed, "unchanged": counts.unchanged}
        if dry_run:
            self.stdout.write(_("Dry run, nothing written. Would add %(created)d, change %(updated)d, leave "
                                "%(unchanged)d unchanged.") % numbers)
        else:
            self.stdout.write(_("Added %(created)d, changed %(updated)d, unchanged %(unchanged)d.") % numbers)
