from django.conf import settings

from .middleware import session_idle_seconds_left, session_seconds_left
from .navigation import nav_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    items = nav_for(user) if user is not None and user.is_authenticated else []
    current = getattr(getattr(request, "resolver_match", None), "view_name", "")
    return {"nav_items": items, "nav_current": current, "ROPS_NAME": settings.ROPS_NAME}


def session_limits(request) -> dict:
    """Seconds left of the signed-in session: idle (SESSION_COOKIE_AGE from its last renewal) and absolute, for
    the warning dialog of base.html (static/js/session.js)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"session_idle_seconds": session_idle_seconds_left(request),
            "session_absolute_remaining": session_seconds_left(request)}
