import pytest
from django.urls import reverse

from core.audit import audit_rows

pytestmark = pytest.mark.django_db

HISTORY_PAGE_QUERIES = 10  # the count of versions, a page of them, the territories the changed values name


def test_audit_rows_say_who_changed_which_field(client_for, staff, pes_entity):
    pes_entity.short_name = "Zmieniona"
    pes_entity._history_user = staff
    pes_entity.save()
    newest, created = audit_rows(pes_entity)
    assert created.action == "utworzono"
    assert newest.who == str(staff)
    assert newest.action == "zmieniono"
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
    assert [(c.old, c.new) for c in newest.changes] == [("—", str(two_powiaty[0]))]


@pytest.mark.parametrize("changes", [2, 30])
def test_history_page_queries_do_not_grow_with_the_history(client_for, staff, pes_entity, two_powiaty, changes,
                                                           django_assert_num_queries):
    _history_of(pes_entity, changes, two_powiaty)
    client = client_for(staff)
    url = reverse("core:history", args=["entities", "entity", pes_entity.pk])
    client.get(url)  # the session and permission caches of a logged-in client, as in every later request
    with django_assert_num_queries(HISTORY_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


def test_the_history_page_is_paged_and_each_page_shows_the_same_rows_as_the_whole_history(
        client_for, staff, pes_entity, two_powiaty):
    """Over a hundred versions: 50 a page, newest first, the last page ending with the creation; the oldest
    change of each page is read against the newest version of the next page (not against nothing)."""
    from core.audit import HISTORY_PAGE_SIZE, audit_log_page

    _history_of(pes_entity, 60, two_powiaty)
    whole = audit_rows(pes_entity)
    first, page = audit_log_page(pes_entity, "1")
    pages = page.paginator.num_pages
    assert pages == -(-len(whole) // HISTORY_PAGE_SIZE) >= 2
    shown = [audit_log_page(pes_entity, str(n))[0].rows for n in range(1, pages + 1)]
    assert [row for rows in shown for row in rows] == whole
    assert len(first.rows) == HISTORY_PAGE_SIZE and first.rows[-1].changes
    assert shown[-1][-1].action == "utworzono"
    assert audit_log_page(pes_entity, "nie-liczba")[0].rows == first.rows      # anything else: the first page
    assert audit_log_page(pes_entity, "999")[0].rows == shown[-1]              # past the end: the last
    response = client_for(staff).get(reverse("core:history", args=["entities", "entity", pes_entity.pk]),
                                     {"page": "2"})
    body = response.content.decode()
    last = min(2 * HISTORY_PAGE_SIZE, len(whole))
    assert f"Zmiany {HISTORY_PAGE_SIZE + 1}–{last} z {len(whole)}, od najnowszej." in body
    assert body.count("<tr>") == len(shown[1]) + 1             # the header row and the page's rows only


def test_an_object_without_recorded_versions_has_an_empty_first_page(staff):
    from core.audit import audit_log_page

    staff.history.all().delete()
    log, page = audit_log_page(staff, None)
    assert log.rows == () and page.paginator.count == 0


def test_history_pdf_reads_a_fixed_number_of_queries(pes_entity, two_powiaty, django_assert_num_queries):
    from core.audit import audit_log

    _history_of(pes_entity, 30, two_powiaty)
    with django_assert_num_queries(3):  # the versions with their authors, the area of activity, its territories
        log = audit_log(pes_entity)
    assert len(log.rows) > 30


def _changes_on_page(client, obj) -> dict[str, str]:
    import html
    import re

    url = reverse("core:history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])
    page = client.get(url).content.decode()
    return {html.unescape(field): html.unescape(change) for field, change in
            re.findall(r"<div><strong>([^<]*)</strong>: ([^<]*)</div>", page)}


def test_history_page_shows_values_as_a_person_reads_them(client_for, staff, pes_entity, other_entity):
    from datetime import date

    from entities.models import Entity, LegalForm, Territory

    gmina = Territory.objects.filter(level="gmina").order_by("code").first()
    pes_entity.legal_form, pes_entity.is_active = LegalForm.FOUNDATION, False
    pes_entity.closed_on, pes_entity.seat, pes_entity.parent = date(2026, 12, 1), gmina, other_entity
    pes_entity.save()
    shown = _changes_on_page(client_for(staff), pes_entity)
    label = {name: str(Entity._meta.get_field(name).verbose_name) for name in
             ("is_active", "closed_on", "legal_form", "seat", "parent")}
    assert shown[label["is_active"]] == "tak → nie"
    assert shown[label["closed_on"]] == "— → 1.12.2026"
    assert shown[label["legal_form"]].endswith(f" → {LegalForm.FOUNDATION.label}")
    assert shown[label["seat"]] == f"— → {gmina}"
    assert shown[label["parent"]] == f"— → {other_entity}"


def test_history_page_shows_frozen_rules_by_the_committee_fields_names(client_for, staff):
    from committee.models import Resolution
    from committee.tests.factories import CommitteeFactory

    resolution = Resolution.objects.create(committee=CommitteeFactory(), year=2026, sequence=1, title="Uchwała")
    resolution.rules = {"quorum_percent": 50, "majority": "simple", "chair_casting_vote": True}
    resolution.save()
    shown = _changes_on_page(client_for(staff), resolution)
    assert shown["zastosowany regulamin"] == ("— → kworum (% członków): 50; większość: zwykła większość; "
                                              "przy równej liczbie głosów decyduje głos przewodniczącego: tak")


def test_history_page_names_the_keys_of_a_recorded_tally_in_polish(client_for, staff):
    from committee.models import Resolution
    from committee.tests.factories import CommitteeFactory

    resolution = Resolution.objects.create(committee=CommitteeFactory(), year=2026, sequence=2, title="Uchwała")
    resolution.result = {"votes_for": 5, "votes_against": 1, "quorum_met": True, "reason": "simple_majority"}
    resolution.save()
    shown = _changes_on_page(client_for(staff), resolution)
    assert shown[str(Resolution._meta.get_field("result").verbose_name)] == (
        "— → za: 5; przeciw: 1; kworum osiągnięte: tak")


def test_a_json_value_is_shown_in_the_apps_order_whatever_order_the_database_kept_its_keys_in():
    """PostgreSQL's jsonb hands keys back shortest first; the page shows them in the order the app names them
    (then by the model's fields), so the same change reads the same on SQLite and PostgreSQL."""
    from committee.models import Resolution
    from core.audit import readable_value

    as_jsonb_keeps_it = {"reason": "simple_majority", "votes_for": 5, "quorum_met": True, "votes_against": 1}
    assert readable_value(Resolution, "result", as_jsonb_keeps_it) == "za: 5; przeciw: 1; kworum osiągnięte: tak"
    rules = {"majority": "simple", "quorum_percent": 50, "chair_casting_vote": True}
    assert readable_value(Resolution, "rules", rules).startswith("kworum (% członków): 50; większość:")
