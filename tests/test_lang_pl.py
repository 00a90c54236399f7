"""Polish data inside the English interface carries lang="pl" (WCAG 3.1.2): screen readers switch to Polish
pronunciation for entity names and the programme's texts; in the Polish interface nothing is marked."""

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from programmes.tests.factories import DirectionFactory

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_entity_names_are_marked_polish_in_english(client_for, staff, pes_entity):
    html = english(client_for(staff)).get(reverse("entities:list")).content.decode()
    assert '<html lang="en">' in html
    assert '<span lang="pl">Spółdzielnia Socjalna Test</span>' in html


def test_programme_texts_are_marked_polish_in_english(client_for, staff):
    direction = DirectionFactory(text="Wsparcie spółdzielni socjalnych")
    programme = direction.goal.priority.programme
    html = english(client_for(staff)).get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    assert '<span lang="pl">Wsparcie spółdzielni socjalnych</span>' in html
    assert f'<span lang="pl">{programme.name}</span>' in html


def test_nothing_is_marked_in_the_polish_interface(client_for, staff, pes_entity):
    html = client_for(staff).get(reverse("entities:list")).content.decode()
    assert 'lang="pl">Spółdzielnia' not in html


def test_the_filter_escapes():
    with translation.override("en"):
        out = Template("{{ v|pl }}").render(Context({"v": "<b>&"}))
    assert out == '<span lang="pl">&lt;b&gt;&amp;</span>'
