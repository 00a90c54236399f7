from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = _("Committee (RKRES)")
    nav_items = (NavItem(_("Committee"), "committee:list", "committee.view_committee_area", order=30),)

    def ready(self) -> None:
        from accounts.models import Role
        from core.audit import history_value_labels
        from core.home import HomeSection, home_section_register

        from . import computations, ezd, notifications, permissions, privacy, receivers, reports  # noqa: F401 - indicators, rules, registry flag, jobs
        from .home import member_matters

        history_value_labels("committee.Resolution", {
            "votes_for": _("for"), "votes_against": _("against"), "abstentions": _("abstentions"),
            "not_voted": _("did not vote"), "recused": _("recused"), "base": _("members counted"),
            "quorum_required": _("quorum"), "quorum_met": _("quorum met"), "adopted": _("adopted"),
            "tie_broken_by_chair": _("tie decided by the chair"), "reason": None,
            "parity_shares": _("votes counted per category"), "parity_met": _("parity kept"),
        })
        home_section_register(HomeSection(key="committee_member", role=Role.COMMITTEE_MEMBER, order=10,
                                          template="committee/home_member.html", selector=member_matters))
