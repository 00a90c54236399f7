"""The second-factor pages: set-up (QR code, first code, recovery codes), the code at sign-in, new recovery codes,
and the administrator's reset."""

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import mfa
from .forms import MfaCodeForm, MfaResetForm
from .models import User

SETUP_DEVICE = "mfa_setup_device"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def _qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False, svgns=True,
                                    title=_("QR code for the authenticator app"))
    return buffer.getvalue().decode()


@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator: scan the QR code (or type the key), confirm with a code, note the recovery codes.
    The secret waits in the session between showing it and the first code."""
    if mfa.mfa_enrolled(request.user):
        return redirect("accounts:mfa_verify")
    form = MfaCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = mfa.totp_device_confirm(request=request, device_id=request.session.get(SETUP_DEVICE, 0),
                                            token=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            request.session.pop(SETUP_DEVICE, None)
            return render(request, "accounts/mfa_codes.html", {"codes": codes, "next": _next(request)})
    device = mfa.totp_device_pending(user=request.user, device_id=request.session.get(SETUP_DEVICE))
    if device is None or request.method == "GET":
        device = mfa.totp_device_start(user=request.user)
        request.session[SETUP_DEVICE] = device.pk
    secret = mfa.totp_secret(device)
    return render(request, "accounts/mfa_setup.html", {
        "form": form, "qr": _qr_svg(mfa.totp_config_url(device)), "next": _next(request),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "required": mfa.mfa_required_for(request.user)}, status=400 if form.errors else 200)


@login_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    if not mfa.mfa_enrolled(request.user):
        return redirect("accounts:mfa_setup")
    form = MfaCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.mfa_verify(request=request, token=form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error("code", _("The code is not right, or it was already used. Type the code the app shows "
                                 "now, or one of your recovery codes."))
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _next(request)},
                  status=400 if form.errors else 200)


@require_POST
@login_required
def mfa_recovery_codes(request: HttpRequest) -> HttpResponse:
    try:
        codes = mfa.recovery_codes_renew(request=request)
    except PermissionDenied:
        return redirect("accounts:mfa_verify")
    return render(request, "accounts/mfa_codes.html", {"codes": codes, "next": "/"})


@login_required
def mfa_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("accounts.reset_mfa"):
        raise PermissionDenied
    person = get_object_or_404(User, pk=pk)
    form = MfaResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mfa.mfa_reset(user=person, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error("reason", exc.messages)
        else:
            messages.success(request, _("The second factor of %(person)s has been reset; they set it up again at "
                                        "the next sign-in.") % {"person": person})
            return redirect("admin:accounts_user_change", person.pk)
    return render(request, "accounts/mfa_reset.html", {"form": form, "person": person,
                                                       "enrolled": mfa.mfa_enrolled(person),
                                                       "events": person.mfa_events.select_related("by")[:20]},
                  status=400 if form.errors else 200)
