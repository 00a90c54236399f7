"""The application stepper says which steps are done and which need completing (in text), and the review step
links each missing item to an existing step."""

import re

import pytest
from django.urls import reverse

from certification import services
from certification.tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(pes, pes_entity):
    return services.application_create(edition=EditionFactory(), entity=pes_entity, by=pes)


def step_link_text(html, application, step):
    url = reverse("certification:step", args=[application.pk, step])
    return re.search(rf'href="{re.escape(url)}"[^>]*>(.*?)</a>', html, re.S).group(1)


def test_the_stepper_marks_completed_steps_and_steps_to_complete(client_for, pes, application):
    html = client_for(pes).get(reverse("certification:step", args=[application.pk, "entity"])).content.decode()
    # Prefilled from the registry but without social aims: the first step needs completing.
    assert "(wymaga uzupełnienia)" in step_link_text(html, application, "entity")
    services.application_save_fields(application=application, by=pes, social_aims="Zatrudnienie osób wykluczonych")
    html = client_for(pes).get(reverse("certification:step", args=[application.pk, "items"])).content.decode()
    assert "(ukończony)" in step_link_text(html, application, "entity")
    assert "(wymaga uzupełnienia)" in step_link_text(html, application, "items")


def test_every_link_of_the_review_step_opens(client_for, pes, application):
    client = client_for(pes)
    html = client.get(reverse("certification:step", args=[application.pk, "review"])).content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0] if "<main" in html else html
    links = set(re.findall(r'<a [^>]*href="(/[^"#]*)"', main))
    step_links = {link for link in links if "/krok/" in link}
    assert len(step_links) >= 6  # each step of the stepper, and the missing items link to them
    assert reverse("certification:step", args=[application.pk, "declarations"]) in step_links
    for link in links:
        assert client.get(link).status_code == 200, link
