from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")
    nav_items = (NavItem(_("Events"), "events:list", "events.view_events", order=50),)

    def ready(self) -> None:
        from accounts.models import Role
        from core.home import PUBLIC, HomeSection, home_section_register

        from . import computations, notifications, permissions, privacy, reports  # noqa: F401 - rules, job kinds, RODO
        from .selectors import participant_matters, public_upcoming, staff_queues

        home_section_register(HomeSection(key="events_participant", role=Role.PES_REPRESENTATIVE, order=30,
                                          template="events/home_participant.html", selector=participant_matters))
        home_section_register(HomeSection(key="events_staff", role=Role.ROPS_STAFF, order=50,
                                          template="core/home/queues.html", selector=staff_queues,
                                          title=_("Events")))
        home_section_register(HomeSection(key="events_public", role=PUBLIC, order=10,
                                          template="events/home_public.html", selector=public_upcoming))
