from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

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
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        counts = territory_import(units, dry_run=dry_run)
        for change in counts.changes:
            self.stdout.write(f"  changed {change}")
        prefix = "Would add" if dry_run else "Added"
        self.stdout.write(f"{prefix} {counts.added}, changed {counts.changed}, unchanged {counts.unchanged}.")
