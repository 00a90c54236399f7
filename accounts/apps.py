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
        from . import permissions, privacy  # noqa: F401

