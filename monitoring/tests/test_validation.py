from decimal import Decimal

import pytest

from monitoring.validation import check, parse

from .factories import GOOD, CampaignFactory, pes_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions():
    return list(pes_questionnaire(CampaignFactory()).questions.all())


def q(questions, number):
    return next(x for x in questions if x.number == number)


@pytest.mark.parametrize(("number", "raw", "value", "error"), [
    ("1", "12", "12", None), ("1", "12.5", None, "Wpisz liczbę całkowitą."), ("1", "-1", None, "ujemna"),
    ("1", "dwanaście", None, "Wpisz liczbę."), ("2", "1 234,5", "1234.50", None), ("3", "100", "100.00", None),
    ("3", "101", None, "100"), ("4", "Nie", False, None), ("4", "może", None, "tak lub nie"),
    ("5", "rolnictwo", None, "jedną z"), ("6", "x" * 10, "x" * 10, None), ("1", "", None, None),
    ("2", "1000,505", "1000.51", None), ("2", "0,125", "0.13", None),   # grosze rounded half up
])
def test_parse(questions, number, raw, value, error):
    parsed, message = parse(q(questions, number), raw)
    assert parsed == value
    assert (message is None) if error is None else (error in message)


def test_min_and_max(questions):
    question = q(questions, "2")
    question.min_value, question.max_value = Decimal(10), Decimal(100)
    assert parse(question, "9")[1]
    assert parse(question, "101")[1]
    assert parse(question, "50")[1] is None


def test_totals_must_add_up(questions):
    outcome = check(questions, {**GOOD, "1": "11"})
    assert "1" in outcome.errors
    assert "1.1, 1.2" in outcome.errors["1"][0]
    assert check(questions, GOOD).ok


def test_required_only_on_completion(questions):
    assert check(questions, {"1": "3", "1.1": "1", "1.2": "2"}).ok
    outcome = check(questions, {"1": "3", "1.1": "1", "1.2": "2"}, complete=True)
    assert set(outcome.errors) == {"2", "3", "4", "5"}


def test_large_change_from_last_year_needs_confirmation(questions):
    previous = {"1": "4", "2": "250000.00"}
    outcome = check(questions, GOOD, previous=previous, jump_threshold=50)
    assert set(outcome.to_confirm) == {"1"}
    assert outcome.ok  # 4 -> 10 is +150%; revenue unchanged
    assert not check(questions, GOOD, previous=previous, jump_threshold=50, confirmed={"1"}).to_confirm
    assert not check(questions, GOOD, previous=previous, jump_threshold=200).to_confirm
