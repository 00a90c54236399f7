"""Multi-factor authentication (ASVS 6.3, level 2) with django-otp: a TOTP authenticator app plus ten one-time
recovery codes.

Who must use it is a setting per role (``MFA_REQUIRED_ROLES``: ROPS administrators, staff and committee members
in production; nobody in the demo, so that its printed logins keep working). Anyone may enrol voluntarily; once
enrolled, the second factor is asked at every sign-in. A person who lost their phone and their codes asks a ROPS
administrator, who resets the factor (recorded with who, when and why); they enrol again at the next sign-in.
Codes are checked with django-otp's own throttling (each wrong code doubles the wait).
"""

from base64 import b32encode

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import MfaEvent, User
from .permissions import is_rops_admin

RECOVERY_CODES = 10
ISSUER = "ROPS"


def mfa_required_for(user) -> bool:
    """Whether the user must pass a second factor: their role requires it, or they enrolled."""
    if user is None or not user.is_authenticated:
        return False
    return bool(set(settings.MFA_REQUIRED_ROLES) & user.role_names) or mfa_enrolled(user)


def mfa_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The authenticator to be set up (a new secret, not confirmed until a code from it is typed)."""
    if mfa_enrolled(user):
        raise ValidationError(_("A second factor is already set up for this account."), code="enrolled")
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


def totp_device_pending(*, user: User, device_id) -> TOTPDevice | None:
    """The set-up begun in this session, if it is still waiting for its first code."""
    return TOTPDevice.objects.filter(pk=device_id or 0, user=user, confirmed=False).first()


def totp_config_url(device: TOTPDevice) -> str:
    """The otpauth:// address the authenticator app reads from the QR code."""
    return device.config_url


def totp_secret(device: TOTPDevice) -> str:
    """The key in the form people type into an authenticator app by hand (base32)."""
    return b32encode(device.bin_key).decode().rstrip("=")


@transaction.atomic
def totp_device_confirm(*, request, device_id: int, token: str) -> list[str]:
    """Confirm the authenticator with a code it shows; returns the recovery codes (shown once)."""
    user = request.user
    device = TOTPDevice.objects.select_for_update().filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        raise ValidationError(_("Start the set-up again."), code="expired")
    if not device.verify_token(_digits(token)):
        raise ValidationError(_("The code is not right. Type the six digits the app shows now."), code="token")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    MfaEvent.objects.create(user=user, kind=MfaEvent.Kind.ENROLLED, by=user)
    otp_login(request, device)
    request.session["mfa_required"] = True   # enrolled: asked at every sign-in from now on
    return codes


def mfa_verify(*, request, token: str) -> bool:
    """Check a code from the app, or a recovery code (used up); marks the session verified. False when wrong."""
    user = request.user
    token = (token or "").strip()
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(_digits(token)):
            otp_login(request, device)
            return True
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(token.replace(" ", "").lower()):
            otp_login(request, device)
            MfaEvent.objects.create(user=user, kind=MfaEvent.Kind.RECOVERY_USED, by=user,
                                    note=_recovery_left(device.token_set.count()))
            return True
    return False


@transaction.atomic
def recovery_codes_renew(*, request) -> list[str]:
    """New recovery codes for a verified session (the old ones stop working)."""
    if not request.user.is_verified():
        raise PermissionDenied
    codes = _new_recovery_codes(request.user)
    MfaEvent.objects.create(user=request.user, kind=MfaEvent.Kind.CODES_RENEWED, by=request.user)
    return codes


@transaction.atomic
def mfa_reset(*, user: User, by: User, reason: str) -> None:
    """A ROPS administrator removes a person's second factor (a lost phone); recorded with the reason."""
    if by is None or not is_rops_admin(by):
        raise PermissionDenied(_("Only a ROPS administrator resets a second factor."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the reset (for example: a lost phone).")})
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    MfaEvent.objects.create(user=user, kind=MfaEvent.Kind.RESET, by=by, note=reason)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _new_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _recovery_left(left: int) -> str:
    return ngettext("%(left)d recovery code left", "%(left)d recovery codes left", left) % {"left": left}


def _digits(token: str) -> str:
    return "".join(ch for ch in (token or "") if ch.isascii() and ch.isdigit())[:8]
