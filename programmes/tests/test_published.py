"""Which programmes are public (adopted by the Board) and which indicators count people (their small values are
hidden where published)."""

import pytest

from programmes.models import Programme, Status
from programmes.tests.factories import IndicatorFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_published_programmes_are_the_adopted_in_force_and_closed_ones():
    for status in Status.values:
        ProgrammeFactory(name=f"Program {status}", status=status)
    assert set(Programme.objects.published().values_list("status", flat=True)) == {
        Status.ADOPTED, Status.IN_FORCE, Status.CLOSED}


@pytest.mark.parametrize(("unit", "counts"), [("osoby", True), ("Osób ", True), ("os.", True), ("uczestnicy", True),
                                              ("PES", False), ("zł", False), ("miejsca pracy", False)])
def test_an_indicator_counts_persons_by_its_unit(unit, counts):
    assert IndicatorFactory.build(unit=unit).counts_persons is counts
