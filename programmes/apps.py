from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Regional programme")
    nav_items = (NavItem(_("Programme"), "programmes:list", "programmes.view_programme", order=10),)

    def ready(self) -> None:
        from . import permissions  # noqa: F401
