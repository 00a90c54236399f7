from django.core.management.base import BaseCommand

from events.services import participants_anonymise


class Command(BaseCommand):
    help = "Anonymise participants of events that ended longer ago than the retention period (counts are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Retention in days (default: EVENTS_PARTICIPANT_RETENTION_DAYS).")

    def handle(self, *args, days=None, **options):
        count = participants_anonymise(retention_days=days)
        self.stdout.write(f"Anonymised {count} participant(s).")
