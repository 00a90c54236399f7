"""``{% form_field bound_field %}``: a text or select field written as crispy's Bootstrap 5 template writes it,
built in Python.

crispy renders a field through about a dozen nested templates and Django's widget templates; on the registry's
filter (seven fields on every list request) that was a third of the request (docs/performance.md). This tag
writes the same markup (tested against crispy's, ``core/tests/test_form_field.py``): the wrapper
``div#div_id_<name>.mb-3``, the label bound to the control, the control with crispy's classes, the errors as
``invalid-feedback`` and the help text tied to the control by ``aria-describedby``. Any other field, or one that
is required, disabled or has grouped options, is handed to crispy unchanged, so the tag is safe on any form.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_TEXT = (forms.TextInput, forms.NumberInput, forms.EmailInput, forms.URLInput, forms.SearchInput)


def _plain(bound, choices: list | None) -> bool:
    widget = bound.field.widget
    if bound.field.required or bound.field.disabled or type(widget).__name__ == "HiddenInput":
        return False
    if choices is not None:
        return not any(isinstance(label, (list, tuple)) for _value, label in choices)
    return isinstance(widget, _TEXT) and not isinstance(widget, forms.PasswordInput)


def _choices(bound) -> list | None:
    """The options of a single select, read once (a model field's options are a query), else None."""
    widget = bound.field.widget
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        return list(iter(widget.choices))  # iter(): no len(), which would count a model field's options
    return None


def _control(bound, described_by: str, choices: list | None) -> SafeString:
    widget = bound.field.widget
    base = "form-select" if isinstance(widget, forms.Select) else "form-control"
    classes = f"{type(widget).__name__.lower()} {base}"
    extra = widget.attrs.get("class")
    if extra:
        classes = f"{extra} {classes}"
    if bound.errors:
        classes += " is-invalid"
    attrs = {**widget.attrs, "class": classes, "id": bound.auto_id}
    if described_by:
        attrs["aria-describedby"] = described_by
    if bound.errors:
        attrs["aria-invalid"] = "true"
    if choices is not None:
        selected = {str(v) for v in widget.format_value(bound.value())}
        options = []
        for value, label in choices:
            mark = " selected" if str(value) in selected else ""
            # Each option as a plain string (format_html per option cost most of the registry filter's rendering).
            options.append(f'<option value="{conditional_escape(value)}"{mark}>{conditional_escape(label)}</option>')
        return format_html('<select name="{}"{}>{}</select>', bound.html_name, flatatt(attrs),
                           mark_safe("".join(options)))  # noqa: S308 - every part escaped above
    value = widget.format_value(bound.value())
    input_attrs = {"type": widget.input_type, "name": bound.html_name}
    if value is not None:
        input_attrs["value"] = value
    return format_html("<input{}>", flatatt({**input_attrs, **attrs}))


@register.simple_tag
def form_field(bound) -> SafeString:
    choices = _choices(bound)
    if not _plain(bound, choices):
        return as_crispy_field(bound)
    help_id = f"{bound.auto_id}_helptext" if bound.help_text else ""
    errors = format_html_join("", '<span id="error_{}_{}" class="invalid-feedback"><strong>{}</strong></span>',
                              ((n, bound.auto_id, e) for n, e in enumerate(bound.errors, start=1)))
    help_text = (format_html('<div id="{}" class="form-text">{}</div>', help_id, bound.help_text)
                 if help_id else "")
    label = (format_html('<label for="{}" class="form-label">{}</label>', bound.auto_id,
                         conditional_escape(bound.label)) if bound.label else "")
    return format_html('<div id="div_{}" class="mb-3">{}{}{}{}</div>', bound.auto_id, label,
                       _control(bound, help_id, choices), errors, help_text)
