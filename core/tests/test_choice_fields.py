"""The list filters' model choice fields read their options once per form (core.choice_fields)."""

from django import forms
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.choice_fields import CachedModelChoiceField

GROUPS = Group.objects.filter(name__startswith="t-").order_by("name")


class GroupForm(forms.Form):
    group = CachedModelChoiceField(queryset=GROUPS, empty_label="dowolna")


class PlainGroupForm(forms.Form):
    group = forms.ModelChoiceField(queryset=GROUPS, empty_label="dowolna")


def test_options_looped_twice_are_read_with_one_query(db, django_assert_num_queries):
    Group.objects.create(name="t-b")
    Group.objects.create(name="t-a")
    form = GroupForm()
    with django_assert_num_queries(1):
        first = [label for _value, label in form.fields["group"].choices]
        second = [label for _value, label in form.fields["group"].choices]
        html = str(form["group"])
    assert first == ["dowolna", "t-a", "t-b"]
    assert second == first
    assert ">t-a</option>" in html


def test_django_s_own_field_reads_them_every_time(db):
    """The reason for the field: without it each loop of the options queries the database again."""
    Group.objects.create(name="t-a")
    form = PlainGroupForm()
    with CaptureQueriesContext(connection) as queries:
        list(form.fields["group"].choices)
        list(form.fields["group"].choices)
    assert len(queries) >= 2


def test_each_form_reads_its_own_options(db):
    """Nothing is shared between forms (requests): a new option appears in the next form."""
    Group.objects.create(name="t-a")
    assert len(list(GroupForm().fields["group"].choices)) == 2
    Group.objects.create(name="t-b")
    assert len(list(GroupForm().fields["group"].choices)) == 3


def test_a_chosen_value_is_validated_against_the_same_queryset(db):
    group = Group.objects.create(name="t-a")
    assert GroupForm({"group": group.pk}).is_valid()
    assert not GroupForm({"group": group.pk + 100}).is_valid()
