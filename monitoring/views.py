from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import is_staff_member
from core.computations import shared_figures
from core.downloads import stored_file_response
from core.job_status import redirect_to_job
from core.request_data import posted_id
from core.sorting import SEARCH_PARAM, SORT_PARAM, search_list, sort_list
from programmes.selectors import IndicatorRow

from . import services
from .drilldown import breakdown
from .figures import campaign_completion, campaign_figures, closed_campaign, indicator_figure
from .forms import (
    CampaignForm,
    DashboardForm,
    ImportForm,
    QuestionForm,
    QuestionFormSet,
    QuestionnaireForm,
    QuestionnaireHeadForm,
    ReportForm,
    ReportTextForm,
    ReportTransitionForm,
)
from .models import REPORT_FINAL, Campaign, Questionnaire, ReportStatus, RespondentType
from .permissions import report_moves
from .reports import XLSX_TYPE
from .selectors import (
    dashboard_data,
    dashboard_years,
    default_dashboard_year,
    indicator_get_for_user,
    missing_respondents,
    report_get_for_user,
    report_list,
    report_version_get_for_user,
    report_versions_visible_to,
    respondent_by_token,
    respondent_get_for_user,
    respondents_for_user,
)


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    _require(request, "monitoring.view_monitoring")
    return render(request, "monitoring/campaign_list.html", {
        "campaigns": Campaign.objects.all(), "form": CampaignForm()})


@require_POST
@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    _require(request, "monitoring.manage_campaigns")
    form = CampaignForm(request.POST)
    if form.is_valid():
        previous = Campaign.objects.filter(year__lt=form.cleaned_data["year"]).order_by("-year").first()
        try:
            campaign = services.campaign_create(by=request.user, copy_from=previous, **form.cleaned_data)
            messages.success(request, _("The campaign has been created."))
            return redirect(campaign)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(request, "monitoring/campaign_list.html", {"campaigns": Campaign.objects.all(), "form": form},
                  status=400)


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "monitoring.view_monitoring")
    campaign = get_object_or_404(Campaign, pk=pk)
    questionnaires = list(campaign.questionnaires.prefetch_related("questions").annotate(
        asked=Count("respondents")))
    context = {"campaign": campaign, "completion": campaign_completion(campaign=campaign),
               "questionnaires": questionnaires,
               "can_manage": request.user.has_perm("monitoring.manage_campaigns")}
    if context["can_manage"]:
        context["missing"] = missing_respondents(campaign=campaign)[:200]
        context["import_form"] = ImportForm(campaign=campaign)
        context["candidates"] = [(q, services.respondent_candidates(q.respondent_type).count())
                                 for q in questionnaires] if not campaign.is_closed else []
        defined = {q.respondent_type for q in questionnaires}
        context["kinds_to_define"] = [(k, label) for k, label in RespondentType.choices if k not in defined]
    if campaign.is_closed:
        context["figures"] = campaign_figures(campaign)
    return render(request, "monitoring/campaign_detail.html", context)


@login_required
def questionnaire_edit(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The questionnaire of one kind of respondent, edited as a whole while the campaign is being prepared; a
    refused list comes back with everything typed and each problem next to its question."""
    _require(request, "monitoring.manage_campaigns")
    campaign = get_object_or_404(Campaign, pk=pk)
    if kind not in RespondentType.values:
        raise Http404
    if not campaign.questions_editable:
        messages.error(request, _("The campaign is open or closed; its questions can no longer change."))
        return redirect(campaign)
    questionnaire = campaign.questionnaires.filter(respondent_type=kind).first()
    status = 200
    if request.method == "POST":
        head = QuestionnaireHeadForm(request.POST)
        formset = QuestionFormSet(request.POST, prefix="q")
        if head.is_valid() and formset.is_valid():
            kept = [form for form in formset.forms if form.has_changed() and not form.cleaned_data.get("DELETE")]
            try:
                services.questionnaire_save(campaign=campaign, respondent_type=kind, by=request.user,
                                            questions=[form.row(order) for order, form in enumerate(kept)],
                                            **head.cleaned_data)
            except ValidationError as exc:
                _questionnaire_errors(exc, head, kept)
            else:
                messages.success(request, _("The questionnaire has been saved."))
                return redirect(campaign)
        if not head.non_field_errors():
            head.add_error(None, _("The questionnaire was not saved: correct the fields marked below."))
        status = 400
    else:
        head = QuestionnaireHeadForm(initial={"title": questionnaire.title, "intro": questionnaire.intro}
                                     if questionnaire else {"title": RespondentType(kind).label})
        formset = QuestionFormSet(prefix="q", initial=[QuestionForm.initial_of(q) for q in
                                                       questionnaire.questions.all()] if questionnaire else [])
    return render(request, "monitoring/questionnaire_form.html", {
        "campaign": campaign, "kind_label": RespondentType(kind).label, "head": head, "formset": formset},
        status=status)


def _questionnaire_errors(exc: ValidationError, head, forms) -> None:
    """Put the service's errors ("<row>.<field>") next to the fields they are about."""
    if not hasattr(exc, "error_dict"):
        head.add_error(None, exc)
        return
    for key, errors in exc.error_dict.items():
        row, _dot, name = key.partition(".")
        if not row.isdigit():
            head.add_error(key if key in head.fields else None, errors)
            continue
        form = forms[int(row)]
        form.add_error(name if name in form.fields else None, errors)


@require_POST
@login_required
def respondents_ask(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask every candidate of a questionnaire's kind (the registry's active PES, accredited OWES, local
    governments) who is not asked yet; in an open campaign they are invited at once."""
    _require(request, "monitoring.manage_campaigns")
    campaign = get_object_or_404(Campaign, pk=pk)
    questionnaire = get_object_or_404(Questionnaire, pk=posted_id(request.POST.get("questionnaire")),
                                      campaign=campaign)
    try:
        added = services.respondents_add_all(campaign=campaign, questionnaire=questionnaire, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Respondents asked: %(n)d.") % {"n": added})
    return redirect(campaign)


@require_POST
@login_required
def campaign_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _require(request, "monitoring.manage_campaigns")
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        if action == "open":
            services.campaign_open(campaign=campaign, by=request.user)
            messages.success(request, _("The campaign is open."))
        elif action == "close":
            services.campaign_close(campaign=campaign, by=request.user)
            messages.success(request, _("The campaign is closed and its figures are frozen."))
        elif action == "remind":
            sent = services.reminders_send(campaign=campaign, force=True)
            messages.success(request, _("Reminders sent: %(n)d.") % {"n": sent})
        else:
            raise PermissionDenied
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(campaign)


@require_POST
@login_required
def responses_import(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "monitoring.manage_campaigns")
    campaign = get_object_or_404(Campaign, pk=pk)
    form = ImportForm(request.POST, request.FILES, campaign=campaign)
    if not form.is_valid():
        messages.error(request, _("Choose the questionnaire and the file."))
        return redirect(campaign)
    dry_run = bool(request.POST.get("dry_run"))
    report = services.responses_import_xlsx(campaign=campaign, questionnaire=form.cleaned_data["questionnaire"],
                                            file=form.cleaned_data["file"], by=request.user, dry_run=dry_run)
    if report.errors:
        messages.error(request, _("Nothing was imported:") + " " + " ".join(report.errors[:30]))
    elif dry_run:
        messages.info(request, _("The file is correct; nothing has been saved yet."))
    else:
        messages.success(request, _("Answers imported: %(n)d.") % {"n": report.saved})
    return redirect(campaign)


@login_required
def my_questionnaires(request: HttpRequest) -> HttpResponse:
    _require(request, "monitoring.answer")
    return render(request, "monitoring/my_questionnaires.html",
                  {"respondents": respondents_for_user(user=request.user)})


def _answer(request: HttpRequest, respondent, *, by, on_paper=False) -> HttpResponse:
    questions = list(respondent.questionnaire.questions.all())
    response = getattr(respondent, "response", None)
    answers = response.answers if response else {}
    editable = respondent.campaign.is_open
    if request.method == "POST" and editable:
        probe = QuestionnaireForm(request.POST, questions=questions, answers=answers)
        try:
            result = services.response_save(respondent=respondent, raw_answers=probe.raw_answers(), by=by,
                                            submit="submit" in request.POST, confirmed=probe.confirmed(),
                                            on_paper=on_paper)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(request.path)
        form = QuestionnaireForm(request.POST, questions=questions, answers=answers,
                                 to_confirm=result.outcome.to_confirm)
        form.is_valid()
        form.apply_errors(result.outcome)
        if result.submitted:
            messages.success(request, _("Thank you, the answers have been submitted."))
            return redirect(request.path)
        if not result.outcome.errors and not result.outcome.to_confirm:
            messages.success(request, _("The draft has been saved."))
            return redirect(request.path)
        status = 400
    else:
        form = QuestionnaireForm(questions=questions, answers=answers)
        status = 200
    return render(request, "monitoring/answer.html", {
        "respondent": respondent, "form": form, "response": response, "editable": editable}, status=status)


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """A PES representative answers for their entity; staff enter answers given on paper."""
    respondent = respondent_get_for_user(user=request.user, pk=pk)
    return _answer(request, respondent, by=request.user, on_paper=is_staff_member(request.user))


def answer_by_token(request: HttpRequest, token: str) -> HttpResponse:
    """An OWES or JST contact answers through their personal link (no account needed)."""
    return _answer(request, respondent_by_token(token=token), by=None)


# --- reports ------------------------------------------------------------------------------------------

# The columns of the list a person may sort by (``?o=``) and the fields ``?q=`` searches.
REPORT_SORTS = {"title": ("title",), "kind": ("kind",), "period": ("year", "year_from"),
                "programme": ("programme__name",), "status": ("status",)}
REPORT_SEARCH = ("title", "programme__name")


def _report_list_page(request: HttpRequest, form: ReportForm, status: int = 200) -> HttpResponse:
    q = request.GET.get(SEARCH_PARAM, "").strip()
    reports = search_list(report_list(user=request.user), q, fields=REPORT_SEARCH)
    report_status = request.GET.get("status", "")
    if report_status in ReportStatus.values:
        reports = reports.filter(status=report_status)
    in_progress = request.GET.get("in_progress") == "1"
    if in_progress:  # the staff home page's queue "reports in progress" links here
        reports = reports.exclude(status__in=REPORT_FINAL)
    reports, sorting = sort_list(reports, request.GET.get(SORT_PARAM), keys=REPORT_SORTS, default="-period")
    return render(request, "monitoring/report_list.html", {
        "reports": reports, "form": form, "q": q, "sorting": sorting, "statuses": ReportStatus.choices,
        "status": report_status, "in_progress": in_progress,
        "can_manage": request.user.has_perm("monitoring.manage_reports")}, status=status)


@login_required
def report_list_view(request: HttpRequest) -> HttpResponse:
    _require(request, "monitoring.view_reports")
    return _report_list_page(request, ReportForm())


@require_POST
@login_required
def report_create_view(request: HttpRequest) -> HttpResponse:
    _require(request, "monitoring.manage_reports")
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            report = services.report_create(by=request.user, **form.cleaned_data)
            messages.success(request, _("The report has been created."))
            return redirect(report)
        except ValidationError as exc:
            form.add_error(None, exc)
    return _report_list_page(request, form, status=400)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, report_get_for_user(user=request.user, pk=pk))


def _report_page(request: HttpRequest, report, *, text_form=None, transition_form=None,
                 status: int = 200) -> HttpResponse:
    """The report page; a text or workflow form that failed comes back bound, with everything that was typed."""
    user = request.user
    can_manage = user.has_perm("monitoring.manage_reports")
    failed_to = transition_form.data.get("to") if transition_form is not None else None

    def form_for(to):
        if to == failed_to:
            return transition_form
        return ReportTransitionForm(initial={"to": to, "sejmik_submitted_on": timezone.localdate()},
                                    auto_id=f"id_{to}_%s")

    transitions = [(move.to, move.label, form_for(move.to)) for move in report_moves(user, report)]
    if failed_to is not None and failed_to not in {to for to, _label, _form in transitions}:
        messages.error(request, " ".join(transition_form.non_field_errors()))   # no form of its own to show it
    context = {
        "report": report, "can_manage": can_manage, "transitions": transitions,
        "versions": list(report_versions_visible_to(user, report).select_related("created_by", "job")
                         .defer("snapshot")),
        "events": list(report.events.select_related("actor")),
        "campaign": closed_campaign(report.year),
    }
    if can_manage and report.is_editable:
        context["text_form"] = text_form or ReportTextForm(initial={
            "title": report.title, "introduction": report.introduction, "conclusions": report.conclusions,
            "recommendations": report.recommendations})
    return render(request, "monitoring/report_detail.html", context, status=status)


@require_POST
@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get_for_user(user=request.user, pk=pk)
    _require(request, "monitoring.manage_reports")
    form = ReportTextForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the title of the report."))
        return _report_page(request, report, text_form=form, status=400)
    try:
        services.report_update(report=report, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _report_page(request, report, text_form=form, status=400)
    messages.success(request, _("The text of the report has been saved."))
    return redirect(report)


@require_POST
@login_required
def report_generate(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get_for_user(user=request.user, pk=pk)
    _require(request, "monitoring.manage_reports")
    try:
        job = services.report_generate(report=report, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(report)
    return redirect_to_job(report, job)


@require_POST
@login_required
def report_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get_for_user(user=request.user, pk=pk)
    _require(request, "monitoring.manage_reports")
    form = ReportTransitionForm(request.POST, auto_id=f"id_{request.POST.get('to', '')}_%s")
    if form.is_valid():
        try:
            services.report_transition(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The status has been changed."))
            return redirect(report)
    else:
        form.add_error(None, _("The change could not be made: check the dates and the resolution."))
    return _report_page(request, report, transition_form=form, status=400)


DOWNLOADS = {"pdf": "application/pdf", "xlsx": XLSX_TYPE}


@login_required
def report_download(request: HttpRequest, pk: int, number: int, fmt: str) -> FileResponse:
    """A version's PDF or spreadsheet, served only here, after the same check as the report page."""
    version = report_version_get_for_user(user=request.user, report_pk=pk, number=number)
    if fmt not in DOWNLOADS:
        raise Http404
    file = version.sealed_pdf if fmt == "pdf" and version.sealed_pdf else getattr(version, fmt)  # the sealed one
    return stored_file_response(file, filename=version.filename(fmt), content_type=DOWNLOADS[fmt])


# --- the sector dashboard and drill-down -----------------------------------------------------------------

@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require(request, "monitoring.view_dashboard")
    with shared_figures():  # the years are read once for the choice and for the page
        years = dashboard_years()
        try:
            year = int(request.GET.get("year", ""))
        except ValueError:
            year = default_dashboard_year(years)
        if year not in years:
            year = default_dashboard_year(years)
        data = dashboard_data(year=year, metric=request.GET.get("metric", "pes"))
    form = DashboardForm(initial={"year": data.year, "metric": data.metric}, years=data.years, metrics=data.metrics)
    return render(request, "monitoring/dashboard.html", {"data": data, "form": form})


def _plausible_year(year: int) -> None:
    """Years in addresses are typed by people too: one no record can have is simply not found."""
    if not 1990 <= year <= 2100:
        raise Http404


@login_required
def figure(request: HttpRequest, name: str, year: int) -> HttpResponse:
    """What a computed figure of a year counts."""
    _require(request, "monitoring.view_dashboard")
    _plausible_year(year)
    try:
        details = breakdown(name, year=year)
    except LookupError:
        raise Http404 from None
    return render(request, "monitoring/figure.html", {"breakdown": details, "year": year})


@login_required
def indicator(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """An indicator of the programme in a year: its values, progress, and the records behind a computed one."""
    item = indicator_get_for_user(user=request.user, pk=pk)
    _plausible_year(year)
    values = list(item.values.prefetch_related("corrections").order_by("year"))
    details = None
    if item.computation:
        try:
            details = breakdown(item.computation, year=year)
        except LookupError:
            details = None
    return render(request, "monitoring/figure.html", {
        "indicator": item, "figure": indicator_figure(IndicatorRow(indicator=item, values=values), year=year),
        "values": values, "breakdown": details, "year": year,
        "can_enter": request.user.has_perm("programmes.manage_programme")})
