"""A model choice field whose options are read with one plain query per form.

Django's ``ModelChoiceIterator`` reads the options with ``queryset.iterator()``: on PostgreSQL a server-side
cursor (DECLARE, FETCH, CLOSE: three round trips and a transaction's cursor) every time the choices are looped,
and a list page loops them more than once (the widget, the accessible label of the chosen value). A select of a
few dozen options gains nothing from streaming; this iterator evaluates the field's own queryset once and loops
its cached rows after that. The field's queryset is copied per form instance (``ModelChoiceField.__deepcopy__``),
so nothing is shared between requests.
"""

import django_filters
from django import forms
from django.forms.models import ModelChoiceIterator


class CachedModelChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # evaluated once, then the queryset's result cache
            yield self.choice(obj)


class CachedModelChoiceField(forms.ModelChoiceField):
    iterator = CachedModelChoiceIterator


class CachedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's model choice filter on ``CachedModelChoiceField`` (the list pages' filter forms)."""

    field_class = CachedModelChoiceField
