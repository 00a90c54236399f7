from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .navigation import NavItem


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")
    nav_items = (NavItem(_("Dashboard"), "core:dashboard", "core.use_backoffice", order=0),)

    def ready(self) -> None:
        from . import audit, keys, permissions  # noqa: F401 - registers the audit_pdf job kind and rules

        keys.install()
