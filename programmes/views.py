import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .exports import programme_to_xlsx
from .forms import AnswerForm, CommentForm, CorrectionForm, ImportForm, TransitionForm, ValueForm
from .models import TRANSITIONS, ConsultationComment, Indicator, IndicatorValue, Programme, Status
from .selectors import programme_get_for_user, programme_list, programme_tree
from .yaml_io import programme_import, programme_parse, programme_to_yaml

SESSION_IMPORT = "programmes_import_text"


def _manage(request) -> None:
    if not request.user.has_perm("programmes.manage_programme"):
        raise PermissionDenied


@login_required
def programme_list_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("programmes.view_programme"):
        raise PermissionDenied
    return render(request, "programmes/programme_list.html", {"programmes": programme_list(user=request.user)})


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    can_manage = request.user.has_perm("programmes.manage_programme")
    return render(request, "programmes/programme_detail.html", {
        "programme": programme, **programme_tree(programme), "can_manage": can_manage,
        "transitions": [Status(s) for s in TRANSITIONS[programme.status]] if can_manage else [],
        "amendments": list(programme.amendments.all()),
    })


@require_POST
@login_required
def programme_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    _manage(request)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.programme_transition(programme=programme, by=request.user, **form.cleaned_data)
            messages.success(request, _("The status has been changed."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Check the dates entered."))
    return redirect(programme)


@require_POST
@login_required
def values_compute(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    _manage(request)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, _("Give the year."))
        return redirect(programme)
    filled = services.indicator_values_compute(programme=programme, year=year, by=request.user)
    messages.success(request, _("Computed values filled in: %(n)d.") % {"n": len(filled)})
    return redirect(programme)


@login_required
def indicator_values(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter a manual indicator's yearly values; correct locked ones with a reason."""
    indicator = get_object_or_404(Indicator.objects.select_related("programme"), pk=pk)
    programme_get_for_user(user=request.user, pk=indicator.programme_id)
    _manage(request)
    form = ValueForm(request.POST if "value" in request.POST else None)
    correction = CorrectionForm(request.POST if "new_value" in request.POST else None)
    if request.method == "POST":
        try:
            if "new_value" in request.POST and correction.is_valid():
                value = get_object_or_404(IndicatorValue, pk=request.POST.get("value_id"), indicator=indicator)
                services.indicator_value_correct(value=value, by=request.user, **correction.cleaned_data)
                messages.success(request, _("The correction has been recorded."))
                return redirect(request.path)
            if "value" in request.POST and form.is_valid():
                services.indicator_value_set(indicator=indicator, by=request.user, **form.cleaned_data)
                messages.success(request, _("The value has been saved."))
                return redirect(request.path)
        except ValidationError as exc:
            (form if "value" in request.POST else correction).add_error(None, exc)
    values = list(indicator.values.prefetch_related("corrections").order_by("year"))
    return render(request, "programmes/indicator_values.html", {
        "indicator": indicator, "values": values, "form": form, "correction_form": correction},
        status=400 if request.method == "POST" else 200)


@login_required
def comments(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    _manage(request)
    if request.method == "POST":
        comment = get_object_or_404(ConsultationComment, pk=request.POST.get("comment"), programme=programme)
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
    _manage(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="konsultacje-{programme.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("No."), _("Submitted"), _("Author"), _("Concerns"), _("Comment"), _("Response"),
                     _("Reasons")])
    for i, c in enumerate(programme.comments.all(), start=1):
        writer.writerow([i, c.created_at.date().isoformat(), c.author or _("anonymous"), c.concerns, c.text,
                         c.get_response_display() or _("not answered yet"), c.response_reason])
    return response


@login_required
def programme_export(request: HttpRequest, pk: str, fmt: str) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    if fmt == "xlsx":
        response = HttpResponse(programme_to_xlsx(programme),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(programme_to_yaml(programme), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="program-{programme.pk}.{fmt}"'
    return response


@login_required
def programme_import_view(request: HttpRequest) -> HttpResponse:
    """Upload → preview (every error listed with its path) → confirm; nothing is written before confirming."""
    _manage(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and "confirm" in request.POST:
        result = programme_parse(request.session.get(SESSION_IMPORT, ""))
        if result.data is None:
            messages.error(request, _("Upload the file again."))
            return redirect("programmes:import")
        programme = programme_import(result.data, by=request.user)
        request.session.pop(SESSION_IMPORT, None)
        messages.success(request, _("The programme has been imported as a draft."))
        return redirect(programme)
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            form.add_error("file", _("The file must be UTF-8 text."))
        else:
            preview = programme_parse(text)
            if preview.data is not None:
                request.session[SESSION_IMPORT] = text
    return render(request, "programmes/programme_import.html", {"form": form, "preview": preview},
                  status=400 if preview is not None and preview.errors else 200)


# --- public consultation ----------------------------------------------------------------------

def consultation(request: HttpRequest, pk: int) -> HttpResponse:
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
        "programme": programme, **programme_tree(programme), "form": form, "is_open": is_open},
        status=400 if form is not None and form.errors else 200)
