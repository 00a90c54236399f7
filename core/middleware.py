import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


class PolishFirstLocaleMiddleware(LocaleMiddleware):
    """Polish unless the person chose another language with the switcher (the language cookie).

    Django's own middleware follows the browser's Accept-Language, which would show English to
    officials whose browsers happen to be set to English; a Polish public office speaks Polish first.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def session_seconds_left(request) -> int:
    """Seconds until the signed-in session reaches its absolute lifetime."""
    started = request.session.get(SessionLifetimeMiddleware.STARTED) or time.time()
    return max(0, int(started + settings.SESSION_ABSOLUTE_SECONDS - time.time()))


def session_idle_seconds_left(request) -> int:
    """Seconds until the signed-in session reaches its idle limit: ``SESSION_COOKIE_AGE`` after its last renewal
    (the session row's expiry; renewed at most every ``SESSION_REFRESH_SECONDS``, see the middleware)."""
    renewed = request.session.get(SessionLifetimeMiddleware.RENEWED) or time.time()
    return max(0, int(renewed + settings.SESSION_COOKIE_AGE - time.time()))


class SessionLifetimeMiddleware:
    """Two limits on a signed-in session, and what the person is told when one of them ends it.

    - Idle: ``SESSION_COOKIE_AGE`` without a request (Django's own expiry of the session row). A request renews
      it by saving the session when the last renewal is ``SESSION_REFRESH_SECONDS`` old or more (and whenever the
      session is saved anyway), not on every request; the time of the renewal is kept in the session (``RENEWED``)
      and the warning dialog counts from it (``session_idle_seconds_left``).
    - Absolute (ASVS 7.3.2): ``SESSION_ABSOLUTE_SECONDS`` after signing in, however active the session.

    A small marker cookie remembers that the browser was signed in; when a request comes without a session but
    with the marker, the session has ended (not been closed by logging out), and the login page says so.
    Every page and download seen while signed in is sent with ``Cache-Control: no-store`` (ASVS 14.3.2), so a
    shared office computer's cache keeps nothing of it.
    """

    STARTED = "signed_in_at"
    RENEWED = "renewed_at"
    MARKER = "rops_signed_in"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        ended = False
        if user is not None and user.is_authenticated:
            started = request.session.get(self.STARTED)
            now = time.time()
            if started is None:
                request.session[self.STARTED] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                ended = True
            if not ended and now - (request.session.get(self.RENEWED) or 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[self.RENEWED] = now   # saved by SessionMiddleware: the idle time starts again
        elif request.COOKIES.get(self.MARKER):
            ended = True
        if ended:
            messages.warning(request, _("Your session has ended (after a time without activity, or after the "
                                        "longest time a session may last). Please log in again."))
        response = self.get_response(request)
        after = getattr(request, "user", None)   # logging in or out during the request changes it
        if after is not None and after.is_authenticated:
            if request.session.modified:  # saved anyway (a login, a message): that renews the idle time too
                request.session[self.RENEWED] = time.time()
            add_never_cache_headers(response)
            if not request.COOKIES.get(self.MARKER):
                response.set_cookie(self.MARKER, "1", httponly=True, samesite="Lax",
                                    secure=settings.SESSION_COOKIE_SECURE)
        elif request.COOKIES.get(self.MARKER) or ended:
            response.delete_cookie(self.MARKER, samesite="Lax")
        return response


def _hostile(text: str) -> bool:
    """NUL (refused by PostgreSQL in text, and never typed by a person) or a lone surrogate (not text at all)."""
    return "\x00" in text or any("\ud800" <= ch <= "\udfff" for ch in text)


class HostileInputMiddleware:
    """The one input-cleaning rule at the edge: a request whose parameters (names or values, in the query string
    or the form) or path carry NUL or lone surrogates gets a 400 page in Polish and reaches no view, so no filter,
    search or form passes such a value to the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    #: Paths answered in JSON, in the shape the open-data API documents for a bad parameter ({name: [reasons]}).
    API_PREFIX = "/api/"

    def __call__(self, request):
        where = self.hostile_part(request)
        if where is None:
            return self.get_response(request)
        if request.path.startswith(self.API_PREFIX):
            reason = _("The request carries characters that are not text (NUL or broken Unicode).")
            return JsonResponse({where or "detail": [reason]}, status=400, json_dumps_params={"ensure_ascii": False})
        return render(request, "400.html", status=400)

    @staticmethod
    def hostile_part(request) -> str | None:
        """None when the request is clean; else the name of the first hostile parameter ("" for the path or a
        hostile parameter name)."""
        if _hostile(request.path):
            return ""
        sources = [request.GET]
        if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded",
                                                                 "multipart/form-data"):
            sources.append(request.POST)
        for data in sources:
            for key, values in data.lists():
                if _hostile(key):
                    return ""
                if any(_hostile(value) for value in values):
                    return key
        return None
