"""Annual action plans in the back office: plans by year, tasks with directions and budget lines, the task
list with filters, pagination and totals per funding source; who may do what; a fixed number of queries."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from programmes import services
from programmes.models import ActionPlan, ActionTask, BudgetLine
from programmes.views.plans import PAGE_SIZE

from .factories import (
    ActionPlanFactory,
    ActionTaskFactory,
    BudgetLineFactory,
    DirectionFactory,
    GoalFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db
SOURCES = [s for s, _ in BudgetLine.Source.choices]


@pytest.fixture
def programme():
    return ProgrammeFactory(in_force=True)


@pytest.fixture
def directions(programme):
    goal = GoalFactory(priority__programme=programme, priority__number="1", number="1.1")
    return [DirectionFactory(goal=goal, number=f"1.1.{n}") for n in (1, 2, 3)]


@pytest.fixture
def plan(programme):
    return ActionPlanFactory(programme=programme, year=2025)


def _task_data(chosen, **overrides):
    data = {"title": "Targi ekonomii społecznej", "directions": [d.pk for d in chosen],
            "responsible_unit": "Dział Ekonomii Społecznej", "partners": "OWES", "status": "in_progress",
            "outputs": "2 dni targowe",
            "budget-TOTAL_FORMS": "4", "budget-INITIAL_FORMS": "4", "budget-MIN_NUM_FORMS": "4",
            "budget-MAX_NUM_FORMS": "4"}
    for i, source in enumerate(SOURCES):
        data |= {f"budget-{i}-source": source, f"budget-{i}-planned": "", f"budget-{i}-spent": ""}
    data |= {"budget-0-planned": "120000", "budget-0-spent": "110000.50", "budget-1-planned": "20000"}
    data.update(overrides)
    return data


# --- plans -------------------------------------------------------------------------------------

def test_staff_create_a_plan_for_a_year(client_for, staff, programme):
    client = client_for(staff)
    url = reverse("programmes:plans", args=[programme.pk])
    response = client.post(url, {"year": "2026"})
    plan = ActionPlan.objects.get(programme=programme, year=2026)
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:plan", args=[plan.pk])
    assert plan.history.first().history_user == staff
    again = client.post(url, {"year": "2026"})
    assert again.status_code == 400
    assert "Plan działań na 2026 już istnieje." in again.content.decode()
    before = client.post(url, {"year": str(programme.start_year - 1)})
    assert before.status_code == 400
    assert "Rok musi" in before.content.decode()
    assert ActionPlan.objects.count() == 1


def test_the_plans_page_lists_plans_by_year_with_totals(client_for, board, plan, directions):
    task = ActionTaskFactory(plan=plan, directions=directions[:1])
    BudgetLineFactory(task=task, source="eu", planned=1000, spent=400)
    BudgetLineFactory(task=task, source="state", planned=500, spent=0)
    ActionPlanFactory(programme=plan.programme, year=2024)
    page = client_for(board).get(reverse("programmes:plans", args=[plan.programme.pk])).content.decode()
    assert page.index("Plan na 2025") < page.index("Plan na 2024")
    assert "1\xa0500,00" in page
    assert "400,00" in page
    assert 'name="year"' not in page  # read-only roles get no form


# --- tasks -------------------------------------------------------------------------------------

def test_staff_add_a_task_with_directions_and_budget_lines(client_for, staff, plan, directions):
    client = client_for(staff)
    response = client.post(reverse("programmes:task_create", args=[plan.pk]), _task_data(directions[:2]))
    task = ActionTask.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#task-{task.pk}")
    assert set(task.directions.all()) == set(directions[:2])
    assert task.status == "in_progress"
    lines = {line.source: (line.planned, line.spent) for line in task.budget.all()}
    assert lines == {"eu": (Decimal(120000), Decimal("110000.50")), "voivodeship": (Decimal(20000), Decimal(0))}
    assert task.history.first().history_user == staff
    assert {line.history.first().history_user for line in task.budget.all()} == {staff}


def test_staff_edit_a_task_and_its_budget(client_for, staff, plan, directions):
    task = services.action_task_save(plan=plan, by=staff, title="Szkolenia", directions=directions[:1],
                                     responsible_unit="DES", budget={"eu": (Decimal(100), Decimal(0)),
                                                                     "other": (Decimal(50), Decimal(0))})
    client = client_for(staff)
    url = reverse("programmes:task_edit", args=[task.pk])
    form = client.get(url).content.decode()
    assert 'value="100.00"' in form
    assert "fundusze UE: Planowane (zł)" in form
    data = _task_data(directions[1:], title="Szkolenia dla JST", status="done")
    data |= {"budget-0-planned": "100", "budget-0-spent": "90", "budget-1-planned": "",
             "budget-3-planned": "", "budget-3-spent": ""}
    assert client.post(url, data).status_code == 302
    task.refresh_from_db()
    assert task.title == "Szkolenia dla JST"
    assert task.status == "done"
    assert list(task.directions.all()) == directions[1:]
    assert {line.source: (line.planned, line.spent) for line in task.budget.all()} == {
        "eu": (Decimal(100), Decimal(90))}  # the line left empty is removed
    removed = BudgetLine.history.filter(history_type="-").get()
    assert removed.source == "other"
    assert removed.history_user == staff


@pytest.mark.parametrize(("overrides", "message"), [
    ({"directions": []}, "To pole jest wymagane."),
    ({"title": ""}, "To pole jest wymagane."),
    ({"budget-0-planned": "-5"}, "Upewnij się, że ta wartość jest większa lub równa 0."),
    ({"budget-2-spent": "abc"}, "Wpisz liczbę."),
    ({"status": "lost"}, "Wybierz poprawną wartość."),
])
def test_invalid_tasks_are_refused_with_messages_and_nothing_is_written(client_for, staff, plan, directions,
                                                                          overrides, message):
    response = client_for(staff).post(reverse("programmes:task_create", args=[plan.pk]),
                                      _task_data(directions, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ActionTask.objects.exists()
    assert not BudgetLine.objects.exists()


def test_only_the_programmes_directions_are_offered_and_accepted(client_for, staff, plan, directions):
    stranger = DirectionFactory(goal=GoalFactory(priority__programme=ProgrammeFactory(), number="1.1"))
    client = client_for(staff)
    form = client.get(reverse("programmes:task_create", args=[plan.pk])).content.decode()
    assert directions[0].text in form
    assert stranger.text not in form
    response = client.post(reverse("programmes:task_create", args=[plan.pk]), _task_data([stranger]))
    assert response.status_code == 400
    assert not ActionTask.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.action_task_save(plan=plan, by=staff, title="x", directions=[stranger], responsible_unit="x")
    assert exc.value.code == "directions"


def test_a_closed_programmes_plans_no_longer_change(client_for, staff, plan, directions):
    plan.programme.status = "closed"
    plan.programme.save(update_fields=["status"])
    with pytest.raises(ValidationError):
        services.action_plan_create(programme=plan.programme, year=2026, by=staff)
    with pytest.raises(ValidationError):
        services.action_task_save(plan=plan, by=staff, title="x", directions=directions, responsible_unit="x")
    client = client_for(staff)
    assert client.get(reverse("programmes:task_create", args=[plan.pk])).status_code == 403
    response = client.post(reverse("programmes:task_create", args=[plan.pk]), _task_data(directions))
    assert response.status_code == 400
    assert "zamknięty" in response.content.decode()
    assert "Dodaj zadanie" not in client.get(reverse("programmes:plan", args=[plan.pk])).content.decode()
    assert not ActionTask.objects.exists()


def test_services_refuse_non_staff(board, plan, directions):
    with pytest.raises(PermissionDenied):
        services.action_plan_create(programme=plan.programme, year=2026, by=board)
    with pytest.raises(PermissionDenied):
        services.action_task_save(plan=plan, by=board, title="x", directions=directions, responsible_unit="x")


# --- the task list ---------------------------------------------------------------------------

def _task(plan, direction, status, **budget):
    task = ActionTaskFactory(plan=plan, status=status, directions=[direction])
    for source, (planned, spent) in budget.items():
        BudgetLineFactory(task=task, source=source, planned=planned, spent=spent)
    return task


def test_the_task_list_filters_by_status_and_direction_with_totals_per_source(client_for, board, plan, directions):
    _task(plan, directions[0], "done", eu=(100, 90), state=(10, 10))
    _task(plan, directions[1], "done", eu=(200, 150))
    _task(plan, directions[1], "planned", voivodeship=(1000, 0))
    client = client_for(board)
    url = reverse("programmes:plan", args=[plan.pk])
    page = client.get(url)
    totals = {t.source: (t.planned, t.spent) for t in page.context["totals"]}
    assert totals == {"eu": (300, 240), "voivodeship": (1000, 0), "state": (10, 10), "other": (0, 0)}
    assert page.context["total_planned"] == 1310
    done = client.get(url, {"status": "done"})
    assert done.context["page_obj"].paginator.count == 2
    assert {t.source: t.planned for t in done.context["totals"]}["voivodeship"] == 0
    both = client.get(url, {"status": "done", "direction": directions[1].pk})
    assert [t.status for t in both.context["page_obj"]] == ["done"]
    assert {t.source: t.spent for t in both.context["totals"]}["eu"] == 150
    html = page.content.decode()
    assert "<caption>" in html
    assert 'scope="col"' in html
    assert "fundusze UE" in html
    assert "Dodaj zadanie" not in html  # board viewers read only


def test_the_task_list_is_paginated_and_totals_cover_every_page(client_for, staff, plan, directions):
    for _ in range(PAGE_SIZE + 3):
        _task(plan, directions[0], "planned", eu=(10, 1))
    client = client_for(staff)
    url = reverse("programmes:plan", args=[plan.pk])
    first = client.get(url)
    assert len(first.context["page_obj"]) == PAGE_SIZE
    assert {t.source: t.planned for t in first.context["totals"]}["eu"] == 10 * (PAGE_SIZE + 3)
    assert len(client.get(url, {"page": 2}).context["page_obj"]) == 3


def test_the_task_list_runs_a_fixed_number_of_queries(client_for, staff, plan, directions,
                                                      django_assert_num_queries, django_assert_max_num_queries):
    _task(plan, directions[0], "planned", eu=(10, 1))
    client = client_for(staff)
    url = reverse("programmes:plan", args=[plan.pk])
    client.get(url)
    # Savepoints, session (read and saved), user, roles, model permissions (2), the plan with its programme, the
    # direction choices, count, page, directions and budget lines of the page's tasks, totals per source, whether
    # the plans may still change: the same for one task as for a full page of them.
    with django_assert_max_num_queries(18) as small:
        client.get(url, {"status": "planned"})
    for i in range(PAGE_SIZE + 5):
        _task(plan, directions[i % 3], "planned", eu=(10, 1), state=(5, 5), other=(1, 0))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url, {"status": "planned"})


@pytest.mark.parametrize(("role", "read", "write"), [("staff", 200, 200), ("board", 200, 403),
                                                     ("member", 200, 403), ("pes", 404, 404),
                                                     ("outsider", 404, 404)])
def test_who_reads_and_who_writes_plans(client_for, cast, plan, directions, role, read, write):
    task = ActionTaskFactory(plan=plan, directions=directions[:1])
    client = client_for(cast[role])
    assert client.get(reverse("programmes:plans", args=[plan.programme.pk])).status_code == read
    assert client.get(reverse("programmes:plan", args=[plan.pk])).status_code == read
    assert client.get(reverse("programmes:task_create", args=[plan.pk])).status_code == write
    assert client.get(reverse("programmes:task_edit", args=[task.pk])).status_code == write
    if write != 200:
        assert client.post(reverse("programmes:plans", args=[plan.programme.pk]), {"year": 2026}).status_code == write
        assert client.post(reverse("programmes:task_edit", args=[task.pk]),
                           _task_data(directions, title="Zmiana")).status_code == write
        task.refresh_from_db()
        assert task.title != "Zmiana"
        assert ActionPlan.objects.count() == 1


def test_the_admin_shows_tasks_read_only(client_for, rops_admin, plan, directions):
    task = ActionTaskFactory(plan=plan, directions=directions[:1])
    client = client_for(rops_admin)
    page = client.get(reverse("admin:programmes_actiontask_change", args=[task.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:programmes_actiontask_add")).status_code == 403
