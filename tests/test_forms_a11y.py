"""Forms speak Polish from the page, not the browser: every form is `novalidate`, every crispy form opens with
the error summary (linked to its fields; the focus goes there), and each application step has its own title."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from certification import services
from certification.forms import STEP_NAMES
from certification.tests.factories import EditionFactory

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "certification", "committee", "core", "entities", "events", "monitoring", "programmes",
        "opendata", "templates"]


def web_templates():
    for app in APPS:
        for path in (ROOT / app).rglob("*.html"):
            if "/pdf/" not in str(path) and "/email/" not in str(path):
                yield path


def test_every_form_of_the_project_is_novalidate():
    missing = [f"{path.relative_to(ROOT)}: {tag[:80]}" for path in web_templates()
               for tag in re.findall(r"<form\b[^>]*>", path.read_text()) if "novalidate" not in tag]
    assert not missing, "\n".join(missing)


@pytest.fixture
def application(pes, pes_entity):
    return services.application_create(edition=EditionFactory(), entity=pes_entity, by=pes)


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


@pytest.mark.django_db
def test_each_application_step_has_its_own_title(client_for, pes, application):
    client = client_for(pes)
    titles = [title(client.get(reverse("certification:step", args=[application.pk, s])).content.decode())
              for s in STEP_NAMES]
    assert len(set(titles)) == len(STEP_NAMES)
    assert titles[0].startswith("Krok 1 z 7: Podmiot i kontakt")


@pytest.mark.django_db
def test_a_step_with_errors_says_so_in_its_title_and_summary(client_for, pes, application):
    response = client_for(pes).post(reverse("certification:step", args=[application.pk, "finances"]), {
        "revenue_period": "2025", "total_revenue": "1000", "own_revenue": "5000"})
    html = response.content.decode()
    assert title(html).startswith("Błąd: Krok 4 z 7")
    assert 'id="error-summary"' in html


@pytest.mark.django_db
def test_a_formset_step_with_errors_opens_with_a_summary_linked_to_the_field(client_for, pes, application):
    response = client_for(pes).post(reverse("certification:step", args=[application.pk, "items"]), {
        "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-0-kind": "service",
        "items-0-name": "", "items-0-category": "gastronomia", "items-0-description": ""})
    html = response.content.decode()
    summary = html[html.index('id="error-summary"'):]
    assert 'href="#id_items-0-name"' in summary[:summary.index("</div>")]


@pytest.mark.django_db
def test_every_crispy_form_with_errors_opens_with_the_summary(client_for, staff):
    """A form that does not include the summary itself gets it through the crispy template (bootstrap5/errors.html)."""
    response = client_for(staff).post(reverse("monitoring:campaign_create"), {"year": "", "title": ""})
    html = response.content.decode()
    assert html.count('id="error-summary"') == 1
