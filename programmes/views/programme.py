from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pending import pending_discard, pending_keep, pending_take
from core.uploads import check_size

from .. import services
from ..exports import programme_to_xlsx
from ..filters import ProgrammeFilter
from ..forms import AmendmentForm, ImportForm, TransitionForm, YearForm
from ..models import Amendment, Status
from ..permissions import programme_moves
from ..selectors import programme_get_for_user, programme_list, programme_tree, programme_years
from ..services import programme_import
from ..yaml_io import MAX_FILE_BYTES, programme_parse, programme_to_yaml
from .common import require_manage

PENDING_PURPOSE = "programme-import"


@login_required
def programme_list_view(request: HttpRequest) -> HttpResponse:
    """Programmes filtered by status and by a year their period covers."""
    if not request.user.has_perm("programmes.view_programme"):
        raise Http404
    filters = ProgrammeFilter(request.GET or None, queryset=programme_list(user=request.user))
    return render(request, "programmes/programme_list.html", {"filter": filters, "programmes": filters.qs})


def _chosen_year(request: HttpRequest, years: list[int]) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if year in years else None


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _programme_page(request, programme_get_for_user(user=request.user, pk=pk))


def _programme_page(request: HttpRequest, programme, *, transition_form=None, status: int = 200) -> HttpResponse:
    """The whole tree; with ``?year=`` the indicators show the values as they stood in that year. Staff see the
    edit controls where the structure may change (a draft, or an adopted programme with an open amendment).
    A refused status change comes back bound, with what was typed and why."""
    can_manage = request.user.has_perm("programmes.manage_programme")
    years = programme_years(programme)
    amendments = list(programme.amendments.all())
    open_amendment = next((a for a in amendments if a.is_open), None)
    failed_to = transition_form.data.get("to") if transition_form is not None else None

    def form_for(state: str) -> TransitionForm:
        if state == failed_to:
            return transition_form
        return TransitionForm(initial={"to": state}, auto_id=f"id_{state}_%s")

    moves = programme_moves(request.user, programme)
    if failed_to is not None and failed_to not in {move.to for move in moves}:
        messages.error(request, " ".join(transition_form.non_field_errors()))   # no form of its own to show it

    return render(request, "programmes/programme_detail.html", {
        "programme": programme, **programme_tree(programme, year=_chosen_year(request, years)), "years": years,
        "can_manage": can_manage, "show_value_links": True, "in_consultation": programme.status == Status.CONSULTATION,
        "can_edit_structure": request.user.has_perm("programmes.edit_structure", programme),
        "transitions": [(move, form_for(move.to)) for move in moves],
        "transition_failed": failed_to is not None,
        "amendments": amendments, "open_amendment": open_amendment,
        "amendment_form": AmendmentForm() if can_manage and programme.is_frozen and open_amendment is None
        and programme.status != Status.CLOSED else None,
    }, status=status)


@require_POST
@login_required
def programme_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    require_manage(request)
    form = TransitionForm(request.POST, auto_id=f"id_{request.POST.get('to', '')}_%s")
    if form.is_valid():
        try:
            services.programme_transition(programme=programme, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The status has been changed."))
            return redirect(programme)
    else:
        form.add_error(None, _("Check the dates entered."))
    return _programme_page(request, programme, transition_form=form, status=400)


@require_POST
@login_required
def amendment_start(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    require_manage(request)
    form = AmendmentForm(request.POST)
    if form.is_valid():
        try:
            amendment = services.amendment_start(programme=programme, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Amendment %(v)d is open: the structure can now be changed.") % {
                "v": amendment.version})
    else:
        messages.error(request, _("Give the reason for the amendment."))
    return redirect(programme)


@require_POST
@login_required
def amendment_close(request: HttpRequest, pk: int) -> HttpResponse:
    amendment = get_object_or_404(Amendment, pk=pk)
    programme = programme_get_for_user(user=request.user, pk=amendment.programme_id)
    require_manage(request)
    try:
        services.amendment_close(amendment=amendment, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The amendment has been closed; the structure is frozen again."))
    return redirect(programme)


@require_POST
@login_required
def values_compute(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    require_manage(request)
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join([_("Give the year."), *form.errors["year"]]))
        return redirect(programme)
    filled = services.indicator_values_compute(programme=programme, year=form.cleaned_data["year"], by=request.user)
    messages.success(request, _("Computed values filled in: %(n)d.") % {"n": len(filled)})
    return redirect(programme)


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
    """Upload → preview (every error listed with its path) → confirm; nothing is written before confirming.
    Between the two steps the file waits in ``core.pending`` (never in the session)."""
    if not request.user.has_perm("programmes.view_programme"):
        raise Http404
    require_manage(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview, token = None, ""
    if request.method == "POST" and "confirm" in request.POST:
        try:
            pending = pending_take(token=request.POST.get("token", ""), user=request.user, purpose=PENDING_PURPOSE)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("programmes:import")
        result = programme_parse(pending.content.decode("utf-8"))
        if result.data is None:
            messages.error(request, _("Upload the file again."))
            return redirect("programmes:import")
        programme = programme_import(result.data, by=request.user)
        transaction.on_commit(lambda: pending_discard(pending.path))
        messages.success(request, _("The programme has been imported as a draft."))
        return redirect(programme)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size, limit=MAX_FILE_BYTES)   # refused before it is read
            text = upload.read().decode("utf-8")
        except ValidationError as exc:
            form.add_error("file", exc)
        except UnicodeDecodeError:
            form.add_error("file", _("The file must be UTF-8 text."))
        else:
            preview = programme_parse(text)
            if preview.data is not None:
                token = pending_keep(content=text.encode("utf-8"), filename=upload.name, user=request.user,
                                     purpose=PENDING_PURPOSE, extension="yaml")
    return render(request, "programmes/programme_import.html", {"form": form, "preview": preview, "token": token},
                  status=400 if form.errors or (preview is not None and preview.errors) else 200)
