"""Inline editing of the programme tree: priorities' and goals' names, directions (add, reword, remove).

With htmx each control swaps a partial of ``programmes/_tree.html`` in place (the form, then the saved row);
without JavaScript the same URLs give a page with the form and redirect back to the programme. The services
decide whether the structure may change (a draft, or an adopted programme with an open amendment) and check the
numbering; a refusal is shown in place and nothing is written."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..forms import DirectionAddForm, DirectionTextForm, NameForm
from ..models import Priority, Programme, SpecificGoal
from ..selectors import (
    direction_get_for_user,
    goal_get_for_user,
    priority_get_for_user,
)
from .common import form_status, refuse, require_manage

TREE = "programmes/_tree.html"
NUMBERING = {"numbering": "number", "duplicate": "number", "required": "text"}


def _editor(request: HttpRequest, programme: Programme) -> None:
    """Staff only (403 for read-only roles). Forms are offered only where the structure may change; a POST goes
    to the service, which refuses a frozen structure with its own message."""
    require_manage(request)
    if request.method != "POST" and not request.user.has_perm("programmes.edit_structure", programme):
        raise PermissionDenied


def _back(programme: Programme, anchor: str) -> HttpResponse:
    return redirect(f"{programme.get_absolute_url()}#{anchor}")


def _form_page(request: HttpRequest, partial: str, context: dict, *, title: str, wrapper: str = "",
               form=None) -> HttpResponse:
    """The partial alone for htmx; for a plain request, a page holding it (400 when a POST had errors)."""
    if request.htmx:
        return render(request, f"{TREE}#{partial}", context)
    return render(request, "programmes/structure_form.html", {
        **context, "partial": f"{TREE}#{partial}", "title": title, "wrapper": wrapper},
        status=form_status(request, form))


# --- directions ------------------------------------------------------------------------------

@login_required
def direction_row(request: HttpRequest, pk: int) -> HttpResponse:
    """A direction as shown in the tree (what "Cancel" brings back)."""
    direction = direction_get_for_user(user=request.user, pk=pk)
    programme = direction.goal.priority.programme
    require_manage(request)
    if not request.htmx:
        return _back(programme, f"direction-{pk}")
    return render(request, f"{TREE}#direction-row", {
        "d": direction, "focus_id": direction.pk,
        "can_edit_structure": request.user.has_perm("programmes.edit_structure", programme)})


@login_required
def direction_edit(request: HttpRequest, pk: int) -> HttpResponse:
    direction = direction_get_for_user(user=request.user, pk=pk)
    programme = direction.goal.priority.programme
    _editor(request, programme)
    form = DirectionTextForm(request.POST or None, initial={"text": direction.text}, auto_id=f"direction-{pk}-%s")
    if request.method == "POST" and form.is_valid():
        try:
            services.direction_update(direction=direction, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as exc:
            refuse(form, exc, NUMBERING)
        else:
            if not request.htmx:
                messages.success(request, _("Direction %(n)s has been saved.") % {"n": direction.number})
                return _back(programme, f"direction-{pk}")
            return render(request, f"{TREE}#direction-row", {
                "d": direction, "can_edit_structure": True, "focus_id": direction.pk, "saved": True})
    return _form_page(request, "direction-form", {"d": direction, "form": form, "programme": programme},
                      title=_("Direction %(n)s") % {"n": direction.number}, wrapper="ol", form=form)


@login_required
def direction_remove(request: HttpRequest, pk: int) -> HttpResponse:
    direction = direction_get_for_user(user=request.user, pk=pk)
    goal = direction.goal
    programme = goal.priority.programme
    _editor(request, programme)
    error = None
    if request.method == "POST":
        number = direction.number
        try:
            services.direction_remove(direction=direction, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if not request.htmx:
                messages.success(request, _("Direction %(n)s has been removed.") % {"n": number})
                return _back(programme, f"goal-{goal.pk}")
            return render(request, f"{TREE}#direction-removed", {"pk": pk, "number": number})
    context = {"d": direction, "programme": programme, "error": error}
    if request.htmx:
        return render(request, f"{TREE}#direction-remove", context)
    return render(request, "programmes/structure_form.html", {
        **context, "partial": f"{TREE}#direction-remove", "wrapper": "ol",
        "title": _("Remove direction %(n)s") % {"n": direction.number}}, status=400 if error else 200)


@login_required
def goal_directions(request: HttpRequest, pk: int) -> HttpResponse:
    """A goal's directions with the "Add a direction" control (what "Cancel" brings back)."""
    goal = goal_get_for_user(user=request.user, pk=pk)
    programme = goal.priority.programme
    require_manage(request)
    if not request.htmx:
        return _back(programme, f"goal-{pk}")
    return render(request, f"{TREE}#goal-directions", {
        "goal": goal, "focus_add": True,
        "can_edit_structure": request.user.has_perm("programmes.edit_structure", programme)})


@login_required
def direction_add(request: HttpRequest, pk: int) -> HttpResponse:
    goal = goal_get_for_user(user=request.user, pk=pk)
    programme = goal.priority.programme
    _editor(request, programme)
    form = DirectionAddForm(request.POST or None, auto_id=f"goal-{pk}-new-%s",
                            initial={"number": services.direction_number_next(goal)})
    if request.method == "POST" and form.is_valid():
        try:
            direction = services.direction_add(goal=goal, by=request.user,
                                               **form.cleaned_data)
        except ValidationError as exc:
            refuse(form, exc, NUMBERING)
        else:
            if not request.htmx:
                messages.success(request, _("Direction %(n)s has been added.") % {"n": direction.number})
                return _back(programme, f"direction-{direction.pk}")
            return render(request, f"{TREE}#goal-directions", {
                "goal": goal, "can_edit_structure": True, "focus_id": direction.pk, "saved_id": direction.pk})
    return _form_page(request, "goal-directions", {
        "goal": goal, "add_form": form, "can_edit_structure": True, "programme": programme},
        title=_("Add a direction to goal %(n)s") % {"n": goal.number}, form=form)


# --- names of priorities and goals ----------------------------------------------------------

def _name_row(request: HttpRequest, node: Priority | SpecificGoal, kind: str, programme: Programme):
    require_manage(request)
    if not request.htmx:
        return _back(programme, f"{kind}-{node.pk}")
    return render(request, f"{TREE}#name", {
        "node": node, "kind": kind, "focus_id": node.pk,
        "can_edit_structure": request.user.has_perm("programmes.edit_structure", programme)})


def _name_edit(request: HttpRequest, node: Priority | SpecificGoal, kind: str, programme: Programme):
    _editor(request, programme)
    form = NameForm(request.POST or None, initial={"name": node.name}, auto_id=f"{kind}-{node.pk}-edit-%s")
    if request.method == "POST" and form.is_valid():
        update = services.goal_update if kind == "goal" else services.priority_update
        try:
            update(**{kind: node}, name=form.cleaned_data["name"], by=request.user)
        except ValidationError as exc:
            refuse(form, exc, {"required": "name"})
        else:
            if not request.htmx:
                messages.success(request, _("The name has been saved."))
                return _back(programme, f"{kind}-{node.pk}")
            return render(request, f"{TREE}#name", {
                "node": node, "kind": kind, "can_edit_structure": True, "focus_id": node.pk, "saved": True,
                "oob": True})
    title = (_("Name of goal %(n)s") if kind == "goal" else _("Name of priority %(n)s")) % {"n": node.number}
    return _form_page(request, "name-form", {"node": node, "kind": kind, "form": form, "programme": programme},
                      title=title, form=form)


@login_required
def goal_name(request: HttpRequest, pk: int) -> HttpResponse:
    goal = goal_get_for_user(user=request.user, pk=pk)
    return _name_row(request, goal, "goal", goal.priority.programme)


@login_required
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = goal_get_for_user(user=request.user, pk=pk)
    return _name_edit(request, goal, "goal", goal.priority.programme)


@login_required
def priority_name(request: HttpRequest, pk: int) -> HttpResponse:
    priority = priority_get_for_user(user=request.user, pk=pk)
    return _name_row(request, priority, "priority", priority.programme)


@login_required
def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    priority = priority_get_for_user(user=request.user, pk=pk)
    return _name_edit(request, priority, "priority", priority.programme)
