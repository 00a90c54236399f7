"""Pages link only to what the viewer may open: every link of the navigation and of the home page answers."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["rops_admin", "staff", "member", "pes", "board", "outsider"]


@pytest.mark.parametrize("role", ROLES)
def test_every_link_of_the_home_page_opens(cast, client_for, role):
    client = client_for(cast[role])
    page = client.get(reverse("core:dashboard")).content.decode()
    links = sorted({href for href in re.findall(r'href="(/[^"#]*)"', page)
                    if not href.startswith(("/static/", "/admin/", "/konto/wylogowanie/"))})
    broken = [(href, client.get(href).status_code) for href in links]
    assert [row for row in broken if row[1] != 200] == []


# --- the same with a pending matter of each kind on the page (tests/home_worlds.py) -----------------------------

def _links(page: str) -> list[str]:
    return sorted({href.replace("&amp;", "&") for href in re.findall(r'href="(/[^"#]*)"', page)
                   if not href.startswith(("/static/", "/admin/", "/konto/wylogowanie/"))})


@pytest.mark.parametrize("role", ["staff", "board", "member", "pes"])
def test_every_link_of_a_full_home_page_opens_for_its_role(cast, client_for, pes_entity, role):
    from tests.home_worlds import WORLDS, Cast

    WORLDS[role](Cast(staff=cast["staff"], pes=cast["pes"], entity=pes_entity, member=cast["member"]))
    client = client_for(cast[role])
    links = _links(client.get(reverse("core:dashboard")).content.decode())
    refused = [(href, response.status_code) for href in links
               if (response := client.get(href)).status_code != 200]
    assert refused == []


def test_every_link_of_the_public_entrance_opens_without_login(client):
    links = _links(client.get("/").content.decode())
    refused = [(href, response.status_code) for href in links
               if (response := client.get(href)).status_code != 200]
    assert refused == []
