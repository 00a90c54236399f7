from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _('"Zakup Prospołeczny" certification')
    nav_items = (
        NavItem(_("Certification"), "certification:list", "certification.list_applications", order=40),
        NavItem(_("My applications"), "certification:list", "certification.apply", order=41),
    )

    def ready(self) -> None:
        from accounts.models import Role
        from core.home import HomeSection, home_section_register

        from . import computations, ezd, notifications, permissions, receivers, reports  # noqa: F401 - rules, signals, PDF job, EZD
        from .selectors import applicant_matters, assessor_matters, staff_queues

        home_section_register(HomeSection(key="certification_assessor", role=Role.COMMITTEE_MEMBER, order=20,
                                          template="certification/home_assessor.html", selector=assessor_matters))
        home_section_register(HomeSection(key="certification_applicant", role=Role.PES_REPRESENTATIVE, order=10,
                                          template="certification/home_applicant.html", selector=applicant_matters))
        home_section_register(HomeSection(key="certification_staff", role=Role.ROPS_STAFF, order=10,
                                          template="core/home/queues.html", selector=staff_queues,
                                          title=_('"Zakup Prospołeczny" certification')))
