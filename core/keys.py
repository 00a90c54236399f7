"""Posted values that should be keys of rows but are not: refused with the form's message, never a 500.

Two places in Django look posted values up without checking them first:

- ``ModelMultipleChoiceField._check_values`` filters ``pk__in=[…]``: a 30-digit number overflows SQLite's integer
  (``OverflowError``) or PostgreSQL's bigint (``DataError``);
- the admin's ``AutocompleteMixin.optgroups`` looks the posted values up again to show them when a form comes
  back with errors: "abc", "²" or a 30-digit number raise ``ValueError`` there, a 500 on every admin form with an
  ``autocomplete_fields`` entry.

``install()`` (from ``CoreConfig.ready``) wraps both once, for every form and admin, present and future: the field
refuses such a value with its "not a valid value" message and the widget leaves it out. Forms of the apps use
``core.request_data.posted_id`` (the same rule, ``is_key_value`` below).
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import ValidationError
from django.db import models

from .request_data import posted_id


def is_key_value(field: models.Field, value) -> bool:
    """Whether ``value`` can be looked up in ``field`` (a primary key or the target of a foreign key)."""
    if value is None or value == "":
        return True
    if isinstance(field, models.IntegerField):   # AutoField and BigAutoField too
        return posted_id(str(value)) != 0
    try:
        field.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    return True


def install() -> None:
    if getattr(AutocompleteMixin.optgroups, "_keeps_only_keys", False):
        return
    original_optgroups = AutocompleteMixin.optgroups
    original_check = forms.ModelMultipleChoiceField._check_values

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        opts = remote.model._meta
        target = opts.get_field(getattr(remote, "field_name", None) or opts.pk.attname)
        return original_optgroups(self, name, [v for v in value if is_key_value(target, v)], attr)

    def _check_values(self, value):
        opts = self.queryset.model._meta
        target = opts.pk if (self.to_field_name or "pk") == "pk" else opts.get_field(self.to_field_name)
        for item in value:
            if not is_key_value(target, item):
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": str(item)[:20]})
        return original_check(self, value)

    optgroups._keeps_only_keys = True
    AutocompleteMixin.optgroups = optgroups
    forms.ModelMultipleChoiceField._check_values = _check_values
