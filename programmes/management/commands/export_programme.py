import io
import sys

from django.core.management.base import BaseCommand, CommandError

from programmes.exports import programme_to_xlsx
from programmes.models import Programme
from programmes.yaml_io import programme_to_yaml


class Command(BaseCommand):
    help = "Export a programme as YAML (the import format) or XLSX, to standard output or --output FILE."

    def add_arguments(self, parser):
        parser.add_argument("id", type=int)
        parser.add_argument("--format", choices=["yaml", "xlsx"], default="yaml")
        parser.add_argument("--output", help="File to write (default: standard output).")

    def handle(self, *args, id: int, format: str, output: str | None, **options):  # noqa: A002
        programme = Programme.objects.filter(pk=id).first()
        if programme is None:
            raise CommandError(f"No programme with id {id}.")
        data = programme_to_yaml(programme).encode() if format == "yaml" else programme_to_xlsx(programme)
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
        elif format == "yaml":
            self.stdout.write(data.decode(), ending="")
        else:
            (getattr(sys.stdout, "buffer", None) or io.BytesIO()).write(data)
