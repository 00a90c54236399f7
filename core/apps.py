from django.apps import AppConfig
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
        from . import audit, permissions, retention_rules  # noqa: F401 - audit_pdf job kind, rules, retention
