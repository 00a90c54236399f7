from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.uploads import check_size
from core.widgets import DateInput

from .import_files import read_table
from .importing import ImportFileError
from .models import Entity, Territory
from .permissions import ENTITY_FIELDS, REPRESENTATIVE_FIELDS, editable_fields
from .rjps import read_list
from .validators import (
    normalize_digits,
    normalize_edelivery_address,
    normalize_postal_code,
    validate_krs,
    validate_nip,
    validate_regon,
)
from .widgets import EntityChoiceField


class _PostalCodeMixin:
    def clean_postal_code(self):
        # "87100" and "87 100" are the code 87-100; the model's validator (validate_postal_code) refuses the rest.
        return normalize_postal_code(self.cleaned_data.get("postal_code") or "")

    def clean_edelivery_address(self):
        # "ae:pl-12345-67890-abcde-12 " is the address; the model's validator refuses any other shape.
        return normalize_edelivery_address(self.cleaned_data.get("edelivery_address") or "")


class EntityForm(_PostalCodeMixin, forms.ModelForm):
    """Staff edit the whole record; the seat is chosen voivodeship → powiat → gmina (htmx chained selects)."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    voivodeship = forms.ModelChoiceField(label=_("Voivodeship"), required=False,
                                         queryset=Territory.objects.filter(level="voivodeship"))
    powiat = forms.ModelChoiceField(label=_("Powiat"), required=False, queryset=Territory.objects.none())

    class Meta:
        model = Entity
        fields = ["name", "short_name", "legal_form", "parent", "nip", "regon", "krs", "voivodeship", "powiat",
                  "seat", "address", "postal_code", "email", "phone", "edelivery_address", "website", "registered_on",
                  "is_active",
                  "closed_on", "description", "in_catalogue"]
        widgets = {"registered_on": DateInput(),
                   "closed_on": DateInput(),
                   "description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"parent": EntityChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        seat = self.instance.seat if self.instance.pk else None
        voivodeship = self.data.get("voivodeship") or (seat.voivodeship_code if seat else
                                                       settings.ROPS_VOIVODESHIP_CODE)
        powiat = self.data.get("powiat") or (seat.powiat_code if seat else "")
        self.fields["voivodeship"].initial = voivodeship
        self.fields["powiat"].queryset = Territory.objects.filter(level="powiat", parent_id=voivodeship)
        self.fields["powiat"].initial = powiat
        self.fields["seat"].queryset = Territory.objects.filter(level="gmina", parent_id=powiat)
        self.fields["parent"].queryset = Entity.objects.exclude(pk=self.instance.pk).order_by("name")
        for name, url in (("voivodeship", "entities:powiat_options"), ("powiat", "entities:gmina_options")):
            target = "#id_powiat" if name == "voivodeship" else "#id_seat"
            self.fields[name].widget.attrs.update({"hx-get": reverse(url), "hx-target": target,
                                                   "hx-trigger": "change", "hx-include": "this"})

    def _digits(self, name, validator):
        value = normalize_digits(self.cleaned_data.get(name) or "")
        if value:
            validator(value)
        return value or None

    def clean_nip(self):
        return self._digits("nip", validate_nip)

    def clean_krs(self):
        return self._digits("krs", validate_krs)

    def clean_regon(self):
        return self._digits("regon", validate_regon) or ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("closed_on") and cleaned.get("is_active"):
            self.add_error("is_active", _("A closed entity cannot be active."))
        return cleaned


class RepresentativeEntityForm(_PostalCodeMixin, forms.ModelForm):
    """What a PES representative may change about their own entity (``permissions.REPRESENTATIVE_FIELDS``)."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Entity
        fields = REPRESENTATIVE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


def entity_edit_form(*, user, entity: Entity, data=None) -> forms.ModelForm | None:
    """The edit form with the fields ``user`` may change (``permissions.editable_fields``), or None for nobody.
    The service checks the same rule again, so a forged form cannot widen it."""
    fields = editable_fields(user, entity)
    if fields == ENTITY_FIELDS:
        return EntityForm(data, instance=entity)
    if fields == REPRESENTATIVE_FIELDS:
        return RepresentativeEntityForm(data, instance=entity)
    return None


class MergeForm(forms.Form):
    """The duplicate is found by its name, NIP or KRS (the picker), never the record itself."""

    duplicate = EntityChoiceField(label=_("Duplicate record to merge into this one"), queryset=Entity.objects.all())

    def __init__(self, *args, entity: Entity | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if entity is not None:
            self.fields["duplicate"].queryset = Entity.objects.exclude(pk=entity.pk)


class ImportForm(forms.Form):
    """Upload of an import file; reading it (type, encoding, size, columns) is part of validation."""

    file = forms.FileField(label=_("File (CSV or XLSX)"),
                           help_text=_("One entity per row; the first row names the columns. Nothing is written "
                                       "before you confirm."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_size(upload.size)  # refused before reading it into memory
        self.content = upload.read()
        try:
            self.table = read_table(self.content, upload.name)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


class PsListForm(forms.Form):
    """Upload of the voivode's list of social enterprises (an RJPS export); reading it is part of validation."""

    file = forms.FileField(label=_("File (CSV or XLSX)"),
                           help_text=_("The list exported from RJPS. Nothing is written before you confirm."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_size(upload.size)  # refused before reading it into memory
        self.content = upload.read()
        try:
            self.rows = read_list(self.content, upload.name)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload
