"""Annual action plans: the programme's plans by year, a plan's tasks (filtered, paginated, with totals per
funding source) and the task form with its budget lines. Staff write through ``services``; board viewers and
committee members read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.paging import Paginator

from .. import services
from ..filters import ActionTaskFilter
from ..forms import ActionPlanForm, ActionTaskForm, budget_formset
from ..models import ActionPlan, ActionTask
from ..selectors import (
    action_budget_totals,
    action_plan_get_for_user,
    action_plan_list,
    action_task_get_for_user,
    action_task_list,
    programme_get_for_user,
)
from .common import form_status, refuse, require_manage

PAGE_SIZE = 20


@login_required
def plan_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme's plans by year; staff open a plan for a new year here."""
    programme = programme_get_for_user(user=request.user, pk=pk)
    can_edit = request.user.has_perm("programmes.edit_action_plans", programme)
    form = ActionPlanForm(request.POST or None, auto_id="plan-%s")
    if request.method == "POST":
        require_manage(request)
        if form.is_valid():
            try:
                plan = services.action_plan_create(programme=programme, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                refuse(form, exc, {"year": "year", "duplicate": "year"})
            else:
                messages.success(request, _("The action plan for %(year)d has been created.") % {"year": plan.year})
                return redirect("programmes:plan", pk=plan.pk)
    return render(request, "programmes/actionplan_list.html", {
        "programme": programme, "plans": action_plan_list(programme=programme), "can_edit": can_edit,
        "form": form}, status=form_status(request, form))


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's tasks, filtered by status and direction, a page at a time, with the totals per funding source
    of all the filtered tasks (summed in the database); a fixed number of queries whatever the plan's size."""
    plan = action_plan_get_for_user(user=request.user, pk=pk)
    filters = ActionTaskFilter(request.GET or None, queryset=action_task_list(plan=plan), plan=plan)
    tasks = filters.qs
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    totals = action_budget_totals(tasks)
    return render(request, "programmes/actionplan_detail.html", {
        "plan": plan, "programme": plan.programme, "filter": filters, "page_obj": page, "totals": totals,
        "total_planned": sum(t.planned for t in totals), "total_spent": sum(t.spent for t in totals),
        "can_edit": request.user.has_perm("programmes.edit_action_plans", plan.programme)})


def _task_form(request: HttpRequest, plan: ActionPlan, task: ActionTask | None) -> HttpResponse:
    """Staff only; the form is offered while the plan may change (the service refuses a closed programme)."""
    require_manage(request)
    if request.method != "POST" and not request.user.has_perm("programmes.edit_action_plans", plan.programme):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = ActionTaskForm(data, instance=task, plan=plan)
    budget = budget_formset(data, task=task)
    if request.method == "POST" and form.is_valid() and budget.is_valid():
        try:
            task = services.action_task_save(plan=plan, task=task, by=request.user, budget=budget.budget(),
                                             **form.cleaned_data)
        except ValidationError as exc:
            refuse(form, exc, {"directions": "directions", "required": None})
        else:
            messages.success(request, _("The task has been saved."))
            return redirect(f"{reverse('programmes:plan', args=[plan.pk])}#task-{task.pk}")
    status = 400 if request.method == "POST" and (form.errors or not budget.is_valid()) else 200
    return render(request, "programmes/actiontask_form.html", {
        "plan": plan, "programme": plan.programme, "task": task, "form": form, "budget": budget}, status=status)


@login_required
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = action_plan_get_for_user(user=request.user, pk=pk)
    return _task_form(request, plan, None)


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = action_task_get_for_user(user=request.user, pk=pk)
    return _task_form(request, task.plan, task)
