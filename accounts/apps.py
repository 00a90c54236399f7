from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and roles")
    nav_items = (
        NavItem(_("Registrations"), "accounts:registration_list", "accounts.review_registrations", order=90),
    )

    def ready(self) -> None:
        from core.home import HomeSection, home_roles_register, home_section_register

        from . import notifications, permissions, privacy  # noqa: F401
        from .models import Role
        from .selectors import staff_queues

        # The home page groups sections by role, in this order (core knows no roles).
        home_roles_register(Role.choices)
        home_section_register(HomeSection(key="accounts_staff", role=Role.ROPS_STAFF, order=30,
                                          template="core/home/queues.html", selector=staff_queues,
                                          title=_("Self-registration of PES")))

