from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .mfa import mfa_enrolled, mfa_required_for


class MfaEnforcementMiddleware:
    """A signed-in person who must pass a second factor (accounts.mfa.mfa_required_for) and has not yet in this
    session reaches only the second-factor pages (set-up or code), logging out and public assets; everything else
    sends them there, then back to where they were going. Comes after django-otp's OTPMiddleware."""

    # Whether this session's user must pass a second factor, decided once per session (a role change or a new
    # enrolment takes effect at the next sign-in; an enrolment in this session sets it at once).
    SESSION_KEY = "mfa_required"
    OPEN_PREFIXES = ("/static/", "/i18n/", "/healthz", "/deklaracja-dostepnosci/")
    OPEN_NAMES = ("accounts:mfa_setup", "accounts:mfa_verify", "accounts:logout", "core:session_extend")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified() and self._required(request) \
                and not self._open(request.path_info):
            target = "accounts:mfa_verify" if mfa_enrolled(user) else "accounts:mfa_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _required(self, request) -> bool:
        required = request.session.get(self.SESSION_KEY)
        if required is None:
            required = request.session[self.SESSION_KEY] = mfa_required_for(request.user)
        return required

    def _open(self, path: str) -> bool:
        return path.startswith(self.OPEN_PREFIXES) or path in {reverse(name) for name in self.OPEN_NAMES}
