"""The Django admin, which the ROPS administrator uses, speaks Polish: every field of every model of the project
has an explicit, translated verbose_name (never the one Django makes from the attribute), and so do the
historical models of django-simple-history."""

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

PROJECT_APPS = {"accounts", "core", "entities", "programmes", "committee", "certification", "events", "monitoring",
                "opendata"}


def project_models():
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS
            and not m.__name__.startswith("Historical")]


def test_every_field_has_an_explicit_translated_verbose_name():
    missing = [f"{model._meta.label}.{field.name}" for model in project_models()
               for field in model._meta.get_fields()
               if field.concrete and not field.auto_created and not isinstance(field.verbose_name, Promise)]
    assert not missing, missing


def test_every_field_name_reads_in_polish():
    with translation.override("pl"):
        from django.utils.translation import trans_real

        catalog = trans_real.translation("pl")
        untranslated = [f"{model._meta.label}.{field.name}: {field.verbose_name._args[0]}"
                        for model in project_models() for field in model._meta.get_fields()
                        if field.concrete and not field.auto_created and isinstance(field.verbose_name, Promise)
                        and catalog.gettext(field.verbose_name._args[0]) == field.verbose_name._args[0]
                        and field.verbose_name._args[0] not in SAME_IN_POLISH]
    assert not untranslated, untranslated


SAME_IN_POLISH = {"status", "token", "respondent", "operator", "e-mail", "email", "REGON", "NIP", "KRS", "PESEL",
                  "URL", "PDF", "minimum", "subregion (powiaty)", "powiat (TERYT)"}


@pytest.mark.parametrize("model_label", ["entities.Entity", "committee.Resolution"])
def test_historical_models_are_named_in_polish(model_label):
    model = apps.get_model(model_label)
    historical = model.history.model
    with translation.override("pl"):
        assert str(historical._meta.verbose_name).startswith("historia")
