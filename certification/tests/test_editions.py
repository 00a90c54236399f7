"""The ROPS administrator configures editions and their criteria in the back office (services and pages)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from certification import services
from certification.models import Criterion, Edition
from certification.tests.factories import ApplicationFactory, EditionFactory

pytestmark = pytest.mark.django_db

FIELDS = {"name": "Edycja 2027", "year": 2027, "opens_on": date(2027, 1, 1), "closes_on": date(2027, 3, 31),
          "validity_months": 12, "committee": None}


def row(criterion=None, delete=False, **fields):
    return {"criterion": criterion, "delete": delete, "order": 1, "name": "Kryterium", "description": "",
            "kind": Criterion.Kind.PASS_FAIL, "max_score": None, "evidence": "", "computed": "", **fields}


def test_the_administrator_creates_an_edition_with_criteria(rops_admin):
    edition = services.edition_save(edition=None, by=rops_admin, fields=FIELDS,
                                    criteria_rows=[row(order=2, name="B"), row(order=1, name="A")])
    assert [c.name for c in edition.criteria.all()] == ["A", "B"]


def test_staff_do_not_configure_editions(staff):
    with pytest.raises(PermissionDenied):
        services.edition_save(edition=None, by=staff, fields=FIELDS, criteria_rows=[])
    assert not Edition.objects.exists()


def test_criteria_of_an_edition_with_applications_cannot_be_removed(rops_admin, pes, pes_entity):
    edition = EditionFactory()
    ApplicationFactory(edition=edition, entity=pes_entity, created_by=pes)
    first = edition.criteria.first()
    with pytest.raises(ValidationError) as exc:
        services.edition_save(edition=edition, by=rops_admin, fields={**FIELDS, "name": "Nowa nazwa"},
                              criteria_rows=[row(first, delete=True, name=first.name)])
    assert "nie można usunąć" in " ".join(exc.value.messages)
    edition.refresh_from_db()
    assert edition.name != "Nowa nazwa"
    assert edition.criteria.filter(pk=first.pk).exists()


def test_criteria_of_an_edition_without_applications_can_be_removed(rops_admin):
    edition = EditionFactory()
    first = edition.criteria.first()
    services.edition_save(edition=edition, by=rops_admin, fields=FIELDS, criteria_rows=[row(first, delete=True)])
    assert not Criterion.objects.filter(pk=first.pk).exists()
    assert edition.criteria.count() == 5


def test_an_invalid_criterion_leaves_the_edition_as_it_was(rops_admin):
    edition = EditionFactory(name="Edycja przed zmianą")
    with pytest.raises(ValidationError):
        services.edition_save(edition=edition, by=rops_admin, fields={**FIELDS, "name": "Nowa nazwa"},
                              criteria_rows=[row(name="")])
    edition.refresh_from_db()
    assert edition.name == "Edycja przed zmianą"


def _post(edition, **changes):
    data = {"name": edition.name, "year": edition.year, "opens_on": edition.opens_on.isoformat(),
            "closes_on": edition.closes_on.isoformat(), "validity_months": edition.validity_months,
            "committee": edition.committee_id or ""}
    criteria = list(edition.criteria.all())
    data.update({"criteria-TOTAL_FORMS": len(criteria) + 1, "criteria-INITIAL_FORMS": len(criteria),
                 "criteria-MIN_NUM_FORMS": 0, "criteria-MAX_NUM_FORMS": 1000})
    for i, c in enumerate(criteria):
        data.update({f"criteria-{i}-id": c.pk, f"criteria-{i}-order": c.order, f"criteria-{i}-name": c.name,
                     f"criteria-{i}-description": c.description, f"criteria-{i}-kind": c.kind,
                     f"criteria-{i}-max_score": c.max_score or "", f"criteria-{i}-evidence": c.evidence,
                     f"criteria-{i}-computed": c.computed})
    n = len(criteria)  # the empty row at the end, as the browser sends it
    data.update({f"criteria-{n}-order": 0, f"criteria-{n}-kind": "pass_fail", f"criteria-{n}-computed": ""})
    data.update(changes)
    return data


def test_the_pages_list_create_and_edit_editions(client_for, rops_admin):
    edition = EditionFactory(name="Edycja próbna")
    client = client_for(rops_admin)
    assert "Edycja próbna" in client.get(reverse("certification:editions")).content.decode()
    assert reverse("certification:editions") in client.get(reverse("certification:list")).content.decode()
    assert client.get(reverse("certification:edition_create")).status_code == 200
    n = edition.criteria.count()
    response = client.post(reverse("certification:edition_edit", args=[edition.pk]), _post(
        edition, **{"criteria-0-name": "Forma prawna (zmieniona)", "criteria-0-order": 9,
                    f"criteria-{n}-order": 0, f"criteria-{n}-name": "Nowe kryterium",
                    f"criteria-{n}-kind": "score", f"criteria-{n}-max_score": 5}))
    assert response.status_code == 302
    names = [c.name for c in edition.criteria.all()]
    assert names[0] == "Nowe kryterium"
    assert names[-1] == "Forma prawna (zmieniona)"
    assert len(names) == n + 1


def test_a_new_edition_from_the_page(client_for, rops_admin):
    data = {"name": "Edycja 2028", "year": 2028, "opens_on": "2028-01-01", "closes_on": "2028-02-01",
            "validity_months": 24, "committee": "", "criteria-TOTAL_FORMS": 1, "criteria-INITIAL_FORMS": 0,
            "criteria-MIN_NUM_FORMS": 0, "criteria-MAX_NUM_FORMS": 1000, "criteria-0-order": 1,
            "criteria-0-name": "Forma prawna", "criteria-0-kind": "pass_fail", "criteria-0-computed": "legal_form"}
    response = client_for(rops_admin).post(reverse("certification:edition_create"), data)
    assert response.status_code == 302
    edition = Edition.objects.get(name="Edycja 2028")
    assert [c.computed for c in edition.criteria.all()] == ["legal_form"]


def test_the_page_refuses_removing_criteria_of_an_edition_with_applications(client_for, rops_admin, pes, pes_entity):
    edition = EditionFactory()
    ApplicationFactory(edition=edition, entity=pes_entity, created_by=pes)
    response = client_for(rops_admin).post(reverse("certification:edition_edit", args=[edition.pk]),
                                           _post(edition, **{"criteria-0-DELETE": "on"}))
    assert response.status_code == 400
    assert "nie można usunąć" in response.content.decode()
    assert edition.criteria.count() == 6


def test_a_scored_criterion_needs_its_maximum(client_for, rops_admin):
    edition = EditionFactory()
    response = client_for(rops_admin).post(reverse("certification:edition_edit", args=[edition.pk]),
                                           _post(edition, **{"criteria-0-kind": "score"}))
    assert response.status_code == 400
    assert edition.criteria.get(order=1).kind == "pass_fail"


@pytest.mark.parametrize("role", ["staff", "member", "pes", "board", "outsider"])
def test_only_the_administrator_opens_the_pages(cast, client_for, role):
    edition = EditionFactory()
    client = client_for(cast[role])
    for url in [reverse("certification:editions"), reverse("certification:edition_create"),
                reverse("certification:edition_edit", args=[edition.pk])]:
        assert client.get(url).status_code == 403
    assert client.post(reverse("certification:edition_edit", args=[edition.pk]), _post(edition)).status_code == 403
    if role == "staff":
        assert reverse("certification:editions") not in client.get(reverse("certification:list")).content.decode()
