"""The registry's indicators against hand-counted fixtures: reintegration units and accredited OWES."""

from datetime import date

import pytest

from core.computations import compute
from entities.models import LegalForm, Owes, legal_form_label
from entities.tests.factories import EntityFactory
from monitoring.drilldown import breakdown

pytestmark = pytest.mark.django_db
YEAR = 2025


def test_reintegration_units_are_the_active_cis_kis_wtz_and_zaz_on_31_december():
    for form in (LegalForm.CIS, LegalForm.KIS, LegalForm.WTZ, LegalForm.ZAZ):
        EntityFactory(legal_form=form)
    EntityFactory(legal_form=LegalForm.CIS, seat_id="0415011")
    EntityFactory(legal_form=LegalForm.CIS, closed_on=date(YEAR, 6, 30), is_active=False)  # closed in the year
    EntityFactory(legal_form=LegalForm.KIS, registered_on=date(YEAR + 1, 1, 2))     # only next year
    EntityFactory(legal_form=LegalForm.WTZ, is_confirmed=False)                     # not confirmed
    EntityFactory(legal_form=LegalForm.SOCIAL_COOPERATIVE)                          # a PES, not a unit
    assert compute("reintegration_units", year=YEAR) == 5
    details = breakdown("reintegration_units", year=YEAR)
    by_form = {line.label: line.value for line in details.groups[0][1]}
    assert by_form[legal_form_label(LegalForm.CIS)] == 2
    assert sorted(by_form.values()) == [1, 1, 1, 2]
    assert sum(line.value for line in details.groups[1][1]) == 5
    assert details.records_count == 5


def test_owes_accredited_on_31_december():
    operator = EntityFactory(legal_form=LegalForm.ASSOCIATION)
    Owes.objects.create(operator=operator, name="OWES Toruń", accredited_on=date(YEAR - 2, 1, 1),
                        accredited_until=date(YEAR + 1, 12, 31))
    Owes.objects.create(operator=operator, name="OWES bez dat")
    Owes.objects.create(operator=operator, name="OWES wygasły", accredited_on=date(YEAR - 3, 1, 1),
                        accredited_until=date(YEAR, 12, 30))
    Owes.objects.create(operator=operator, name="OWES przyszły", accredited_on=date(YEAR + 1, 1, 1))
    assert compute("owes_accredited", year=YEAR) == 2
    assert sorted(line.label for line in breakdown("owes_accredited", year=YEAR).records) == [
        f"OWES Toruń ({operator.name})", f"OWES bez dat ({operator.name})"]


def test_pes_and_ps_in_the_registry_on_31_december():
    from entities.models import PsStatus, YearlyFigures

    counted = [EntityFactory(), EntityFactory(legal_form=LegalForm.FOUNDATION),
               EntityFactory(legal_form=LegalForm.CIS, registered_on=date(YEAR, 12, 31))]
    EntityFactory(legal_form=LegalForm.LOCAL_GOVERNMENT)                            # a JST is not a PES
    EntityFactory(registered_on=date(YEAR + 1, 1, 1))
    EntityFactory(closed_on=date(YEAR, 12, 31), is_active=False)                      # closed on the day
    EntityFactory(is_confirmed=False)
    assert compute("pes_count", year=YEAR) == 3
    for entity, granted, lost, until in [
            (counted[0], date(YEAR - 1, 5, 1), None, None),               # in force
            (counted[0], date(YEAR, 5, 1), None, None),                   # a second record: counted once
            (counted[1], date(YEAR - 2, 5, 1), None, date(YEAR, 12, 30)),  # expired the day before
            (counted[2], date(YEAR, 1, 1), date(YEAR, 12, 31), None),     # lost on the day
            (EntityFactory(), date(YEAR, 12, 31), None, date(YEAR, 12, 31))]:  # granted and valid on the day
        PsStatus.objects.create(entity=entity, kind=PsStatus.Kind.STATUTORY, granted_on=granted, lost_on=lost,
                                valid_until=until)
    assert compute("ps_count", year=YEAR) == 2
    YearlyFigures.objects.create(entity=counted[0], year=YEAR, employees_total=12,
                                 at_risk={"disabled": 4, "homeless": 1})
    YearlyFigures.objects.create(entity=counted[1], year=YEAR, employees_total=3, at_risk={"disabled": 2})
    YearlyFigures.objects.create(entity=counted[1], year=YEAR - 1, employees_total=50, at_risk={"disabled": 9})
    assert compute("pes_employees", year=YEAR) == 15
    assert compute("pes_employees_at_risk", year=YEAR) == 7
