from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .navigation import NavItem


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")
    nav_items = (NavItem(_("Dashboard"), "core:dashboard", "core.use_backoffice", order=0),)

    def ready(self) -> None:
        from . import audit, permissions  # noqa: F401 - registers the audit_pdf job kind and rules

        name_historical_models()


def name_historical_models() -> None:
    """django-simple-history names its models "historical <name>" in English, fixed when the model is built;
    name them in the interface's language instead ("historia: podmiot"), lazily like any verbose_name."""
    from django.apps import apps
    from django.utils.text import format_lazy

    for model in apps.get_models():
        original = getattr(model, "instance_type", None)  # set on every historical model
        if original is None or not model.__name__.startswith("Historical"):
            continue
        model._meta.verbose_name = format_lazy(_("history: {}"), original._meta.verbose_name)
        model._meta.verbose_name_plural = format_lazy(_("history: {}"), original._meta.verbose_name_plural)
