from django import forms
from django.utils.translation import gettext_lazy as _

from committee.models import Resolution
from programmes.models import Programme

from .models import Question, Questionnaire, Report, ReportStatus


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
    deadline = forms.DateField(label=_("Deadline for answers"), widget=forms.DateInput(attrs={"type": "date"}))


class ImportForm(forms.Form):
    questionnaire = forms.ModelChoiceField(label=_("Questionnaire"), queryset=Questionnaire.objects.none())
    file = forms.FileField(label=_("XLSX file"), help_text=_("Columns: entity_id and the question numbers."))

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = campaign.questionnaires.all()


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Report.Kind.choices)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
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
                                            widget=forms.DateInput(attrs={"type": "date"}))
    sejmik_submitted_on = forms.DateField(label=_("Submitted to the Sejmik on"), required=False,
                                          widget=forms.DateInput(attrs={"type": "date"}))
    sejmik_reference = forms.CharField(label=_("Letter reference"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee_resolution"].queryset = opinion_resolutions()


def opinion_resolutions():
    """Resolutions a report's opinion can be: closed and adopted, those about the report first."""
    from django.db.models import Case, IntegerField, Value, When

    return Resolution.objects.filter(status=Resolution.Status.CLOSED, adopted=True).annotate(
        about_report=Case(When(subject=Resolution.Subject.REPORT, then=Value(0)), default=Value(1),
                          output_field=IntegerField())).order_by("about_report", "-year", "-sequence")


class DashboardForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())
    metric = forms.ChoiceField(label=_("Map"), choices=(), required=False)

    def __init__(self, *args, years: list[int], metrics: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["metric"].choices = metrics
