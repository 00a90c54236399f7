import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.exports import csv_row
from core.request_data import posted_id

from .. import services
from ..forms import AnswerForm, CommentForm
from ..models import ConsultationComment, Programme, Status
from ..selectors import programme_bip, programme_get_for_user, programme_tree
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
    return render(request, "programmes/comments.html", {
        "programme": programme, "comments": programme.comments.select_related("answered_by"),
        "form": AnswerForm()})


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
    """The public page (no login) of a programme in consultation: the draft and the comment form."""
    programme = Programme.objects.filter(pk=pk, status=Status.CONSULTATION).first()
    if programme is None:
        raise Http404
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
        "bip": programme_bip(programme)},
        status=400 if form is not None and form.errors else 200)
