"""Build the demo data: one login per role and, app by app, a realistic picture of the system.

It lives in ``accounts`` because the cast of users is the first thing seeded; the apps' own ``demo.py`` modules
are found by name (DEMO_APPS), so no lower app imports a higher one.

Each app that has demo data provides ``<app>/demo.py`` with ``seed(*, cast, stdout)``; they run in
DEMO_APPS order, in one transaction, once. Running the command again only prints the logins.
"""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from accounts.demo import DEMO_PASSWORD, DEMO_USERS, seed_users
from accounts.models import User

# Order matters: later apps use what earlier ones created.
DEMO_APPS = ["entities", "programmes", "committee", "certification", "events", "monitoring",
             "entities.sources"]  # the registers' demo needs a certificate holder and a Committee member


class Command(BaseCommand):
    help = "Load the demo data (users for each role, the real programme, entities, applications)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo runs only with DJANGO_DEBUG=true (never in production).")
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
        if not options["quiet_logins"]:
            self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
            for demo_user in DEMO_USERS:
                self.stdout.write(f"  {demo_user.role_label:<34} {demo_user.email}")
