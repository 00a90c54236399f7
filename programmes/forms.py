from django import forms
from django.utils.translation import gettext_lazy as _

from core.antispam import HumanCheckFormMixin
from core.widgets import DateInput

from .models import PROGRAMME_WORKFLOW, ActionPlan, ActionTask, BudgetLine, ConsultationComment, Direction, Status


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    resolution_number = forms.CharField(label=_("Resolution number"), required=False, max_length=100)
    resolution_date = forms.DateField(label=_("Resolution date"), required=False,
                                      widget=DateInput())
    consultation_until = forms.DateField(label=_("Consultation open until"), required=False,
                                         widget=DateInput())

    @property
    def step_fields(self):
        """The fields the move records (``PROGRAMME_WORKFLOW.fields``), bound for the template."""
        return [self[name] for name in PROGRAMME_WORKFLOW.fields.get(self.initial.get("to") or self.data.get("to"), ())]


class ValueForm(forms.Form):
    """A manual indicator's value for the year in the address (the year is not a field)."""

    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2,
                               widget=forms.NumberInput(attrs={"autofocus": True, "step": "any"}))
    source_note = forms.CharField(label=_("Source"), max_length=300, required=False,
                                  help_text=_("Where the value comes from, e.g. the OWES reports for the year."))


class CorrectionForm(forms.Form):
    new_value = forms.DecimalField(label=_("Corrected value"), max_digits=14, decimal_places=2,
                                   widget=forms.NumberInput(attrs={"autofocus": True, "step": "any"}))
    reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}))


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


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


# --- structure (inline editing) --------------------------------------------------------------

class NameForm(forms.Form):
    """The name of a priority or a specific goal (its number is not edited here)."""

    name = forms.CharField(label=_("Name"), max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2, "autofocus": True}))


class DirectionTextForm(forms.Form):
    text = forms.CharField(label=_("Text of the direction"),
                           widget=forms.Textarea(attrs={"rows": 2, "autofocus": True}))


class DirectionAddForm(DirectionTextForm):
    """The number is checked by the service (``direction_number_check``), the one place of the numbering rule."""

    number = forms.CharField(label=_("Number"), max_length=12,
                             help_text=_("The goal's number, a dot and the next number, e.g. 1.1.4."))
    field_order = ["number", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.pop("autofocus", None)
        self.fields["number"].widget.attrs["autofocus"] = True


class AmendmentForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 2}))
    resolution_number = forms.CharField(label=_("Resolution number (if any)"), max_length=100, required=False)


# --- action plans ----------------------------------------------------------------------------

class ActionPlanForm(YearForm):
    year = forms.IntegerField(label=_("Year of the plan"), min_value=2000, max_value=2100)


class DirectionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Direction) -> str:
        return f"{obj.number} {obj.text}"


class ActionTaskForm(forms.ModelForm):
    """A task's own fields; its budget lines come from ``BudgetFormSet``. Validation only: the view hands the
    cleaned data to ``services.action_task_save``."""

    directions = DirectionChoiceField(label=_("Intervention directions"), queryset=Direction.objects.none(),
                                      widget=forms.CheckboxSelectMultiple,
                                      help_text=_("The programme's directions the task serves (at least one)."))

    class Meta:
        model = ActionTask
        fields = ["title", "directions", "responsible_unit", "partners", "status", "outputs"]
        widgets = {"outputs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directions"].queryset = Direction.objects.filter(
            goal__priority__programme_id=plan.programme_id).order_by("goal__priority__order", "goal__order",
                                                                      "order", "pk")

    def _post_clean(self):
        """No model validation on the instance: the service validates and writes."""


class BudgetLineForm(forms.Form):
    source = forms.ChoiceField(choices=BudgetLine.Source.choices, widget=forms.HiddenInput)
    planned = forms.DecimalField(label=_("Planned (PLN)"), max_digits=14, decimal_places=2, min_value=0,
                                 required=False, widget=forms.NumberInput(attrs={"step": "0.01"}))
    spent = forms.DecimalField(label=_("Spent (PLN)"), max_digits=14, decimal_places=2, min_value=0,
                               required=False, widget=forms.NumberInput(attrs={"step": "0.01"}))

    @property
    def source_label(self) -> str:
        return str(dict(BudgetLine.Source.choices).get(self["source"].value(), ""))


class BaseBudgetFormSet(forms.BaseFormSet):
    """One row per funding source, in the order of ``BudgetLine.Source``; an empty row means no line."""

    def clean(self):
        if any(self.errors):
            return
        sources = [form.cleaned_data.get("source") for form in self.forms]
        if len(sources) != len(set(sources)):
            raise forms.ValidationError(_("Each funding source appears once."))

    def budget(self) -> dict:
        return {f.cleaned_data["source"]: (f.cleaned_data.get("planned"), f.cleaned_data.get("spent"))
                for f in self.forms}


BudgetFormSet = forms.formset_factory(BudgetLineForm, formset=BaseBudgetFormSet, extra=0,
                                      min_num=len(BudgetLine.Source.values), max_num=len(BudgetLine.Source.values),
                                      validate_min=True, validate_max=True)


def budget_formset(data=None, *, task: ActionTask | None = None) -> BaseBudgetFormSet:
    """The budget formset of a task, one row per funding source, filled with the task's lines."""
    lines = {line.source: line for line in task.budget.all()} if task is not None else {}
    initial = [{"source": source, "planned": lines[source].planned if source in lines else None,
                "spent": lines[source].spent if source in lines else None} for source in BudgetLine.Source.values]
    return BudgetFormSet(data, initial=initial, prefix="budget")
