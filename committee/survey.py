"""The annual survey of the committee's members on the ROPS's coordination: the only writers and the results.

Anonymity: a member's participation (``SurveyParticipation``) and their answers (``SurveyAnswer``) are written in
one transaction but are not linked; answers carry no user, no time and no history, and get random keys.
Results are shown only once at least ``MIN_RESPONSES`` members answered, so a single answer cannot be read.
"""

import random
import uuid
from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.permissions import is_staff_member, require_staff, staff_actors
from core.audit import set_history_user as _history_user
from core.workflow import transition

from .models import SURVEY_WORKFLOW, Committee, Survey, SurveyAnswer, SurveyParticipation, SurveyQuestion
from .selectors import current_members, member_of

MIN_RESPONSES = 3

SCALE, TEXT = SurveyQuestion.Kind.SCALE, SurveyQuestion.Kind.TEXT
DEFAULT_QUESTIONS = [
    (gettext_noop("How do you rate the ROPS's coordination of the social economy in the region?"), SCALE),
    (gettext_noop("How do you rate the preparation of the committee's meetings (materials, dates)?"), SCALE),
    (gettext_noop("How do you rate the information you receive between meetings?"), SCALE),
    (gettext_noop("How do you rate online voting and the documents system?"), SCALE),
    (gettext_noop("What should the ROPS do differently next year?"), TEXT),
]


@transaction.atomic
def survey_create(*, committee: Committee, year: int, by, questions: list[tuple[str, str]] | None = None,
                  title: str = "") -> Survey:
    """A draft survey with the given questions ((text, kind) pairs) or the default set; staff edit it in the
    admin before opening."""
    require_staff(by)
    if Survey.objects.filter(committee=committee, year=year).exists():
        raise ValidationError(_("The survey for %(year)d already exists.") % {"year": year}, code="exists")
    with translation.override(settings.LANGUAGE_CODE):  # the questions are data in the office's language
        title = title or _("Survey of the members on the ROPS's coordination in %(year)d") % {"year": year}
        questions = questions or [(_(text), kind) for text, kind in DEFAULT_QUESTIONS]
    survey = Survey(committee=committee, year=year, title=title)
    _history_user(survey, by)
    survey.save()
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=survey, order=n, text=text, kind=kind, required=kind == SurveyQuestion.Kind.SCALE)
        for n, (text, kind) in enumerate(questions, start=1))
    return survey


@transaction.atomic
def survey_transition(*, survey: Survey, to: str, by, closes_on=None) -> Survey:
    """Open or close the survey (``SURVEY_WORKFLOW``); a survey opens only with questions."""

    def apply(survey: Survey, old: str) -> list[str]:
        if to == Survey.Status.OPEN and not survey.questions.exists():
            raise ValidationError(_("Add questions before opening the survey."), code="no_questions")
        if closes_on is None:
            return []
        survey.closes_on = closes_on
        return ["closes_on"]

    return transition(SURVEY_WORKFLOW, survey, to=to, by=by, actors_of=staff_actors, apply=apply)


def survey_set_status(*, survey: Survey, status: str, by, closes_on=None) -> Survey:
    """``survey_transition`` under the name the views and the demo know."""
    return survey_transition(survey=survey, to=status, by=by, closes_on=closes_on)


def survey_is_open(survey: Survey) -> bool:
    return survey.status == Survey.Status.OPEN and (survey.closes_on is None or
                                                    timezone.localdate() <= survey.closes_on)


def survey_may_answer(survey: Survey, user) -> bool:
    """Members in office answer an open survey, once."""
    return survey_is_open(survey) and member_of(survey.committee, user) is not None and \
        not survey_answered(survey, user)


def survey_answered(survey: Survey, user) -> bool:
    member = member_of(survey.committee, user)
    return member is not None and SurveyParticipation.objects.filter(survey=survey, member=member).exists()


@transaction.atomic
def survey_answer(*, survey: Survey, user, answers: dict[int, object]) -> None:
    """Record a member's answers ({question id: 1-5 or text}) once; nothing is written if anything is wrong."""
    survey = Survey.objects.select_related("committee").get(pk=survey.pk)  # its current state, not the caller's
    member = member_of(survey.committee, user)
    if member is None:
        raise PermissionDenied(_("Only members of the committee answer its survey."))
    if not survey_is_open(survey):
        raise ValidationError(_("The survey is not open."), code="closed")
    questions = {q.pk: q for q in survey.questions.all()}
    rows = []
    response = uuid.uuid4()
    for question in questions.values():
        value = answers.get(question.pk)
        if value in (None, ""):
            if question.required:
                raise ValidationError(_("Answer the question: %(q)s") % {"q": question.text}, code="required")
            continue
        if question.kind == SurveyQuestion.Kind.SCALE:
            if value not in {1, 2, 3, 4, 5}:
                raise ValidationError(_("Rate from 1 to 5: %(q)s") % {"q": question.text}, code="scale")
            rows.append(SurveyAnswer(id=uuid.uuid4(), response=response, question=question,
                                    score=cast(int, value)))  # one of 1–5, checked above
        else:
            rows.append(SurveyAnswer(id=uuid.uuid4(), response=response, question=question,
                                     text=str(value).strip()[:5000]))
    if set(answers) - set(questions):
        raise ValidationError(_("Unknown question."), code="unknown")
    try:
        with transaction.atomic():
            SurveyParticipation.objects.create(survey=survey, member=member)
    except IntegrityError:
        raise ValidationError(_("You have already answered this survey."), code="answered") from None
    SurveyAnswer.objects.bulk_create(rows)


def survey_results_released(survey: Survey) -> bool:
    """The one rule of disclosure: what was answered is shown only once the survey is closed, to everybody, ROPS
    staff included. Results that changed between two looks while it is open would tell what the member who
    answered in between said."""
    return survey.is_closed


def survey_results_visible(survey: Survey, user) -> bool:
    """Who sees the results section: staff at any time (while the survey is open only how many answered, see
    ``survey_results``); others who may see the committee (its members, the board) once it is closed."""
    if is_staff_member(user):
        return True
    return survey_results_released(survey) and user.has_perm("committee.view_committee", survey.committee)


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answers: int
    average: float | None = None
    distribution: list[int] = field(default_factory=list)  # how many gave 1, 2, 3, 4, 5
    texts: list[str] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: Survey
    participants: int
    members: int
    shown: bool
    questions: list[QuestionResult]
    released: bool = True


def survey_results(survey: Survey) -> SurveyResults:
    """Aggregated results (averages, distributions, open answers in random order); only how many answered while
    the survey is open (``survey_results_released``), and hidden below MIN_RESPONSES."""
    participants = survey.participations.count()
    members = current_members(survey.committee).count()
    released = survey_results_released(survey)
    shown = released and participants >= MIN_RESPONSES
    results = []
    if shown:
        scores: dict[int, list[int]] = {}
        for row in SurveyAnswer.objects.filter(question__survey=survey, score__isnull=False).values(
                "question_id", "score").annotate(n=Count("id")):
            scores.setdefault(row["question_id"], [0] * 5)[row["score"] - 1] = row["n"]
        averages = dict(SurveyAnswer.objects.filter(question__survey=survey, score__isnull=False).values(
            "question_id").annotate(a=Avg("score")).values_list("question_id", "a"))
        texts: dict[int, list[str]] = {}
        for question_id, text in SurveyAnswer.objects.filter(question__survey=survey).exclude(text="").values_list(
                "question_id", "text"):
            texts.setdefault(question_id, []).append(text)
        for question in survey.questions.all():
            distribution = scores.get(question.pk, [0] * 5)
            own_texts = texts.get(question.pk, [])
            random.shuffle(own_texts)
            results.append(QuestionResult(
                question=question, answers=sum(distribution) if question.kind == SCALE else len(own_texts),
                average=round(averages[question.pk], 2) if question.pk in averages else None,
                distribution=distribution, texts=own_texts))
    return SurveyResults(survey=survey, participants=participants, members=members, shown=shown, questions=results,
                         released=released)
