from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")
    nav_items = (NavItem(_("Events"), "events:list", "events.view_events", order=50),)

    def ready(self) -> None:
        from . import computations, permissions, privacy, reports  # noqa: F401 - rules, job kinds, RODO
