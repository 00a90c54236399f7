import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from committee import survey as surveys
from committee.models import SurveyAnswer, SurveyParticipation

from .factories import committee_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_survey(staff):
    committee, members = committee_with(4)
    survey = surveys.survey_create(committee=committee, year=2026, by=staff)
    survey = surveys.survey_set_status(survey=survey, status="open", by=staff)
    return survey, members


def _answers(survey, score=4, text="Więcej spotkań wyjazdowych"):
    return {q.pk: score if q.kind == "scale" else text for q in survey.questions.all()}


def test_a_member_answers_once_and_the_answer_is_not_linked_to_them(open_survey):
    survey, members = open_survey
    surveys.survey_answer(survey=survey, user=members[0].user, answers=_answers(survey))
    with pytest.raises(ValidationError) as exc:
        surveys.survey_answer(survey=survey, user=members[0].user, answers=_answers(survey, 1))
    assert exc.value.code == "answered"
    assert SurveyParticipation.objects.count() == 1
    assert SurveyAnswer.objects.count() == survey.questions.count()
    # Nothing in an answer row points at a person or a moment.
    names = {f.name for f in SurveyAnswer._meta.get_fields()}
    assert names == {"id", "response", "question", "score", "text"}
    assert not hasattr(SurveyAnswer, "history")


def test_invalid_answers_write_nothing(open_survey, pes):
    survey, members = open_survey
    bad = _answers(survey)
    bad[survey.questions.first().pk] = 7
    with pytest.raises(ValidationError):
        surveys.survey_answer(survey=survey, user=members[0].user, answers=bad)
    missing = _answers(survey)
    missing[survey.questions.first().pk] = None
    with pytest.raises(ValidationError):
        surveys.survey_answer(survey=survey, user=members[0].user, answers=missing)
    with pytest.raises(PermissionDenied):
        surveys.survey_answer(survey=survey, user=pes, answers=_answers(survey))
    assert not SurveyParticipation.objects.exists()
    assert not SurveyAnswer.objects.exists()


def test_results_are_aggregated_and_hidden_below_three_answers(open_survey, staff):
    survey, members = open_survey
    surveys.survey_answer(survey=survey, user=members[0].user, answers=_answers(survey, 5))
    surveys.survey_answer(survey=survey, user=members[1].user, answers=_answers(survey, 2, "Szybsze materiały"))
    assert not surveys.survey_results(survey).shown
    surveys.survey_answer(survey=survey, user=members[2].user, answers=_answers(survey, 2))
    assert not surveys.survey_results(survey).shown   # three answers, but the survey is still open
    survey = surveys.survey_set_status(survey=survey, status="closed", by=staff)
    results = surveys.survey_results(survey)
    assert results.shown
    assert results.participants == 3
    assert results.members == 4
    first = results.questions[0]
    assert first.average == 3.0
    assert first.distribution == [0, 2, 0, 0, 1]
    assert sorted(results.questions[-1].texts) == ["Szybsze materiały", "Więcej spotkań wyjazdowych",
                                                    "Więcej spotkań wyjazdowych"]


def test_closed_survey_takes_no_answers_and_states_move_forward_only(open_survey, staff):
    survey, members = open_survey
    surveys.survey_set_status(survey=survey, status="closed", by=staff)
    with pytest.raises(ValidationError):
        surveys.survey_answer(survey=survey, user=members[0].user, answers=_answers(survey))
    with pytest.raises(ValidationError):
        surveys.survey_set_status(survey=survey, status="open", by=staff)
    with pytest.raises(ValidationError):  # one survey a year
        surveys.survey_create(committee=survey.committee, year=2026, by=staff)


def test_members_answer_through_the_page_and_staff_see_results(client_for, staff, open_survey):
    survey, members = open_survey
    url = reverse("committee:survey", args=[survey.pk])
    client = client_for(members[0].user)
    page = client.get(url).content.decode()
    assert "anonimow" in page
    data = {f"q_{q.pk}": "4" if q.kind == "scale" else "Dobrze" for q in survey.questions.all()}
    bad = {**data, f"q_{survey.questions.first().pk}": ""}
    assert client.post(url, bad).status_code == 400
    assert not SurveyParticipation.objects.exists()
    assert client.post(url, data).status_code == 302
    assert "Dziękujemy" in client.get(url).content.decode()
    assert SurveyParticipation.objects.count() == 1
    assert client.post(url, data).status_code == 403  # answered: no form any more
    staff_page = client_for(staff).get(url).content.decode()
    assert "Odpowiedzi udzieliło: 1 z 4" in staff_page


def test_outsiders_and_non_staff_cannot_manage_surveys(client_for, pes, open_survey):
    survey, members = open_survey
    assert client_for(pes).get(reverse("committee:survey", args=[survey.pk])).status_code == 404
    response = client_for(members[0].user).post(reverse("committee:survey_action", args=[survey.pk, "close"]))
    assert response.status_code == 403
    survey.refresh_from_db()
    assert survey.status == "open"


# --- results only after the survey closes, for everybody -------------------------------------------------------

def _three_answers(survey, members):
    for member, score in zip(members[:3], (5, 2, 2), strict=True):
        surveys.survey_answer(survey=survey, user=member.user, answers=_answers(survey, score))


@pytest.mark.parametrize("role", ["staff", "rops_admin"])
def test_staff_see_only_how_many_answered_while_the_survey_is_open(request, client_for, open_survey, role):
    survey, members = open_survey
    _three_answers(survey, members)
    page = client_for(request.getfixturevalue(role)).get(reverse("committee:survey", args=[survey.pk])).content \
        .decode()
    assert "Odpowiedzi udzieliło: 3 z 4" in page
    assert "Średnia" not in page
    assert "Więcej spotkań wyjazdowych" not in page
    assert "po zamknięciu ankiety" in page


def test_a_member_sees_no_results_while_open_and_everybody_sees_them_once_closed(client_for, staff, open_survey):
    survey, members = open_survey
    _three_answers(survey, members)
    url = reverse("committee:survey", args=[survey.pk])
    assert "Średnia" not in client_for(members[3].user).get(url).content.decode()
    surveys.survey_set_status(survey=survey, status="closed", by=staff)
    for user in (staff, members[3].user):
        page = client_for(user).get(url).content.decode()
        assert "Średnia" in page
        assert "Więcej spotkań wyjazdowych" in page


def test_the_rule_of_release():
    from committee.models import Survey

    assert [surveys.survey_results_released(Survey(status=s)) for s in ("draft", "open", "closed")] == \
        [False, False, True]
