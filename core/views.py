import io
import threading
import time

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .audit import audit_log_page, audited_model
from .downloads import NotFoundWithReason, stored_file_response
from .exports import xlsx_append
from .ezd import case_package, provider_for
from .forms import (
    AccessibilityStatementForm,
    DataRequestCloseForm,
    DataRequestExtendForm,
    DataRequestForm,
    PrivacySettingsForm,
)
from .guards import holds
from .home import home_sections, public_sections
from .job_status import redirect_to_job, safe_back
from .middleware import SessionLifetimeMiddleware, session_seconds_left
from .models import DataSubjectRequest, DisposalProposal
from .privacy import activities
from .request_data import posted_id
from .retention import rule
from .selectors import accessibility_statement, job_get_for_user, job_list_for_user, privacy_settings
from .services import (
    accessibility_statement_save,
    data_request_access_rows,
    data_request_close,
    data_request_erase,
    data_request_extend,
    data_request_record,
    disposal_confirm,
    ezd_case_sign_of,
    ezd_case_sign_set,
    job_create,
    job_retry,
    privacy_settings_save,
)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """The 404 page; it names the reason only when the code wrote one for the user (``NotFoundWithReason``)."""
    reason = str(exception) if isinstance(exception, NotFoundWithReason) else ""
    return render(request, "404.html", {"reason": reason}, status=404)


def home(request: HttpRequest) -> HttpResponse:
    """``/``: the public entrance for a visitor who is not signed in, the person's own matters otherwise."""
    if not request.user.is_authenticated:
        return public_home(request)
    return dashboard(request)


def public_home(request: HttpRequest) -> HttpResponse:
    """The public entrance of the social-economy service: the public pages and the login, no data of anybody."""
    return render(request, "core/public_home.html", {"sections": public_sections()})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """"Moje sprawy": what waits for the person, one section per role and app (``core.home``)."""
    return render(request, "core/dashboard.html", {"groups": home_sections(request.user),
                                                   "jobs": job_list_for_user(user=request.user, limit=5)})


HEALTH_TIMEOUT_SECONDS = 2.0


def _database_check() -> str:
    """A round trip to the database on a connection of the checking thread, closed afterwards."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    finally:
        connection.close()


def _redis_check() -> str:
    # lazy: redis (0.2 s to import) is needed only by the health check
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=HEALTH_TIMEOUT_SECONDS,
                         socket_timeout=HEALTH_TIMEOUT_SECONDS).ping()
    return "ok"


def _within(check, seconds: float) -> str:
    """The check's answer, or an error when it raises or does not answer in time (a hung server must not hold
    the load balancer's probe, nor a web worker, longer than that)."""
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
    log, page = audit_log_page(obj, request.GET.get("page"))
    return render(request, "core/history.html", {
        "log": log, "page_obj": page, "object": obj, "app_label": app_label, "model_name": model_name,
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
    return redirect_to_job(reverse("core:history", args=[app_label, model_name, obj.pk]), job)


@login_required
def job_detail(request: HttpRequest, pk) -> HttpResponse:
    job = job_get_for_user(user=request.user, pk=pk)
    template = "core/job_detail.html#job-status-body" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job, "back": safe_back(request, request.GET.get("back"))})


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
    return render(request, "core/accessibility_statement.html", {
        "statement": accessibility_statement(),
        "can_edit": request.user.has_perm("core.edit_accessibility_statement")})


@login_required
def accessibility_statement_edit(request: HttpRequest) -> HttpResponse:
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
    """"Stay signed in" in the warning dialog: the session is saved, which renews the idle time (whatever
    ``SESSION_REFRESH_SECONDS`` says); the absolute lifetime cannot be extended."""
    request.session[SessionLifetimeMiddleware.RENEWED] = time.time()
    return JsonResponse({"idle_seconds": settings.SESSION_COOKIE_AGE,
                         "absolute_remaining": session_seconds_left(request)})


def _ezd_record(request: HttpRequest, label: str, pk: str):
    """The record with a case package, for staff; 404 for anybody else or an unknown record."""
    provider = provider_for(label)
    if provider is None or not holds(request.user, "core.handle_case_packages"):
        raise Http404
    model = apps.get_model(label)
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj, provider


@login_required
def ezd_package(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    """The case package of a record (zip: each document as PDF with its NES metadata), for EZD."""
    obj, provider = _ezd_record(request, label, pk)
    record = provider(obj)
    response = HttpResponse(case_package(record, case_sign=ezd_case_sign_of(obj)), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="paczka-ezd-{label.replace(".", "-")}-{obj.pk}.zip"'
    return response


@require_POST
@login_required
def ezd_case_sign(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    obj, _provider = _ezd_record(request, label, pk)
    try:
        ezd_case_sign_set(obj=obj, case_sign=request.POST.get("case_sign", ""), by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The case sign has been saved."))
    return redirect(obj.get_absolute_url())


# --- personal data (core.privacy) -----------------------------------------------------------------------------

@login_required
def privacy_register(request: HttpRequest) -> HttpResponse:
    """The register of processing activities (art. 30) for the DPO and the ROPS administrator."""
    if not request.user.has_perm("core.view_processing_register"):
        raise Http404
    return render(request, "core/privacy_register.html", {
        "activities": activities(), "settings": privacy_settings(),
        "can_edit": request.user.has_perm("core.edit_privacy_settings")})


@login_required
def privacy_register_xlsx(request: HttpRequest) -> HttpResponse:
    # lazy: openpyxl (0.3 s to import) is needed only by the XLSX download
    from openpyxl import Workbook

    if not request.user.has_perm("core.view_processing_register"):
        raise Http404
    current = privacy_settings()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Register of processing")[:31]
    xlsx_append(sheet, [_("Controller"), current.controller, current.controller_address])
    xlsx_append(sheet, [_("Data protection officer"), current.dpo_name, current.dpo_email])
    xlsx_append(sheet, [])
    xlsx_append(sheet, [_("Processing activity"), _("Purpose"), _("Legal basis"), _("Data subjects"),
                        _("Categories of data"), _("Recipients"), _("Retention"), _("Source")])
    for a in activities():
        xlsx_append(sheet, [str(a.name), str(a.purpose), str(a.legal_basis), str(a.data_subjects),
                            str(a.categories), str(a.recipients), str(a.retention), str(a.source)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="rejestr-czynnosci-przetwarzania.xlsx"'
    return response


@login_required
def privacy_settings_edit(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("core.edit_privacy_settings"):
        raise Http404
    form = PrivacySettingsForm(request.POST or None, instance=privacy_settings())
    if request.method == "POST" and form.is_valid():
        privacy_settings_save(by=request.user, **form.cleaned_data)
        messages.success(request, _("The personal data settings have been saved."))
        return redirect("core:privacy_register")
    return render(request, "core/privacy_settings_form.html", {"form": form}, status=400 if form.errors else 200)


def _handles_requests(request: HttpRequest) -> None:
    if not request.user.has_perm("core.handle_data_requests"):
        raise Http404


@login_required
def privacy_requests(request: HttpRequest) -> HttpResponse:
    """The queue of data subject requests (arts. 15–21) with their deadlines; staff record new ones here."""
    _handles_requests(request)
    form = DataRequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            created = data_request_record(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The request has been recorded."))
            return redirect(created)
    today = timezone.localdate()
    rows = [(r, r.overdue(today)) for r in DataSubjectRequest.objects.all()[:200]]
    return render(request, "core/privacy_requests.html", {"rows": rows, "form": form},
                  status=400 if form.errors else 200)


@login_required
def privacy_request(request: HttpRequest, pk: int) -> HttpResponse:
    _handles_requests(request)
    subject = get_object_or_404(DataSubjectRequest, pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    extend_form = DataRequestExtendForm(request.POST if action == "extend" else None)
    close_form = DataRequestCloseForm(request.POST if action == "close" else None,
                                      initial={"outcome": subject.outcome})
    try:
        if action == "extend" and extend_form.is_valid():
            data_request_extend(request=subject, by=request.user, **extend_form.cleaned_data)
            messages.success(request, _("The deadline has been extended."))
            return redirect(subject)
        if action == "close" and close_form.is_valid():
            data_request_close(request=subject, by=request.user, **close_form.cleaned_data)
            messages.success(request, _("The request is closed."))
            return redirect(subject)
        if action == "erase":
            data_request_erase(request=subject, by=request.user)
            messages.success(request, _("The erasure has been carried out; check the answer and close the request."))
            return redirect(subject)
        if action == "export":
            return _access_export(subject, data_request_access_rows(subject))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(subject)
    return render(request, "core/privacy_request.html", {
        "subject": subject, "overdue": subject.overdue(timezone.localdate()), "extend_form": extend_form,
        "close_form": close_form, "is_erasure": subject.kind == DataSubjectRequest.Kind.ERASURE},
        status=400 if extend_form.errors or close_form.errors else 200)


def _access_export(subject, rows) -> HttpResponse:
    # lazy: openpyxl (0.3 s to import) is needed only by the XLSX download
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    xlsx_append(sheet, [_("Processing activity"), _("Record"), _("Field"), _("Value")])
    for row in rows:
        xlsx_append(sheet, list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="dane-osoby-wniosek-{subject.pk}.xlsx"'
    return response


@login_required
def retention_disposals(request: HttpRequest) -> HttpResponse:
    """The records past their retention period (the monthly review) and the staff's confirmation of disposal."""
    _handles_requests(request)
    if request.method == "POST":
        proposal = get_object_or_404(DisposalProposal, pk=posted_id(request.POST.get("proposal")))
        try:
            proposal = disposal_confirm(proposal=proposal, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, ngettext("%(n)d record disposed of.", "%(n)d records disposed of.",
                                               proposal.disposed) % {"n": proposal.disposed})
        return redirect("core:retention")
    rows = []
    for proposal in DisposalProposal.objects.all()[:100]:
        declared = rule(proposal.rule_key)
        rows.append((proposal, declared.name, declared.action == "anonymise", len(proposal.object_ids)))
    return render(request, "core/retention.html", {"rows": rows})


def confirm_page(request: HttpRequest, *, heading: str, subject: str, consequences: list[str], action: str,
                 button: str, cancel: str, danger: bool = False, form=None, hidden=()) -> HttpResponse:
    """The page an irreversible action asks first (GET on the action's address): what will happen, and the form
    that makes it (POST to ``action``). Views call it; the action itself stays a POST to the same view."""
    return render(request, "core/confirm.html", {"confirm": {
        "heading": heading, "subject": subject, "consequences": consequences, "action": action, "button": button,
        "cancel": cancel, "danger": danger, "form": form, "hidden": list(hidden)}})
