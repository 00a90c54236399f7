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
    assert [row for row in broken if row[1] not in (200, 302)] == []
