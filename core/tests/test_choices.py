import pytest
from django.db.models import Model
from django.utils import translation

from core.choices import choice_label
from entities.models import Entity, LegalForm, legal_form_label
from events.models import ParticipantCategory, Registration


@pytest.mark.parametrize("language", ["pl", "en"])
def test_labels_are_those_django_shows_in_each_language(language):
    field = Registration._meta.get_field("category")
    with translation.override(language):
        for value in ParticipantCategory.values:
            registration = Registration(category=value)
            assert registration.get_category_display() == Model._get_FIELD_display(registration, field)


def test_a_value_that_is_not_a_choice_shows_as_it_is():
    assert Registration(category="nieznana").get_category_display() == "nieznana"


def test_the_labels_follow_the_active_language():
    field = Entity._meta.get_field("legal_form")
    with translation.override("en"):
        english = choice_label(field, LegalForm.FOUNDATION)
    with translation.override("pl"):
        polish = choice_label(field, LegalForm.FOUNDATION)
    assert (english, polish) == ("foundation", "fundacja")


def test_labels_are_translated_once_per_language(monkeypatch):
    field = Registration._meta.get_field("category")
    with translation.override("pl"):
        choice_label(field, ParticipantCategory.PES)
        monkeypatch.setattr(type(field), "flatchoices", property(lambda self: pytest.fail("translated again")))
        assert Registration(category=ParticipantCategory.PES).get_category_display()


def test_the_legal_form_label_is_the_same_helper():
    with translation.override("pl"):
        entity = Entity(legal_form=LegalForm.FOUNDATION)
        assert legal_form_label(LegalForm.FOUNDATION) == entity.get_legal_form_display()
