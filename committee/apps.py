from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = _("Committee (RKRES)")
    nav_items = (NavItem(_("Committee"), "committee:list", "committee.view_committee_area", order=30),)

    def ready(self) -> None:
        from . import computations, permissions, receivers, reports  # noqa: F401 - indicators, rules, registry flag, minutes job
