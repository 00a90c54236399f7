from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import is_staff_member
from committee.forms import DeclarationForm
from committee.selectors import register_links, voting_standing
from committee.services import conflict_declare
from core.downloads import download_name, stored_file_response
from core.sorting import SEARCH_PARAM, SORT_PARAM, search_list, sort_list

from . import services
from .assessors import chapter_member, may_see_case_documents
from .forms import (
    STEP_NAMES,
    STEPS,
    AssessmentForm,
    AttachmentForm,
    CriteriaStepForm,
    CriterionFormSet,
    DeclarationsForm,
    EditionForm,
    EntityStepForm,
    FinancesStepForm,
    FormalCheckForm,
    GalaForm,
    ItemFormSet,
    RecommendationFormSet,
    RegisterFilterForm,
    StartApplicationForm,
    TransitionForm,
    VerifyForm,
    VerifyPdfForm,
    WithdrawForm,
    criteria_rows,
)
from .models import (
    FROM_REVIEW,
    RENEWABLE,
    Actor,
    Attachment,
    Edition,
    Status,
)
from .permissions import actors_of, application_moves, represents_applicant
from .selectors import (
    application_get_for_user,
    application_list,
    assessments_visible_to,
    certificate_list_latest,
    certificate_pdf_check,
    certificate_verify,
    edition_list,
    expiring_q,
    gala_candidates,
    overdue_q,
    public_register,
    register_bip,
    register_history,
)


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- lists ------------------------------------------------------------------------------------

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
        from accounts.selectors import registration_awaiting_approval

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
        messages.error(request, _errors(exc))
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
        messages.error(request, _errors(exc))
        return redirect(previous)
    return redirect("certification:step", pk=application.pk, step="entity")


# --- the applicant's steps --------------------------------------------------------------------

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
        messages.error(request, _errors(exc))
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


# --- the application page (everyone who may see it) -------------------------------------------

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
        messages.error(request, _errors(exc))
        if form.cleaned_data["to"] == Status.SUBMITTED:
            return redirect("certification:step", pk=application.pk, step="review")
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
        messages.error(request, _errors(exc))
    except PermissionDenied as exc:
        if not str(exc):
            raise
        messages.error(request, str(exc))
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
        messages.error(request, _errors(exc))
    return redirect(application)


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
            messages.error(request, _errors(exc))
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
            messages.error(request, _errors(exc))
    else:
        messages.error(request, _("Check the values entered."))
    return redirect(application)


@login_required
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what issuing does, and the button; POST: issue it (``services.certificate_issue``)."""
    application = application_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("certification.manage"):
        raise PermissionDenied
    if request.method != "POST":
        from core.views import confirm_page

        return confirm_page(
            request, heading=_("Issue the certificate"), subject=str(application),
            consequences=[_("The certificate gets the next number of the register, which is never changed or used "
                            "again."),
                          _("The PDF of the certificate is generated and the applicant is told."),
                          _("From its first day of validity the mark appears in the public register.")],
            action=reverse("certification:certificate_issue", args=[application.pk]),
            button=_("Issue the certificate"), cancel=application.get_absolute_url())
    try:
        certificate = services.certificate_issue(application=application, by=request.user)
        messages.success(request, _("Certificate %(number)s has been issued.") % {"number": certificate.number})
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect(application)


@login_required
def certificate_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what withdrawing the mark does, with the reason box; POST: withdraw it."""
    application = application_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("certification.manage"):
        raise PermissionDenied
    certificate = getattr(application, "certificate", None)
    if certificate is None:
        raise Http404
    if request.method != "POST":
        from core.views import confirm_page

        return confirm_page(
            request, heading=_("Withdraw the mark"), subject=f"{certificate.number} – {certificate.entity_name}",
            consequences=[_("The certificate stops being valid today and leaves the public register (its history "
                            "keeps it, with the reason)."),
                          _("The holder is told, with the reason.")],
            action=reverse("certification:certificate_withdraw", args=[application.pk]),
            button=_("Withdraw the mark"), cancel=application.get_absolute_url(), danger=True,
            form=WithdrawForm())
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_withdraw(certificate=certificate, by=request.user,
                                          reason=form.cleaned_data["reason"])
            messages.success(request, _("The mark has been withdrawn."))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
    else:
        messages.error(request, _("Give the reason."))
    return redirect(application)


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> FileResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    certificate = getattr(application, "certificate", None)
    if certificate is None:
        raise Http404
    return stored_file_response(certificate.pdf, filename=f"certyfikat-{certificate.number.replace('/', '-')}.pdf")


@login_required
def gala(request: HttpRequest, event_pk: int) -> HttpResponse:
    """Staff choose which certificates are handed over at a gala."""
    from events.models import Event, EventKind

    if not request.user.has_perm("certification.manage"):
        raise PermissionDenied
    event = get_object_or_404(Event, pk=event_pk, kind=EventKind.GALA)
    form = GalaForm(request.POST or None, candidates=gala_candidates(event))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                count = services.certificates_award_at_gala(
                    event=event, by=request.user, certificate_ids=[c.pk for c in form.cleaned_data["certificates"]])
                messages.success(request, ngettext("%(n)d certificate will be awarded at the gala.",
                                                   "%(n)d certificates will be awarded at the gala.", count)
                                 % {"n": count})
                return redirect(event)
            except ValidationError as exc:
                form.add_error(None, exc)
        status = 400
    return render(request, "certification/gala.html", {
        "event": event, "form": form, "candidates": gala_candidates(event)[:200]}, status=status)


# --- public -----------------------------------------------------------------------------------

def public_register_view(request: HttpRequest) -> HttpResponse:
    form = RegisterFilterForm(request.GET or None)
    powiat = category = ""
    if form.is_valid():
        powiat, category = form.cleaned_data["powiat"], form.cleaned_data["category"]
    page = Paginator(public_register(powiat=powiat, category=category), 30).get_page(request.GET.get("page"))
    return render(request, "certification/public_register.html", {
        "page_obj": page, "form": form, "history": register_history()[:50], "bip": register_bip()})


def _latest_list():
    from core.downloads import NotFoundWithReason

    published = certificate_list_latest()
    if published is None:
        raise NotFoundWithReason(_("No signed list of certificates has been published yet."))
    return published


def certificate_list_json(request: HttpRequest) -> FileResponse:
    """The latest signed list of all certificates with their state (JSON), public."""
    published = _latest_list()
    return stored_file_response(published.content, filename=published.filename("json"),
                                content_type="application/json")


def certificate_list_signature(request: HttpRequest) -> FileResponse:
    """The detached CMS signature of the latest list (``openssl cms -verify``, docs/sealing.md)."""
    published = _latest_list()
    return stored_file_response(published.signature, filename=published.filename("json.p7s"),
                                content_type="application/pkcs7-signature")


def public_verify(request: HttpRequest) -> HttpResponse:
    """Check a certificate by its number (the QR code on the PDF points here), or an uploaded PDF: is it the one
    ROPS sealed, unaltered? Nobody logs in; the file is checked in memory and never kept."""
    form = VerifyForm(request.GET or None)
    pdf_form = VerifyPdfForm(request.POST or None, request.FILES or None)
    certificate = verdict = None
    searched = False
    status = 200
    if request.method == "POST":
        if pdf_form.is_valid():
            upload = pdf_form.cleaned_data["file"]
            upload.seek(0)
            verdict = certificate_pdf_check(data=upload.read())
            certificate = verdict.certificate
        else:
            status = 400
    elif form.is_valid():
        searched = True
        certificate = certificate_verify(number=form.cleaned_data["number"])
    return render(request, "certification/public_verify.html", {
        "form": form, "pdf_form": pdf_form, "certificate": certificate, "searched": searched, "verdict": verdict,
        "expired": certificate is not None and certificate.expired_on(timezone.localdate()),
    }, status=status)



# --- editions and their criteria (the ROPS administrator) ---------------------------------------------------

def _require_configure(request: HttpRequest) -> None:
    if not request.user.has_perm("certification.configure_editions"):
        raise PermissionDenied


@login_required
def edition_list_view(request: HttpRequest) -> HttpResponse:
    _require_configure(request)
    return render(request, "certification/edition_list.html", {"editions": list(edition_list())})


@login_required
def edition_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create an edition (no ``pk``) or change one, with its criteria as an ordered list."""
    _require_configure(request)
    edition = get_object_or_404(Edition, pk=pk) if pk is not None else Edition()
    post = request.POST if request.method == "POST" else None
    form = EditionForm(post, instance=edition)
    formset = CriterionFormSet(post, instance=edition, prefix="criteria")
    if post is not None and form.is_valid() and formset.is_valid():
        fields = {name: form.cleaned_data[name] for name in EditionForm.Meta.fields}
        try:
            saved = services.edition_save(edition=edition if pk is not None else None, by=request.user,
                                          fields=fields, criteria_rows=criteria_rows(formset))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The edition has been saved."))
            return redirect("certification:edition_edit", pk=saved.pk)
    return render(request, "certification/edition_form.html", {
        "edition": edition if pk is not None else None, "form": form, "formset": formset,
        "has_applications": not services.edition_criteria_removable(edition if pk is not None else None),
    }, status=400 if post is not None else 200)


@login_required
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what submitting one's assessment does (the draft is already saved); POST: submit the saved draft
    (``services.assessment_save`` with ``submit=True``, which checks that every criterion is assessed)."""
    from core.views import confirm_page

    from .assessors import assessor_check
    from .models import Assessment

    application = application_get_for_user(user=request.user, pk=pk)
    try:
        assessor_check(application=application, user=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
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
        messages.error(request, _errors(exc))
    return redirect(application)
