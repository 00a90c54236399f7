"""Validation of questionnaire answers, the same for web forms, staff entry and XLSX import.

``parse`` turns what a person typed into a typed value (or an error); ``check`` applies the rules of
the whole questionnaire: required answers, ranges, totals that must add up, and large changes from
last year, which are not errors but need the respondent's confirmation.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.computations import rounded

from .models import Question, question_errors

YES = {"tak", "t", "yes", "y", "1", "true"}
NO = {"nie", "n", "no", "0", "false"}


@dataclass
class Outcome:
    values: dict[str, object] = field(default_factory=dict)   # number -> typed value (JSON-ready)
    errors: dict[str, list[str]] = field(default_factory=dict)
    to_confirm: dict[str, str] = field(default_factory=dict)  # number -> message

    def error(self, number: str, message: str) -> None:
        self.errors.setdefault(number, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.errors


def questionnaire_errors(questions: list[Question]) -> dict[int, dict[str, list[str]]]:
    """What is wrong with a whole questionnaire as staff define it: each question's own rules
    (``question_errors``) and the rules between questions — numbers and measures used once, sums of questions
    that exist. Row index -> field -> messages; empty when it can be saved."""
    errors: dict[int, dict[str, list[str]]] = {}

    def add(index: int, name: str, message: str) -> None:
        errors.setdefault(index, {}).setdefault(name, []).append(message)

    for index, question in enumerate(questions):
        try:
            question.clean_fields(exclude=["questionnaire"])   # types, lengths and choices of the fields
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    add(index, name, message)
        for name, messages in question_errors(question).items():
            for message in messages:
                add(index, name, message)
    numbers = [q.number for q in questions]
    for index, question in enumerate(questions):
        if numbers.count(question.number) > 1:
            add(index, "number", _("Two questions have the number %(number)s.") % {"number": question.number})
        if question.measure and [q.measure for q in questions].count(question.measure) > 1:
            add(index, "measure", _("Only one question of a questionnaire feeds an indicator."))
        for part in question.sum_of:
            if part == question.number or part not in numbers:
                add(index, "sum_of", _("There is no other question numbered %(number)s.") % {"number": part})
    return errors


def parse(question: Question, raw) -> tuple[object, str | None]:
    """(value, error). Empty input gives (None, None); numbers are stored as strings of decimals."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    text = str(raw).strip()
    if question.type == Question.Type.TEXT:
        return text[:5000], None
    if question.type == Question.Type.YES_NO:
        if isinstance(raw, bool):
            return raw, None
        lowered = text.lower()
        if lowered in YES:
            return True, None
        if lowered in NO:
            return False, None
        return None, _("Answer yes or no.")
    if question.type == Question.Type.CHOICE:
        if text not in question.choices:
            return None, _("Choose one of the options given.")
        return text, None
    try:
        number = Decimal(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        return None, _("Enter a number.")
    if not number.is_finite():
        return None, _("Enter a number.")
    if question.type == Question.Type.COUNT and number != number.to_integral_value():
        return None, _("Enter a whole number.")
    if number < 0:
        return None, _("The value cannot be negative.")
    if question.type == Question.Type.PERCENT and number > 100:
        return None, _("A percentage cannot exceed 100.")
    if question.min_value is not None and number < question.min_value:
        return None, _("The value must be at least %(min)s.") % {"min": question.min_value.normalize()}
    if question.max_value is not None and number > question.max_value:
        return None, _("The value must be at most %(max)s.") % {"max": question.max_value.normalize()}
    if question.type == Question.Type.COUNT:
        return str(int(number)), None
    return str(rounded(number, 2)), None


def check(questions: list[Question], raw_answers: dict, *, previous: dict | None = None,
          jump_threshold: int = 50, confirmed: set[str] | frozenset = frozenset(),
          complete: bool = False) -> Outcome:
    """Validate a whole questionnaire. ``complete`` also requires every required answer (for submission)."""
    outcome = Outcome()
    by_number = {q.number: q for q in questions}
    for question in questions:
        value, error = parse(question, raw_answers.get(question.number))
        if error:
            outcome.error(question.number, error)
        elif value is not None:
            outcome.values[question.number] = value
        elif complete and question.required:
            outcome.error(question.number, _("This answer is required."))
    for question in questions:
        if not question.sum_of or question.number not in outcome.values:
            continue
        parts = [outcome.values.get(n) for n in question.sum_of if n in by_number]
        if any(p is None for p in parts):
            continue
        total = sum(Decimal(str(p)) for p in parts)
        if Decimal(str(outcome.values[question.number])) != total:
            outcome.error(question.number, _("This must equal the sum of questions %(parts)s (%(total)s).") % {
                "parts": ", ".join(question.sum_of), "total": total.normalize()})
    for question in questions:
        if not (question.compare_previous and question.is_numeric and previous):
            continue
        new, old = outcome.values.get(question.number), previous.get(question.number)
        if new is None or old in (None, ""):
            continue
        new_d, old_d = Decimal(str(new)), Decimal(str(old))
        changed = abs(new_d - old_d) * 100 / old_d if old_d else (Decimal(100) if new_d else Decimal(0))
        if changed > jump_threshold and question.number not in confirmed:
            outcome.to_confirm[question.number] = _(
                "Last year the answer was %(old)s; %(new)s is a change of more than %(limit)d%%. "
                "Confirm that it is right.") % {"old": old_d.normalize(), "new": new_d.normalize(),
                                                "limit": jump_threshold}
    return outcome
