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
        from accounts.models import Role
        from core.home import HomeSection, home_section_register

        from . import computations, ezd, jobs, notifications, permissions, privacy  # noqa: F401 - indicators, rules, jobs, EZD
        from .selectors import board_matters, respondent_matters, staff_queues

        home_section_register(HomeSection(key="monitoring_respondent", role=Role.PES_REPRESENTATIVE, order=20,
                                          template="monitoring/home_respondent.html", selector=respondent_matters))
        home_section_register(HomeSection(key="monitoring_staff", role=Role.ROPS_STAFF, order=20,
                                          template="core/home/queues.html", selector=staff_queues,
                                          title=_("Monitoring and reports")))
        home_section_register(HomeSection(key="monitoring_board", role=Role.BOARD_VIEWER, order=10,
                                          template="monitoring/home_board.html", selector=board_matters))
