"""``{% form_field %}`` writes the markup crispy writes for the same field (compared as HTML), so a page that
uses it for speed (the registry's filter) keeps crispy's labels, classes and accessibility."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.template import Context, Template
from django.test.html import parse_html

from core.templatetags.fields import form_field
from entities.filters import EntityFilter
from entities.models import Entity

pytestmark = pytest.mark.django_db


class _Form(forms.Form):
    name = forms.CharField(label="Nazwa <i>", required=False, help_text="Pełna nazwa & skrót", max_length=20)
    kind = forms.ChoiceField(label="Rodzaj", required=False, choices=[("", "dowolny"), ("a", "A & B"), ("b", "C")])
    code = forms.CharField(label="Kod", required=False, widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                                                      "class": "w-auto"}))


def _same(bound) -> None:
    assert parse_html(str(form_field(bound))) == parse_html(str(as_crispy_field(bound)))


@pytest.mark.parametrize("data", [{}, {"q": 'Dom "pod" <lipą>', "group": "ngo", "powiat": "0461", "ps": "true",
                                       "is_active": "false", "ordering": "-name", "legal_form": "foundation"}])
def test_every_registry_filter_field_is_written_as_crispy_writes_it(data):
    form = EntityFilter(data, queryset=Entity.objects.none()).form
    for name in ("q", "group", "legal_form", "powiat", "ps", "is_active", "ordering"):
        _same(form[name])


def test_help_text_attributes_and_escaping_are_those_of_crispy():
    form = _Form({"name": "<b>x</b>", "kind": "a", "code": "12"})
    for name in ("name", "kind", "code"):
        _same(form[name])
    assert "&lt;b&gt;" in str(form_field(form["name"]))


def test_a_field_with_errors_is_marked_invalid_and_says_why():
    form = _Form({"name": "x" * 30})
    assert not form.is_valid()
    html = str(form_field(form["name"]))
    assert "is-invalid" in html
    assert "invalid-feedback" in html
    assert form.errors["name"][0] in html.replace("&#x27;", "'")


def test_other_fields_are_left_to_crispy():
    class Required(forms.Form):
        name = forms.CharField(label="Nazwa")
        agree = forms.BooleanField(label="Zgoda", required=False)

    form = Required()
    assert str(form_field(form["name"])) == str(as_crispy_field(form["name"]))
    assert str(form_field(form["agree"])) == str(as_crispy_field(form["agree"]))


def test_the_tag_is_available_in_templates():
    form = _Form()
    html = Template("{% load fields %}{% form_field form.kind %}").render(Context({"form": form}))
    assert 'id="div_id_kind"' in html
    assert '<label for="id_kind" class="form-label">Rodzaj</label>' in html
