import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.downloads import stored_file_response
from core.exports import csv_row
from core.job_status import redirect_to_job
from core.request_data import posted_id

from .. import services
from ..forms import AnswerForm, CommentForm
from ..models import Consultation, ConsultationComment, Status
from ..selectors import consultation_public, programme_bip, programme_get_for_user, programme_tree
from .common import require_manage


@login_required
def comments(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    require_manage(request)
    if request.method == "POST":
        comment = get_object_or_404(ConsultationComment, pk=posted_id(request.POST.get("comment")),
                                    programme=programme)
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.comment_answer(comment=comment, by=request.user, **form.cleaned_data)
                messages.success(request, _("The response has been saved."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return redirect(request.path)
    today = timezone.localdate()
    consultations = [(c, c.can_close(today), c.report_overdue(today), services.consultation_report_missing(c))
                     for c in programme.consultations.prefetch_related("comments")]
    return render(request, "programmes/comments.html", {
        "programme": programme, "comments": programme.comments.select_related("answered_by", "consultation"),
        "form": AnswerForm(), "consultations": consultations})


def _staff_consultation(request: HttpRequest, pk: int) -> Consultation:
    consultation = get_object_or_404(Consultation.objects.select_related("programme"), pk=pk)
    programme_get_for_user(user=request.user, pk=consultation.programme_id)
    require_manage(request)
    return consultation


@require_POST
@login_required
def consultation_close(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _staff_consultation(request, pk)
    try:
        consultation = services.consultation_close(consultation=consultation, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The consultation is closed; publish its report by %(date)s.") % {
            "date": date_format(consultation.report_due, "SHORT_DATE_FORMAT")})
    return redirect("programmes:comments", pk=consultation.programme_id)


@require_POST
@login_required
def consultation_approve(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _staff_consultation(request, pk)
    try:
        job = services.consultation_report_approve(consultation=consultation, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("programmes:comments", pk=consultation.programme_id)
    messages.success(request, _("The report is approved; it is being rendered and will appear on the public page."))
    return redirect_to_job(reverse("programmes:comments", args=[consultation.programme_id]), job)


def consultation_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The published consultation report (public, no login); an unpublished one answers 404."""
    consultation = Consultation.objects.published().filter(pk=pk).first()
    if consultation is None:
        raise Http404
    return stored_file_response(consultation.report_pdf, filename=f"raport-z-konsultacji-{consultation.pk}.pdf")


@login_required
def consultation_report(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    require_manage(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="konsultacje-{programme.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(csv_row([_("No."), _("Submitted"), _("Author"), _("Concerns"), _("Comment"), _("Response"),
                             _("Reasons")]))
    for i, c in enumerate(programme.comments.all(), start=1):
        writer.writerow(csv_row([i, c.created_at.date().isoformat(), c.author or _("anonymous"), c.concerns, c.text,
                                 c.get_response_display() or _("not answered yet"), c.response_reason]))
    return response


def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    """The public page (no login) of a programme in consultation: the draft and the comment form; after the
    consultation, its published reports."""
    programme, reports = consultation_public(pk=pk)
    is_open = services.consultation_is_open(programme)
    form = CommentForm(request.POST or None) if is_open else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.comment_add(programme=programme, text=form.cleaned_data["text"],
                                 author=form.cleaned_data["author"], concerns=form.cleaned_data["concerns"],
                                 consent=form.cleaned_data["consent"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you, your comment has been received."))
            return redirect("programmes:consultation", pk=programme.pk)
    return render(request, "programmes/consultation.html", {
        "programme": programme, **programme_tree(programme), "form": form, "is_open": is_open,
        "bip": programme_bip(programme), "reports": reports,
        "in_consultation": programme.status == Status.CONSULTATION},
        status=400 if form is not None and form.errors else 200)
