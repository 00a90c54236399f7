"""Dates and numbers as Polish offices write them (config/formats/pl)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation


def _render(source: str, **context) -> str:
    with translation.override("pl"):
        return Template("{% load humanize %}" + source).render(Context(context))


@pytest.mark.parametrize(("source", "expected"), [
    ('{{ d|date:"SHORT_DATE_FORMAT" }}', "1.12.2026"),
    ('{{ d|date:"DATE_FORMAT" }}', "1 grudnia 2026"),
    ('{{ march|date:"SHORT_DATE_FORMAT" }}', "5.03.2026"),
    ('{{ march|date:"DATE_FORMAT" }}', "5 marca 2026"),
])
def test_dates(source, expected):
    assert _render(source, d=date(2026, 12, 1), march=date(2026, 3, 5)) == expected


def test_a_date_and_time():
    moment = datetime(2026, 12, 1, 9, 5, tzinfo=ZoneInfo("Europe/Warsaw"))
    assert _render('{{ t|date:"SHORT_DATETIME_FORMAT" }}', t=moment) == "1.12.2026, 09:05"


def test_amounts_are_grouped_with_a_decimal_comma():
    assert _render('{{ v|floatformat:"2g" }}', v=Decimal("135000")) == "135\xa0000,00"


def test_a_polish_date_typed_by_hand_is_read():
    from django import forms

    with translation.override("pl"):
        assert forms.DateField().clean("1.12.2026") == date(2026, 12, 1)
        assert forms.DateField().clean("2026-12-01") == date(2026, 12, 1)
