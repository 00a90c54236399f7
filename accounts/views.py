"""Self-registration of PES representatives: the public pages and the staff review (docs/registration.md); a
person's own notification settings and calendar address (docs/notifications.md)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.calendar import calendar_feed_get, calendar_feed_regenerate, calendar_feed_user, calendar_ical
from core.notifications import kinds, preference_modes, preferences_save
from core.paging import Paginator

from .forms import NotificationPreferencesForm, RegistrationFilterForm, RegistrationForm, RejectForm
from .models import RegistrationRequest
from .registration import (
    registration_approve,
    registration_confirm_email,
    registration_from_token,
    registration_reject,
    registration_start,
)
from .selectors import registration_get_for_user, registration_list, registration_of

Status = RegistrationRequest.Status
SESSION_KEY = "accounts_registration"


def _form_errors(form, exc: ValidationError, renames: dict[str, str] | None = None) -> None:
    """Put a service's ``ValidationError`` next to the fields it names (the rest above the form)."""
    renames = renames or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        name = renames.get(name, name)
        form.add_error(name if name in form.fields else None, errors)


# --- public -----------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = registration_start(**form.service_kwargs())
        except ValidationError as exc:
            _form_errors(form, exc, RegistrationForm.service_fields)
        else:
            request.session[SESSION_KEY] = registration.pk
            return redirect("accounts:registration_sent")
    return render(request, "accounts/registration_form.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


@require_GET
def registration_sent(request: HttpRequest) -> HttpResponse:
    """"Check your e-mail": shown only to the browser that has just registered."""
    registration = RegistrationRequest.objects.select_related("user").filter(
        pk=request.session.get(SESSION_KEY), status=Status.AWAITING_EMAIL).first()
    if registration is None:
        return redirect("accounts:register")
    return render(request, "accounts/registration_sent.html", {"registration": registration})


@require_http_methods(["GET", "POST"])
def registration_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail: GET shows what is being confirmed, POST confirms (link scanners confirm nothing)."""
    try:
        registration = registration_from_token(token=token)
        if request.method == "POST":
            registration = registration_confirm_email(token=token)
    except ValidationError as exc:
        return render(request, "accounts/registration_confirm.html", {"error": " ".join(exc.messages)},
                      status=400)
    return render(request, "accounts/registration_confirm.html", {
        "registration": registration, "done": not registration.awaits_email,
    })


@login_required
@require_GET
def registration_status(request: HttpRequest) -> HttpResponse:
    """The applicant's own request: waiting for the ROPS, approved or rejected."""
    registration = registration_of(request.user)
    if registration is None:
        raise Http404
    return render(request, "accounts/registration_status.html", {"registration": registration})


# --- staff ------------------------------------------------------------------------------------

@login_required
@require_GET
def registration_list_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("accounts.review_registrations"):
        raise PermissionDenied
    status = request.GET.get("status")
    if status not in Status.values:
        status = Status.AWAITING_STAFF  # what staff have to act on
    form = RegistrationFilterForm(initial={"status": status})
    page = Paginator(registration_list(user=request.user, status=status), 25).get_page(request.GET.get("page"))
    return render(request, "accounts/registration_list.html", {
        "page_obj": page, "filter_form": form, "status": Status(status),
    })


def _detail(request: HttpRequest, registration: RegistrationRequest, reject_form: RejectForm | None = None,
            status: int = 200) -> HttpResponse:
    entity = registration.entity
    return render(request, "accounts/registration_detail.html", {
        "registration": registration, "entity": entity,
        "representatives": list(entity.representations.select_related("user").order_by("created_at")),
        "can_decide": registration.can_be_approved,
        "can_reject": registration.can_be_rejected,
        "reject_form": reject_form or RejectForm(),
    }, status=status)


@login_required
@require_GET
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, registration_get_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def registration_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    registration = registration_get_for_user(user=request.user, pk=pk)
    try:
        registration = registration_approve(registration=registration, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Approved: %(user)s now represents %(entity)s.") % {
            "user": registration.user, "entity": registration.entity})
    return redirect(registration)


@login_required
@require_POST
def registration_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    registration = registration_get_for_user(user=request.user, pk=pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            registration = registration_reject(registration=registration, by=request.user,
                                               reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The request is rejected and the applicant has been told why."))
            return redirect(registration)
    return _detail(request, registration, reject_form=form, status=400)


# --- notifications and the personal calendar (core.notifications, core.calendar) --------------

@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """The person's own choices: how each kind of notification reaches them, and their calendar address."""
    modes = preference_modes(request.user)
    form = NotificationPreferencesForm(request.POST or None, modes=modes)
    if request.method == "POST" and form.is_valid():
        try:
            preferences_save(user=request.user, modes=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("accounts:notifications")
    feed = calendar_feed_get(request.user)
    return render(request, "accounts/notifications.html", {
        "form": form, "required_kinds": [kind for kind in kinds() if kind.required],
        "calendar_url": request.build_absolute_uri(reverse("accounts:calendar_feed", args=[feed.token]))})


@require_POST
@login_required
def calendar_regenerate(request: HttpRequest) -> HttpResponse:
    calendar_feed_regenerate(user=request.user)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("accounts:notifications")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's calendar for calendar programs: no login, the secret address is the key (404 otherwise)."""
    user = calendar_feed_user(token)
    if user is None:
        raise Http404
    response = HttpResponse(calendar_ical(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kalendarz.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
