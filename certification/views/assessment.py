"""Staff's formal check and the chapter's part: declarations of (no) conflict of interest, the members'
assessments and a repeated vote."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committee.forms import DeclarationForm
from committee.services import conflict_declare
from core.views import confirm_page

from .. import services
from ..assessors import assessor_check, chapter_member
from ..forms import AssessmentForm, FormalCheckForm
from ..models import Assessment
from ..selectors import application_get_for_user
from .common import error_text


@require_POST
@login_required
def formal_check(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("certification.manage"):
        raise PermissionDenied
    form = FormalCheckForm(request.POST, criteria=application.edition.criteria.all(), existing={},
                           computed=services.formal_check_computed(application))
    if form.is_valid():
        try:
            services.formal_check_save(application=application, by=request.user, results=form.results())
            messages.success(request, _("The formal check has been saved."))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    return redirect(application)


@require_POST
@login_required
def declare(request: HttpRequest, pk: int) -> HttpResponse:
    """A chapter member's declaration of (no) conflict of interest in the case, recorded by the committee app."""
    application = application_get_for_user(user=request.user, pk=pk)
    if chapter_member(application, request.user) is None or application.resolution_id is None:
        raise PermissionDenied
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the two declarations."))
        return redirect(application)
    try:
        conflict_declare(resolution=application.resolution, user=request.user, **form.cleaned_data)
        messages.success(request, _("Your declaration has been recorded."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    except PermissionDenied as exc:
        if not str(exc):
            raise
        messages.error(request, str(exc))
    return redirect(application)


@require_POST
@login_required
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    form = AssessmentForm(request.POST, criteria=application.edition.criteria.all(), existing={})
    if form.is_valid():
        try:
            services.assessment_save(application=application, member=request.user, scores=form.scores(),
                                     comment=form.cleaned_data["comment"], submit=False)
            if "submit" in request.POST:  # kept as a draft; submitting is final, so it is confirmed first
                return redirect("certification:assessment_submit", pk=application.pk)
            messages.success(request, _("Your assessment has been saved."))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, _("Check the values entered."))
    return redirect(application)


@login_required
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what submitting one's assessment does (the draft is already saved); POST: submit the saved draft
    (``services.assessment_save`` with ``submit=True``, which checks that every criterion is assessed)."""
    application = application_get_for_user(user=request.user, pk=pk)
    try:
        assessor_check(application=application, user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect(application)
    draft = Assessment.objects.filter(application=application, member=request.user).first()
    if draft is None or draft.submitted_at:
        return redirect(application)
    if request.method != "POST":
        return confirm_page(
            request, heading=_("Submit the assessment"), subject=str(application),
            consequences=[_("The assessment becomes final: you can no longer change your scores or comments."),
                          _("It counts towards the chapter's result, and the assessments of the other members "
                            "who have submitted theirs become visible to you.")],
            action=reverse("certification:assessment_submit", args=[application.pk]),
            button=_("Submit the assessment"), cancel=application.get_absolute_url())
    try:
        services.assessment_save(application=application, member=request.user, scores={}, comment=draft.comment,
                                 submit=True)
        messages.success(request, _("Your assessment has been submitted."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect(application)


@require_POST
@login_required
def vote_again(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("certification.manage"):
        raise PermissionDenied
    try:
        application = services.application_vote_again(application=application, by=request.user)
        messages.success(request, _("The chapter votes again: resolution %(n)s.") % {
            "n": application.resolution.number})
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect(application)
