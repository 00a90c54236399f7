from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .navigation import NavItem


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")
    nav_items = (NavItem(_("Dashboard"), "core:dashboard", "core.use_backoffice", order=0),)

    def ready(self) -> None:
        # The tasks are registered in every process (web too), not only where a worker autodiscovers them:
        # core.services sends run_job_task by its name (it cannot import the module that imports it).
        from . import (
            audit,  # noqa: F401 - registers the audit_pdf job kind (core's rules are filled in by accounts)
            tasks,  # noqa: F401
        )
