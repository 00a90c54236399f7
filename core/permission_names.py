"""Permissions named in Polish in the Django admin (the user and group pages list them by name).

Django names a model's permissions when it creates them, in English and from the raw model name ("Can add
entity"), and never renames them. ``name_permissions`` runs after every ``migrate`` (post_migrate, after Django
has created them) and renames each row of the migrated app from the model's verbose name, in the project's
language: "Może dodawać: podmiot", "Może przeglądać: historia: podmiot". A permission of a model's
``Meta.permissions`` gets its name's translation when the catalogue has one.
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

ACTIONS = {
    "add": gettext_noop("Can add: %(model)s"),
    "change": gettext_noop("Can change: %(model)s"),
    "delete": gettext_noop("Can delete: %(model)s"),
    "view": gettext_noop("Can view: %(model)s"),
}
NAME_LENGTH = 255  # Permission.name


def permission_name(model, codename: str) -> str | None:
    """The name of ``model``'s permission ``codename`` in the active language (None: not one of the model's)."""
    action, _sep, model_name = codename.partition("_")
    if action in ACTIONS and model_name == model._meta.model_name and action in model._meta.default_permissions:
        return _(ACTIONS[action]) % {"model": model._meta.verbose_name}
    for custom_codename, name in model._meta.permissions:
        if custom_codename == codename:
            return _(str(name))
    return None


def name_permissions(app_config=None, using="default", apps=None, **kwargs) -> int:
    """Rename the permissions of ``app_config``'s models (every app's when None); how many rows changed."""
    configs = [app_config] if app_config is not None else list(global_apps.get_app_configs())
    changed = []
    with translation.override(settings.LANGUAGE_CODE):
        for config in configs:
            models = {m._meta.model_name: m for m in global_apps.get_app_config(config.label).get_models()}
            if not models:
                continue
            types = ContentType.objects.db_manager(using).filter(app_label=config.label, model__in=models)
            for permission in Permission.objects.db_manager(using).filter(content_type__in=types).select_related(
                    "content_type"):
                name = permission_name(models[permission.content_type.model], permission.codename)
                if name and name[:NAME_LENGTH] != permission.name:
                    permission.name = name[:NAME_LENGTH]
                    changed.append(permission)
    Permission.objects.db_manager(using).bulk_update(changed, ["name"])
    return len(changed)
