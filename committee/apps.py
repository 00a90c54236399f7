from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = _("Committee (RKRES)")
    nav_items = (NavItem(_("Committee"), "committee:list", "committee.view_committee_area", order=30),)

    def ready(self) -> None:
        from accounts.models import Role
        from core.home import HomeSection, home_section_register

        from . import computations, ezd, notifications, permissions, privacy, receivers, reports  # noqa: F401 - indicators, rules, registry flag, jobs
        from .home import member_matters

        home_section_register(HomeSection(key="committee_member", role=Role.COMMITTEE_MEMBER, order=10,
                                          template="committee/home_member.html", selector=member_matters))
