from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.request_data import posted_id
from core.uploads import validate_upload
from core.widgets import DateInput
from entities.models import Entity, Territory

from .models import (
    CRITERION_RESULT,
    Application,
    ApplicationItem,
    Attachment,
    Criterion,
    Edition,
    Recommendation,
    Status,
)

RESULT_CHOICES = [("yes", dict(CRITERION_RESULT)[True]), ("no", dict(CRITERION_RESULT)[False])]

STEPS = [
    ("entity", _("Entity and contact")),
    ("items", _("Products and services")),
    ("criteria", _("Criteria")),
    ("finances", _("Finances")),
    ("recommendations", _("Recommendations")),
    ("declarations", _("Declarations and attachments")),
    ("review", _("Review and submit")),
]
STEP_NAMES = [name for name, _label in STEPS]


class EntityStepForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["entity_name", "contact_person", "contact_email", "contact_phone", "social_aims"]
        widgets = {"social_aims": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"social_aims": _("Describe the social aims: whom the entity supports (persons at risk of "
                                       "social exclusion, the local community) and how.")}


class FinancesStepForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["revenue_period", "total_revenue", "own_revenue"]
        help_texts = {
            "revenue_period": _("For example: 2025, or 1.03–31.12.2025 for an entity working less than a year."),
            "own_revenue": _("Revenue from selling products and services on the market (not grants or "
                             "subsidies). The share is computed from these numbers."),
        }

    def clean(self):
        cleaned = super().clean()
        total, own = cleaned.get("total_revenue"), cleaned.get("own_revenue")
        for name in ["total_revenue", "own_revenue"]:
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, _("The amount cannot be negative."))
        if total is not None and own is not None and own > total:
            self.add_error("own_revenue", _("Own revenue cannot exceed total revenue."))
        return cleaned


class ItemForm(forms.ModelForm):
    class Meta:
        model = ApplicationItem
        fields = ["kind", "name", "category", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["author", "organisation", "issued_on", "summary"]
        widgets = {"issued_on": DateInput(),
                   "summary": forms.Textarea(attrs={"rows": 2})}


ItemFormSet = forms.formset_factory(ItemForm, extra=1, can_delete=True, max_num=30)
RecommendationFormSet = forms.formset_factory(RecommendationForm, extra=1, can_delete=True, max_num=20)


class CriteriaStepForm(forms.Form):
    """One answer field per criterion that people judge (computed ones are checked by the system)."""

    def __init__(self, *args, criteria, answers: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = [c for c in criteria if not c.computed]
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.CharField(
                label=criterion.name, required=False, initial=answers.get(criterion.pk, ""),
                help_text=" ".join(p for p in [criterion.description, str(_("Evidence: %(e)s") % {
                    "e": criterion.evidence}) if criterion.evidence else ""] if p),
                widget=forms.Textarea(attrs={"rows": 3}))

    def answers(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}", "") for c in self.criteria}


class DeclarationsForm(forms.Form):
    truthful = forms.BooleanField(label=_("I declare that the information in this application is true."),
                                  required=False)
    clause_read = forms.BooleanField(label=_("I have read the information clause on the processing of personal "
                                             "data."), required=False)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=Attachment.Kind.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG, PNG, DOCX or ODT, up to 10 MB."))


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note / reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("Corrections due by"), required=False,
                               widget=DateInput())


class FormalCheckForm(forms.Form):
    def __init__(self, *args, criteria, existing, computed, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        choices = [("", _("not checked")), *RESULT_CHOICES]
        for criterion in self.criteria:
            check = existing.get(criterion.pk)
            auto = computed.get(criterion.pk)
            initial = {True: "yes", False: "no", None: ""}[check.passed if check else (auto.met if auto else None)]
            help_text = str(_("Computed: %(value)s") % {"value": auto.value}) if auto else ""
            self.fields[f"met_{criterion.pk}"] = forms.ChoiceField(label=criterion.name, choices=choices,
                                                                   required=False, initial=initial,
                                                                   help_text=help_text)
            self.fields[f"note_{criterion.pk}"] = forms.CharField(label=_("Note"), required=False,
                                                                  initial=check.note if check else "")

    def results(self) -> dict[int, tuple[bool | None, str]]:
        as_bool = {"yes": True, "no": False, "": None}
        return {c.pk: (as_bool[self.cleaned_data[f"met_{c.pk}"]], self.cleaned_data[f"note_{c.pk}"])
                for c in self.criteria}


class AssessmentForm(forms.Form):
    comment = forms.CharField(label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            score = existing.get(criterion.pk)
            if criterion.kind == Criterion.Kind.SCORE:
                self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                    label=criterion.name, required=False, min_value=0, max_value=criterion.max_score,
                    initial=score.score if score else None,
                    help_text=_("0 to %(max)d points") % {"max": criterion.max_score})
            else:
                self.fields[f"passed_{criterion.pk}"] = forms.ChoiceField(
                    label=criterion.name, required=False,
                    choices=[("", _("not assessed")), *RESULT_CHOICES],
                    initial={True: "yes", False: "no", None: ""}[score.passed if score else None])
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"), required=False, initial=score.comment if score else "")

    def scores(self) -> dict[int, dict]:
        out = {}
        for c in self.criteria:
            values = {"comment": self.cleaned_data.get(f"comment_{c.pk}", "")}
            if c.kind == Criterion.Kind.SCORE:
                values["score"] = self.cleaned_data.get(f"score_{c.pk}")
            else:
                values["passed"] = {"yes": True, "no": False, "": None}[self.cleaned_data.get(f"passed_{c.pk}", "")]
            out[c.pk] = values
        return out


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 3}))


class RegisterFilterForm(forms.Form):
    """The public register's filter: the powiat chosen by its name (the value is its TERYT code)."""

    powiat = forms.ChoiceField(label=_("Powiat"), required=False)
    category = forms.CharField(label=_("Category"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        powiaty = Territory.objects.filter(level="powiat", parent_id=settings.ROPS_VOIVODESHIP_CODE).order_by("name")
        self.fields["powiat"].choices = [("", _("all"))] + [(p.code, p.name) for p in powiaty]


class VerifyForm(forms.Form):
    number = forms.CharField(label=_("Certificate number"), max_length=32,
                             help_text=_("As printed on the certificate, for example ZP/04/2026/001."))


class VerifyPdfForm(forms.Form):
    file = forms.FileField(label=_("Certificate file (PDF)"),
                           help_text=_("The PDF you received. It is checked and not kept."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, allowed={"pdf"})
        return upload


class PostedIdChoiceField(forms.ModelChoiceField):
    """A choice among ``queryset`` posted as its id: anything but a plain id of a row the user may choose ("abc",
    "²", "1e309", 30 digits, somebody else's row) is refused with the field's message, never a 500."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        pk = posted_id(str(value))
        if not pk:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(pk)


class PostedIdsChoiceField(forms.ModelMultipleChoiceField):
    """Several choices among ``queryset`` posted as ids, refused like ``PostedIdChoiceField``."""

    def clean(self, value):
        if value:
            if isinstance(value, str):
                value = [value]
            ids = [posted_id(str(v)) for v in value]
            if not all(ids):
                raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
            value = ids
        return super().clean(value)


class EditionChoiceField(PostedIdChoiceField):
    def label_from_instance(self, obj) -> str:
        return _("%(edition)s (until %(date)s)") % {"edition": obj, "date": date_format(obj.closes_on,
                                                                                          "SHORT_DATE_FORMAT")}


class StartApplicationForm(forms.Form):
    """Start an application: an entity the user represents and an edition that accepts applications today."""

    entity = PostedIdChoiceField(label=_("Entity"), queryset=None, empty_label=None, error_messages={
        "invalid_choice": _("Choose an entity you represent."), "required": _("Choose an entity you represent.")})
    edition = EditionChoiceField(label=_("Edition"), queryset=None, empty_label=None, error_messages={
        "invalid_choice": _("Choose an edition that accepts applications now."),
        "required": _("Choose an edition that accepts applications now.")})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = Entity.objects.represented_by(user).order_by("name")
        self.fields["edition"].queryset = Edition.objects.open_on()
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class GalaForm(forms.Form):
    certificates = PostedIdsChoiceField(
        label=_("Certificates to be handed over"), queryset=None, required=False,
        error_messages={"invalid_list": _("Choose certificates from the list."),
                        "invalid_choice": _("Choose certificates from the list."),
                        "invalid_pk_value": _("Choose certificates from the list.")})

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificates"].queryset = candidates


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["name", "year", "opens_on", "closes_on", "validity_months", "committee"]
        widgets = {"opens_on": DateInput(), "closes_on": DateInput()}

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The last day of applications cannot be before the first."))
        return cleaned


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["order", "name", "description", "kind", "max_score", "evidence", "computed"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Criterion.Kind.SCORE and not cleaned.get("max_score"):
            self.add_error("max_score", _("A scored criterion needs a maximum score."))
        return cleaned


# The criteria of an edition, an ordered list: each row its order, fields and a "remove" box.
CriterionFormSet = forms.inlineformset_factory(Edition, Criterion, form=CriterionForm, extra=1, can_delete=True,
                                               max_num=50)


def criteria_rows(formset) -> list[dict]:
    """What the criteria formset asks for, as ``services.edition_save`` takes it (empty new rows left out)."""
    rows = []
    for form in formset.forms:
        existing = form.instance if form.instance.pk else None
        if existing is None and not form.has_changed():
            continue
        data = form.cleaned_data
        rows.append({"criterion": existing, "delete": bool(data.get("DELETE")),
                     **{name: data.get(name) for name in CriterionForm.Meta.fields}})
    return rows
