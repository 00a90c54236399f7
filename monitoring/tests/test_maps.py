from decimal import Decimal

from monitoring.maps import all_powiaty, choropleth_svg, powiaty_of


def test_all_380_powiat_boundaries_match_a_terc_code():
    shapes = all_powiaty()
    assert len(shapes) == 380
    assert all(len(code) == 4 for code in shapes)
    assert shapes["0463"].name == "Toruń"
    assert shapes["0415"].name == "toruński"


def test_same_names_in_different_voivodeships_get_different_codes():
    grodziskie = sorted(code for code, s in all_powiaty().items() if s.name == "grodziski")
    assert len(grodziskie) == 2
    assert {c[:2] for c in grodziskie} == {"14", "30"}


def test_kujawsko_pomorskie_has_its_23_powiaty():
    assert len(powiaty_of("04")) == 23


def test_choropleth_shades_values_and_names_each_powiat():
    svg = choropleth_svg({"0463": Decimal(120), "0461": 10, "0415": None}, voivodeship_code="04",
                         title="PES według powiatów", unit="PES")
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "<title id=\"map-title\">PES według powiatów" in svg
    assert svg.count("<path") == 23
    assert "<title>Toruń: 120 PES</title>" in svg
    assert "<title>toruński: — PES</title>" in svg
    assert "#08519c" in svg
    assert "#deebf7" in svg


def test_the_map_writes_its_numbers_by_the_one_rule():
    """Grouped and rounded half up like every figure: an amount with its grosze, the legend's 12,5 as 13."""
    svg = choropleth_svg({"0463": Decimal("3000.50"), "0461": Decimal(0), "0415": Decimal("12.5")},
                         voivodeship_code="04", title="Kwoty", unit="zł")
    assert "<title>Toruń: 3\xa0000,50 zł</title>" in svg
    svg = choropleth_svg({"0461": Decimal(0), "0415": Decimal("12.5")}, voivodeship_code="04", title="Liczby")
    assert ">10–13</text>" in svg
