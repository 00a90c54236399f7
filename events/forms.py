from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.antispam import HumanCheckFormMixin
from core.widgets import DateTimeInput
from entities.models import Entity, Territory
from entities.widgets import EntityChoiceField, EntityMultipleChoiceField

from .models import Event, EventDocument, EventKind, EventStatus, ParticipantCategory, Registration


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["kind", "title", "description", "starts_at", "ends_at", "gmina", "venue", "country", "city",
                  "organiser", "partners", "directions", "tasks", "capacity", "registration_deadline",
                  "budget_planned", "budget_spent", "outcome_report"]
        # Searchable pickers, not selects of the whole registry (entities/widgets.py).
        field_classes = {"organiser": EntityChoiceField, "partners": EntityMultipleChoiceField}
        widgets = {
            "starts_at": DateTimeInput(), "ends_at": DateTimeInput(), "registration_deadline": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 4}), "outcome_report": forms.Textarea(attrs={"rows": 4}),
            "directions": forms.SelectMultiple(attrs={"size": 8}),
            "tasks": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gmina"].queryset = Territory.objects.seats().filter(
            code__startswith=settings.ROPS_VOIVODESHIP_CODE).order_by("name")
        self.fields["directions"].queryset = self.fields["directions"].queryset.select_related(
            "goal__priority__programme").filter(goal__priority__programme__status__in=["adopted", "in_force"])
        self.fields["directions"].label_from_instance = lambda d: f"{d.number} {d.text[:90]}"
        self.fields["tasks"].queryset = self.fields["tasks"].queryset.select_related("plan")

    def clean(self):
        cleaned = super().clean()
        starts, ends, deadline = cleaned.get("starts_at"), cleaned.get("ends_at"), cleaned.get("registration_deadline")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The end must not be earlier than the start."))
        if starts and deadline and deadline > starts:
            self.add_error("registration_deadline", _("The registration deadline must be before the event starts."))
        if bool(cleaned.get("country")) != bool(cleaned.get("city")):
            self.add_error("city", _("For a visit abroad give both the country and the city."))
        return cleaned


class ParticipantFields(forms.Form):
    # autocomplete (WCAG 1.3.5): browsers fill in a person's own details.
    first_name = forms.CharField(label=_("First name"), max_length=100,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Last name"), max_length=100,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    institution = forms.CharField(label=_("Institution"), max_length=300, required=False,
                                  widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    category = forms.ChoiceField(label=_("Participant category"), choices=ParticipantCategory.choices)
    powiat = forms.ChoiceField(label=_("Powiat of your institution (or where you live)"), required=False)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: sign-language interpreter, step-free access, induction loop, diet."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        powiaty = Territory.objects.filter(level="powiat", parent_id=settings.ROPS_VOIVODESHIP_CODE).order_by("name")
        self.fields["powiat"].choices = [("", _("— choose —")), *[(p.code, p.name) for p in powiaty],
                                         ("other", _("outside the voivodeship"))]

    def powiat_code(self, entity_id: int | None) -> str:
        """The powiat for the counts: from the registry entity's seat when matched, else as chosen."""
        if entity_id:
            seat = Entity.objects.filter(pk=entity_id).values_list("seat_id", flat=True).first()
            if seat:
                return seat[:4]
        chosen = self.cleaned_data.get("powiat") or ""
        return chosen if chosen.isdigit() else ""

    def matched_entity_id(self) -> int | None:
        """The registry entity whose name matches the institution typed, if exactly one does."""
        name = (self.cleaned_data.get("institution") or "").strip()
        if len(name) < 3:
            return None
        ids = list(Entity.objects.filter(name__iexact=name).values_list("pk", flat=True)[:2]) or list(
            Entity.objects.filter(short_name__iexact=name).values_list("pk", flat=True)[:2])
        return ids[0] if len(ids) == 1 else None


class RegistrationForm(HumanCheckFormMixin, ParticipantFields):
    consent = forms.BooleanField(
        label=_("I consent to the processing of my personal data for this event, as described in the "
                "information clause above."),
        error_messages={"required": _("Consent to the processing of personal data is required.")},
    )


class WalkInForm(ParticipantFields):
    email = forms.EmailField(label=_("E-mail address"), required=False)


class AttendanceForm(forms.Form):
    registrations = forms.ModelMultipleChoiceField(queryset=Registration.objects.none(),
                                                   widget=forms.CheckboxSelectMultiple, label=_("Participants"))
    attended = forms.TypedChoiceField(label=_("Mark as"), coerce=lambda v: v == "yes",
                                      choices=[("yes", _("present")), ("no", _("absent"))])

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].queryset = event.registrations.filter(status="confirmed")


class TransitionForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("Title, venue or organiser"), widget=forms.TextInput(attrs={"type": "search"}))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("all"))] + EventKind.choices
        self.fields["status"].choices = [("", _("all"))] + EventStatus.choices


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventDocument.Kind.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG, PNG, DOCX or ODT, up to 10 MB."))

