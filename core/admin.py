"""Django admin, for every app: a nullable yes/no field's filter says "dowolny" for any value and "nie podano"
for no value, instead of Django's "Wszystko" beside "Nieznane" (which reads as if the value were "unknown")."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext as django_gettext
from django.utils.translation import pgettext_lazy

ANY = pgettext_lazy("filter: any value", "any")
NOT_GIVEN = pgettext_lazy("filter: no value recorded", "not given")


class NullableBooleanFilter(admin.BooleanFieldListFilter):
    def choices(self, changelist):
        items = list(super().choices(changelist))
        items[0]["display"] = ANY
        if self.field.null and None not in dict(self.field.flatchoices):
            items[-1]["display"] = str(items[-1]["display"]).replace(django_gettext("Unknown"), str(NOT_GIVEN), 1)
        return items


admin.FieldListFilter.register(lambda f: isinstance(f, models.BooleanField) and f.null, NullableBooleanFilter,
                               take_priority=True)


class LabelledInlineMixin:
    """An inline's fields with an accessible name: a tabular inline shows its fields in table cells under a
    column header, with no ``<label>``, so a screen reader announces an unnamed box (the delete box too). Each
    field's widget gets ``aria-label`` "<field>, row <n>" (the blank form for a new row: "<field>, new row")."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for field in form.fields.values():
                    if field.widget.is_hidden:
                        continue
                    label = field.label or ""
                    name = (ROW_LABEL % {"field": label, "row": index + 1} if index is not None
                            else NEW_ROW_LABEL % {"field": label})
                    field.widget.attrs["aria-label"] = str(name)

        return LabelledFormSet


ROW_LABEL = pgettext_lazy("admin inline field", "%(field)s, row %(row)d")
NEW_ROW_LABEL = pgettext_lazy("admin inline field", "%(field)s, new row")


class TabularInline(LabelledInlineMixin, admin.TabularInline):
    """The project's tabular inline (``core.admin.TabularInline``): every field named for assistive technology."""


class StackedInline(LabelledInlineMixin, admin.StackedInline):
    """The project's stacked inline: its fields have labels, and the delete box a name as well."""
