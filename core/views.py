from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .audit import audit_log, audited_model
from .downloads import stored_file_response
from .selectors import job_get_for_user, job_list_for_user
from .services import job_create, job_retry


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """The 404 page; it names the reason only when the code wrote one for the user (``NotFoundWithReason``)."""
    from .downloads import NotFoundWithReason

    reason = str(exception) if isinstance(exception, NotFoundWithReason) else ""
    return render(request, "404.html", {"reason": reason}, status=404)


def home(request: HttpRequest) -> HttpResponse:
    """``/``: the public entrance for a visitor who is not signed in, the person's own matters otherwise."""
    if not request.user.is_authenticated:
        return public_home(request)
    return dashboard(request)


def public_home(request: HttpRequest) -> HttpResponse:
    """The public entrance of the social-economy service: the public pages and the login, no data of anybody."""
    from .home import public_sections

    return render(request, "core/public_home.html", {"sections": public_sections()})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """"Moje sprawy": what waits for the person, one section per role and app (``core.home``)."""
    from .home import home_sections

    return render(request, "core/dashboard.html", {"groups": home_sections(request.user),
                                                   "jobs": job_list_for_user(user=request.user, limit=5)})


HEALTH_TIMEOUT_SECONDS = 2.0


def _database_check() -> str:
    """A round trip to the database on a connection of the checking thread, closed afterwards."""
    from django.db import connections

    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    finally:
        connection.close()


def _redis_check() -> str:
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=HEALTH_TIMEOUT_SECONDS,
                         socket_timeout=HEALTH_TIMEOUT_SECONDS).ping()
    return "ok"


def _within(check, seconds: float) -> str:
    """The check's answer, or an error when it raises or does not answer in time (a hung server must not hold
    the load balancer's probe, nor a web worker, longer than that)."""
    import threading

    answer: dict[str, str] = {}

    def run() -> None:
        try:
            answer["value"] = check()
        except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
            answer["value"] = f"error: {type(exc).__name__}"

    thread = threading.Thread(target=run, name="healthz", daemon=True)
    thread.start()
    thread.join(seconds)
    return answer.get("value", "error: timeout")


@never_cache
@require_GET
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and compose: the database, and Redis when configured; 503 naming what
    failed, within about two seconds whatever the state of the servers. Not wrapped in the request's
    transaction (which would need the database before the check could report it)."""
    report = {"database": _within(_database_check, HEALTH_TIMEOUT_SECONDS)}
    report["redis"] = _within(_redis_check, HEALTH_TIMEOUT_SECONDS) if settings.REDIS_URL else "not configured"
    healthy = all(value in ("ok", "not configured") for value in report.values())
    report["status"] = "ok" if healthy else "error"
    return JsonResponse(report, status=200 if healthy else 503)


def _audited_object(request: HttpRequest, app_label: str, model_name: str, pk: str):
    if not request.user.has_perm("core.view_audit"):
        raise Http404
    model = audited_model(app_label, model_name)
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return model, obj


@login_required
def history(request: HttpRequest, app_label: str, model_name: str, pk: str) -> HttpResponse:
    """The audit history of one object, for ROPS staff."""
    model, obj = _audited_object(request, app_label, model_name, pk)
    return render(request, "core/history.html", {
        "log": audit_log(obj), "object": obj, "app_label": app_label, "model_name": model_name,
    })


@require_POST
@login_required
def history_pdf(request: HttpRequest, app_label: str, model_name: str, pk: str) -> HttpResponse:
    model, obj = _audited_object(request, app_label, model_name, pk)
    job = job_create(
        kind="audit_pdf",
        title=_("Change history: %(object)s") % {"object": obj},
        params={"model": model._meta.label, "pk": obj.pk},
        by=request.user,
    )
    return redirect("core:job_detail", pk=job.pk)


@login_required
def job_detail(request: HttpRequest, pk) -> HttpResponse:
    job = job_get_for_user(user=request.user, pk=pk)
    template = "core/job_detail.html#job-status" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request: HttpRequest, pk) -> FileResponse:
    job = job_get_for_user(user=request.user, pk=pk)
    return stored_file_response(job.result, filename=job.result_name,
                                content_type=job.result_content_type or "application/octet-stream")


@require_POST
@login_required
def job_retry_view(request: HttpRequest, pk) -> HttpResponse:
    job = job_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("core.retry_job", job):
        raise PermissionDenied
    try:
        job_retry(job=job, by=request.user)
        messages.success(request, _("The job was queued again."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("core:job_detail", pk=job.pk)


def accessibility_statement_view(request: HttpRequest) -> HttpResponse:
    """The public accessibility statement (no login), linked from every page's footer and head."""
    from .selectors import accessibility_statement

    return render(request, "core/accessibility_statement.html", {
        "statement": accessibility_statement(),
        "can_edit": request.user.has_perm("core.edit_accessibility_statement")})


@login_required
def accessibility_statement_edit(request: HttpRequest) -> HttpResponse:
    from .forms import AccessibilityStatementForm
    from .selectors import accessibility_statement
    from .services import accessibility_statement_save

    if not request.user.has_perm("core.edit_accessibility_statement"):
        raise PermissionDenied
    form = AccessibilityStatementForm(request.POST or None, instance=accessibility_statement())
    if request.method == "POST" and form.is_valid():
        try:
            accessibility_statement_save(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The accessibility statement has been saved."))
            return redirect("core:accessibility")
    return render(request, "core/accessibility_statement_form.html", {"form": form},
                  status=400 if form.errors else 200)


@require_POST
@login_required
def session_extend(request: HttpRequest) -> JsonResponse:
    """"Stay signed in" in the warning dialog: the request itself renews the idle time (the session is saved on
    every request); the absolute lifetime cannot be extended."""
    from .middleware import session_seconds_left

    request.session.modified = True
    return JsonResponse({"idle_seconds": settings.SESSION_COOKIE_AGE,
                         "absolute_remaining": session_seconds_left(request)})


def confirm_page(request: HttpRequest, *, heading: str, subject: str, consequences: list[str], action: str,
                 button: str, cancel: str, danger: bool = False, form=None, hidden=()) -> HttpResponse:
    """The page an irreversible action asks first (GET on the action's address): what will happen, and the form
    that makes it (POST to ``action``). Views call it; the action itself stays a POST to the same view."""
    return render(request, "core/confirm.html", {"confirm": {
        "heading": heading, "subject": subject, "consequences": consequences, "action": action, "button": button,
        "cancel": cancel, "danger": danger, "form": form, "hidden": list(hidden)}})
