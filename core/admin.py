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
