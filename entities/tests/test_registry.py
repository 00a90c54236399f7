import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from entities import services
from entities.kept import kept_count
from entities.models import Contact, Entity, LegalForm, PsStatus, Representation
from entities.selectors import entity_search

from .factories import EntityFactory, ProductFactory, PsStatusFactory

pytestmark = pytest.mark.django_db


def test_nip_and_krs_are_unique_in_the_database(staff):
    first = EntityFactory(krs="0000000001")
    with pytest.raises(ValidationError):
        services.entity_create(by=staff, name="Kopia", legal_form=LegalForm.FOUNDATION, nip=first.nip)
    with pytest.raises(ValidationError):
        services.entity_create(by=staff, name="Kopia", legal_form=LegalForm.FOUNDATION, krs="0000000001")
    assert Entity.objects.count() == 1


def test_identifiers_are_stored_without_dashes_and_checked(staff):
    entity = services.entity_create(by=staff, name="Fundacja X", legal_form=LegalForm.FOUNDATION,
                                    nip="856-734-62-15", regon="192598184")
    assert entity.nip == "8567346215"
    with pytest.raises(ValidationError) as exc:
        services.entity_create(by=staff, name="Zła", legal_form=LegalForm.FOUNDATION, nip="856-734-62-16")
    assert "cyfra kontrolna" in str(exc.value)


def test_current_ps_status_is_derived_from_the_records():
    today = date.today()  # noqa: DTZ011
    entity = EntityFactory()
    PsStatusFactory(entity=entity, kind=PsStatus.Kind.LEGACY, granted_on=today - timedelta(400),
                    valid_until=today - timedelta(1))
    assert not Entity.objects.filter(pk=entity.pk).with_ps_flag().get().has_ps
    PsStatusFactory(entity=entity, granted_on=today - timedelta(10))
    assert Entity.objects.filter(pk=entity.pk).with_ps_flag().get().has_ps


def test_search_finds_names_and_identifiers():
    a = EntityFactory(name="Fundacja Zielony Zakątek")
    b = EntityFactory(name="Stowarzyszenie Most", krs="0000123456")
    qs = Entity.objects.all()
    assert list(entity_search(qs, "zielony")) == [a]
    assert list(entity_search(qs, "0000123456")) == [b]
    formatted = f"{a.nip[:3]}-{a.nip[3:6]}-{a.nip[6:8]}-{a.nip[8:]}"
    assert list(entity_search(qs, formatted)) == [a]


def test_search_matches_the_start_of_each_word_typed_on_every_database():
    """A name being typed ("Spółdz", "zielo zak") finds the entity on PostgreSQL's full-text index as on SQLite;
    characters of the tsquery syntax typed by a user are only separators."""
    a = EntityFactory(name="Spółdzielnia Socjalna Zielony Zakątek")
    EntityFactory(name="Stowarzyszenie Most")
    qs = Entity.objects.all()
    assert list(entity_search(qs, "Spółdz")) == [a]
    assert list(entity_search(qs, "zielo zak")) == [a]
    assert list(entity_search(qs, "zielo & | ! :* zak")) == [a]
    assert list(entity_search(qs, "zakątek")) == [a]
    assert list(entity_search(qs, "most zielo")) == []


def test_list_filters_by_kind_powiat_and_ps(client_for, staff):
    coop = EntityFactory(name="Spółdzielnia A", seat_id="0463011")
    EntityFactory(name="Fundacja B", legal_form=LegalForm.FOUNDATION, seat_id="0461011")
    PsStatusFactory(entity=coop)
    client = client_for(staff)

    def names(**params):
        html = client.get(reverse("entities:list"), params).content.decode()
        return [n for n in ["Spółdzielnia A", "Fundacja B"] if n in html]

    assert names(group="social_cooperative") == ["Spółdzielnia A"]
    assert names(group="ngo") == ["Fundacja B"]
    assert names(powiat="0461") == ["Fundacja B"]
    assert names(ps="true") == ["Spółdzielnia A"]
    assert names(ps="false") == ["Fundacja B"]
    assert names(q="fundacja") == ["Fundacja B"]


def test_the_pages_ps_flags_are_those_of_the_rule_and_so_is_the_export(client_for, staff):
    today = date.today()  # noqa: DTZ011
    holds, lost, expired, never = (EntityFactory(name=f"Podmiot {n}") for n in "ABCD")
    PsStatusFactory(entity=holds, granted_on=today - timedelta(10))
    PsStatusFactory(entity=lost, granted_on=today - timedelta(300), lost_on=today - timedelta(5))
    PsStatusFactory(entity=expired, kind=PsStatus.Kind.LEGACY, granted_on=today - timedelta(400),
                    valid_until=today - timedelta(1))
    expected = {e.name: e.has_ps for e in Entity.objects.with_ps_flag()}
    assert expected == {"Podmiot A": True, "Podmiot B": False, "Podmiot C": False, "Podmiot D": False}
    page = client_for(staff).get(reverse("entities:list")).context["page_obj"]
    assert {e.name: e.has_ps for e in page} == expected
    rows = list(csv.reader(io.StringIO(b"".join(client_for(staff).get(
        reverse("entities:list"), {"export": "csv"}).streaming_content).decode("utf-8-sig")), delimiter=";"))
    column = rows[0].index("ps")
    assert {r[1]: r[column] for r in rows[1:]} == {"Podmiot A": "tak", "Podmiot B": "nie", "Podmiot C": "nie",
                                                   "Podmiot D": "nie"}
    ps_now = client_for(staff).get(reverse("entities:list"), {"ps": "true"}).context["page_obj"]
    assert [(e.name, e.has_ps) for e in ps_now] == [("Podmiot A", True)]


def test_export_contains_exactly_what_is_filtered(client_for, staff):
    EntityFactory(name="Spółdzielnia A")
    EntityFactory(name="Fundacja B", legal_form=LegalForm.FOUNDATION)
    client = client_for(staff)
    response = client.get(reverse("entities:list"), {"group": "ngo", "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["id", "name", "short_name"]
    assert [r[1] for r in rows[1:]] == ["Fundacja B"]
    response = client.get(reverse("entities:list"), {"group": "social_cooperative", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Spółdzielnia A"]


@pytest.mark.parametrize(("asked", "shown"), [("25", 25), ("100", 100), ("7", 50), ("²", 50), ("", 50)])
def test_page_size_is_one_of_the_offered_ones(client_for, staff, asked, shown):
    response = client_for(staff).get(reverse("entities:list"), {"per_page": asked})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.per_page == shown


# Session, user, the roles with the permissions (one query), the request's savepoint and its release, the powiat
# choices (one plain query: no count of them, no cursor), the count, the page, the PS flags of its rows: the same
# for 3 rows or 43.
LIST_QUERIES = 9


def test_list_query_count_does_not_grow_with_rows(client_for, staff, django_assert_num_queries):
    client = client_for(staff)
    EntityFactory.create_batch(3)
    client.get(reverse("entities:list"))
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("entities:list"), {"ordering": "seat", "per_page": "25"})
    EntityFactory.create_batch(40)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("entities:list"))


def test_detail_query_count_is_fixed(client_for, staff, django_assert_max_num_queries):
    entity = EntityFactory()
    client = client_for(staff)
    client.get(reverse("entities:detail", args=[entity.pk]))
    with django_assert_max_num_queries(25) as small:
        client.get(reverse("entities:detail", args=[entity.pk]))
    for _ in range(5):
        ProductFactory(entity=entity)
        PsStatusFactory(entity=entity)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("entities:detail", args=[entity.pk]))


def test_pes_representative_edits_only_their_own_entity_and_only_some_fields(client_for, pes, pes_entity,
                                                                              other_entity):
    client = client_for(pes)
    response = client.post(reverse("entities:edit", args=[pes_entity.pk]), {
        "short_name": "Nowa nazwa", "email": "nowy@example.com", "in_catalogue": "on", "nip": "0000000000"})
    assert response.status_code == 302
    pes_entity.refresh_from_db()
    assert pes_entity.short_name == "Nowa nazwa"
    assert pes_entity.nip is None  # identifiers stay with the ROPS
    assert client.get(reverse("entities:edit", args=[other_entity.pk])).status_code == 404
    assert client.post(reverse("entities:edit", args=[other_entity.pk]), {"short_name": "x"}).status_code == 404


def test_board_and_members_read_but_do_not_edit(client_for, board, member, pes_entity):
    for user in [board, member]:
        client = client_for(user)
        assert client.get(reverse("entities:detail", args=[pes_entity.pk])).status_code == 200
        assert client.get(reverse("entities:edit", args=[pes_entity.pk])).status_code == 403


def test_staff_form_gives_polish_errors_and_keeps_input(client_for, staff):
    response = client_for(staff).post(reverse("entities:create"), {
        "name": "Fundacja Test", "legal_form": "foundation", "nip": "1234567890", "regon": "12", "krs": "12"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "NIP" in html
    assert "cyfra kontrolna" in html
    assert "9 albo 14 cyfr" in html
    assert "10 cyfr" in html
    assert 'value="Fundacja Test"' in html
    assert not Entity.objects.exists()


def test_chained_selects(client):
    html = client.get(reverse("entities:powiat_options"), {"voivodeship": "04"}).content.decode()
    assert 'value="0463"' in html
    assert "Toruń" in html
    assert 'value="1465"' not in html
    html = client.get(reverse("entities:gmina_options"), {"powiat": "0415"}).content.decode()
    assert 'value="0415011"' in html
    assert html.count("<option") > 5


def test_merge_moves_everything_and_keeps_the_duplicate_closed(staff, pes):
    keep = EntityFactory(name="Fundacja Dobry Start", nip=None, seat=None)
    duplicate = EntityFactory(name="Fundacja „Dobry Start”", krs="0000999999")
    ProductFactory(entity=duplicate)
    Representation.objects.create(user=pes, entity=duplicate)
    Contact.objects.create(entity=duplicate, name="Anna")
    nip = duplicate.nip
    services.entity_merge(keep=keep, duplicate=duplicate, by=staff)
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert keep.nip == nip
    assert keep.krs == "0000999999"
    assert keep.seat_id == "0463011"
    assert keep.products.count() == 1
    assert keep.representations.filter(user=pes).exists()
    assert keep.contacts.count() == 1
    assert not duplicate.is_active
    assert duplicate.nip is None
    assert "Dobry Start" in duplicate.description
    assert duplicate.history.count() >= 2  # its history is kept


def test_public_catalogue_shows_only_public_data(client, pes_entity):
    entity = EntityFactory(name="Spółdzielnia Jawna", email="biuro@jawna.example.pl")
    ProductFactory(entity=entity, name="Pierogi", category="żywność")
    ProductFactory(entity=entity, name="Ukryty produkt", is_public=False)
    Contact.objects.create(entity=entity, name="Tajna Osoba", email="tajna@example.com", is_public=False)
    Contact.objects.create(entity=entity, name="Rzecznik Jawny", is_public=True)
    EntityFactory(name="Zamknięta", is_active=False)
    EntityFactory(name="Gmina X", legal_form=LegalForm.LOCAL_GOVERNMENT)
    listing = client.get(reverse("entities:catalogue")).content.decode()
    assert "Spółdzielnia Jawna" in listing
    assert "Zamknięta" not in listing
    assert "Gmina X" not in listing
    page = client.get(reverse("entities:catalogue_entity", args=[entity.pk])).content.decode()
    assert "Pierogi" in page
    assert "Rzecznik Jawny" in page
    assert "Tajna Osoba" not in page
    assert "tajna@example.com" not in page
    assert "Ukryty produkt" not in page
    assert entity.nip not in page
    filtered = client.get(reverse("entities:catalogue"), {"category": "żywność"}).content.decode()
    assert "Spółdzielnia Jawna" in filtered


def test_catalogue_of_a_non_public_entity_is_404(client):
    hidden = EntityFactory(in_catalogue=False)
    assert client.get(reverse("entities:catalogue_entity", args=[hidden.pk])).status_code == 404


def test_catalogue_search_finds_an_entity_by_its_service(client):
    foundation = EntityFactory(name="Fundacja Dobry Start")
    ProductFactory(entity=foundation, name="Obsługa wydarzeń", description="Catering na konferencje i szkolenia",
                   kind="service")
    EntityFactory(name="Spółdzielnia Stolarska")
    found = client.get(reverse("entities:catalogue"), {"q": "catering"}).context["page_obj"]
    assert [e.name for e in found] == ["Fundacja Dobry Start"]


def test_catalogue_search_ignores_a_hidden_product(client):
    entity = EntityFactory(name="Fundacja Cicha")
    ProductFactory(entity=entity, name="Catering", is_public=False)
    found = client.get(reverse("entities:catalogue"), {"q": "catering"}).context["page_obj"]
    assert list(found) == []


def test_each_row_shows_the_entity_escaped_with_its_seat_form_nip_and_ps(client_for, staff):
    shown = EntityFactory(name='Fundacja <b>„Dobro & Zło”</b>', legal_form=LegalForm.FOUNDATION, nip="8567346215",
                          seat_id="0463011")
    PsStatusFactory(entity=shown)
    EntityFactory(name="Stowarzyszenie Bez Siedziby", legal_form=LegalForm.ASSOCIATION, seat_id=None, nip=None,
                  is_active=False)
    html = client_for(staff).get(reverse("entities:list")).content.decode()
    seat = Entity.objects.select_related("seat__parent").get(pk=shown.pk).seat
    assert (f'<tr><td><a href="{reverse("entities:detail", args=[shown.pk])}">Fundacja &lt;b&gt;„Dobro &amp; '
            f"Zło”&lt;/b&gt;</a></td><td>fundacja</td><td>{seat.name}, {seat.parent}</td><td>8567346215</td>"
            "<td>tak</td><td>tak</td></tr>") in html
    assert "Stowarzyszenie Bez Siedziby</a></td><td>stowarzyszenie</td><td>—</td><td>—</td><td>nie</td><td>nie</td>" \
        in html


def test_a_superuser_without_a_role_sees_an_empty_registry_not_an_error(client_for):
    """A superuser passes every permission but holds no ROPS role, so the registry's rule gives them no entity:
    the list of nothing is counted as Django counts it (no query), not compiled into one that fails."""
    EntityFactory()
    admin = User.objects.create_superuser(email="it.admin@example.com", password=None)
    response = client_for(admin).get(reverse("entities:list"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0
    assert kept_count(Entity.objects.none()) == 0
