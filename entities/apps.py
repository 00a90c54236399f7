from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem


class EntitiesConfig(AppConfig):
    name = "entities"
    verbose_name = _("Registry of entities")
    nav_items = (NavItem(_("Registry"), "entities:list", "entities.list_entities", order=20),
                 NavItem(_("Registry tasks"), "entities:registry_tasks", "entities.view_registry_tasks", order=21))

    def ready(self) -> None:
        from accounts.models import Role
        from core.home import HomeSection, home_section_register

        # Registered in every process: the registers' signals send registry_check_task by its name.
        from . import computations, permissions, privacy, tasks  # noqa: F401
        from .selectors import staff_registry_matters
        from .sources import permissions as sources_permissions  # noqa: F401
        from .sources import signals  # noqa: F401

        home_section_register(HomeSection(key="entities_staff", role=Role.ROPS_STAFF, order=40,
                                          template="entities/home_staff.html", selector=staff_registry_matters))
