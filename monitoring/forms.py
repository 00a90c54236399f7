from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from committee.models import Resolution
from core.choice_fields import CachedModelChoiceField
from core.widgets import DateInput
from programmes.models import Programme

from .models import REPORT_WORKFLOW, Measure, Question, Questionnaire, Report, ReportStatus


class QuestionnaireForm(forms.Form):
    """One field per question; what is typed is kept as typed so nothing is lost on errors."""

    def __init__(self, *args, questions: list[Question], answers: dict, to_confirm: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            label = f"{q.number}. {q.text}"
            initial = answers.get(q.number)
            common = {"label": label, "required": False, "help_text": q.help_text}
            if q.type == Question.Type.YES_NO:
                field = forms.ChoiceField(choices=[("", "—"), ("tak", _("yes")), ("nie", _("no"))], **common)
                initial = {True: "tak", False: "nie"}.get(initial, "")
            elif q.type == Question.Type.CHOICE:
                field = forms.ChoiceField(choices=[("", "—"), *[(c, c) for c in q.choices]], **common)
            elif q.type == Question.Type.TEXT:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
            else:
                field = forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
            field.initial = initial
            self.fields[f"q_{q.number}"] = field
            if to_confirm and q.number in to_confirm:
                self.fields[f"confirm_{q.number}"] = forms.BooleanField(
                    label=_("I confirm the answer to question %(n)s.") % {"n": q.number}, required=False,
                    help_text=to_confirm[q.number])

    def raw_answers(self) -> dict:
        return {q.number: self.data.get(f"q_{q.number}", "") for q in self.questions}

    def confirmed(self) -> set[str]:
        return {q.number for q in self.questions if self.data.get(f"confirm_{q.number}")}

    def apply_errors(self, outcome) -> None:
        for number, messages in outcome.errors.items():
            for message in messages:
                self.add_error(f"q_{number}", message)


class CampaignForm(forms.Form):
    year = forms.IntegerField(label=_("Year monitored"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300)
    deadline = forms.DateField(label=_("Deadline for answers"), widget=DateInput())


class QuestionnaireHeadForm(forms.Form):
    title = forms.CharField(label=_("Title of the questionnaire"), max_length=300)
    intro = forms.CharField(label=_("Introduction for the respondents"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))


def _list(text: str, *, separator: str | None) -> list[str]:
    parts = text.splitlines() if separator is None else text.replace(";", separator).split(separator)
    return [part.strip() for part in parts if part.strip()]


class QuestionForm(forms.Form):
    """One question as staff define it; the rules between questions are checked by ``questionnaire_save``."""

    number = forms.CharField(label=_("Number"), max_length=16)
    text = forms.CharField(label=_("Question"), max_length=500)
    help_text = forms.CharField(label=_("Explanation"), max_length=500, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *Question.Type.choices])
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    min_value = forms.DecimalField(label=_("Minimum"), max_digits=14, decimal_places=2, required=False)
    max_value = forms.DecimalField(label=_("Maximum"), max_digits=14, decimal_places=2, required=False)
    choices = forms.CharField(label=_("Options of a choice question (one per line)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    sum_of = forms.CharField(label=_("Equals the sum of questions (numbers, separated by commas)"), required=False,
                             max_length=200)
    compare_previous = forms.BooleanField(label=_("Compare with last year"), required=False)
    measure = forms.ChoiceField(label=_("Feeds the indicator"), required=False,
                                choices=[("", "—"), *Measure.choices])

    def row(self, order: int) -> dict:
        data = dict(self.cleaned_data)
        data.pop("DELETE", None)
        data["number"] = data["number"].strip()
        data["choices"] = _list(data["choices"], separator=None)
        data["sum_of"] = _list(data["sum_of"], separator=",")
        data["order"] = order
        return data

    @classmethod
    def initial_of(cls, question: Question) -> dict:
        return {"number": question.number, "text": question.text, "help_text": question.help_text,
                "type": question.type, "required": question.required, "min_value": question.min_value,
                "max_value": question.max_value, "choices": "\n".join(question.choices),
                "sum_of": ", ".join(question.sum_of), "compare_previous": question.compare_previous,
                "measure": question.measure}


QuestionFormSet = forms.formset_factory(QuestionForm, extra=3, can_delete=True)


class ImportForm(forms.Form):
    questionnaire = forms.ModelChoiceField(label=_("Questionnaire"), queryset=Questionnaire.objects.none())
    file = forms.FileField(label=_("XLSX file"), help_text=_("Columns: entity_id and the question numbers."))

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = campaign.questionnaires.all()


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Report.Kind.choices)
    programme = CachedModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    year = forms.IntegerField(label=_("Year (the last year covered)"), min_value=2000, max_value=2100)
    year_from = forms.IntegerField(label=_("From year (periodic report)"), min_value=2000, max_value=2100,
                                   required=False)
    title = forms.CharField(label=_("Title"), max_length=300, required=False,
                            help_text=_("Leave empty for the usual title."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.order_by("-start_year", "name")


class ReportTextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    introduction = forms.CharField(label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                   help_text=_("Leave empty for the standard introduction."))
    conclusions = forms.CharField(label=_("Conclusions"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    recommendations = forms.CharField(label=_("Recommendations"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 8}))


class ReportTransitionForm(forms.Form):
    """The fields every move may need; the service checks which are required for the target state."""

    to = forms.ChoiceField(choices=ReportStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    committee_resolution = forms.ModelChoiceField(label=_("Committee's resolution"), required=False,
                                                  queryset=Resolution.objects.none())
    board_resolution_number = forms.CharField(label=_("Board resolution number"), max_length=100, required=False)
    board_resolution_date = forms.DateField(label=_("Board resolution date"), required=False,
                                            widget=DateInput())
    sejmik_submitted_on = forms.DateField(label=_("Submitted to the Sejmik on"), required=False,
                                          widget=DateInput())
    sejmik_reference = forms.CharField(label=_("Letter reference"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee_resolution"].queryset = opinion_resolutions()

    @property
    def step(self) -> str:
        """The state this form moves the report to."""
        return (self.data.get("to") if self.is_bound else self.initial.get("to")) or ""

    @property
    def step_fields(self) -> list:
        """The fields the step records (``REPORT_WORKFLOW.fields``), bound for the template."""
        return [self[name] for name in REPORT_WORKFLOW.fields.get(self.step, ())]

    @property
    def returns_to_draft(self) -> bool:
        return self.step == ReportStatus.DRAFT


def opinion_resolutions():
    """Resolutions a report's opinion can be: closed and adopted, those about the report first."""
    return Resolution.objects.filter(status=Resolution.Status.CLOSED, adopted=True).annotate(
        about_report=Case(When(subject=Resolution.Subject.REPORT, then=Value(0)), default=Value(1),
                          output_field=IntegerField())).order_by("about_report", "-year", "-sequence")


class DashboardForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=(),
                                  widget=forms.Select(attrs={"class": "form-select"}))
    metric = forms.ChoiceField(label=_("Map"), choices=(), required=False,
                               widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, years: list[int], metrics: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["metric"].choices = metrics
