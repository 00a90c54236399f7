"""Yearly values of indicators from the back office: manual values entered per year, computed ones refused,
locked ones corrected with a reason; the programme page read as of a chosen year."""

from decimal import Decimal

import pytest
from django.urls import reverse

from programmes import services
from programmes.models import IndicatorValue, IndicatorValueCorrection

from .factories import IndicatorFactory, IndicatorValueFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def indicator():
    return IndicatorFactory(programme=ProgrammeFactory(start_year=2021, end_year=2027))


def _url(indicator, year):
    return reverse("programmes:indicator_value", args=[indicator.pk, year])


def test_the_values_page_lists_each_year_of_the_programme(client_for, staff, indicator):
    IndicatorValueFactory(indicator=indicator, year=2019, value=5)  # before the period: still listed
    page = client_for(staff).get(reverse("programmes:indicator_values", args=[indicator.pk])).content.decode()
    for year in (2019, 2021, 2027):
        assert f'id="value-{year}"' in page
    assert _url(indicator, 2023) in page
    assert "<caption>" in page
    assert 'scope="col"' in page


def test_staff_enter_a_value_for_a_year_in_place(client_for, staff, indicator):
    client = client_for(staff)
    form = client.get(_url(indicator, 2023), **HX).content.decode()
    assert "<html" not in form
    assert 'id="value-2023"' in form
    assert "autofocus" in form
    assert 'for="value-2023-value"' in form
    assert 'for="value-2023-source_note"' in form
    row = client.post(_url(indicator, 2023), {"value": "42.5", "source_note": "OWES 2023"}, **HX)
    html = row.content.decode()
    assert row.status_code == 200
    assert "<form" not in html
    assert "42,5" in html
    assert "OWES 2023" in html
    assert "autofocus" in html  # the focus returns to the row's link
    value = IndicatorValue.objects.get(indicator=indicator, year=2023)
    assert value.value == Decimal("42.5")
    assert value.entered_by == staff
    assert not value.computed
    assert value.history.first().history_user == staff


def test_staff_change_an_open_value_and_the_form_shows_it(client_for, staff, indicator):
    IndicatorValueFactory(indicator=indicator, year=2023, value=40, source_note="OWES")
    client = client_for(staff)
    assert 'value="40.00"' in client.get(_url(indicator, 2023), **HX).content.decode()
    response = client.post(_url(indicator, 2023), {"value": "41", "source_note": "OWES, korekta"})
    assert response.status_code == 302
    assert response["Location"].endswith("#value-2023")
    assert IndicatorValue.objects.get().value == 41


def test_a_bad_value_is_refused_in_place_and_nothing_is_written(client_for, staff, indicator):
    client = client_for(staff)
    html = client.post(_url(indicator, 2023), {"value": "dużo", "source_note": ""}, **HX).content.decode()
    assert "Wpisz liczbę." in html
    assert 'aria-describedby="value-2023-value_error' in html
    assert client.post(_url(indicator, 2023), {"value": ""}).status_code == 400
    assert not IndicatorValue.objects.exists()


def test_computed_indicators_offer_no_form_and_refuse_typed_values(client_for, staff, indicator):
    indicator.computation = "pes_count"
    indicator.save(update_fields=["computation"])
    client = client_for(staff)
    page = client.get(reverse("programmes:indicator_values", args=[indicator.pk])).content.decode()
    assert "oblicza system" in page
    assert _url(indicator, 2023) not in page
    form = client.get(_url(indicator, 2023), **HX).content.decode()
    assert "<form" not in form
    assert "nie wpisuje się" in form
    assert client.post(_url(indicator, 2023), {"value": "5"}).status_code == 400
    assert not IndicatorValue.objects.exists()


def test_a_locked_value_is_corrected_with_a_reason(client_for, staff, indicator):
    value = IndicatorValueFactory(indicator=indicator, year=2023, value=40)
    services.indicator_values_lock(programme=indicator.programme, year=2023, by=staff)
    client = client_for(staff)
    form = client.get(_url(indicator, 2023), **HX).content.decode()
    assert 'name="reason"' in form
    assert 'name="new_value"' in form
    assert 'name="source_note"' not in form
    html = client.post(_url(indicator, 2023), {"new_value": "45", "reason": ""}, **HX).content.decode()
    assert "To pole jest wymagane." in html
    value.refresh_from_db()
    assert value.value == 40
    assert not IndicatorValueCorrection.objects.exists()
    html = client.post(_url(indicator, 2023), {"new_value": "45", "reason": "Błąd w sprawozdaniu"},
                       **HX).content.decode()
    value.refresh_from_db()
    correction = value.corrections.get()
    assert value.value == 45
    assert correction.old_value == 40
    assert correction.corrected_by == staff
    assert "Błąd w sprawozdaniu" in html
    assert "zablokowana" in html


def test_another_year_opens_its_form(client_for, staff, indicator):
    client = client_for(staff)
    response = client.get(reverse("programmes:indicator_values", args=[indicator.pk]), {"year": "2019"})
    assert response.status_code == 302
    assert response["Location"] == _url(indicator, 2019)
    assert client.get(reverse("programmes:indicator_values", args=[indicator.pk]), {"year": "19"}).status_code == 400
    assert client.get(_url(indicator, 1900)).status_code == 404


@pytest.mark.parametrize(("role", "page", "form"), [("board", 200, 403), ("member", 200, 403), ("pes", 404, 404),
                                                    ("outsider", 404, 404)])
def test_who_reads_and_who_enters_values(client_for, cast, indicator, role, page, form):
    client = client_for(cast[role])
    response = client.get(reverse("programmes:indicator_values", args=[indicator.pk]))
    assert response.status_code == page
    if page == 200:
        assert _url(indicator, 2023) not in response.content.decode()
    assert client.get(_url(indicator, 2023)).status_code == form
    assert client.post(_url(indicator, 2023), {"value": "1"}).status_code == form
    assert not IndicatorValue.objects.exists()


# --- the programme page as of a year ---------------------------------------------------------

def test_the_programme_page_shows_the_values_as_of_the_chosen_year(client_for, board, indicator):
    for year, value in ((2022, 20), (2023, 30), (2024, 77)):
        IndicatorValueFactory(indicator=indicator, year=year, value=value)
    client = client_for(board)
    url = reverse("programmes:detail", args=[indicator.programme.pk])
    latest = client.get(url).content.decode()
    assert "77 (2024)" in latest
    assert "ostatnio" in latest
    as_of = client.get(url, {"year": "2023"}).content.decode()
    assert "30 (2023)" in as_of
    assert "77 (2024)" not in as_of
    assert "stan na 2023" in as_of
    assert '<option value="2023" selected>' in as_of
    assert "77 (2024)" in client.get(url, {"year": "1999"}).content.decode()  # not a year of the programme
