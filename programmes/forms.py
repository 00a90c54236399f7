from django import forms
from django.utils.translation import gettext_lazy as _

from core.antispam import HumanCheckFormMixin

from .models import ConsultationComment


class TransitionForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    resolution_number = forms.CharField(label=_("Resolution number"), required=False, max_length=100)
    resolution_date = forms.DateField(label=_("Resolution date"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))
    consultation_until = forms.DateField(label=_("Consultation open until"), required=False,
                                         widget=forms.DateInput(attrs={"type": "date"}))


class ValueForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    source_note = forms.CharField(label=_("Source"), max_length=300, required=False)


class CorrectionForm(forms.Form):
    new_value = forms.DecimalField(label=_("Corrected value"), max_digits=14, decimal_places=2)
    reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(HumanCheckFormMixin, forms.Form):
    author = forms.CharField(label=_("Name or organisation (optional)"), max_length=200, required=False)
    concerns = forms.CharField(label=_("Which part it concerns (e.g. goal 2.1)"), max_length=200, required=False)
    text = forms.CharField(label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    consent = forms.BooleanField(
        label=_("I consent to the processing of the data I give for the purpose of the consultation."),
        error_messages={"required": _("Consent to the processing of personal data is required.")})


class AnswerForm(forms.Form):
    response = forms.ChoiceField(label=_("Response"), choices=ConsultationComment.Response.choices)
    reason = forms.CharField(label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("YAML file"), help_text=_("In the format described in docs/programme-format.md."))
