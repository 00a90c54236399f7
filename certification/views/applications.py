"""The applicant's application: the list of applications, starting and renewing one, its steps and its
attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import registration_awaiting_approval
from core.downloads import download_name, stored_file_response
from core.paging import Paginator
from core.sorting import SEARCH_PARAM, SORT_PARAM, search_list, sort_list

from .. import services
from ..assessors import may_see_case_documents
from ..forms import (
    STEP_NAMES,
    STEPS,
    AttachmentForm,
    CriteriaStepForm,
    DeclarationsForm,
    EntityStepForm,
    FinancesStepForm,
    ItemFormSet,
    RecommendationFormSet,
    StartApplicationForm,
    TransitionForm,
)
from ..models import Attachment, Edition, Status
from ..permissions import represents_applicant
from ..selectors import application_get_for_user, application_list, expiring_q, overdue_q
from .common import error_text

# The columns of the list a person may sort by (``?o=``) and the fields ``?q=`` searches.
APPLICATION_SORTS = {"entity": ("entity__name",), "edition": ("edition__name",), "status": ("status",),
                     "submitted": ("submitted_at",), "created": ("created_at",)}


APPLICATION_SEARCH = ("entity_name", "entity__name", "entity__nip", "edition__name")


@login_required
def application_list_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.has_perm("certification.list_applications") or user.has_perm("certification.apply")):
        raise PermissionDenied
    q = request.GET.get(SEARCH_PARAM, "").strip()
    qs = search_list(application_list(user=user), q, fields=APPLICATION_SEARCH)
    qs, sorting = sort_list(qs, request.GET.get(SORT_PARAM), keys=APPLICATION_SORTS, default="-created")
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    overdue, expiring = request.GET.get("overdue") == "1", request.GET.get("expiring") == "1"
    if overdue:
        qs = qs.filter(overdue_q(timezone.localdate()))
    if expiring:
        qs = qs.filter(expiring_q(timezone.localdate()))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    start_form = None
    if user.has_perm("certification.apply"):
        start_form = StartApplicationForm(user=user)
        if not start_form.fields["entity"].queryset.exists() and not user.has_perm(
                "certification.list_applications") and registration_awaiting_approval(user):
            # Self-registered, not yet approved by the ROPS: say so rather than show an empty list.
            return redirect("accounts:registration_status")
    return render(request, "certification/application_list.html", {
        "page_obj": page, "statuses": Status.choices, "status": status, "start_form": start_form,
        "overdue": overdue, "expiring": expiring, "q": q, "sorting": sorting,
        "entities": list(start_form.fields["entity"].queryset) if start_form else [],
        "open_editions": list(start_form.fields["edition"].queryset) if start_form else [],
    })


@require_POST
@login_required
def application_start(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("certification.apply"):
        raise PermissionDenied
    form = StartApplicationForm(request.POST, user=request.user)
    if not form.is_valid():
        if "entity" in form.errors:   # not an entity the user represents: not theirs to see
            raise Http404
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("certification:list")
    try:
        application = services.application_create(edition=form.cleaned_data["edition"],
                                                  entity=form.cleaned_data["entity"], by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("certification:list")
    return redirect("certification:step", pk=application.pk, step="entity")


@require_POST
@login_required
def application_renew(request: HttpRequest, pk: int) -> HttpResponse:
    previous = application_get_for_user(user=request.user, pk=pk)
    if not represents_applicant(request.user, previous):
        raise PermissionDenied
    edition = Edition.objects.open_on().first()
    if edition is None:
        messages.error(request, _("No edition accepts applications now."))
        return redirect(previous)
    try:
        application = services.application_renew(previous=previous, edition=edition, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect(previous)
    return redirect("certification:step", pk=application.pk, step="entity")


def _step_states(missing: list[tuple[str, str]]) -> list[tuple[str, str, bool, bool]]:
    """Each step of the stepper as (name, label, done, incomplete): incomplete when something on it is missing,
    else done (the review step is neither)."""
    lacking = {name for name, _message in missing}
    return [(name, label, name != "review" and name not in lacking, name in lacking) for name, label in STEPS]


@login_required
def application_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the application. Each POST saves a draft; nothing typed is lost on errors."""
    application = application_get_for_user(user=request.user, pk=pk)
    if step not in STEP_NAMES:
        raise Http404
    if not represents_applicant(request.user, application):
        raise PermissionDenied
    if not application.is_editable:
        return redirect(application)
    post = request.POST if request.method == "POST" else None
    missing = services.application_missing(application)
    context = {"application": application, "steps": STEPS, "step": step, "step_label": dict(STEPS)[step],
               "step_index": STEP_NAMES.index(step) + 1, "step_states": _step_states(missing)}
    saved = False
    if step == "entity":
        form = EntityStepForm(post, instance=application)
        if post is not None and form.is_valid():
            services.application_save_fields(application=application, by=request.user, **form.cleaned_data)
            saved = True
        context["form"] = form
    elif step == "finances":
        form = FinancesStepForm(post, instance=application)
        if post is not None and form.is_valid():
            services.application_save_fields(application=application, by=request.user, **form.cleaned_data)
            saved = True
        context["form"] = form
        context["share"] = application.own_revenue_share
    elif step == "items":
        initial = list(application.items.values("kind", "name", "category", "description"))
        formset = ItemFormSet(post, initial=initial, prefix="items")
        if post is not None and formset.is_valid():
            items = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            services.application_save_items(application=application, by=request.user, items=[
                {k: v for k, v in item.items() if k != "DELETE"} for item in items])
            saved = True
        context["formset"] = formset
    elif step == "recommendations":
        initial = list(application.recommendations.values("author", "organisation", "issued_on", "summary"))
        formset = RecommendationFormSet(post, initial=initial, prefix="rec")
        if post is not None and formset.is_valid():
            rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            services.application_save_recommendations(application=application, by=request.user, recommendations=[
                {k: v for k, v in row.items() if k != "DELETE"} for row in rows])
            saved = True
        context["formset"] = formset
    elif step == "criteria":
        answers = dict(application.answers.values_list("criterion_id", "answer"))
        form = CriteriaStepForm(post, criteria=application.edition.criteria.all(), answers=answers)
        if post is not None and form.is_valid():
            services.application_save_answers(application=application, by=request.user, answers=form.answers())
            saved = True
        context["form"] = form
    elif step == "declarations":
        form = DeclarationsForm(post, initial={"truthful": bool(application.truthfulness_declared_at),
                                               "clause_read": bool(application.information_clause_read_at)})
        if post is not None and form.is_valid():
            services.application_declare(application=application, by=request.user,
                                         truthful=form.cleaned_data["truthful"],
                                         clause_read=form.cleaned_data["clause_read"])
            saved = True
        context.update({"form": form, "attachment_form": AttachmentForm(),
                        "attachments": list(application.attachments.all())})
    else:  # review
        context["missing"] = missing
        context["share"] = application.own_revenue_share
        context["transition_form"] = TransitionForm(initial={"to": Status.SUBMITTED})
    if saved:
        messages.success(request, _("Saved."))
        following = STEP_NAMES[min(STEP_NAMES.index(step) + 1, len(STEP_NAMES) - 1)]
        target = step if "stay" in request.POST else following
        return redirect("certification:step", pk=application.pk, step=target)
    status = 400 if post is not None else 200
    context["has_errors"] = status == 400
    return render(request, "certification/application_step.html", context, status=status)


@require_POST
@login_required
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    if not represents_applicant(request.user, application):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(application=application, by=request.user, upload=form.cleaned_data["file"],
                                    kind=form.cleaned_data["kind"])
            messages.success(request, _("The file has been attached."))
            return redirect("certification:step", pk=application.pk, step="declarations")
        except ValidationError as exc:
            form.add_error("file", exc)
    context = {"application": application, "steps": STEPS, "step": "declarations",
               "step_label": dict(STEPS)["declarations"], "has_errors": True,
               "step_index": STEP_NAMES.index("declarations") + 1, "attachment_form": form,
               "form": DeclarationsForm(initial={"truthful": bool(application.truthfulness_declared_at),
                                                 "clause_read": bool(application.information_clause_read_at)}),
               "attachments": list(application.attachments.all())}
    return render(request, "certification/application_step.html", context, status=400)


@require_POST
@login_required
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    try:
        services.attachment_remove(attachment=attachment, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("certification:step", pk=application.pk, step="declarations")


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Files are served only here, after the same visibility check as the application itself."""
    application = application_get_for_user(user=request.user, pk=pk)
    if not may_see_case_documents(application, request.user):
        raise PermissionDenied(_("The case's documents are available after declaring no conflict of interest."))
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    return stored_file_response(attachment.file, filename=download_name("zalacznik", attachment.pk,
                                                                        attachment.file.name))
