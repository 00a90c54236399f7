from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AccessibilityStatement, DataSubjectRequest, PrivacySettings
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


class PrivacySettingsForm(forms.ModelForm):
    class Meta:
        model = PrivacySettings
        fields = ["controller", "controller_address", "dpo_name", "dpo_email", "dpo_address"]


class DataRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Request"), choices=DataSubjectRequest.Kind.choices)
    name = forms.CharField(label=_("Name of the person"), max_length=200)
    email = forms.EmailField(label=_("E-mail of the person"))
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    description = forms.CharField(label=_("What the person asks"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class DataRequestExtendForm(forms.Form):
    until = forms.DateField(label=_("New deadline"), widget=DateInput())
    reason = forms.CharField(label=_("Reason (told to the person)"), widget=forms.Textarea(attrs={"rows": 2}))


class DataRequestCloseForm(forms.Form):
    status = forms.ChoiceField(label=_("Outcome"), choices=[("done", _("request answered")), ("refused", _("refused"))])
    outcome = forms.CharField(label=_("Answer given to the person"), widget=forms.Textarea(attrs={"rows": 4}))
