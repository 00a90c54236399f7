import pytest
from django.urls import reverse

from core.audit import audit_rows

pytestmark = pytest.mark.django_db


def test_audit_rows_say_who_changed_which_field(client_for, staff, pes_entity):
    pes_entity.short_name = "Zmieniona"
    pes_entity._history_user = staff
    pes_entity.save()
    newest, created = audit_rows(pes_entity)
    assert created.action == "utworzono"
    assert newest.who == str(staff) and newest.action == "zmieniono"
    assert [(c.old, c.new) for c in newest.changes] == [("SS Test", "Zmieniona")]


def test_changes_made_through_a_web_request_record_the_user(client_for, rops_admin, staff):
    client = client_for(rops_admin)
    response = client.post(reverse("admin:accounts_user_change", args=[staff.pk]), {
        "email": staff.email, "first_name": staff.first_name, "last_name": staff.last_name, "phone": "600100200",
        "is_active": "on", "groups": list(staff.groups.values_list("pk", flat=True)),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    newest = audit_rows(staff)[0]
    assert newest.who == str(rops_admin)
    assert [(c.field, c.new) for c in newest.changes] == [("telefon", "600100200")]


def test_unknown_or_unaudited_model_is_404(client_for, staff):
    client = client_for(staff)
    assert client.get(reverse("core:history", args=["core", "job", "1"])).status_code == 404
    assert client.get(reverse("core:history", args=["nope", "thing", "1"])).status_code == 404
