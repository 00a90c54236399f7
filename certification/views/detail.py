"""The application page, for everyone who may see it, and the moves of its workflow."""

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import is_staff_member
from committee.forms import DeclarationForm
from committee.selectors import register_links, voting_standing

from .. import services
from ..assessors import chapter_member, may_see_case_documents
from ..forms import AssessmentForm, FormalCheckForm, TransitionForm, WithdrawForm
from ..models import FROM_REVIEW, RENEWABLE, Actor, Status
from ..permissions import actors_of, application_moves, represents_applicant
from ..selectors import application_get_for_user, assessments_visible_to
from .common import error_text


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    user = request.user
    actors = actors_of(user, application)
    moves = application_moves(user, application)
    allowed = {move.to for move in moves}
    # Issuing goes through its own button (it numbers the certificate); the rest are plain moves.
    certificate = getattr(application, "certificate", None)
    hidden = {Status.CERTIFICATE_ISSUED} | ({Status.WITHDRAWN} if certificate else set())
    actions = [{**asdict(move), "from_review": move.to in FROM_REVIEW} for move in moves if move.to not in hidden]
    context = {
        "application": application, "transitions": actions,
        "can_edit": Actor.APPLICANT in actors and application.is_editable,
        "can_issue": Status.CERTIFICATE_ISSUED in allowed and certificate is None,
        "items": list(application.items.all()), "recommendations": list(application.recommendations.all()),
        "answers": list(application.answers.select_related("criterion")),
        "attachments": list(application.attachments.all()),
        "events": list(application.events.select_related("actor")),
        "share": application.own_revenue_share,
        "certificate": certificate,
        "is_staff": is_staff_member(user),
        "can_renew": Actor.APPLICANT in actors and application.status in RENEWABLE,
        "can_withdraw": Status.WITHDRAWN in allowed and certificate is not None and not certificate.withdrawn_at,
    }
    if is_staff_member(user) and application.in_formal_check:
        computed = services.formal_check_computed(application)
        existing = {c.criterion_id: c for c in application.formal_checks.all()}
        context["formal_form"] = FormalCheckForm(criteria=application.edition.criteria.all(), existing=existing,
                                                 computed=computed)
    elif is_staff_member(user) or represents_applicant(user, application):
        # The findings stay on the application after the check (e.g. after a return for corrections).
        context["formal_results"] = list(application.formal_checks.select_related("criterion")
                                         .order_by("criterion__order", "criterion_id"))
    if is_staff_member(user):
        context["assessments"] = assessments_visible_to(application=application, user=user)
        context["withdraw_form"] = WithdrawForm()
        context["vote_again"] = services.vote_needs_repeating(application)
    member = chapter_member(application, user)
    standing = voting_standing(application.resolution, user) if member and application.resolution_id else None
    context["chapter_member"] = member
    context["standing"] = standing
    context["documents_visible"] = may_see_case_documents(application, user)
    if standing is not None and standing.may_declare:
        context["declaration_form"] = DeclarationForm.for_matter(register_links(application.resolution,
                                                                                standing.member))
    if standing is not None and standing.cleared and application.in_assessment:
        context["assessments"] = assessments_visible_to(application=application, user=user)
        own = application.assessments.filter(member=user).first()
        context["own_assessment"] = own
        if own is None or own.submitted_at is None:
            existing = {s.criterion_id: s for s in own.scores.all()} if own else {}
            context["assessment_form"] = AssessmentForm(criteria=application.edition.criteria.all(),
                                                        existing=existing,
                                                        initial={"comment": own.comment if own else ""})
    return render(request, "certification/application_detail.html", context)


@require_POST
@login_required
def application_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The change could not be made."))
        return redirect(application)
    try:
        services.application_transition(application=application, to=form.cleaned_data["to"], by=request.user,
                                        note=form.cleaned_data["note"], deadline=form.cleaned_data["deadline"])
        messages.success(request, _("The status has been changed."))
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        if form.cleaned_data["to"] == Status.SUBMITTED:
            return redirect("certification:step", pk=application.pk, step="review")
    return redirect(application)
