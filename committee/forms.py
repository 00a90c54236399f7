from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Attendance, Member, Resolution, Vote


class ResolutionForm(forms.ModelForm):
    class Meta:
        model = Resolution
        fields = ["title", "subject", "description", "meeting", "secret"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = committee.meetings.all()
        self.fields["meeting"].help_text = _("Leave empty for a vote by circulation (online).")


class OpenVoteForm(forms.Form):
    deadline = forms.DateTimeField(label=_("Voting deadline"), required=False,
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Conflict of interest"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("no", _("I have no conflict of interest in this matter")),
                 ("yes", _("I have a conflict of interest and will not take part"))])
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your vote"), choices=Vote.Choice.choices, widget=forms.RadioSelect)


class DismissForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for dismissal"), choices=Member.DismissalReason.choices)


class AttendanceForm(forms.Form):
    def __init__(self, *args, members, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"m_{member.pk}"] = forms.ChoiceField(
                label=str(member), choices=Attendance.Status.choices, initial=existing.get(member.pk, "present"))

    def statuses(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[f"m_{m.pk}"] for m in self.members}
