from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Question, Questionnaire


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
