"""Labels of choice fields, translated once per language.

Django's ``get_FOO_display`` builds a dict of every choice on each call, hashing each lazy label, which translates
all of them: a list of 500 registrations made thousands of translations to show one word per row (the event page
spent most of its template time there), an export of the registry most of its time. ``choice_label`` keeps one
dict of translated labels per field and language; models shown in lists inherit ``ChoiceLabels`` so that their
``get_FOO_display`` (templates, admin, exports) uses it. Fields whose choices are computed (a callable) are not
cached and keep Django's behaviour.
"""

from django.db import models
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_LABELS: dict[tuple[str, str, str], dict] = {}


def _labels(field) -> dict | None:
    if isinstance(field.choices, CallableChoiceIterator):
        return None
    key = (field.model._meta.label_lower, field.name, get_language() or "")
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {make_hashable(value): force_str(label, strings_only=True)
                                 for value, label in field.flatchoices}
    return labels


def choice_label(field, value):
    """The label of ``value`` of the choice ``field`` in the active language (the value itself when it is not a
    choice), as ``get_FOO_display`` shows it."""
    labels = _labels(field)
    if labels is None:
        labels = {make_hashable(v): label for v, label in field.flatchoices}
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


class ChoiceLabels:
    """Model mixin: ``get_FOO_display`` of every choice field through ``choice_label``."""

    def _get_FIELD_display(self, field):  # noqa: N802 - Django's name
        return choice_label(field, getattr(self, field.attname))


def field_label(model: type[models.Model], name: str) -> str:
    """The verbose name of a model's own field (what forms and messages call it)."""
    field = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))
