"""The months-of-operation check says its number with the unit in agreement and the date as offices write it."""

from datetime import date
from types import SimpleNamespace

from django.utils import translation

from certification.criteria import _months_of_operation


def _text(registered_on: date, today: date) -> str:
    application = SimpleNamespace(entity=SimpleNamespace(registered_on=registered_on))
    with translation.override("pl"):
        return _months_of_operation(application, today=today).value


def test_months_agree_with_their_number_and_the_date_is_polish():
    assert _text(date(2026, 11, 1), date(2026, 12, 1)) == "1 miesiąc (od 1.11.2026)"
    assert _text(date(2026, 9, 1), date(2026, 12, 1)) == "3 miesiące (od 1.09.2026)"
    assert _text(date(2019, 5, 14), date(2026, 12, 1)) == "90 miesięcy (od 14.05.2019)"
