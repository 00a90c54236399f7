from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import is_staff_member

from . import services
from .forms import CampaignForm, ImportForm, QuestionnaireForm
from .models import Campaign
from .selectors import (
    campaign_completion,
    missing_respondents,
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
    context = {"campaign": campaign, "completion": campaign_completion(campaign=campaign),
               "questionnaires": campaign.questionnaires.prefetch_related("questions"),
               "can_manage": request.user.has_perm("monitoring.manage_campaigns")}
    if context["can_manage"]:
        context["missing"] = missing_respondents(campaign=campaign)[:200]
        context["import_form"] = ImportForm(campaign=campaign)
    if campaign.is_closed:
        context["figures"] = campaign.figures.all()
    return render(request, "monitoring/campaign_detail.html", context)


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
    editable = respondent.campaign.status == Campaign.Status.OPEN
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
        "respondent": respondent, "form": form, "response": response, "editable": editable,
        "previous": services.previous_answers(respondent)}, status=status)


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """A PES representative answers for their entity; staff enter answers given on paper."""
    respondent = respondent_get_for_user(user=request.user, pk=pk)
    return _answer(request, respondent, by=request.user, on_paper=is_staff_member(request.user))


def answer_by_token(request: HttpRequest, token: str) -> HttpResponse:
    """An OWES or JST contact answers through their personal link (no account needed)."""
    return _answer(request, respondent_by_token(token=token), by=None)
