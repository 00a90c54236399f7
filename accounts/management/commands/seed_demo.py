"""Build the demo data: one login per role and, app by app, a realistic picture of the system.

It lives in ``accounts`` because the cast of users is the first thing seeded; the apps' own ``demo.py`` modules
are found by name (DEMO_APPS), so no lower app imports a higher one.

Each app that has demo data provides ``<app>/demo.py`` with ``seed(*, cast, stdout)``; they run in
DEMO_APPS order, in one transaction, once. Running the command again only prints the logins.
"""

import importlib
import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from accounts.demo import DEMO_PASSWORD, DEMO_USERS, seed_users
from accounts.models import User

# Order matters: later apps use what earlier ones created.
DEMO_APPS = ["entities", "programmes", "committee", "certification", "events", "monitoring",
             "entities.sources",  # the registers' demo needs a certificate holder and a Committee member
             "core"]  # personal data: the controller and DPO contact, data subject requests

# The PDFs the demo renders (certificates, minutes, reports) make WeasyPrint and its font subsetter log
# every font they touch; the person running the demo needs only the logins.
PDF_LOGGERS = ("weasyprint", "fontTools")


@contextmanager
def pdf_logs_quiet():
    loggers = [logging.getLogger(name) for name in PDF_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Load the demo data (users for each role, the real programme, entities, applications)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):
        with pdf_logs_quiet():
            self._seed()
        if not options["quiet_logins"]:
            self._print_logins()

    def _print_logins(self) -> None:
        """Last, framed and highlighted, so that they stand out after the seeding's output."""
        rule = "=" * 64
        lines = [rule, f"Demo logins (password for all: {DEMO_PASSWORD}):",
                 *(f"  {demo_user.role_label:<34} {demo_user.email}" for demo_user in DEMO_USERS), rule]
        self.stdout.write("")
        for line in lines:
            self.stdout.write(self.style.SUCCESS(line))

    def _seed(self) -> None:
        if not settings.DEBUG:
            raise CommandError("seed_demo runs only with DJANGO_DEBUG=true (never in production).")
        # The demo's own CA and seal (SEAL_DIR), so that the certificates and minutes it makes are sealed.
        call_command("seal_demo_ca", stdout=self.stdout)
        if User.objects.filter(email=DEMO_USERS[0].email).exists():
            self.stdout.write("Demo data already present; nothing to add.")
        else:
            # Notifications the seeding triggers (status changes, confirmations) are not sent anywhere.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), \
                    transaction.atomic():
                cast = seed_users()
                for app in DEMO_APPS:
                    try:
                        module = importlib.import_module(f"{app}.demo")
                    except ModuleNotFoundError as exc:
                        if exc.name != f"{app}.demo":
                            raise
                        continue
                    self.stdout.write(f"Seeding {app}…")
                    module.seed(cast=cast, stdout=self.stdout)
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
