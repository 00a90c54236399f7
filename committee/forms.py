from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from core.widgets import DateInput, DateTimeInput
from entities.widgets import EntityChoiceField

from .models import Attendance, Category, Interest, Meeting, Member, Resolution, Vote


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
                                   widget=DateTimeInput())


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Conflict of interest"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("no", _("I have no conflict of interest in this matter")),
                 ("yes", _("I have a conflict of interest and will not take part"))])
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)

    @classmethod
    def for_matter(cls, links) -> "DeclarationForm":
        """The declaration, pre-filled with the conflict the register of interests implies (``links``:
        ``selectors.register_links``): the member is asked to recuse, and can still explain otherwise."""
        if not links:
            return cls()
        form = cls(initial={"has_conflict": "yes", "note": "; ".join(str(link) for link in links)[:500]})
        form.register_links = links
        return form


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


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG, PNG, DOCX or ODT."))
    restricted = forms.BooleanField(
        label=_("Restricted: only for members who declared no conflict of interest"), required=False)


class AppointForm(forms.Form):
    """Appoint a person (an account with the committee-member role) for the current term."""

    user = forms.ModelChoiceField(label=_("Person"), queryset=None,
                                  help_text=_("Accounts with the committee member role."))
    role = forms.ChoiceField(label=_("Role"), choices=Member.Role.choices, initial=Member.Role.MEMBER)
    category = forms.ChoiceField(label=_("Represents"), choices=Category.choices)
    represented_body = forms.CharField(label=_("Body represented"), max_length=300, required=False)
    appointed_on = forms.DateField(label=_("Appointed on"), widget=DateInput())

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        current = committee.members.not_ended().values("user_id")  # one membership at a time
        self.fields["user"].queryset = User.objects.filter(groups__name=Role.COMMITTEE_MEMBER, is_active=True) \
            .exclude(pk__in=current).order_by("last_name", "first_name")


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["held_on", "mode", "place", "agenda"]
        widgets = {"held_on": DateTimeInput(),
                   "agenda": forms.Textarea(attrs={"rows": 4})}


class SurveyAnswerForm(forms.Form):
    """One field per question: a 1–5 rating (radio buttons) or an open answer."""

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(survey.questions.all())
        for q in self.questions:
            if q.kind == q.Kind.SCALE:
                self.fields[f"q_{q.pk}"] = forms.TypedChoiceField(
                    label=q.text, required=q.required, coerce=int, widget=forms.RadioSelect,
                    choices=[(n, label) for n, label in SCALE_LABELS], empty_value=None)
            else:
                self.fields[f"q_{q.pk}"] = forms.CharField(label=q.text, required=q.required, max_length=5000,
                                                           widget=forms.Textarea(attrs={"rows": 3}))

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q_{q.pk}") for q in self.questions}


SCALE_LABELS = [(1, _("1 – very poor")), (2, _("2 – poor")), (3, _("3 – adequate")), (4, _("4 – good")),
                (5, _("5 – very good"))]


class InterestForm(forms.Form):
    """A register entry: the person (a member in office), the link, and the organisation: from the registry by
    its KRS, NIP or REGON (``entities.matching``), or by name when it is not there."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    kind = forms.ChoiceField(label=_("Link"), choices=Interest.Kind.choices)
    entity = EntityChoiceField(label=_("Organisation in the registry (name, NIP, KRS or REGON)"), required=False)
    organisation = forms.CharField(label=_("Name of the organisation (if it is not in the registry)"),
                                   required=False, max_length=300)
    since = forms.DateField(label=_("Since"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        people = Member.objects.in_office().filter(committee=committee).values("user_id")
        self.fields["person"].queryset = get_user_model().objects.filter(pk__in=people).order_by("last_name")

    def clean(self):
        data = super().clean()
        if not data.get("entity") and "entity" not in self.errors and not data.get("organisation", "").strip():
            self.add_error("organisation", _("Choose the organisation from the registry or give its name."))
        return data
