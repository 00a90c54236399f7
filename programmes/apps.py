from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Regional programme")
    nav_items = (NavItem(_("Programme"), "programmes:list", "programmes.view_programme", order=10),)

    def ready(self) -> None:
        from core.home import PUBLIC, HomeSection, home_section_register

        from . import notifications, permissions, privacy, reports  # noqa: F401
        from .selectors import open_consultations

        home_section_register(HomeSection(key="programmes_public", role=PUBLIC, order=20,
                                          template="programmes/home_public.html", selector=open_consultations))
