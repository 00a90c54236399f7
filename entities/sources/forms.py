from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import EntityForm
from ..models import Territory
from .lookup import identifier_kind
from .mapping import FIELDS


class LookupForm(forms.Form):
    identifier = forms.CharField(label=_("NIP, REGON or KRS number"), max_length=20,
                                 help_text=_("Digits only or with dashes and spaces; a KRS number may lack its "
                                             "leading zeros."))

    def clean_identifier(self):
        kind, digits = identifier_kind(self.cleaned_data["identifier"])
        if not kind:
            raise forms.ValidationError(_("This is not a valid NIP, REGON or KRS number."))
        return digits


class RegistryEntityForm(EntityForm):
    """The entity form filled in from the registers: the proposed seat also chooses its voivodeship and powiat."""

    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, seat_code: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if seat_code and not self.is_bound:
            self.fields["voivodeship"].initial = seat_code[:2]
            self.fields["powiat"].queryset = Territory.objects.filter(level="powiat", parent_id=seat_code[:2])
            self.fields["powiat"].initial = seat_code[:4]
            self.fields["seat"].queryset = Territory.objects.filter(level="gmina", parent_id=seat_code[:4])


class AcceptForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    fields = forms.MultipleChoiceField(choices=[(f, f) for f in FIELDS], required=True,
                                       error_messages={"required": _("Choose at least one field to accept.")})


class TaskCloseForm(forms.Form):
    note = forms.CharField(label=_("What was done"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class TaskFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Show"), required=False,
                               choices=[("open", _("open tasks")), ("closed", _("closed tasks")),
                                        ("all", _("all tasks"))])
