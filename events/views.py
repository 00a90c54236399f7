import calendar
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from core.downloads import download_name, stored_file_response
from core.job_status import redirect_to_job
from core.paging import Paginator
from core.services import job_create
from core.sorting import SORT_PARAM, search_list, sort_list

from . import ical
from .forms import AttendanceForm, DocumentForm, EventFilterForm, EventForm, RegistrationForm, WalkInForm
from .models import ATTENDANCE_OPEN, EDITABLE, NOT_YET_HELD, Event, EventDocument, Registration
from .selectors import (
    ATTENDANCE_FILTERS,
    attendance_sheet,
    confirmed_count,
    event_get_for_user,
    event_list,
    event_participants,
    public_event_get,
    public_event_list,
)
from .services import (
    ParticipantData,
    attendance_mark,
    event_create,
    event_document_add,
    event_transition,
    event_transitions_offered,
    event_update,
    registration_cancel,
    registration_create,
    registration_is_open,
    walk_in_add,
)

M2M = ("partners", "directions", "tasks")


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _participant(form) -> ParticipantData:
    data = form.cleaned_data
    entity_id = form.matched_entity_id()
    return ParticipantData(first_name=data["first_name"], last_name=data["last_name"], email=data.get("email") or "",
                           category=data["category"], institution=data.get("institution", ""), entity_id=entity_id,
                           powiat_code=form.powiat_code(entity_id),
                           accessibility_needs=data.get("accessibility_needs", ""))


# --- back office ------------------------------------------------------------------------------

# The columns of the list a person may sort by (``?o=``) and the fields ``?q=`` searches.
EVENT_SORTS = {"date": ("starts_at",), "title": ("title",), "kind": ("kind",), "status": ("status",)}
EVENT_SEARCH = ("title", "venue", "city", "organiser__name")


@login_required
def event_list_view(request: HttpRequest) -> HttpResponse:
    _require(request, "events.view_events")
    form = EventFilterForm(request.GET or None)
    events = event_list(user=request.user)
    events, sorting = sort_list(events, request.GET.get(SORT_PARAM), keys=EVENT_SORTS, default="date")
    if form.is_valid():
        events = search_list(events, form.cleaned_data["q"], fields=EVENT_SEARCH)
        if form.cleaned_data["year"]:
            events = events.filter(starts_at__year=form.cleaned_data["year"])
        if form.cleaned_data["kind"]:
            events = events.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["status"]:
            events = events.filter(status=form.cleaned_data["status"])
    page = Paginator(events, 25).get_page(request.GET.get("page"))
    return render(request, "events/event_list.html", {"page_obj": page, "filter_form": form, "sorting": sorting})


@login_required
def event_calendar(request: HttpRequest) -> HttpResponse:
    """A month grid of whole weeks; ``?month=2026-05``."""
    _require(request, "events.view_events")
    today = timezone.localdate()
    try:
        year, month_number = (int(part) for part in request.GET.get("month", "").split("-"))
        month = date(year, month_number, 1)
    except ValueError:
        month = today.replace(day=1)
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    grid = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    # The grid's whole weeks, days of the next and the previous month included: each day shown lists its events
    # (the home page's "events this week" leads to the month of the week's Monday).
    tz = timezone.get_current_timezone()
    start = datetime.combine(grid[0][0], time.min, tzinfo=tz)
    end = datetime.combine(grid[-1][-1], time.max, tzinfo=tz)
    events = list(event_list(user=request.user).filter(starts_at__lte=end, ends_at__gte=start))
    weeks = []
    for week in grid:
        days = []
        for day in week:
            day_events = [e for e in events if timezone.localtime(e.starts_at).date() <= day
                          <= timezone.localtime(e.ends_at).date()]
            days.append({"date": day, "in_month": day.month == first.month, "events": day_events,
                         "today": day == today})
        weeks.append(days)
    previous_month = (first - timedelta(days=1)).replace(day=1)
    next_month = last + timedelta(days=1)
    return render(request, "events/event_calendar.html", {
        "month": first, "weeks": weeks, "previous_month": previous_month, "next_month": next_month,
    })


@login_required
def event_create_view(request: HttpRequest) -> HttpResponse:
    _require(request, "events.manage_events")
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in M2M}
        try:
            event = event_create(by=request.user, **{k: form.cleaned_data[k] for k in M2M}, **data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The event has been created."))
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form})


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_get_for_user(user=request.user, pk=pk)
    _require(request, "events.manage_events")
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in M2M}
        try:
            event_update(event=event, by=request.user, **{k: form.cleaned_data[k] for k in M2M}, **data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The event has been saved."))
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": event})


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field_name, errors in exc.error_dict.items():
            form.add_error(field_name if field_name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


PARTICIPANTS_PER_PAGE = 100


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_get_for_user(user=request.user, pk=pk)
    can_manage = request.user.has_perm("events.manage_events")
    context = {
        "event": event, "can_manage": can_manage, "can_edit": can_manage and event.status in EDITABLE,
        "can_cancel_registrations": can_manage and event.status in NOT_YET_HELD,
        "transitions": event_transitions_offered(event, by=request.user),
        "partners": list(event.partners.all()),
        "documents": list(event.documents.all()),
        "directions": list(event.directions.select_related("goal")),
        "tasks": list(event.tasks.all()),
    }
    if request.user.has_perm("events.view_participants"):
        context.update(_participants(event, request.GET.get("page")))
        context.update({"walk_in_form": WalkInForm(), "document_form": DocumentForm()})
    return render(request, "events/event_detail.html", context)


def _participants(event: Event, page) -> dict:
    """The registrations part of the event page: the counts of all of them and a page of the confirmed ones (a
    large event, hundreds, stays quick to render and reads only the rows shown)."""
    participants = event_participants(event=event, page=page, per_page=PARTICIPANTS_PER_PAGE)
    return {"confirmed": participants.confirmed, "present": participants.present, "page_obj": participants.page,
            "waiting": participants.waiting, "cancelled": participants.cancelled}


@require_POST
@login_required
def event_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_get_for_user(user=request.user, pk=pk)
    _require(request, "events.manage_events")
    try:
        event_transition(event=event, to=request.POST.get("to", ""), by=request.user)
        messages.success(request, _("The status has been changed."))
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect(event)


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance sheet of an event (GET: search, filter, select all / none) and marking in bulk (POST,
    through ``services.attendance_mark``). Posted from the sheet, it returns to the sheet with its filters;
    from the event page, to the event page."""
    event = event_get_for_user(user=request.user, pk=pk)
    _require(request, "events.manage_events")
    if request.method == "POST":
        form = AttendanceForm(request.POST, event=event)
        if form.is_valid():
            try:
                changed = attendance_mark(event=event,
                                          registration_ids=[r.pk for r in form.cleaned_data["registrations"]],
                                          attended=form.cleaned_data["attended"], by=request.user)
                messages.success(request, ngettext("Attendance recorded for %(n)d person.",
                                                   "Attendance recorded for %(n)d people.", changed) % {"n": changed})
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, _("Choose at least one participant."))
        if request.POST.get("from_sheet"):
            kept = {k: request.POST.get(k, "") for k in ("q", "state") if request.POST.get(k)}
            return redirect(reverse("events:attendance", args=[event.pk]) + (f"?{urlencode(kept)}" if kept else ""))
        return redirect(event)
    text = request.GET.get("q", "").strip()[:100]
    state = request.GET.get("state", "")
    state = state if state in ATTENDANCE_FILTERS else ""
    rows = attendance_sheet(event=event, text=text, state=state)
    return render(request, "events/event_attendance.html", {
        "event": event, "rows": rows, "q": text, "state": state, "attendance_open": event.status in ATTENDANCE_OPEN,
        "states": [("", _("everybody")), ("present", _("present")), ("absent", _("absent")),
                   ("unmarked", _("not marked yet"))]})


@require_POST
@login_required
def walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_get_for_user(user=request.user, pk=pk)
    _require(request, "events.manage_events")
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            walk_in_add(event=event, data=_participant(form), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The participant has been added."))
            return redirect(event)
    return render(request, "events/event_detail.html", {
        "event": event, "can_manage": True, "walk_in_form": form,
        "can_cancel_registrations": event.status in NOT_YET_HELD, "document_form": DocumentForm(),
        **_participants(event, request.GET.get("page")),
        "transitions": event_transitions_offered(event, by=request.user),
        "partners": list(event.partners.all()), "documents": list(event.documents.all()),
    }, status=400)


@require_POST
@login_required
def registration_cancel_staff(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = event_get_for_user(user=request.user, pk=pk)
    _require(request, "events.manage_events")
    registration = get_object_or_404(Registration, pk=registration_pk, event=event)
    try:
        registration_cancel(registration=registration, by=request.user)
        messages.success(request, _("The registration has been cancelled."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(event)


@require_POST
@login_required
def participants_job(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    event = event_get_for_user(user=request.user, pk=pk)
    _require(request, "events.view_participants")
    titles = {"events_attendance_pdf": _("Attendance list: %(event)s"),
              "events_participants_xlsx": _("Participants: %(event)s")}
    if kind not in titles:
        raise Http404
    job = job_create(kind=kind, title=titles[kind] % {"event": event}, params={"event_id": event.pk},
                     by=request.user)
    return redirect_to_job(event, job)


@require_POST
@login_required
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_get_for_user(user=request.user, pk=pk)
    _require(request, "events.manage_events")
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            event_document_add(event=event, by=request.user, upload=form.cleaned_data["file"],
                               title=form.cleaned_data["title"], kind=form.cleaned_data["kind"])
            messages.success(request, _("The file has been added."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(event)


@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    event = event_get_for_user(user=request.user, pk=pk)
    doc = get_object_or_404(EventDocument, pk=document_pk, event=event)
    return stored_file_response(doc.file, filename=download_name("plik", doc.pk, doc.file.name))


# --- public -----------------------------------------------------------------------------------

@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(public_event_list(), 20).get_page(request.GET.get("page"))
    now = timezone.now()
    for event in page:
        event.registration_open = registration_is_open(event, now)
    return render(request, "events/public_list.html", {"page_obj": page})


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = public_event_get(pk=pk)
    is_open = registration_is_open(event)
    form = RegistrationForm(request.POST or None) if is_open else None
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("Registration for this event is closed."))
            return redirect("events:public_detail", pk=event.pk)
        if form.is_valid():
            try:
                registration = registration_create(event=event, data=_participant(form),
                                                   consent=form.cleaned_data["consent"])
            except ValidationError as exc:
                form.add_error("email" if exc.code == "duplicate" else None, exc)
            else:
                request.session["events_registered"] = registration.pk
                return redirect("events:public_registered", pk=event.pk)
    seats_left = None
    if event.capacity is not None:
        seats_left = max(0, event.capacity - confirmed_count(event))
    return render(request, "events/public_detail.html", {
        "event": event, "form": form, "is_open": is_open, "seats_left": seats_left,
    }, status=400 if request.method == "POST" and form is not None and form.errors else 200)


@require_GET
def public_registered(request: HttpRequest, pk: int) -> HttpResponse:
    event = public_event_get(pk=pk)
    registration = Registration.objects.filter(pk=request.session.get("events_registered"), event=event).first()
    if registration is None:
        return redirect("events:public_detail", pk=event.pk)
    return render(request, "events/public_registered.html", {"event": event, "registration": registration})


def public_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the confirmation e-mail: GET asks, POST cancels (so link scanners cancel nothing)."""
    registration = Registration.objects.select_related("event").filter(cancel_token=token).first()
    if registration is None or len(token) < 32:
        raise Http404
    done = registration.status == Registration.Status.CANCELLED
    error = None
    if request.method == "POST" and not done:
        try:
            registration_cancel(registration=registration, by=None)
            done = True
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(request, "events/public_cancel.html", {"registration": registration, "done": done,
                                                          "error": error})


@require_GET
def ical_feed(request: HttpRequest) -> HttpResponse:
    return HttpResponse(ical.feed(public_event_list(now=timezone.now() - timedelta(days=90)), request=request),
                        content_type="text/calendar; charset=utf-8")
