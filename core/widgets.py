"""Date and time inputs: the one pair of widgets every form uses for dates.

``<input type="date">`` accepts only ``2026-12-01`` as its value and ``<input type="datetime-local">`` only
``2026-12-01T10:30``; a value in the Polish display format (``1.12.2026``) is dropped by the browser, so an edit
form saved untouched would store nothing. The browser itself shows the date in the user's own format. Parsing is
unaffected: Django's date fields always accept ISO input besides the Polish formats.
"""

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_MINUTES = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATETIME_MINUTES)


class Select(forms.Select):
    """``forms.Select`` whose options are written in one template (``core/widgets/select.html``), not one included
    template per option: the same markup, several times cheaper for long lists (the registry's filter)."""

    template_name = "core/widgets/select.html"


class NullBooleanSelect(forms.NullBooleanSelect):
    template_name = "core/widgets/select.html"
