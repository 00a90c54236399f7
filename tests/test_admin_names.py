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


def test_permissions_are_named_in_polish_after_migrate(db):
    from django.contrib.auth.models import Permission
    from django.core.management import call_command

    Permission.objects.filter(codename__in=["add_entity", "view_historicalentity"]).update(name="Can add entity")
    call_command("migrate", verbosity=0)  # nothing to apply: post_migrate still runs
    names = dict(Permission.objects.filter(content_type__app_label="entities").values_list("codename", "name"))
    assert names["add_entity"] == "Może dodawać: podmiot"
    assert names["change_entity"] == "Może zmieniać: podmiot"
    assert names["delete_entity"] == "Może usuwać: podmiot"
    assert names["view_historicalentity"] == "Może przeglądać: historia: podmiot"
    english = list(Permission.objects.filter(name__startswith="Can ", content_type__app_label__in=PROJECT_APPS)
                   .values_list("content_type__app_label", "codename", "name"))
    assert not english, english


def test_every_inline_of_the_admin_names_its_fields():
    from django.contrib import admin

    from core.admin import LabelledInlineMixin

    plain = [f"{model._meta.label}: {inline.__name__}" for model, model_admin in admin.site._registry.items()
             if model._meta.app_label in PROJECT_APPS
             for inline in model_admin.inlines if not issubclass(inline, LabelledInlineMixin)]
    assert not plain, plain


def _unnamed_fields(html: str) -> list[str]:
    """Form fields without an accessible name: no aria-label, no <label for>, not inside a <label>."""
    import re

    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', html))
    wrapped = {m for block in re.findall(r"(?s)<label\b[^>]*>(.*?)</label>", html)
               for m in re.findall(r"<(?:input|select|textarea)\b[^>]*>", block)}
    unnamed = []
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if re.search(r'type="(hidden|submit|button)"', tag) or "aria-label=" in tag or tag in wrapped:
            continue
        field_id = re.search(r'\bid="([^"]+)"', tag)
        if field_id is None or field_id.group(1) not in labelled:
            unnamed.append(tag)
    return unnamed


def test_inline_and_select_fields_of_an_admin_page_have_an_accessible_name(client_for, rops_admin, pes_entity):
    import re

    from django.urls import reverse

    pes_entity.contacts.create(name="Anna Kowalska", email="anna@example.pl")
    client = client_for(rops_admin)
    page = client.get(reverse("admin:entities_entity_change", args=[pes_entity.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert not _unnamed_fields(html), _unnamed_fields(html)
    assert re.search(r'aria-label="[^"]+, wiersz 1"', html)
    assert re.search(r'aria-label="[^"]+, nowy wiersz"', html)
    for name in ["admin:entities_entity_changelist", "admin:committee_committee_add", "admin:programmes_programme_add"]:
        html = client.get(reverse(name)).content.decode()
        assert not _unnamed_fields(html), (name, _unnamed_fields(html))
