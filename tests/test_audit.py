import pytest
from django.urls import reverse

from core.audit import audit_rows

pytestmark = pytest.mark.django_db

HISTORY_PAGE_QUERIES = 9


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


def _history_of(entity, changes: int, powiaty) -> None:
    for n in range(changes):
        entity.short_name = f"Zmiana {n}"
        entity.save()
        entity.activity_area.set(powiaty[: n % 3])


@pytest.fixture
def two_powiaty(db):
    from entities.models import Territory

    return list(Territory.objects.filter(level="powiat").order_by("code")[:2])


def test_history_rows_match_simple_history_diff_including_many_to_many(pes_entity, two_powiaty):
    _history_of(pes_entity, 4, two_powiaty)
    records = list(pes_entity.history.order_by("history_date", "history_id"))
    expected = [sorted(c.field for c in new.diff_against(old).changes)
                for old, new in zip(records, records[1:], strict=False) if new.history_type == "~"]
    from core.audit import _label

    shown = [sorted(c.field for c in row.changes) for row in reversed(audit_rows(pes_entity)[:-1])]
    assert shown == [[_label(type(pes_entity), f) for f in fields] for fields in expected]


def test_a_many_to_many_change_shows_old_and_new_rows(pes_entity, two_powiaty):
    pes_entity.activity_area.set(two_powiaty[:1])
    newest = audit_rows(pes_entity)[0]
    assert [(c.old, c.new) for c in newest.changes] == [
        ("[]", str([{"entity": pes_entity.pk, "territory": two_powiaty[0].pk}]))]


@pytest.mark.parametrize("changes", [1, 30])
def test_history_page_queries_do_not_grow_with_the_history(client_for, staff, pes_entity, two_powiaty, changes,
                                                           django_assert_num_queries):
    _history_of(pes_entity, changes, two_powiaty)
    client = client_for(staff)
    url = reverse("core:history", args=["entities", "entity", pes_entity.pk])
    client.get(url)  # the session and permission caches of a logged-in client, as in every later request
    with django_assert_num_queries(HISTORY_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


def test_history_pdf_reads_a_fixed_number_of_queries(pes_entity, two_powiaty, django_assert_num_queries):
    from core.audit import audit_log

    _history_of(pes_entity, 30, two_powiaty)
    with django_assert_num_queries(2):  # the versions with their authors, the area of activity
        log = audit_log(pes_entity)
    assert len(log.rows) > 30
