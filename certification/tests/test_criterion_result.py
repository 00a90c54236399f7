"""A pass/fail criterion says "spełnia / nie spełnia" the same way in the model (admin, history), the forms and
the pages: one constant, CRITERION_RESULT."""

from django.utils import translation

from certification.forms import AssessmentForm, FormalCheckForm
from certification.models import CRITERION_RESULT, AssessmentScore, Criterion, FormalCheck, criterion_result_label


def test_the_result_reads_meets_or_does_not_meet_in_polish():
    with translation.override("pl"):
        assert criterion_result_label(True) == "spełnia"
        assert criterion_result_label(False) == "nie spełnia"
        assert criterion_result_label(None) == "nie oceniono"


def test_the_model_fields_offer_the_same_choices_as_the_admin_shows():
    for model in (FormalCheck, AssessmentScore):
        assert model._meta.get_field("passed").choices == list(CRITERION_RESULT)


def test_the_forms_offer_the_same_words():
    criterion = Criterion(pk=1, name="Zatrudnienie", kind=Criterion.Kind.PASS_FAIL)
    with translation.override("pl"):
        check = FormalCheckForm(criteria=[criterion], existing={}, computed={})
        assess = AssessmentForm(criteria=[criterion], existing={})
        for field in (check.fields["met_1"], assess.fields["passed_1"]):
            labels = [str(label) for value, label in field.choices if value]
            assert labels == ["spełnia", "nie spełnia"]


def test_a_score_is_shown_with_the_words_not_python_values():
    score = AssessmentScore(criterion=Criterion(name="Zatrudnienie"), passed=False)
    with translation.override("pl"):
        assert str(score) == "Zatrudnienie: nie spełnia"
        assert score.get_passed_display() == "nie spełnia"
