"""What each role may and may not reach: the foundation pages one by one, then every URL pattern × every kind of
user against one table (below).
"""

import os
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.services import job_create

pytestmark = pytest.mark.django_db

ROLES = ["rops_admin", "staff", "member", "pes", "board", "outsider"]


def _status(client, url):
    return client.get(url).status_code


@pytest.mark.parametrize(
    ("role", "expected"),
    [("rops_admin", 200), ("staff", 200), ("member", 200), ("pes", 200), ("board", 200), ("outsider", 200)],
)
def test_dashboard_is_open_to_every_logged_in_user(cast, client_for, role, expected):
    assert _status(client_for(cast[role]), reverse("core:dashboard")) == expected


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("role", "expected"),
    [("rops_admin", 200), ("staff", 200), ("member", 200), ("pes", 200), ("board", 200), ("outsider", 403)],
)
def test_registry_list(cast, client_for, role, expected):
    assert _status(client_for(cast[role]), reverse("entities:list")) == expected


@pytest.mark.parametrize(
    ("role", "own", "other"),
    [("rops_admin", 200, 200), ("staff", 200, 200), ("member", 200, 200), ("board", 200, 200),
     ("pes", 200, 404), ("outsider", 404, 404)],
)
def test_entity_detail_own_and_other(cast, client_for, pes_entity, other_entity, role, own, other):
    client = client_for(cast[role])
    assert _status(client, reverse("entities:detail", args=[pes_entity.pk])) == own
    assert _status(client, reverse("entities:detail", args=[other_entity.pk])) == other


@pytest.mark.parametrize(
    ("role", "expected"),
    [("rops_admin", 200), ("staff", 200), ("member", 404), ("pes", 404), ("board", 404), ("outsider", 404)],
)
def test_audit_history_is_for_rops_staff_only(cast, client_for, pes_entity, role, expected):
    url = reverse("core:history", args=["entities", "entity", pes_entity.pk])
    assert _status(client_for(cast[role]), url) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("rops_admin", 200), ("staff", 302), ("member", 302), ("pes", 302), ("board", 302), ("outsider", 302)],
)
def test_django_admin_is_for_the_rops_administrator_only(cast, client_for, role, expected):
    assert _status(client_for(cast[role]), reverse("admin:index")) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("rops_admin", 200), ("staff", 200), ("member", 404), ("pes", 404), ("board", 404), ("outsider", 404)],
)
def test_someone_elses_job_is_hidden(cast, client_for, pes_entity, role, expected, django_capture_on_commit_callbacks):
    job = job_create(kind="audit_pdf", title="x", params={"model": "entities.Entity", "pk": pes_entity.pk},
                     by=cast["staff"] if role != "staff" else cast["rops_admin"])
    assert _status(client_for(cast[role]), reverse("core:job_detail", args=[job.pk])) == expected


def test_navigation_shows_only_what_the_role_may_open(cast, client_for):
    staff_page = client_for(cast["staff"]).get(reverse("core:dashboard")).content.decode()
    assert f'href="{reverse("entities:list")}"' in staff_page
    outsider_page = client_for(cast["outsider"]).get(reverse("core:dashboard")).content.decode()
    assert f'href="{reverse("entities:list")}"' not in outsider_page


# --- every URL pattern × every kind of user -----------------------------------------------------------------
# Against a table of expected answers:
#
# ``test_every_url_has_an_entry`` fails when a URL is added without a row in ``EXPECTED`` (or a row is left for a
# URL that is gone): a new page must say who may open it. ``test_url_answers_each_role_as_expected`` requests each
# URL as each role (GET; the Django admin is one row, its index) against a small world of objects, and compares the
# status codes. Rows are eight codes in the order of ``MATRIX_ROLES``; ``404`` for everybody means the URL names an
# object the world does not have (a placeholder id), so only "no 500" and "anonymous is not let in" are checked.
#
# A status that changes fails the test: when the change is intended, update the row (``MATRIX_PRINT=1`` prints the
# current table for review). Writes by POST are covered per app; a POST-only URL answers 405 to GET here.


MATRIX_ROLES = ["rops_admin", "staff", "member", "pes", "pes_member", "board", "outsider", "anonymous"]
MISSING = 999_999

# name: statuses for rops_admin staff member pes pes_member board outsider anonymous
EXPECTED = {
    "accounts:calendar_feed": "404 404 404 404 404 404 404 404",
    "accounts:calendar_regenerate": "405 405 405 405 405 405 405 405",
    "accounts:login": "302 302 302 302 302 302 302 200",
    "accounts:logout": "405 405 405 405 405 405 405 405",
    "accounts:mfa_recovery_codes": "405 405 405 405 405 405 405 405",
    "accounts:mfa_reset": "200 403 403 403 403 403 403 302",
    "accounts:mfa_setup": "200 200 200 200 200 200 200 302",
    "accounts:notifications": "200 200 200 200 200 200 200 302",
    "accounts:mfa_verify": "302 302 302 302 302 302 302 302",
    "accounts:password_change": "200 200 200 200 200 200 200 302",
    "accounts:password_change_done": "200 200 200 200 200 200 200 302",
    "accounts:password_reset": "200 200 200 200 200 200 200 200",
    "accounts:password_reset_complete": "200 200 200 200 200 200 200 200",
    "accounts:password_reset_confirm": "200 200 200 200 200 200 200 200",
    "accounts:password_reset_done": "200 200 200 200 200 200 200 200",
    "accounts:register": "302 302 302 302 302 302 302 200",
    "accounts:registration_approve": "405 405 405 405 405 405 405 302",
    "accounts:registration_confirm": "400 400 400 400 400 400 400 400",
    "accounts:registration_detail": "404 404 404 404 404 404 404 302",
    "accounts:registration_list": "200 200 403 403 403 403 403 302",
    "accounts:registration_reject": "405 405 405 405 405 405 405 302",
    "accounts:registration_sent": "302 302 302 302 302 302 302 302",
    "accounts:registration_status": "404 404 404 404 404 404 404 302",
    "admin:index": "200 302 302 302 302 302 302 302",
    "certification:assessment": "405 405 405 405 405 405 405 405",
    "certification:assessment_submit": "404 404 404 404 404 404 404 302",
    "certification:attachment": "404 404 404 404 404 404 404 302",
    "certification:attachment_delete": "405 405 405 405 405 405 405 405",
    "certification:attachment_upload": "405 405 405 405 405 405 405 405",
    "certification:certificate_issue": "404 404 404 404 404 404 404 302",
    "certification:certificate_pdf": "404 404 404 404 404 404 404 302",
    "certification:certificate_withdraw": "404 404 404 404 404 404 404 302",
    "certification:declare": "405 405 405 405 405 405 405 405",
    "certification:detail": "404 404 404 404 404 404 404 302",
    "certification:edition_create": "200 403 403 403 403 403 403 302",
    "certification:edition_edit": "404 403 403 403 403 403 403 302",
    "certification:editions": "200 403 403 403 403 403 403 302",
    "certification:formal_check": "405 405 405 405 405 405 405 405",
    "certification:gala": "404 404 403 403 403 403 403 302",
    "certification:list": "200 200 200 200 200 403 403 302",
    "certification:list_json": "404 404 404 404 404 404 404 404",
    "certification:list_signature": "404 404 404 404 404 404 404 404",
    "certification:register": "200 200 200 200 200 200 200 200",
    "certification:renew": "405 405 405 405 405 405 405 405",
    "certification:start": "405 405 405 405 405 405 405 405",
    "certification:step": "404 404 404 404 404 404 404 302",
    "certification:transition": "405 405 405 405 405 405 405 405",
    "certification:verify": "200 200 200 200 200 200 200 200",
    "certification:vote_again": "405 405 405 405 405 405 405 405",
    "committee:detail": "200 200 404 404 404 200 404 302",
    "committee:document": "404 404 404 404 404 404 404 302",
    "committee:document_upload": "405 405 405 405 405 405 405 405",
    "committee:interests": "404 404 404 404 404 404 404 302",
    "committee:list": "200 200 200 403 200 200 403 302",
    "committee:meeting_list": "200 200 200 403 200 200 403 302",
    "committee:meeting": "404 404 404 404 404 404 404 302",
    "committee:meeting_create": "405 405 405 405 405 405 405 405",
    "committee:member_appoint": "405 405 405 405 405 405 405 405",
    "committee:member_dismiss": "404 404 404 404 404 404 404 302",
    "committee:minutes": "405 405 405 405 405 405 405 405",
    "committee:my_interests": "404 404 404 404 404 404 404 302",
    "committee:resolution": "404 404 404 404 404 404 404 302",
    "committee:resolution_action": "405 405 405 405 405 405 405 405",
    "committee:resolution_close": "404 404 404 404 404 404 404 302",
    "committee:resolution_pdf": "404 404 404 404 404 404 404 302",
    "committee:survey": "404 404 404 404 404 404 404 302",
    "committee:survey_action": "405 405 405 405 405 405 405 405",
    "committee:survey_create": "405 405 405 405 405 405 405 405",
    "core:accessibility": "200 200 200 200 200 200 200 200",
    "core:accessibility_edit": "200 403 403 403 403 403 403 302",
    "core:dashboard": "200 200 200 200 200 200 200 302",
    "core:ezd_case_sign": "405 405 405 405 405 405 405 405",
    "core:ezd_package": "404 404 404 404 404 404 404 302",
    "core:history": "200 200 404 404 404 404 404 302",
    "core:history_pdf": "405 405 405 405 405 405 405 405",
    "core:home": "200 200 200 200 200 200 200 200",
    "core:job_detail": "404 404 404 404 404 404 404 302",
    "core:job_download": "404 404 404 404 404 404 404 302",
    "core:job_retry": "405 405 405 405 405 405 405 405",
    "core:privacy_register": "200 404 404 404 404 404 404 302",
    "core:privacy_register_xlsx": "200 404 404 404 404 404 404 302",
    "core:privacy_request": "404 404 404 404 404 404 404 302",
    "core:privacy_requests": "200 200 404 404 404 404 404 302",
    "core:privacy_settings": "200 404 404 404 404 404 404 302",
    "core:retention": "200 200 404 404 404 404 404 302",
    "core:session_extend": "405 405 405 405 405 405 405 405",
    "entities:catalogue": "200 200 200 200 200 200 200 200",
    "entities:catalogue_entity": "200 200 200 200 200 200 200 200",
    "entities:create": "200 200 403 403 403 403 403 302",
    "entities:detail": "200 200 200 200 200 200 404 302",
    "entities:edit": "200 200 403 200 403 403 404 302",
    "entities:gmina_options": "200 200 200 200 200 200 200 200",
    "entities:import": "200 200 403 403 403 403 403 302",
    "entities:import_confirm": "405 405 405 405 405 405 405 405",
    "entities:import_template": "200 200 403 403 403 403 403 302",
    "entities:list": "200 200 200 200 200 200 403 302",
    "entities:merge": "405 405 405 405 405 405 405 405",
    "entities:picker_search": "200 200 403 403 403 403 403 302",
    "entities:powiat_options": "200 200 200 200 200 200 200 200",
    "entities:ps_import": "200 200 403 403 403 403 403 302",
    "entities:ps_import_confirm": "405 405 405 405 405 405 405 405",
    "entities:registry_check": "405 405 405 405 405 405 405 405",
    "entities:registry_compare": "200 200 403 403 403 403 404 302",
    "entities:registry_create": "200 200 403 403 403 403 403 302",
    "entities:registry_lookup": "200 200 403 403 403 403 403 302",
    "entities:registry_public_fill": "200 200 200 200 200 200 200 200",
    "entities:registry_task_close": "405 405 405 405 405 405 405 405",
    "entities:registry_tasks": "200 200 403 403 403 403 403 302",
    "events:attendance": "200 200 403 404 403 403 404 302",
    "events:calendar": "200 200 200 403 200 200 403 302",
    "events:create": "200 200 403 403 403 403 403 302",
    "events:detail": "200 200 200 404 200 200 404 302",
    "events:document": "404 404 404 404 404 404 404 302",
    "events:document_add": "405 405 405 405 405 405 405 405",
    "events:edit": "200 200 403 404 403 403 404 302",
    "events:ical": "200 200 200 200 200 200 200 200",
    "events:list": "200 200 200 403 200 200 403 302",
    "events:participants_job": "405 405 405 405 405 405 405 405",
    "events:public_cancel": "404 404 404 404 404 404 404 404",
    "events:public_detail": "200 200 200 200 200 200 200 200",
    "events:public_list": "200 200 200 200 200 200 200 200",
    "events:public_registered": "302 302 302 302 302 302 302 302",
    "events:registration_cancel": "405 405 405 405 405 405 405 405",
    "events:transition": "405 405 405 405 405 405 405 405",
    "events:walk_in": "405 405 405 405 405 405 405 405",
    "healthz": "200 200 200 200 200 200 200 200",
    "monitoring:answer": "404 404 404 404 404 404 404 302",
    "monitoring:answer_by_token": "404 404 404 404 404 404 404 404",
    "monitoring:campaign": "200 200 403 403 403 200 403 302",
    "monitoring:campaign_action": "405 405 405 405 405 405 405 405",
    "monitoring:campaign_create": "405 405 405 405 405 405 405 405",
    "monitoring:campaigns": "200 200 403 403 403 200 403 302",
    "monitoring:dashboard": "200 200 403 403 403 200 403 302",
    "monitoring:figure": "200 200 403 403 403 200 403 302",
    "monitoring:import": "405 405 405 405 405 405 405 405",
    "monitoring:indicator": "404 404 404 404 404 404 404 302",
    "monitoring:my_questionnaires": "200 403 403 200 200 403 403 302",
    "monitoring:questionnaire_edit": "302 302 403 403 403 403 403 302",
    "monitoring:report": "404 404 404 404 404 404 404 302",
    "monitoring:report_create": "405 405 405 405 405 405 405 405",
    "monitoring:report_download": "404 404 404 404 404 404 404 302",
    "monitoring:report_edit": "405 405 405 405 405 405 405 405",
    "monitoring:report_generate": "405 405 405 405 405 405 405 405",
    "monitoring:report_transition": "405 405 405 405 405 405 405 405",
    "monitoring:reports": "200 200 403 403 403 200 403 302",
    "monitoring:respondents_ask": "405 405 405 405 405 405 405 405",
    "opendata:api_event_detail": "200 200 200 200 200 200 200 200",
    "opendata:api_events": "200 200 200 200 200 200 200 200",
    "opendata:api_indicator_values": "200 200 200 200 200 200 200 200",
    "opendata:api_mark": "200 200 200 200 200 200 200 200",
    "opendata:api_pes": "200 200 200 200 200 200 200 200",
    "opendata:api_pes_detail": "200 200 200 200 200 200 200 200",
    "opendata:api_programme_detail": "404 404 404 404 404 404 404 404",
    "opendata:api_programmes": "200 200 200 200 200 200 200 200",
    "opendata:api_ps": "200 200 200 200 200 200 200 200",
    "opendata:api_ps_detail": "404 404 404 404 404 404 404 404",
    "opendata:bip": "200 200 200 200 200 200 200 200",
    "opendata:bip_committee": "200 200 200 200 200 200 200 200",
    "opendata:bip_programme": "404 404 404 404 404 404 404 404",
    "opendata:bip_resolution": "404 404 404 404 404 404 404 404",
    "opendata:bip_resolutions": "200 200 200 200 200 200 200 200",
    "opendata:catalogue": "200 200 200 200 200 200 200 200",
    "opendata:dataset": "200 200 200 200 200 200 200 200",
    "opendata:dcat": "200 200 200 200 200 200 200 200",
    "opendata:dcat_dataset": "200 200 200 200 200 200 200 200",
    "opendata:download": "200 200 200 200 200 200 200 200",
    "opendata:harvester": "200 200 200 200 200 200 200 200",
    "opendata:harvester_md5": "200 200 200 200 200 200 200 200",
    "opendata:schema": "200 200 200 200 200 200 200 200",
    "opendata:schema_json": "200 200 200 200 200 200 200 200",
    "programmes:amendment_close": "405 405 405 405 405 405 405 405",
    "programmes:amendment_start": "405 405 405 405 405 405 405 405",
    "programmes:comments": "200 200 403 404 403 403 404 302",
    "programmes:compute": "405 405 405 405 405 405 405 405",
    "programmes:consultation": "404 404 404 404 404 404 404 404",
    "programmes:consultation_approve": "405 405 405 405 405 405 405 405",
    "programmes:consultation_close": "405 405 405 405 405 405 405 405",
    "programmes:consultation_report": "200 200 403 404 403 403 404 302",
    "programmes:consultation_report_pdf": "404 404 404 404 404 404 404 404",
    "programmes:detail": "200 200 200 404 200 200 404 302",
    "programmes:direction": "404 404 404 404 404 404 404 302",
    "programmes:direction_add": "404 404 404 404 404 404 404 302",
    "programmes:direction_edit": "404 404 404 404 404 404 404 302",
    "programmes:direction_remove": "404 404 404 404 404 404 404 302",
    "programmes:export": "200 200 200 404 200 200 404 302",
    "programmes:goal": "404 404 404 404 404 404 404 302",
    "programmes:goal_directions": "404 404 404 404 404 404 404 302",
    "programmes:goal_edit": "404 404 404 404 404 404 404 302",
    "programmes:import": "200 200 403 404 403 403 404 302",
    "programmes:indicator_value": "404 404 404 404 404 404 404 302",
    "programmes:indicator_values": "404 404 404 404 404 404 404 302",
    "programmes:list": "200 200 200 404 200 200 404 302",
    "programmes:plan": "404 404 404 404 404 404 404 302",
    "programmes:plans": "200 200 200 404 200 200 404 302",
    "programmes:priority": "404 404 404 404 404 404 404 302",
    "programmes:priority_edit": "404 404 404 404 404 404 404 302",
    "programmes:task_create": "404 404 404 404 404 404 404 302",
    "programmes:task_edit": "404 404 404 404 404 404 404 302",
    "programmes:transition": "405 405 405 405 405 405 405 405",
    "set_language": "302 302 302 302 302 302 302 302",
}


def url_names() -> list[str]:
    """Every named URL pattern (``namespace:name``), the Django admin as one entry."""
    names = []

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    names.append("admin:index")
                    continue
                inner = ":".join(n for n in [namespace, pattern.namespace] if n) if pattern.namespace else namespace
                walk(pattern, inner)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or f"<unnamed {pattern.pattern}>"
                names.append(f"{namespace}:{name}" if namespace else name)

    walk(get_resolver(), "")
    return sorted(set(names))


UNNAMED_SKIPPED = {"opendata:<unnamed ^api/>"}   # the API's format-suffix root: no page of its own


@pytest.fixture
def world(pes_entity, staff):
    from committee.tests.factories import CommitteeFactory
    from events.tests.factories import EventFactory
    from monitoring.tests.factories import CampaignFactory
    from programmes.tests.factories import ProgrammeFactory

    return {"entity": pes_entity, "event": EventFactory(open=True), "committee": CommitteeFactory(),
            "campaign": CampaignFactory(), "programme": ProgrammeFactory(), "staff": staff}


OBJECT_OF = {  # which object of the world a URL's ``pk`` names; anything else gets a placeholder id
    "entities:detail": "entity", "entities:edit": "entity", "entities:merge": "entity",
    "entities:catalogue_entity": "entity", "entities:registry_compare": "entity", "entities:registry_check": "entity",
    "events:detail": "event", "events:edit": "event", "events:transition": "event", "events:attendance": "event",
    "events:walk_in": "event", "events:document_add": "event", "events:public_detail": "event",
    "events:public_registered": "event", "events:participants_job": "event",
    "committee:detail": "committee", "committee:member_appoint": "committee", "committee:meeting_create": "committee",
    "committee:survey_create": "committee", "opendata:bip_committee": "committee",
    "monitoring:campaign": "campaign", "monitoring:import": "campaign", "monitoring:questionnaire_edit": "campaign",
    "monitoring:respondents_ask": "campaign", "monitoring:campaign_action": "campaign",
    "programmes:detail": "programme", "programmes:transition": "programme", "programmes:compute": "programme",
    "programmes:plans": "programme", "programmes:comments": "programme", "programmes:consultation": "programme",
    "programmes:consultation_report": "programme", "programmes:amendment_start": "programme",
    "programmes:export": "programme", "opendata:bip_programme": "programme", "opendata:api_pes_detail": "entity",
    "opendata:api_event_detail": "event", "opendata:api_programme_detail": "programme",
    "accounts:mfa_reset": "staff",
}
OTHER_ARGS = {"label": "certification.application",
              "action": "open", "step": "entity", "kind": "pes", "fmt": "pdf", "token": "x" * 43, "slug": "pes",
              "uidb64": "MQ", "name": "pes_count", "year": 2024, "number": 1, "parent": "meeting",
              "app_label": "entities", "model_name": "entity"}
FORMATS = {"programmes:export": "yaml", "opendata:download": "csv"}


def url_for(name: str, world) -> str:
    from django.urls import get_resolver as resolver

    if name == "admin:index":
        return reverse("admin:index")
    namespace, _, short = name.rpartition(":")
    possibilities = resolver().namespace_dict.get(namespace)[1].reverse_dict.getlist(short) if namespace else \
        resolver().reverse_dict.getlist(short)
    params = possibilities[0][0][0][1] if possibilities else []
    kwargs = {}
    for param in params:
        if param == "pk":
            key = OBJECT_OF.get(name)
            if name.startswith("core:job"):
                kwargs[param] = uuid.UUID(int=MISSING)
            elif name.startswith("core:history"):
                kwargs[param] = str(world["entity"].pk)
            else:
                kwargs[param] = world[key].pk if key else MISSING
        elif param.endswith("_pk"):
            kwargs[param] = MISSING
        elif param == "fmt":
            kwargs[param] = FORMATS.get(name, "pdf")
        elif param == "token" and name == "accounts:password_reset_confirm":
            kwargs[param] = "set-password"
        else:
            kwargs[param] = OTHER_ARGS[param]
    return reverse(name, kwargs=kwargs)


def statuses(name: str, world, cast_all, client) -> list[int]:
    url = url_for(name, world)
    found = []
    for role in MATRIX_ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(cast_all[role])
        response = client.get(url)
        found.append(response.status_code)
    return found


@pytest.fixture
def cast_all(cast, pes_member):
    return {**cast, "pes_member": pes_member}


def test_every_url_has_an_entry():
    names = set(url_names()) - UNNAMED_SKIPPED
    assert sorted(names - set(EXPECTED)) == [], "new URLs: add a row to EXPECTED saying who may open them"
    assert sorted(set(EXPECTED) - names) == [], "rows for URLs that are gone"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_url_answers_each_role_as_expected(name, world, cast_all, client):
    found = statuses(name, world, cast_all, client)
    if os.environ.get("MATRIX_PRINT"):
        print(f'MATRIX    "{name}": "{" ".join(map(str, found))}",')  # noqa: T201 - the table for review
    assert 500 not in found
    assert " ".join(map(str, found)) == EXPECTED[name]


def test_anonymous_reaches_only_public_pages():
    """A 200 for anonymous is a decision: the public pages, listed here once more."""
    public = {name for name, row in EXPECTED.items() if row.split()[-1] == "200"}
    assert public == PUBLIC


PUBLIC = {
    "accounts:login", "accounts:password_reset", "accounts:password_reset_complete",
    "accounts:password_reset_confirm", "accounts:password_reset_done", "accounts:register", "certification:register",
    "certification:verify", "core:accessibility", "core:home", "entities:catalogue", "entities:catalogue_entity",
    "entities:gmina_options", "entities:powiat_options", "entities:registry_public_fill", "events:ical",
    "events:public_detail", "events:public_list", "healthz", "opendata:api_event_detail", "opendata:api_events",
    "opendata:api_indicator_values", "opendata:api_mark", "opendata:api_pes", "opendata:api_pes_detail",
    "opendata:api_programmes", "opendata:api_ps", "opendata:bip", "opendata:bip_committee", "opendata:bip_resolutions",
    "opendata:catalogue", "opendata:dataset", "opendata:dcat", "opendata:dcat_dataset", "opendata:download",
    "opendata:harvester", "opendata:harvester_md5", "opendata:schema", "opendata:schema_json",
}
