"""The project's admin changelists select what they display: a page of rows costs the same queries as one row."""

import pytest
from django.contrib import admin
from django.db.models import ForeignKey
from django.urls import reverse

from entities.models import Entity, Territory

pytestmark = pytest.mark.django_db

# Session, user, the count (twice: filtered and total), the page with its seats, the admin's own tables.
CHANGELIST_QUERIES = 8

PROJECT_APPS = {"accounts", "core", "entities", "events", "committee", "certification", "monitoring", "programmes",
                "opendata"}


def _project_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in PROJECT_APPS]


@pytest.mark.parametrize(("model", "model_admin"), _project_admins(), ids=lambda x: getattr(x, "__name__", ""))
def test_every_foreign_key_shown_in_a_changelist_is_selected_with_it(model, model_admin):
    shown = []
    for name in model_admin.list_display:
        names = {f.name for f in model._meta.get_fields()}
        field = model._meta.get_field(name) if isinstance(name, str) and name in names else None  # not "__str__"
        if isinstance(field, ForeignKey):
            shown.append(name)
    selected = model_admin.list_select_related
    assert selected is True or all(any(s == f or s.startswith(f"{f}__") for s in selected or ()) for f in shown)


@pytest.mark.parametrize("rows", [1, 30])
def test_the_entity_changelist_reads_a_fixed_number_of_queries(client_for, rops_admin, rows,
                                                               django_assert_num_queries):
    seats = list(Territory.objects.seats()[:3])
    Entity.objects.bulk_create([Entity(name=f"Fundacja {n}", seat=seats[n % len(seats)]) for n in range(rows)])
    client = client_for(rops_admin)
    url = reverse("admin:entities_entity_changelist")
    client.get(url)
    with django_assert_num_queries(CHANGELIST_QUERIES):
        response = client.get(url)
    assert response.status_code == 200

