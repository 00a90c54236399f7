from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring and reports")
    nav_items = (
        NavItem(_("Monitoring"), "monitoring:campaigns", "monitoring.view_monitoring", order=60),
        NavItem(_("Questionnaires"), "monitoring:my_questionnaires", "monitoring.answer", order=61),
        NavItem(_("Sector dashboard"), "monitoring:dashboard", "monitoring.view_dashboard", order=62),
        NavItem(_("Reports"), "monitoring:reports", "monitoring.view_reports", order=63),
    )

    def ready(self) -> None:
        from . import computations, jobs, permissions  # noqa: F401 - indicators, rules, the report job kind
