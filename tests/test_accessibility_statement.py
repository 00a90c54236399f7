"""The accessibility statement the act of 4 April 2019 requires: public, in the official structure (v2.0 of
31.07.2024), linked from every page, kept by the ROPS administrator."""

from datetime import date
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from core.models import AccessibilityStatement

pytestmark = pytest.mark.django_db

REQUIRED_IDS = ["a11y-wstep", "a11y-podmiot", "a11y-url", "a11y-data-publikacja", "a11y-data-aktualizacja",
                "a11y-status", "a11y-data-sporzadzenie", "a11y-data-przeglad", "a11y-audytor", "a11y-kontakt",
                "a11y-osoba", "a11y-email", "a11y-telefon", "a11y-procedura", "a11y-architektura", "a11y-aplikacje"]
DATES = ["a11y-data-publikacja", "a11y-data-aktualizacja", "a11y-data-sporzadzenie", "a11y-data-przeglad"]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.by_id: dict[str, tuple[str, dict]] = {}
        self.meta: dict[str, str] = {}
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.by_id[attrs["id"]] = (tag, attrs)
        if tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content", "")
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


@pytest.fixture
def page(client):
    return _parse(client.get(reverse("core:accessibility")).content.decode())


@pytest.mark.parametrize("element_id", REQUIRED_IDS)
def test_the_statement_carries_each_required_element(page, element_id):
    assert element_id in page.by_id


@pytest.mark.parametrize("element_id", DATES)
def test_its_dates_are_time_elements_in_iso(page, element_id):
    tag, attrs = page.by_id[element_id]
    assert tag == "time"
    assert date.fromisoformat(attrs["datetime"])


def test_it_states_the_seven_day_duty(client):
    assert "w ciągu 7 dni" in client.get(reverse("core:accessibility")).content.decode()


@pytest.mark.parametrize("url_name", ["accounts:login", "core:accessibility", "entities:catalogue"])
def test_every_page_links_to_it_in_the_footer_and_the_head(client, url_name):
    parsed = _parse(client.get(reverse(url_name)).content.decode())
    assert reverse("core:accessibility") in parsed.links
    assert parsed.meta["deklaracja-dostępności"].endswith(reverse("core:accessibility"))


def test_a_signed_in_page_links_to_it_too(client_for, staff):
    parsed = _parse(client_for(staff).get(reverse("core:dashboard")).content.decode())
    assert reverse("core:accessibility") in parsed.links


def _form(**changes):
    data = {"entity_name": "Regionalny Ośrodek Polityki Społecznej w Toruniu", "website_url": "https://es.rops.example.pl",
            "published_on": "2024-01-10", "updated_on": "2026-11-24", "compliance": "partial",
            "inaccessible_content": "Niektóre pliki PDF z lat 2019–2020 nie mają struktury.",
            "prepared_on": "2026-12-01", "reviewed_on": "2026-12-01", "assessment": "self", "auditor": "",
            "keyboard_and_aids": "", "contact_person": "Anna Kowalska", "contact_email": "dostepnosc@rops.example.pl",
            "contact_phone": "56 000 00 00", "architecture": "Wejście od ul. Szosa Chełmińska, bez progów.",
            "mobile_apps": ""}
    return data | changes


def test_the_administrator_edits_it_and_the_change_is_recorded(client_for, rops_admin, client):
    response = client_for(rops_admin).post(reverse("core:accessibility_edit"), _form())
    assert response.status_code == 302
    statement = AccessibilityStatement.objects.get()
    assert statement.contact_person == "Anna Kowalska"
    assert statement.history.first().history_user == rops_admin
    public = _parse(client.get(reverse("core:accessibility")).content.decode())
    assert public.by_id["a11y-data-sporzadzenie"][1]["datetime"] == "2026-12-01"


def test_a_statement_not_fully_compliant_must_say_what_is_not_accessible(client_for, rops_admin):
    response = client_for(rops_admin).post(reverse("core:accessibility_edit"), _form(inaccessible_content=""))
    assert response.status_code == 400
    assert not AccessibilityStatement.objects.exists()


@pytest.mark.parametrize("role", ["staff", "member", "pes", "board"])
def test_only_the_administrator_edits_it(client_for, cast, role):
    response = client_for(cast[role]).post(reverse("core:accessibility_edit"), _form())
    assert response.status_code == 403
    assert not AccessibilityStatement.objects.exists()
