"""Public pages ready for the BIP: the committee's composition, its resolutions, the programme and the register of
the mark, each with the metadata box and the change register drawn from the audit history."""

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone

pytestmark = pytest.mark.django_db

BOX = "Metryka informacji (BIP)"


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_closed_resolution_is_public_with_its_result(client, world):
    html = _page(client, reverse("opendata:bip_resolution", args=[world.resolution.pk]))
    assert "Uchwała nr 3/2025" in html
    assert "za: 12, przeciw: 1, wstrzymało się: 2" in html


def test_a_resolution_still_being_voted_on_is_not_public(client, world):
    assert client.get(reverse("opendata:bip_resolution", args=[world.open_resolution.pk])).status_code == 404


def test_the_resolution_page_says_who_produced_it_and_when_it_was_published(client, world):
    html = _page(client, reverse("opendata:bip_resolution", args=[world.resolution.pk]))
    published = formats.date_format(timezone.localtime(world.resolution.closed_at), "j E Y, H:i")
    assert BOX in html
    assert f'Informację wytworzył</dt><dd class="col-sm-8">{world.committee.name}' in html
    assert f'Data udostępnienia</dt><dd class="col-sm-8">{published}' in html


def test_the_resolution_list_shows_closed_ones_only(client, world):
    html = _page(client, reverse("opendata:bip_resolutions"))
    assert world.resolution.title in html
    assert world.open_resolution.title not in html


def test_the_resolution_list_costs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    from committee.models import Resolution

    for n in range(5, 9):
        Resolution.objects.create(committee=world.committee, year=2025, sequence=n, title=f"Uchwała {n}",
                                  status=Resolution.Status.CLOSED, closed_at=timezone.now(), adopted=True)
    # Savepoint and release, the count, the page with committees and meetings.
    with django_assert_num_queries(4):
        _page(client, reverse("opendata:bip_resolutions"))


def test_the_composition_names_members_and_whom_they_represent(client, world):
    html = _page(client, reverse("opendata:bip_committee", args=[world.committee.pk]))
    assert "Marian Członkowski" in html
    assert "Forum PES" in html


def test_a_dismissed_member_is_not_in_the_composition(client, world):
    world.member.dismissed_on = date(2025, 6, 1)
    world.member.save()
    html = _page(client, reverse("opendata:bip_committee", args=[world.committee.pk]))
    assert "Marian Członkowski" not in html


def test_the_composition_has_the_box_and_the_change_register(client, world):
    html = _page(client, reverse("opendata:bip_committee", args=[world.committee.pk]))
    assert BOX in html
    assert "Rejestr zmian" in html


def test_the_public_programme_page_hides_a_small_count_of_persons(client, world):
    html = _page(client, reverse("opendata:bip_programme", args=[world.programme.pk]))
    assert "Liczba osób przeszkolonych" in html
    assert ">ukryto</abbr>" in html
    assert "<td>40</td>" in html


def test_a_draft_programme_has_no_public_page(client, world):
    assert client.get(reverse("opendata:bip_programme", args=[world.draft_programme.pk])).status_code == 404


def test_the_programme_page_has_the_box(client, world):
    html = _page(client, reverse("opendata:bip_programme", args=[world.programme.pk]))
    assert f'Informację wytworzył</dt><dd class="col-sm-8">{world.programme.responsible_body}' in html


def test_the_register_of_the_mark_has_the_box_and_lists_the_withdrawal(client, world, staff):
    html = _page(client, reverse("certification:register"))
    assert BOX in html
    assert re.search(rf"{re.escape(world.withdrawn.number)}: zmieniono</td><td>odebrano<", html)
    assert staff.get_full_name() in html   # staff act for the office and are named


def test_the_consultation_page_of_a_draft_has_the_box(client, world, staff):
    from programmes.services import programme_transition

    programme_transition(programme=world.draft_programme, to="consultation", by=staff,
                         consultation_until=timezone.localdate() + timedelta(days=40))
    html = _page(client, reverse("programmes:consultation", args=[world.draft_programme.pk]))
    assert BOX in html


def test_a_committee_member_who_changed_something_is_not_named(client, world):
    from core.audit import set_history_user

    world.member.represented_body = "Forum PES regionu"
    set_history_user(world.member, world.member.user)
    world.member.save()
    html = _page(client, reverse("opendata:bip_committee", args=[world.committee.pk]))
    row = re.search(r"<tr><td>[^<]+</td><td>([^<]+)</td><td>Marian Członkowski: zmieniono", html)
    assert row.group(1) == settings.ROPS_NAME


@pytest.mark.parametrize("name", ["bip", "bip_resolutions", "catalogue"])
def test_public_pages_need_no_login_and_have_accessible_tables(client, world, name):
    html = _page(client, reverse(f"opendata:{name}"))
    assert html.count("<table") == html.count("<caption")
    assert '<th scope="col">' in html or "<table" not in html
