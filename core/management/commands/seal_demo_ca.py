"""Create the demo's throwaway certification authority and electronic seal (core/seal_demo.py) in SEAL_DIR.

Never for production (there SEAL_PKCS12_FILE or the PKCS#11 settings point at a real seal): it refuses to run
without DJANGO_DEBUG unless --force-outside-debug is given (e.g. a staging installation that wants sealed test
documents).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.seal_demo import demo_ca_create


class Command(BaseCommand):
    help = "Create a throwaway CA and seal (PKCS#12) for the demo in SEAL_DIR (kept when already there)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Directory (default: SEAL_DIR).")
        parser.add_argument("--replace", action="store_true", help="Make a new CA and seal even if one exists.")
        parser.add_argument("--force-outside-debug", action="store_true")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force_outside_debug"]:
            raise CommandError("seal_demo_ca makes a throwaway seal for the demo; it runs only with DJANGO_DEBUG=true.")
        directory = demo_ca_create(options["dir"] or settings.SEAL_DIR, organisation=settings.ROPS_NAME,
                                   passphrase=settings.SEAL_PKCS12_PASSPHRASE, force=options["replace"])
        self.stdout.write(f"Demo seal in {directory} (trust root: ca.pem, seal: seal.p12).")
