"""Committee impartiality beyond recusal: the register of members' interests (pre-filled declarations) and the
parity check of the votes counted."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from certification.tests.factories import ApplicationFactory
from committee import services
from committee.models import Category, Interest, InterestConfirmation
from committee.selectors import interests_confirmation_due, register_links
from committee.tally import AGAINST, FOR, Rules, tally
from committee.tests.factories import MemberFactory, committee_with
from entities.models import Owes, Territory
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

PES, JST = Category.PES, Category.JST


# --- parity ------------------------------------------------------------------------------------

def _count(limit, categories, votes):
    members = set(categories)
    return tally(Rules(parity_max_percent=limit, quorum_requires_chair=False), members=members, chair=None,
                 recused=set(), votes=votes, categories=categories)


def test_a_vote_where_one_category_holds_more_than_the_share_is_not_adopted():
    categories = {1: PES, 2: PES, 3: PES, 4: JST}
    result = _count(49, categories, {1: FOR, 2: FOR, 3: FOR, 4: AGAINST})
    assert result.adopted is False
    assert result.reason == "parity"
    assert result.parity_shares == {JST: 1, PES: 3}


def test_parity_kept_adopts_as_before():
    categories = {1: PES, 2: PES, 3: JST, 4: JST}
    assert _count(50, categories, {1: FOR, 2: FOR, 3: FOR, 4: AGAINST}).adopted is True
    assert _count(None, {1: PES, 2: PES, 3: PES}, {1: FOR, 2: FOR, 3: FOR}).adopted is True


def test_a_count_without_parity_stores_what_it_stored_before():
    result = _count(None, {1: PES}, {1: FOR})
    assert "parity_met" not in result.as_dict()


@pytest.fixture
def parity_vote(staff):
    committee, members = committee_with(4, parity_max_percent=49)
    for member, category in zip(members, [PES, PES, PES, JST], strict=True):
        member.category = category
        member.save()
    resolution = services.resolution_create(committee=committee, title="Opinia", by=staff)
    resolution = services.resolution_open_vote(resolution=resolution, by=staff)
    for member in members:
        services.conflict_declare(resolution=resolution, user=member.user, has_conflict=False)
        services.vote_cast(resolution=resolution, user=member.user, choice=FOR)
    return resolution


def test_the_closing_rule_refuses_adoption_when_parity_breaks(staff, parity_vote):
    closed = services.resolution_close(resolution=parity_vote, by=staff)
    assert closed.adopted is False
    assert closed.result["parity_met"] is False
    assert services.resolution_recount_matches(closed)


def test_the_dashboard_and_the_tally_show_the_parity(client_for, staff, parity_vote):
    client = client_for(staff)
    page = client.get(reverse("committee:resolution", args=[parity_vote.pk])).content.decode()
    assert "parytet naruszony" in page
    assert "75%" in page
    services.resolution_close(resolution=parity_vote, by=staff)
    page = client.get(reverse("committee:resolution", args=[parity_vote.pk])).content.decode()
    assert "naruszony parytet" in page


# --- the register of interests ----------------------------------------------------------------------

@pytest.fixture
def case(staff, member):
    """A certification case of an applicant in Toruń, the chapter's resolution on it, and the member on it."""
    applicant = EntityFactory(name="Spółdzielnia Socjalna Wnioskodawca")
    application = ApplicationFactory(entity=applicant, created_by=staff)
    chapter = application.edition.committee
    mine = MemberFactory(committee=chapter, user=member)
    MemberFactory(committee=chapter, role="chair")
    resolution = services.resolution_create(committee=chapter, title="Przyznanie znaku", by=staff,
                                            subject_object=application)
    resolution = services.resolution_open_vote(resolution=resolution, by=staff)
    return applicant, resolution, mine


def test_staff_record_a_link_from_the_registry_by_its_number(client_for, staff, member, case):
    applicant, resolution, mine = case
    url = reverse("committee:interests", args=[resolution.committee_id])
    client = client_for(staff)
    response = client.post(url, {"person": member.pk, "kind": "board", "entity": "", "entity_search": "0000000000"})
    assert response.status_code == 400
    assert not Interest.objects.exists()
    response = client.post(url, {"person": member.pk, "kind": "board", "entity": "", "entity_search": applicant.nip})
    assert response.status_code == 302
    assert Interest.objects.get().entity == applicant
    assert applicant.name in client.get(url).content.decode()


def test_only_staff_keep_the_register(client_for, member, board, case):
    _, resolution, _ = case
    url = reverse("committee:interests", args=[resolution.committee_id])
    for user in (member, board):
        assert client_for(user).get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.interest_record(person=member, kind="employer", organisation="Firma", by=member)


def test_a_member_linked_to_the_applicant_is_asked_to_recuse(client_for, staff, member, case):
    applicant, resolution, mine = case
    services.interest_record(person=member, kind=Interest.Kind.BOARD, entity=applicant, by=staff)
    page = client_for(member).get(reverse("committee:resolution", args=[resolution.pk])).content.decode()
    assert "prosimy o wyłączenie się" in page
    assert 'value="yes" class="form-check-input" id="id_has_conflict_1" required checked' in page or \
        ('value="yes"' in page and "checked" in page[page.index('value="yes"') - 120:page.index('value="yes"') + 120])
    with pytest.raises(ValidationError) as exc:
        services.conflict_declare(resolution=resolution, user=member, has_conflict=False)
    assert exc.value.code == "register"
    services.conflict_declare(resolution=resolution, user=member, has_conflict=False,
                              note="Zrezygnowałem z funkcji w zarządzie przed złożeniem wniosku.")


def test_a_member_working_for_the_owes_that_supported_the_applicant_is_asked_too(staff, member, case):
    applicant, resolution, mine = case
    operator = EntityFactory(name="Fundacja prowadząca OWES")
    owes = Owes.objects.create(operator=operator, name="OWES Toruń")
    owes.subregion.add(Territory.objects.get(code=applicant.seat.powiat_code))
    services.interest_record(person=member, kind=Interest.Kind.OWES, entity=operator, by=staff)
    links = register_links(resolution, mine)
    assert [link.interest.entity for link in links] == [operator]


def test_an_ended_link_or_another_organisation_prompts_nothing(staff, member, case):
    applicant, resolution, mine = case
    services.interest_record(person=member, kind=Interest.Kind.EMPLOYER, entity=EntityFactory(), by=staff)
    services.interest_record(person=member, kind=Interest.Kind.BOARD, entity=applicant, by=staff,
                             since=timezone.localdate() - timedelta(days=400),
                             until=timezone.localdate() - timedelta(days=1))
    assert register_links(resolution, mine) == []


def test_members_confirm_their_entries_yearly(client_for, member, staff, case):
    assert interests_confirmation_due(member)
    client = client_for(member)
    url = reverse("committee:my_interests")
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not interests_confirmation_due(member)
    InterestConfirmation.objects.update(confirmed_at=timezone.now() - timedelta(days=366))
    assert interests_confirmation_due(member)
    with pytest.raises(PermissionDenied):
        services.interests_confirm(person=member, by=staff)


def test_people_outside_committees_have_no_register_page(client_for, outsider):
    assert client_for(outsider).get(reverse("committee:my_interests")).status_code == 404
