"""Units typed as data agree with the figure before them (Polish plural forms)."""

from decimal import Decimal

import pytest


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (1, "osoby", "osoba"), (4, "osoby", "osoby"), (400, "osoby", "osób"), (12, "osoby", "osób"),
    (22, "osoby", "osoby"), (29, "miejsca pracy", "miejsc pracy"), (1, "miejsca pracy", "miejsce pracy"),
    (Decimal("2.5"), "osoby", "osoby"), (5, "PES", "PES"), (None, "osoby", "osoby"),
])
def test_a_unit_agrees_with_the_figure_before_it(value, unit, shown):
    from core.computations import unit_text

    assert unit_text(value, unit) == shown
