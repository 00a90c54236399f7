from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from programmes.services import programme_import
from programmes.yaml_io import programme_parse


class Command(BaseCommand):
    help = "Import a programme from YAML (docs/programme-format.md). Any error: nothing is written."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Only check the file.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        result = programme_parse(text)
        if result.errors:
            raise CommandError("Nothing imported:\n" + "\n".join(f"  {e}" for e in result.errors))
        if dry_run:
            self.stdout.write("The file is correct (dry run: nothing written).")
            return
        programme = programme_import(result.data)
        self.stdout.write(f"Imported programme {programme.pk}: {programme}")
