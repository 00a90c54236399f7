"""One percentage style on every page and PDF: "41,3%" (decimal comma, at most one decimal, no space before the
sign), through ``{{ value|percent }}`` (core.templatetags.polish) or ``core.computations.percent_text``."""

import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
WRONG_PERCENT = re.compile(r"\d[.]\d+\s?%|\d[\s\xa0]%")


@pytest.mark.parametrize("value, shown", [
    (41.25, "41,3%"), (Decimal("41.3"), "41,3%"), ("41.3", "41,3%"), (50, "50%"), (Decimal("50.00"), "50%"),
    (Decimal("0.04"), "0%"), (100, "100%"), (None, ""), ("", ""), ("brak danych", "brak danych"),
])
def test_the_filter_writes_the_one_style(value, shown):
    with translation.override("pl"):
        assert Template("{{ v|percent }}").render(Context({"v": value})) == shown


def test_a_value_that_formats_itself_gets_the_sign_only_when_it_shows_a_number():
    from monitoring.reports import Num

    with translation.override("pl"):
        assert Template("{{ v|percent }}").render(Context({"v": Num(Decimal("41.25"), unit="%")})) == "41,3%"
        assert "%" not in Template("{{ v|percent }}").render(Context({"v": Num(None, unit="%")}))
        assert "%" not in Template("{{ v|percent }}").render(Context({"v": Num(2, hidden_below=3)}))


def test_no_template_shows_a_percentage_past_the_filter():
    """A variable followed by a percent sign (``{{ share }}%``) would print "41.3%" from a float in Python code;
    a number with a space before the sign is the other style."""
    found = []
    for path in ROOT.glob("*/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        text = path.read_text()
        found += [f"{path.relative_to(ROOT)}: {m.group(0)!r}"
                  for m in re.finditer(r"\}\}(\s|&nbsp;)*%(?!\})|\b\d+(\s|&nbsp;)%(?!\})", text)]
    assert not found, found


def test_the_report_pdf_indicators_show_percentages_in_the_one_style():
    from monitoring.reports import Num

    line = SimpleNamespace(name="Liczba PES", source="", computed=False, unit="%", baseline=Num(Decimal("10")),
                           baseline_year=2020, target=Num(Decimal("20")), target_year=2030,
                           values=[Num(Decimal("12.5"), unit="%")], percent=Num(Decimal("41.25"), unit="%"),
                           latest_year=2026, on_track="tak")
    with translation.override("pl"):
        html = render_to_string("monitoring/pdf/_indicators.html", {"lines": [line], "years": [2026],
                                                                    "data": SimpleNamespace(year=2026)})
    assert "41,3%" in html
    assert not WRONG_PERCENT.search(re.sub(r"<[^>]+>", " ", html)), html
