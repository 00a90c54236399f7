from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from core.antispam import HumanCheckFormMixin
from core.models import NotificationMode
from core.notifications import kinds
from entities.models import Entity

from .models import RegistrationRequest, User
from .registration import NewEntityData, registration_legal_forms, registration_seats


class LoginForm(AuthenticationForm):
    """Login by e-mail; the field keeps the name ``username`` that Django and django-axes expect."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


def _seat_choices() -> list[tuple[str, str]]:
    """The gminy ``registration_seats`` allows, with the powiat, since gmina names repeat."""
    gminy = registration_seats().select_related("parent").order_by("name", "code")
    return [("", _("— choose —")),
            *[(g.code, _("%(gmina)s (%(kind)s, powiat %(powiat)s)") % {
                "gmina": g.name, "kind": g.kind, "powiat": g.parent.name}) for g in gminy]]


def _legal_form_choices() -> list[tuple[str, str]]:
    return [("", _("— choose —")), *registration_legal_forms()]


class _ShownRequired:
    """A field marked as required on the page (asterisk, ``required`` attribute), whose presence is not checked
    here: it is ``registration_start``'s rule, so the service's message is the only one."""

    def validate(self, value):
        if value in self.empty_values or value is False:
            return
        super().validate(value)


class _Text(_ShownRequired, forms.CharField):
    pass


class _Consent(_ShownRequired, forms.BooleanField):
    pass


def _text(label, *, model_field=None, required: bool = False, autocomplete: str = "off", numeric: bool = False,
          widget=forms.TextInput, **kwargs) -> forms.CharField:
    """A text field that only carries what was typed (the browser's length limit is the model field's)."""
    attrs = {"autocomplete": autocomplete}
    if numeric:
        attrs["inputmode"] = "numeric"
    if model_field is not None:
        attrs["maxlength"] = model_field.max_length
    return (_Text if required else forms.CharField)(label=label, required=required, widget=widget(attrs=attrs),
                                                    **kwargs)


class RegistrationForm(HumanCheckFormMixin):
    """The public self-registration of a PES representative.

    The fields only carry what was typed. Every rule — required fields, the e-mail address, the password validators,
    NIP/KRS, the legal forms and seats offered, the entity's data — lives once in ``accounts.registration``
    (``registration_start``, ``registration_legal_forms``, ``registration_seats``), so an error reads the same
    whichever way it is reached; the view puts the service's errors next to these fields. The form itself checks
    only what belongs to the page: the spam checks and that the password was typed the same twice.
    """

    first_name = _text(_("First name"), model_field=User._meta.get_field("first_name"), required=True,
                       autocomplete="given-name")
    last_name = _text(_("Last name"), model_field=User._meta.get_field("last_name"), required=True,
                      autocomplete="family-name")
    email = _text(_("E-mail address"), model_field=User._meta.get_field("email"), required=True,
                  autocomplete="email", widget=forms.EmailInput,
                  help_text=_("You will log in with it; the confirmation link will be sent to it."))
    password1 = _text(_("Password"), required=True, autocomplete="new-password", widget=forms.PasswordInput,
                      strip=False, help_text=password_validators_help_text_html())
    password2 = _text(_("Password confirmation"), required=True, autocomplete="new-password",
                      widget=forms.PasswordInput, strip=False,
                      help_text=_("Enter the same password as before, for verification."))

    entity_nip = _text(_("NIP of the entity"), numeric=True)
    entity_krs = _text(_("KRS number of the entity"), numeric=True,
                       help_text=_("Give the NIP, the KRS number or both."))
    entity_name = _text(_("Full name of the entity"), model_field=Entity._meta.get_field("name"),
                        autocomplete="organization")
    entity_legal_form = forms.CharField(label=_("Legal form"), required=False, widget=forms.Select)
    entity_seat = forms.CharField(label=_("Seat (gmina)"), required=False, widget=forms.Select)
    entity_regon = _text(_("REGON"), numeric=True)
    entity_address = _text(_("Address of the seat (street and number, town)"),
                           model_field=Entity._meta.get_field("address"))
    entity_postal_code = _text(_("Postal code"), help_text=_("For example 87-100."))

    consent_processing = _Consent(
        label=_("I have read the information on the processing of personal data above and I consent to the "
                "processing of my data to run my account."))
    consent_authorised = _Consent(
        label=_("I declare that I am authorised to act on behalf of the entity given above."))

    field_order = ["first_name", "last_name", "email", "password1", "password2", "entity_nip", "entity_krs",
                   "entity_name", "entity_legal_form", "entity_seat", "entity_regon", "entity_address",
                   "entity_postal_code", "consent_processing", "consent_authorised", "website", "form_token"]
    # Service error keys -> fields of this form.
    service_fields = {"password": "password1"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity_legal_form"].widget.choices = _legal_form_choices()
        self.fields["entity_seat"].widget.choices = _seat_choices()

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password1 != password2:
            self.add_error("password2", forms.ValidationError(
                _("The two password fields didn’t match."), code="password_mismatch"))
        return cleaned

    def service_kwargs(self) -> dict:
        """The arguments of ``accounts.registration.registration_start``."""
        data = self.cleaned_data
        new_entity = None
        if any(data.get(f) for f in ("entity_name", "entity_legal_form", "entity_seat", "entity_regon",
                                     "entity_address", "entity_postal_code")):
            new_entity = NewEntityData(name=data["entity_name"], legal_form=data["entity_legal_form"],
                                       seat_code=data["entity_seat"], regon=data["entity_regon"],
                                       address=data["entity_address"], postal_code=data["entity_postal_code"])
        return {"email": data["email"], "first_name": data["first_name"], "last_name": data["last_name"],
                "password": data["password1"] or "", "entity_nip": data["entity_nip"],
                "entity_krs": data["entity_krs"], "new_entity": new_entity,
                "consent_processing": data["consent_processing"], "consent_authorised": data["consent_authorised"]}


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


class NotificationPreferencesForm(forms.Form):
    """How the person wants each kind of notification that may be turned down: one group of radio buttons per
    kind (the kinds the procedure requires are listed on the page, not asked)."""

    def __init__(self, *args, modes: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds():
            if kind.required:
                continue
            self.fields[kind.code] = forms.ChoiceField(label=kind.label, choices=NotificationMode.choices,
                                                       initial=modes.get(kind.code), widget=forms.RadioSelect,
                                                       help_text=kind.help_text)
