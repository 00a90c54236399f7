import re

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, SetPasswordMixin
from django.utils.translation import gettext_lazy as _

from core.antispam import HumanCheckFormMixin
from entities.validators import normalize_digits, validate_krs, validate_nip, validate_regon

from .models import RegistrationRequest, User


class LoginForm(AuthenticationForm):
    """Login by e-mail; the field keeps the name ``username`` that Django and django-axes expect."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


def _seat_choices() -> list[tuple[str, str]]:
    """Gminy of the voivodeship that can be a seat, with the powiat, since gmina names repeat."""
    from entities.models import Territory

    gminy = Territory.objects.seats().filter(code__startswith=settings.ROPS_VOIVODESHIP_CODE).select_related(
        "parent").order_by("name", "code")
    return [("", _("— choose —")),
            *[(g.code, _("%(gmina)s (%(kind)s, powiat %(powiat)s)") % {
                "gmina": g.name, "kind": g.kind, "powiat": g.parent.name}) for g in gminy]]


def _legal_form_choices() -> list[tuple[str, str]]:
    from entities.models import NOT_PES, LegalForm

    return [("", _("— choose —")), *[(value, label) for value, label in LegalForm.choices if value not in NOT_PES]]


class RegistrationForm(SetPasswordMixin, HumanCheckFormMixin):
    """The public self-registration of a PES representative (validation only; ``registration_start`` decides)."""

    first_name = forms.CharField(label=_("First name"), max_length=150,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Last name"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(label=_("E-mail address"), max_length=254,
                             help_text=_("You will log in with it; the confirmation link will be sent to it."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1, password2 = SetPasswordMixin.create_password_fields()

    entity_nip = forms.CharField(label=_("NIP of the entity"), max_length=13, required=False,
                                 widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    entity_krs = forms.CharField(label=_("KRS number of the entity"), max_length=12, required=False,
                                 help_text=_("Give the NIP, the KRS number or both."),
                                 widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    entity_name = forms.CharField(label=_("Full name of the entity"), max_length=500, required=False,
                                  widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    entity_legal_form = forms.ChoiceField(label=_("Legal form"), required=False)
    entity_seat = forms.ChoiceField(label=_("Seat (gmina)"), required=False)
    entity_regon = forms.CharField(label=_("REGON"), max_length=17, required=False,
                                   widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    entity_address = forms.CharField(label=_("Address of the seat (street and number, town)"), max_length=300,
                                     required=False, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    entity_postal_code = forms.CharField(label=_("Postal code"), max_length=6, required=False,
                                         help_text=_("For example 87-100."),
                                         widget=forms.TextInput(attrs={"autocomplete": "off"}))

    consent_processing = forms.BooleanField(
        label=_("I have read the information on the processing of personal data above and I consent to the "
                "processing of my data to run my account."),
        error_messages={"required": _("Consent to the processing of personal data is required.")})
    consent_authorised = forms.BooleanField(
        label=_("I declare that I am authorised to act on behalf of the entity given above."),
        error_messages={"required": _("Confirm that you may act on behalf of the entity.")})

    field_order = ["first_name", "last_name", "email", "password1", "password2", "entity_nip", "entity_krs",
                   "entity_name", "entity_legal_form", "entity_seat", "entity_regon", "entity_address",
                   "entity_postal_code", "consent_processing", "consent_authorised", "website", "form_token"]
    # Service error keys -> fields of this form.
    service_fields = {"password": "password1"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity_legal_form"].choices = _legal_form_choices()
        self.fields["entity_seat"].choices = _seat_choices()

    def _identifier(self, name: str, validator) -> str:
        value = normalize_digits(self.cleaned_data.get(name) or "")
        if value:
            validator(value)
        return value

    def clean_entity_nip(self) -> str:
        return self._identifier("entity_nip", validate_nip)

    def clean_entity_krs(self) -> str:
        return self._identifier("entity_krs", validate_krs)

    def clean_entity_regon(self) -> str:
        return self._identifier("entity_regon", validate_regon)

    def clean_entity_postal_code(self) -> str:
        value = (self.cleaned_data.get("entity_postal_code") or "").strip()
        if value and not re.fullmatch(r"\d{2}-\d{3}", value):
            raise forms.ValidationError(_("Enter the postal code as 00-000."), code="postal_code")
        return value

    def clean(self):
        cleaned = super().clean()
        if not self.has_error("entity_nip") and not self.has_error("entity_krs") and \
                not cleaned.get("entity_nip") and not cleaned.get("entity_krs"):
            self.add_error("entity_nip", _("Give the NIP or the KRS number of the entity."))
        self.validate_passwords()
        user = User(email=cleaned.get("email") or "", first_name=cleaned.get("first_name") or "",
                    last_name=cleaned.get("last_name") or "")
        if not self.has_error("password2"):
            self.validate_password_for_user(user, "password1")
        return cleaned

    def service_kwargs(self) -> dict:
        """The arguments of ``accounts.registration.registration_start``."""
        from .registration import NewEntityData

        data = self.cleaned_data
        new_entity = None
        if any(data.get(f) for f in ("entity_name", "entity_legal_form", "entity_seat", "entity_regon",
                                     "entity_address", "entity_postal_code")):
            new_entity = NewEntityData(name=data["entity_name"], legal_form=data["entity_legal_form"],
                                       seat_code=data["entity_seat"], regon=data["entity_regon"],
                                       address=data["entity_address"], postal_code=data["entity_postal_code"])
        return {"email": data["email"], "first_name": data["first_name"], "last_name": data["last_name"],
                "password": data["password1"], "entity_nip": data["entity_nip"], "entity_krs": data["entity_krs"],
                "new_entity": new_entity, "consent_processing": data["consent_processing"],
                "consent_authorised": data["consent_authorised"]}


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the rejection"), max_length=2000,
                             help_text=_("The applicant receives it by e-mail."),
                             widget=forms.Textarea(attrs={"rows": 3}))


class RegistrationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=RegistrationRequest.Status.choices)


class MfaCodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, strip=True,
                           help_text=_("Six digits from the authenticator app, or one of your recovery codes."),
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "autofocus": True}))


class MfaResetForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the reset"), max_length=300,
                             help_text=_("For example: the phone with the app was lost; identity confirmed by phone."))
