from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest


def require_manage(request: HttpRequest) -> None:
    """Staff only: read-only roles get 403 (those who may not see programmes got 404 from the selector)."""
    if not request.user.has_perm("programmes.manage_programme"):
        raise PermissionDenied


def form_status(request: HttpRequest, *forms: Form | None) -> int:
    """400 for a plain POST with errors; htmx swaps only 2xx answers, so it gets 200 and the errors in place."""
    if request.method == "POST" and not request.htmx and any(f is not None and not f.is_valid() for f in forms):
        return 400
    return 200


def refuse(form: Form, exc: ValidationError, fields: dict[str, str] | None = None) -> None:
    """Show a service's refusal on the form: on the field its code names (``fields``: code → field), else above
    the form."""
    field = (fields or {}).get(getattr(exc, "code", None) or "")
    form.add_error(field, exc)
