from django import forms

from .models import AccessibilityStatement
from .services import ACCESSIBILITY_FIELDS
from .widgets import DateInput


class AccessibilityStatementForm(forms.ModelForm):
    website_url = forms.URLField(label=AccessibilityStatement._meta.get_field("website_url").verbose_name,
                                 assume_scheme="https")

    class Meta:
        model = AccessibilityStatement
        fields = list(ACCESSIBILITY_FIELDS)
        widgets = {name: DateInput() for name in ("published_on", "updated_on", "prepared_on", "reviewed_on")} | {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("inaccessible_content", "keyboard_and_aids", "architecture", "mobile_apps")}
