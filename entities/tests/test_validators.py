import pytest
from django.core.exceptions import ValidationError

from entities.validators import normalize_digits, validate_krs, validate_nip, validate_regon


@pytest.mark.parametrize("value", ["8567346215", "856-734-62-15", "PL 856 734 62 15", "5260250274"])
def test_valid_nip(value):
    validate_nip(value)


@pytest.mark.parametrize(("value", "code"), [
    ("8567346216", "nip_checksum"), ("856734621", "nip_format"), ("85673462150", "nip_format"),
    ("abcdefghij", "nip_format"), ("", "nip_format"),
])
def test_invalid_nip(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_nip(value)
    assert exc.value.code == code


@pytest.mark.parametrize("value", ["192598184", "123456785", "12345678512347"])
def test_valid_regon(value):
    validate_regon(value)


@pytest.mark.parametrize(("value", "code"), [
    ("192598185", "regon_checksum"), ("12345678512348", "regon_checksum"), ("1234567", "regon_format"),
    ("1234567890", "regon_format"), ("12345678a", "regon_format"),
])
def test_invalid_regon(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_regon(value)
    assert exc.value.code == code


def test_krs_is_ten_digits_only():
    validate_krs("0000566214")
    for bad in ["566214", "00005662140", "000056621X"]:
        with pytest.raises(ValidationError):
            validate_krs(bad)


def test_normalize():
    assert normalize_digits(" PL856-734-62.15 ") == "8567346215"
