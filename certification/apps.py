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
        from . import computations, ezd, permissions, receivers, reports  # noqa: F401 - rules, signals, PDF job, EZD
