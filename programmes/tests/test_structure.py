"""Inline editing of the programme tree: htmx partial swaps, the same forms without JavaScript, the freezing
rule (a draft, or an adopted programme with an open amendment) and who may do what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from programmes import services
from programmes.models import Amendment, Direction, Status
from programmes.permissions import can_edit_structure

from .factories import ActionTaskFactory, DirectionFactory, GoalFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def draft():
    return ProgrammeFactory()


@pytest.fixture
def direction(draft):
    goal = GoalFactory(priority__programme=draft, priority__number="1", number="1.1")
    return DirectionFactory(goal=goal, number="1.1.1", text="Szkolenia dla kadr PES")


@pytest.fixture
def frozen(direction):
    programme = direction.goal.priority.programme
    programme.status = Status.IN_FORCE
    programme.save(update_fields=["status"])
    return programme


def _page(client, programme) -> str:
    return client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()


# --- editing a direction ----------------------------------------------------------------------

def test_staff_edit_a_direction_in_place(client_for, staff, direction):
    client = client_for(staff)
    url = reverse("programmes:direction_edit", args=[direction.pk])
    form = client.get(url, **HX).content.decode()
    assert "<html" not in form
    assert f'id="direction-{direction.pk}"' in form
    assert f'hx-post="{url}"' in form
    assert 'hx-swap="outerHTML"' in form
    assert "autofocus" in form
    assert f'for="direction-{direction.pk}-text"' in form  # the label is tied to the field
    row = client.post(url, {"text": "  Doradztwo dla kadr PES  "}, **HX)
    assert row.status_code == 200
    html = row.content.decode()
    assert "<form" not in html
    assert "Doradztwo dla kadr PES" in html
    assert "autofocus" in html
    assert "Zapisano" in html
    direction.refresh_from_db()
    assert direction.text == "Doradztwo dla kadr PES"
    assert direction.history.first().history_user == staff


def test_an_empty_text_is_refused_in_place_and_nothing_is_written(client_for, staff, direction):
    client = client_for(staff)
    url = reverse("programmes:direction_edit", args=[direction.pk])
    response = client.post(url, {"text": " "}, **HX)
    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert "To pole jest wymagane." in html
    assert 'aria-invalid="true"' in html
    assert f'aria-describedby="direction-{direction.pk}-text_error"' in html
    assert client.post(url, {"text": ""}).status_code == 400  # the same without JavaScript
    direction.refresh_from_db()
    assert direction.text == "Szkolenia dla kadr PES"


def test_without_javascript_the_forms_are_pages_that_redirect_back(client_for, staff, direction):
    client = client_for(staff)
    programme = direction.goal.priority.programme
    url = reverse("programmes:direction_edit", args=[direction.pk])
    page = client.get(url).content.decode()
    assert "<html" in page
    assert 'method="post"' in page
    assert f'action="{url}"' in page
    response = client.post(url, {"text": "Nowy tekst"})
    assert response.status_code == 302
    assert response["Location"] == f"{programme.get_absolute_url()}#direction-{direction.pk}"
    assert client.get(reverse("programmes:direction", args=[direction.pk])).status_code == 302


def test_cancel_brings_back_the_row(client_for, staff, direction):
    row = client_for(staff).get(reverse("programmes:direction", args=[direction.pk]), **HX).content.decode()
    assert "<form" not in row
    assert "Szkolenia dla kadr PES" in row
    assert "autofocus" in row


# --- adding and removing directions ----------------------------------------------------------

def test_staff_add_a_direction_under_a_goal(client_for, staff, direction):
    client = client_for(staff)
    goal = direction.goal
    url = reverse("programmes:direction_add", args=[goal.pk])
    form = client.get(url, **HX).content.decode()
    assert f'id="goal-{goal.pk}-directions"' in form
    assert 'value="1.1.2"' in form  # the next free number
    response = client.post(url, {"number": "1.1.2", "text": "Wsparcie sieciowania PES"}, **HX)
    html = response.content.decode()
    added = Direction.objects.get(number="1.1.2")
    assert added.goal == goal
    assert added.history.first().history_user == staff
    assert "Wsparcie sieciowania PES" in html
    assert "Szkolenia dla kadr PES" in html
    assert f'href="{reverse("programmes:direction_edit", args=[added.pk])}"' in html
    assert "autofocus" in html


@pytest.mark.parametrize(("number", "message"), [
    ("2.1.1", "Numer kierunku to numer jego celu"),
    ("1.1.", "Numer kierunku to numer jego celu"),
    ("1.1.x", "Numer kierunku to numer jego celu"),
    ("1.1.1", "Numer 1.1.1 jest już użyty."),
    ("", "To pole jest wymagane."),
])
def test_numbering_errors_are_shown_on_the_number_field_and_nothing_is_written(client_for, staff, direction,
                                                                               number, message):
    client = client_for(staff)
    url = reverse("programmes:direction_add", args=[direction.goal.pk])
    html = client.post(url, {"number": number, "text": "Tekst"}, **HX).content.decode()
    assert message in html
    assert f'id="goal-{direction.goal.pk}-new-number_error"' in html  # tied to the number field
    assert client.post(url, {"number": number, "text": "Tekst"}).status_code == 400
    assert Direction.objects.count() == 1


def test_the_numbering_rule_is_the_services(staff, direction):
    with pytest.raises(ValidationError) as exc:
        services.direction_add(goal=direction.goal, number="1.1.0", text="x", by=staff)
    assert exc.value.code == "numbering"
    assert services.direction_number_next(direction.goal) == "1.1.2"


def test_staff_remove_a_direction_after_confirming(client_for, staff, direction):
    client = client_for(staff)
    url = reverse("programmes:direction_remove", args=[direction.pk])
    confirm = client.get(url, **HX).content.decode()
    assert "Usunąć kierunek 1.1.1?" in confirm
    assert 'method="post"' in confirm
    assert Direction.objects.exists()
    removed = client.post(url, **HX).content.decode()
    assert "Kierunek 1.1.1 został usunięty." in removed
    assert 'role="status"' in removed
    assert not Direction.objects.exists()
    deleted = Direction.history.filter(history_type="-").get()
    assert deleted.history_user == staff
    assert deleted.number == "1.1.1"


def test_a_direction_that_tasks_serve_is_not_removed(client_for, staff, direction):
    ActionTaskFactory(plan__programme=direction.goal.priority.programme, directions=[direction])
    response = client_for(staff).post(reverse("programmes:direction_remove", args=[direction.pk]))
    assert response.status_code == 400
    assert "nie można go usunąć" in response.content.decode()
    assert Direction.objects.filter(pk=direction.pk).exists()


# --- names of goals and priorities ----------------------------------------------------------

@pytest.mark.parametrize("kind", ["goal", "priority"])
def test_staff_rename_goals_and_priorities_in_place(client_for, staff, direction, kind):
    node = direction.goal if kind == "goal" else direction.goal.priority
    client = client_for(staff)
    url = reverse(f"programmes:{kind}_edit", args=[node.pk])
    form = client.get(url, **HX).content.decode()
    assert f'id="{kind}-{node.pk}-name"' in form
    assert "<textarea" in form
    assert "autofocus" in form
    # The field has an id of its own (not its wrapper's), so its label names it.
    assert form.count(f'id="{kind}-{node.pk}-name"') == 1
    assert f'for="{kind}-{node.pk}-edit-name"' in form
    html = client.post(url, {"name": "Nowa nazwa"}, **HX).content.decode()
    # The title in the <summary> is updated out of band; the link to edit again gets the focus.
    assert f'id="{kind}-{node.pk}-title" hx-swap-oob="true"' in html
    assert "Nowa nazwa" in html
    assert "autofocus" in html
    node.refresh_from_db()
    assert node.name == "Nowa nazwa"
    assert node.history.first().history_user == staff
    assert "To pole jest wymagane." in client.post(url, {"name": ""}, **HX).content.decode()
    assert client.post(url, {"name": "Inna"}).status_code == 302


def test_goal_and_priority_updates_record_the_amendment(staff, frozen):
    goal = frozen.priorities.get().goals.get()
    with pytest.raises(ValidationError) as exc:
        services.goal_update(goal=goal, name="x", by=staff)
    assert exc.value.code == "frozen"
    with pytest.raises(ValidationError):
        services.priority_update(priority=goal.priority, name="x", by=staff)
    amendment = services.amendment_start(programme=frozen, reason="Ocena", by=staff)
    services.goal_update(goal=goal, name="Cel po zmianie", by=staff)
    services.priority_update(priority=goal.priority, name="Priorytet po zmianie", by=staff)
    amendment.refresh_from_db()
    assert amendment.changes[0].startswith("~ 1.1:")
    assert amendment.changes[1].startswith("~ 1:")
    with pytest.raises(ValidationError):
        services.goal_update(goal=goal, name="  ", by=staff)


# --- freezing and amendments ----------------------------------------------------------------

def test_the_draft_page_shows_edit_controls_to_staff_only(client_for, staff, board, direction):
    programme = direction.goal.priority.programme
    edit = reverse("programmes:direction_edit", args=[direction.pk])
    assert edit in _page(client_for(staff), programme)
    assert edit not in _page(client_for(board), programme)


def test_a_frozen_programme_has_no_edit_controls_and_the_services_refuse(client_for, staff, frozen):
    direction = Direction.objects.get()
    page = _page(client_for(staff), frozen)
    for name in ("direction_edit", "direction_remove"):
        assert reverse(f"programmes:{name}", args=[direction.pk]) not in page
    assert reverse("programmes:direction_add", args=[direction.goal.pk]) not in page
    assert reverse("programmes:goal_edit", args=[direction.goal.pk]) not in page
    assert "Rozpocznij aktualizację" in page  # the way to amend it
    for call in (lambda: services.direction_update(direction=direction, text="x", by=staff),
                 lambda: services.direction_remove(direction=direction, by=staff),
                 lambda: services.direction_add(goal=direction.goal, number="1.1.2", text="x", by=staff)):
        with pytest.raises(ValidationError) as exc:
            call()
        assert exc.value.code == "frozen"


def test_a_frozen_programme_refuses_posts_in_place_and_offers_no_forms(client_for, staff, frozen):
    client = client_for(staff)
    direction = Direction.objects.get()
    url = reverse("programmes:direction_edit", args=[direction.pk])
    assert client.get(url, **HX).status_code == 403
    response = client.post(url, {"text": "Zmiana"}, **HX)
    assert response.status_code == 200
    assert "tylko w drodze aktualizacji" in response.content.decode()
    assert client.post(url, {"text": "Zmiana"}).status_code == 400
    assert client.post(reverse("programmes:direction_remove", args=[direction.pk])).status_code == 400
    direction.refresh_from_db()
    assert direction.text == "Szkolenia dla kadr PES"
    assert Direction.objects.count() == 1


def test_an_open_amendment_allows_editing_and_lists_the_changes(client_for, staff, frozen):
    client = client_for(staff)
    direction = Direction.objects.get()
    response = client.post(reverse("programmes:amendment_start", args=[frozen.pk]),
                           {"reason": "Ocena śródokresowa", "resolution_number": "5/6/24"})
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert amendment.is_open
    assert amendment.made_by == staff
    assert amendment.version == 2
    assert reverse("programmes:direction_edit", args=[direction.pk]) in _page(client, frozen)
    client.post(reverse("programmes:direction_edit", args=[direction.pk]), {"text": "Tekst po zmianie"}, **HX)
    client.post(reverse("programmes:direction_add", args=[direction.goal.pk]), {"number": "1.1.2", "text": "Nowy"})
    amendment.refresh_from_db()
    assert amendment.changes == ["~ 1.1.1: Szkolenia dla kadr PES → Tekst po zmianie", "+ 1.1.2: Nowy"]
    client.post(reverse("programmes:amendment_close", args=[amendment.pk]))
    amendment.refresh_from_db()
    assert amendment.closed_by == staff
    assert amendment.closed_at is not None
    assert reverse("programmes:direction_edit", args=[direction.pk]) not in _page(client, frozen)
    with pytest.raises(ValidationError) as exc:  # a closed amendment no longer opens the structure
        services.direction_update(direction=direction, text="x", by=staff)
    assert exc.value.code == "frozen"


def test_one_amendment_at_a_time_and_none_for_a_closed_programme(staff, frozen):
    services.amendment_start(programme=frozen, reason="Pierwsza", by=staff)
    with pytest.raises(ValidationError) as exc:
        services.amendment_start(programme=frozen, reason="Druga", by=staff)
    assert exc.value.code == "open"
    closed = ProgrammeFactory(closed=True)
    with pytest.raises(ValidationError) as exc:
        services.amendment_start(programme=closed, reason="Po zamknięciu", by=staff)
    assert exc.value.code == "closed"


def test_an_amendment_of_another_programme_does_not_open_this_one(staff, frozen):
    other = ProgrammeFactory(in_force=True)
    services.amendment_start(programme=other, reason="Inny program", by=staff)
    with pytest.raises(ValidationError):
        services.direction_update(direction=Direction.objects.get(), text="x", by=staff)
    assert not staff.has_perm("programmes.edit_structure", frozen)


# --- who may do what --------------------------------------------------------------------------

def test_the_edit_predicate_follows_role_and_state(cast, direction, frozen):
    programme = frozen
    assert not can_edit_structure(cast["staff"], programme)
    services.amendment_start(programme=programme, reason="Ocena", by=cast["staff"])
    assert can_edit_structure(cast["staff"], programme)
    assert can_edit_structure(cast["rops_admin"], programme)
    for role in ("board", "member", "pes", "outsider"):
        assert not can_edit_structure(cast[role], programme)


@pytest.mark.parametrize(("role", "status"), [("board", 403), ("member", 403), ("pes", 404), ("outsider", 404)])
def test_others_cannot_edit(client_for, cast, direction, role, status):
    client = client_for(cast[role])
    goal = direction.goal
    for url in (reverse("programmes:direction_edit", args=[direction.pk]),
                reverse("programmes:direction_remove", args=[direction.pk]),
                reverse("programmes:direction_add", args=[goal.pk]),
                reverse("programmes:goal_edit", args=[goal.pk]),
                reverse("programmes:priority_edit", args=[goal.priority.pk])):
        assert client.get(url).status_code == status
        assert client.post(url, {"text": "x", "name": "x", "number": "1.1.9"}).status_code == status
    direction.refresh_from_db()
    assert direction.text == "Szkolenia dla kadr PES"
    assert Direction.objects.count() == 1


def test_anonymous_users_are_sent_to_log_in(client, direction):
    response = client.post(reverse("programmes:direction_edit", args=[direction.pk]), {"text": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_services_refuse_non_staff(board, direction):
    with pytest.raises(PermissionDenied):
        services.direction_update(direction=direction, text="x", by=board)
    with pytest.raises(PermissionDenied):
        services.goal_update(goal=direction.goal, name="x", by=board)
