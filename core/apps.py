from django.apps import AppConfig, apps
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .navigation import NavItem


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")
    nav_items = (NavItem(_("Dashboard"), "core:dashboard", "core.use_backoffice", order=0),
                 NavItem(_("Data requests (GDPR)"), "core:privacy_requests", "core.handle_data_requests", order=95),
                 NavItem(_("Register of processing"), "core:privacy_register", "core.view_processing_register",
                         order=96))

    def ready(self) -> None:
        # The tasks are registered in every process (web too), not only where a worker autodiscovers them:
        # core.services sends run_job_task by its name (it cannot import the module that imports it).
        from . import (  # noqa: F401 - the audit_pdf job kind, retention rules (core's rules: accounts)
            audit,
            keys,
            retention_rules,
            tasks,
        )

        keys.install()
        name_historical_models()
        from django.db.models.signals import post_migrate

        from .permission_names import name_permissions

        # Connected after django.contrib.auth's handler (auth is installed before core), so it finds the rows.
        post_migrate.connect(name_permissions, dispatch_uid="core.name_permissions")


def name_historical_models() -> None:
    """django-simple-history names its models "historical <name>" in English, fixed when the model is built;
    name them in the interface's language instead ("historia: podmiot"), lazily like any verbose_name."""
    for model in apps.get_models():
        original = getattr(model, "instance_type", None)  # set on every historical model
        if original is None or not model.__name__.startswith("Historical"):
            continue
        model._meta.verbose_name = format_lazy(_("history: {}"), original._meta.verbose_name)
        model._meta.verbose_name_plural = format_lazy(_("history: {}"), original._meta.verbose_name_plural)
