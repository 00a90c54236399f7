import pytest
from django import forms

from core.widgets import NullBooleanSelect, Select

CHOICES = [("", "---------"), ("a", "Ala & ma"), ("Grupa", [("b", "B"), ("c", "C")]), (1, "jeden")]


@pytest.mark.parametrize("value", ["", "a", "c", 1, None])
def test_the_select_writes_the_same_markup_as_django(value):
    attrs = {"class": "form-select", "id": "id_x", "aria-describedby": "x_help"}
    ours = Select(attrs=attrs, choices=CHOICES).render("x", value)
    django = forms.Select(attrs=attrs, choices=CHOICES).render("x", value)
    assert ours == django


@pytest.mark.parametrize("value", [None, True, False])
def test_the_yes_no_select_writes_the_same_markup_as_django(value):
    assert NullBooleanSelect().render("ps", value) == forms.NullBooleanSelect().render("ps", value)


def test_the_registry_filter_uses_it():
    from entities.filters import EntityFilter

    form = EntityFilter().form
    assert all(isinstance(form.fields[name].widget, Select | NullBooleanSelect)
               for name in ("group", "legal_form", "powiat", "ps", "is_active", "ordering"))
