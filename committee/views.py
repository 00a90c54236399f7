from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import is_staff_member
from core.downloads import download_name, stored_file_response
from core.job_status import redirect_to_job
from core.paging import Paginator
from core.services import job_create
from core.sorting import SEARCH_PARAM, SORT_PARAM, search_list, sort_list
from core.views import confirm_page

from . import services
from . import survey as surveys
from .forms import (
    AppointForm,
    AttendanceForm,
    DeclarationForm,
    DismissForm,
    DocumentForm,
    InterestForm,
    MeetingForm,
    OpenVoteForm,
    ResolutionForm,
    SurveyAnswerForm,
    VoteForm,
)
from .models import Document, Meeting, Member, Resolution, Survey
from .permissions import can_close_vote
from .selectors import (
    committee_get_for_user,
    committee_list,
    interests_confirmation_due,
    interests_of,
    meeting_list,
    member_context,
    register_links,
    register_people,
    resolution_get_for_user,
    vote_dashboard,
)


def _errors(exc) -> str:
    return " ".join(getattr(exc, "messages", [str(exc)]))


def _form_errors(form) -> str:
    """A form's errors as one message, each prefixed with its field's label (forms posted from a page section)."""
    return " ".join(f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
                    for name, errors in form.errors.items())


@login_required
def committee_list_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("committee.view_committee_area"):
        raise PermissionDenied
    return render(request, "committee/committee_list.html", {"committees": committee_list(user=request.user)})


# The columns of the meetings list a person may sort by (``?o=``) and the fields ``?q=`` searches.
MEETING_SORTS = {"date": ("held_on",), "committee": ("committee__name",), "mode": ("mode",), "place": ("place",)}
MEETING_SEARCH = ("place", "agenda", "committee__name")


@login_required
def meeting_list_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("committee.view_committee_area"):
        raise PermissionDenied
    q = request.GET.get(SEARCH_PARAM, "").strip()
    meetings = search_list(meeting_list(user=request.user), q, fields=MEETING_SEARCH)
    when = request.GET.get("when", "")
    now = timezone.now()
    if when == "upcoming":
        meetings = meetings.filter(held_on__gte=now)
    elif when == "past":
        meetings = meetings.filter(held_on__lt=now)
    meetings, sorting = sort_list(meetings, request.GET.get(SORT_PARAM), keys=MEETING_SORTS, default="-date")
    page = Paginator(meetings, 25).get_page(request.GET.get("page"))
    return render(request, "committee/meeting_list.html", {"page_obj": page, "q": q, "when": when,
                                                           "sorting": sorting})


@login_required
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_get_for_user(user=request.user, pk=pk)
    staff = is_staff_member(request.user)
    form = ResolutionForm(request.POST or None, committee=committee) if staff else None
    if request.method == "POST":
        if not staff:
            raise PermissionDenied
        if form.is_valid():
            resolution = services.resolution_create(committee=committee, by=request.user, **form.cleaned_data)
            messages.success(request, _("Resolution %(n)s has been created.") % {"n": resolution.number})
            return redirect(resolution)
    return _committee_page(request, committee, form=form, status=400 if form is not None and form.errors else 200)


def _committee_page(request, committee, *, form=None, appoint_form=None, meeting_form=None, status=200):
    """The committee page; a form posted from one of its sections comes back bound, with what was typed."""
    staff = is_staff_member(request.user)
    if staff:
        appoint_form = appoint_form or AppointForm(committee=committee, initial={"appointed_on": timezone.localdate()})
        meeting_form = meeting_form or MeetingForm()
    return render(request, "committee/committee_detail.html", {
        "committee": committee, "is_staff": staff, "form": form, "dismiss_form": DismissForm(),
        "appoint_form": appoint_form, "meeting_form": meeting_form,
        "members": committee.members.select_related("user").order_by("dismissed_on", "role", "user__last_name"),
        "meetings": committee.meetings.all()[:20],
        "resolutions": committee.resolutions.all()[:50],
        "flagged": services.members_flagged_for_dismissal(committee) if staff else [],
        "surveys": [(s, surveys.survey_may_answer(s, request.user)) for s in committee.surveys.all()[:5]],
        "this_year": timezone.localdate().year,
        "interests_due": interests_confirmation_due(request.user),
    }, status=status)


@login_required
def member_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what dismissing does, with the reason; POST: dismiss (``services.member_dismiss``)."""
    member = get_object_or_404(Member.objects.select_related("user", "committee"), pk=pk)
    committee_get_for_user(user=request.user, pk=member.committee_id)
    if request.method != "POST":
        if not is_staff_member(request.user) or member.dismissed_on:
            raise PermissionDenied
        return confirm_page(
            request, heading=_("Dismiss a member"), subject=f"{member.user} – {member.committee}",
            consequences=[_("The membership ends today: the person no longer declares, votes or answers the survey, "
                            "and leaves the published composition."),
                          _("Votes already cast stay counted.")],
            action=reverse("committee:member_dismiss", args=[member.pk]), button=_("Dismiss"),
            cancel=reverse("committee:detail", args=[member.committee_id]), danger=True, form=DismissForm())
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            services.member_dismiss(member=member, reason=form.cleaned_data["reason"], by=request.user)
            messages.success(request, _("The member has been dismissed."))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
    else:
        messages.error(request, _("Choose the reason for the dismissal."))
    return redirect("committee:detail", pk=member.committee_id)


@login_required
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = resolution_get_for_user(user=request.user, pk=pk)
    staff = is_staff_member(request.user)
    own = member_context(resolution, request.user)
    links = register_links(resolution, own["member"]) if own["standing"].may_declare else []
    context = {"resolution": resolution, "is_staff": staff, **own,
               "declaration_form": DeclarationForm.for_matter(links), "vote_form": VoteForm(),
               "open_form": OpenVoteForm() if staff and resolution.is_draft else None,
               "documents": [(d, services.document_visible(d, request.user)) for d in resolution.documents.all()],
               "document_form": DocumentForm() if staff else None}
    show_choices = not resolution.secret and (staff or resolution.is_closed or context["member"] is not None)
    if staff or context["member"] is not None:
        context["dashboard"] = vote_dashboard(resolution, show_choices=show_choices)
    context["can_close"] = can_close_vote(request.user, resolution)
    if request.htmx:  # the poll of the dashboard: its contents; 286 tells htmx to stop once the vote is closed
        status = 200 if resolution.is_open else 286
        return render(request, "committee/resolution_detail.html#dashboard", context, status=status)
    return render(request, "committee/resolution_detail.html", context)


@login_required
def resolution_pdf(request: HttpRequest, pk: int):
    """The sealed PDF of a closed resolution, to whoever may see the resolution."""
    resolution = resolution_get_for_user(user=request.user, pk=pk)
    return stored_file_response(resolution.pdf, filename=f"uchwala-{resolution.number.replace('/', '-')}.pdf")


@login_required
def resolution_close_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """What closing the vote does, before the POST that closes it (``resolution_action`` "close")."""
    resolution = resolution_get_for_user(user=request.user, pk=pk)
    if not can_close_vote(request.user, resolution):
        raise PermissionDenied
    dashboard = vote_dashboard(resolution, show_choices=False)
    waiting = sum(1 for row in dashboard.rows if row["in_office"] and not row["voted"] and not row["recused"])
    return confirm_page(
        request, heading=_("Close the vote"), subject=str(resolution),
        consequences=[ngettext("Voting ends now: %(n)d entitled member who has not voted can no longer vote.",
                               "Voting ends now: %(n)d entitled members who have not voted can no longer vote.",
                               waiting) % {"n": waiting},
                      _("The votes are counted under the committee's rules and the result is stored for good."),
                      _("The closed resolution is published in the BIP.")],
        action=reverse("committee:resolution_action", args=[resolution.pk, "close"]),
        button=_("Close the vote now"), cancel=resolution.get_absolute_url(), danger=True)


@require_POST
@login_required
def resolution_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    resolution = resolution_get_for_user(user=request.user, pk=pk)
    try:
        if action == "declare":
            form = DeclarationForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose one of the two declarations."))
            services.conflict_declare(resolution=resolution, user=request.user, **form.cleaned_data)
            messages.success(request, _("Your declaration has been recorded."))
        elif action == "vote":
            form = VoteForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose for, against or abstain."))
            services.vote_cast(resolution=resolution, user=request.user, choice=form.cleaned_data["choice"])
            messages.success(request, _("Your vote has been recorded."))
        elif action == "open":
            form = OpenVoteForm(request.POST)
            if not form.is_valid():   # a mistyped deadline must not open the vote with the default one
                raise ValidationError(_("Give the voting deadline as a date and time, or leave it empty."))
            services.resolution_open_vote(resolution=resolution, by=request.user,
                                          deadline=form.cleaned_data.get("deadline"))
            messages.success(request, _("Voting is open."))
        elif action == "close":
            closed = services.resolution_close(resolution=resolution, by=request.user)
            messages.success(request, _("Voting is closed: %(result)s.") % {
                "result": _("adopted") if closed.adopted else _("not adopted")})
        else:
            raise PermissionDenied
    except (ValidationError, PermissionDenied) as exc:
        if isinstance(exc, PermissionDenied) and not str(exc):
            raise
        messages.error(request, _errors(exc))
    return redirect(resolution)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    committee_get_for_user(user=request.user, pk=meeting.committee_id)
    staff = is_staff_member(request.user)
    members = list(meeting.members_in_office().select_related("user"))
    existing = dict(meeting.attendance.values_list("member_id", "status"))
    form = AttendanceForm(request.POST or None, members=members, existing=existing)
    if request.method == "POST":
        if not staff:
            raise PermissionDenied
        if form.is_valid():
            services.attendance_record(meeting=meeting, statuses=form.statuses(), by=request.user)
            messages.success(request, _("Attendance has been saved."))
            return redirect("committee:meeting", pk=meeting.pk)
    return render(request, "committee/meeting_detail.html", {
        "meeting": meeting, "form": form, "is_staff": staff,
        "attendance": meeting.attendance.select_related("member__user"),
        "resolutions": meeting.resolutions.all(),
        "documents": [(d, services.document_visible(d, request.user)) for d in meeting.documents.all()],
        "document_form": DocumentForm() if staff else None})


@require_POST
@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    committee_get_for_user(user=request.user, pk=meeting.committee_id)
    if not is_staff_member(request.user):
        raise PermissionDenied
    job = job_create(kind="committee_minutes", title=_("Minutes: %(m)s") % {"m": meeting},
                     params={"meeting_id": meeting.pk}, by=request.user)
    return redirect_to_job(resolve_url("committee:meeting", meeting.pk), job)


@require_POST
@login_required
def document_upload(request: HttpRequest, parent: str, pk: int) -> HttpResponse:
    if parent == "meeting":
        target = get_object_or_404(Meeting, pk=pk)
    elif parent == "resolution":
        target = get_object_or_404(Resolution, pk=pk)
    else:
        raise Http404
    committee_get_for_user(user=request.user, pk=target.committee_id)
    if not is_staff_member(request.user):
        raise PermissionDenied
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(upload=form.cleaned_data["file"], title=form.cleaned_data["title"],
                                  restricted=form.cleaned_data["restricted"], by=request.user,
                                  **{parent: target})
            messages.success(request, _("The document has been added."))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("committee:meeting" if parent == "meeting" else "committee:resolution", pk=target.pk)


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """Documents are served only here: 404 outside the committee, 403 for a restricted one not yet open to the
    member (no declaration, or a declared conflict)."""
    document = get_object_or_404(Document.objects.select_related("committee"), pk=pk)
    committee_get_for_user(user=request.user, pk=document.committee_id)
    if not services.document_visible(document, request.user):
        raise PermissionDenied
    return stored_file_response(document.file, filename=download_name("dokument", document.pk, document.file.name))


@require_POST
@login_required
def member_appoint(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_get_for_user(user=request.user, pk=pk)
    if not is_staff_member(request.user):
        raise PermissionDenied
    form = AppointForm(request.POST, committee=committee)
    if form.is_valid():
        try:
            member = services.member_appoint(committee=committee, by=request.user, **form.cleaned_data)
            messages.success(request, _("%(person)s has been appointed.") % {"person": member.user})
            return redirect(committee)
        except ValidationError as exc:
            form.add_error(None, exc)
    messages.error(request, _form_errors(form))
    return _committee_page(request, committee, appoint_form=form, status=400)


@require_POST
@login_required
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_get_for_user(user=request.user, pk=pk)
    if not is_staff_member(request.user):
        raise PermissionDenied
    form = MeetingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _committee_page(request, committee, meeting_form=form, status=400)
    meeting = services.meeting_create(committee=committee, by=request.user, **form.cleaned_data)
    messages.success(request, _("The meeting has been scheduled."))
    return redirect("committee:meeting", pk=meeting.pk)


# --- the annual survey ------------------------------------------------------------------------

@require_POST
@login_required
def survey_create(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_get_for_user(user=request.user, pk=pk)
    if not is_staff_member(request.user):
        raise PermissionDenied
    try:
        survey = surveys.survey_create(committee=committee, year=timezone.localdate().year, by=request.user)
        messages.success(request, _("The survey has been prepared with the standard questions."))
        return redirect("committee:survey", pk=survey.pk)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect(committee)


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Members answer here (once, anonymously); staff and the board see the aggregated results."""
    survey = get_object_or_404(Survey.objects.select_related("committee"), pk=pk)
    committee_get_for_user(user=request.user, pk=survey.committee_id)
    staff = is_staff_member(request.user)
    form = SurveyAnswerForm(request.POST or None, survey=survey) if surveys.survey_may_answer(
        survey, request.user) else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                surveys.survey_answer(survey=survey, user=request.user, answers=form.answers())
                messages.success(request, _("Thank you. Your answers have been recorded anonymously."))
                return redirect("committee:survey", pk=survey.pk)
            except ValidationError as exc:
                form.add_error(None, exc)
        status = 400
    show_results = surveys.survey_results_visible(survey, request.user)
    return render(request, "committee/survey_detail.html", {
        "survey": survey, "form": form, "is_staff": staff,
        "can_open": staff and survey.can_become(Survey.Status.OPEN),
        "can_close": staff and survey.can_become(Survey.Status.CLOSED),
        "can_edit_questions": staff and survey.questions_editable,
        "answered": surveys.survey_answered(survey, request.user),
        "results": surveys.survey_results(survey) if show_results else None,
        "min_responses": surveys.MIN_RESPONSES}, status=status)


@require_POST
@login_required
def survey_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    committee_get_for_user(user=request.user, pk=survey.committee_id)
    target = {"open": Survey.Status.OPEN, "close": Survey.Status.CLOSED}.get(action)
    if target is None:
        raise Http404
    try:
        surveys.survey_set_status(survey=survey, status=target, by=request.user)
        messages.success(request, _("The survey is open.") if target == Survey.Status.OPEN
                         else _("The survey is closed."))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect("committee:survey", pk=survey.pk)


@login_required
def interest_register(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff keep the register of interests of the committee's members in office."""
    committee = committee_get_for_user(user=request.user, pk=pk)
    if not is_staff_member(request.user):
        raise Http404
    form = InterestForm(request.POST or None, committee=committee)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.interest_record(person=data["person"], kind=data["kind"], entity=data["entity"],
                                         organisation=data["organisation"], since=data["since"], note=data["note"],
                                         by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The entry has been added to the register."))
                return redirect("committee:interests", pk=committee.pk)
        status = 400
    today = timezone.localdate()
    people = [(m, [i for i in m.user.committee_interests.all()], m.last_confirmed,
               interests_confirmation_due(m.user, today=today)) for m in register_people(committee)]
    return render(request, "committee/interest_register.html", {"committee": committee, "people": people,
                                                                "form": form}, status=status)


@login_required
def my_interests(request: HttpRequest) -> HttpResponse:
    """A member's own entries in the register, and the yearly confirmation."""
    if not Member.objects.in_office().filter(user=request.user).exists():
        raise Http404
    if request.method == "POST":
        services.interests_confirm(person=request.user, by=request.user)
        messages.success(request, _("Thank you: your entries in the register are confirmed."))
        return redirect("committee:my_interests")
    last = request.user.interest_confirmations.first()
    return render(request, "committee/my_interests.html", {
        "interests": interests_of(request.user), "last": last,
        "due": interests_confirmation_due(request.user)})
