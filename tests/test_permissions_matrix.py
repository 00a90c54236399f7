"""What each role may and may not reach in the foundation (one row per role and page)."""

import pytest
from django.urls import reverse

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
