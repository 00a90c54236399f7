"""The only writers of monitoring campaigns and answers."""

from collections import defaultdict
from collections.abc import Set
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_staff, staff_actors
from core.audit import set_history_user as _history_user
from core.mail import mail_send, site_url
from core.privacy import Erasure
from core.spreadsheets import SpreadsheetError, xlsx_rows
from core.uploads import check_size
from core.workflow import transition
from entities.computations import owes_accredited_on, powiat_of
from entities.models import Entity

from ..models import (
    CAMPAIGN_WORKFLOW,
    Campaign,
    CampaignFigure,
    Question,
    Questionnaire,
    Respondent,
    RespondentType,
    Response,
)
from ..validation import Outcome, check, questionnaire_errors

# --- campaigns --------------------------------------------------------------------------------

@transaction.atomic
def campaign_create(*, year: int, title: str, deadline, by, copy_from: Campaign | None = None) -> Campaign:
    """A new campaign; its questionnaires are copied from ``copy_from`` (usually last year's)."""
    if Campaign.objects.filter(year=year).exists():
        raise ValidationError(_("A campaign for %(year)d already exists.") % {"year": year})
    campaign = Campaign(year=year, title=title, deadline=deadline, reminder_days=[14, 3])
    if copy_from is not None:
        campaign.jump_threshold = copy_from.jump_threshold
        campaign.reminder_days = copy_from.reminder_days
    _history_user(campaign, by)
    campaign.save()
    if copy_from is not None:
        for old in copy_from.questionnaires.prefetch_related("questions"):
            new = Questionnaire.objects.create(campaign=campaign, respondent_type=old.respondent_type,
                                               title=old.title, intro=old.intro)
            Question.objects.bulk_create(
                Question(questionnaire=new, **{f: getattr(q, f) for f in [
                    "number", "order", "text", "help_text", "type", "required", "min_value", "max_value", "choices",
                    "sum_of", "compare_previous", "measure"]})
                for q in old.questions.all())
    return campaign


@transaction.atomic
def campaign_transition(*, campaign: Campaign, to: str, by) -> Campaign:
    """Move a campaign along ``CAMPAIGN_WORKFLOW``: opening needs its questionnaires and sends the invitations
    after the commit; closing freezes it and computes the year's figures from the submitted answers."""

    def apply(campaign: Campaign, old: str) -> list[str]:
        if to == Campaign.Status.OPEN:
            if not Question.objects.filter(questionnaire__campaign=campaign).exists():
                raise ValidationError(_("Add the questionnaires before opening the campaign."), code="no_questions")
            campaign.opened_at = timezone.now()
            return ["opened_at"]
        _figures_compute(campaign)
        campaign.closed_at, campaign.closed_by = timezone.now(), by
        return ["closed_at", "closed_by"]

    def after_commit(campaign: Campaign, old: str) -> None:
        if to == Campaign.Status.OPEN:
            invitations_send(campaign=campaign)

    return transition(CAMPAIGN_WORKFLOW, campaign, to=to, by=by, actors_of=staff_actors, apply=apply,
                      after_commit=after_commit)


def campaign_open(*, campaign: Campaign, by) -> Campaign:
    """Open a campaign being prepared (``campaign_transition``)."""
    return campaign_transition(campaign=campaign, to=Campaign.Status.OPEN, by=by)


QUESTION_FIELDS = ["number", "order", "text", "help_text", "type", "required", "min_value", "max_value", "choices",
                   "sum_of", "compare_previous", "measure"]


@transaction.atomic
def questionnaire_save(*, campaign: Campaign, respondent_type: str, title: str, intro: str, questions: list[dict],
                       by) -> Questionnaire:
    """Define the questionnaire of one kind of respondent while the campaign is being prepared: its title,
    introduction and the whole list of questions (``QUESTION_FIELDS``), which replaces the previous one.

    All or nothing: any problem raises a ValidationError whose keys are ``"<row>.<field>"`` (or ``__all__``),
    and nothing is written. Nobody has answered yet (the campaign is not open), so questions are replaced.
    """
    require_staff(by)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.questions_editable:
        raise ValidationError(_("The campaign is open or closed; its questions can no longer change."))
    if not title.strip():
        raise ValidationError({"title": [_("Give the title of the questionnaire.")]})
    if not questions:
        raise ValidationError(_("Add at least one question."))
    questionnaire = Questionnaire.objects.filter(campaign=campaign, respondent_type=respondent_type).first() \
        or Questionnaire(campaign=campaign, respondent_type=respondent_type)
    questionnaire.title, questionnaire.intro = title.strip(), intro.strip()
    _history_user(questionnaire, by)
    questionnaire.save()
    rows = [Question(questionnaire=questionnaire, **{f: row[f] for f in QUESTION_FIELDS if f in row})
            for row in questions]
    errors = questionnaire_errors(rows)
    if errors:   # leaving the atomic block with the error rolls back the questionnaire saved above
        raise ValidationError({f"{index}.{name}": messages for index, fields in errors.items()
                               for name, messages in fields.items()})
    for old in questionnaire.questions.all():
        _history_user(old, by)
        old.delete()
    for question in rows:
        _history_user(question, by)
        question.save()
    return questionnaire


def respondent_candidates(respondent_type: str):
    """Whom a questionnaire is for, today: the active PES of the registry, the operators of the OWES with an
    accreditation in force, the local governments."""
    today = timezone.localdate()
    if respondent_type == RespondentType.PES:
        return Entity.objects.pes_on(today).filter(is_active=True)
    if respondent_type == RespondentType.OWES:
        return Entity.objects.filter(owes_centres__in=owes_accredited_on(today)).distinct()
    return Entity.objects.jst().filter(is_active=True)


@transaction.atomic
def respondents_add(*, campaign: Campaign, questionnaire: Questionnaire, entities, by) -> int:
    """Ask these entities to answer the questionnaire; entities already asked are skipped. In an open campaign
    the new respondents are invited at once (after the commit)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_closed:
        raise ValidationError(_("The campaign is closed."))
    existing = set(campaign.respondents.filter(questionnaire=questionnaire).values_list("entity_id", flat=True))
    new = [Respondent(campaign=campaign, questionnaire=questionnaire, entity=e,
                      contact_email=getattr(e, "email", "") or "") for e in entities if e.pk not in existing]
    Respondent.objects.bulk_create(new)
    if new and campaign.is_open:
        transaction.on_commit(lambda: invitations_send(campaign=campaign))
    return len(new)


def respondents_add_all(*, campaign: Campaign, questionnaire: Questionnaire, by) -> int:
    """Ask every candidate of the questionnaire's kind (``respondent_candidates``) who is not asked yet."""
    require_staff(by)
    if questionnaire.campaign_id != campaign.pk:
        raise PermissionDenied
    return respondents_add(campaign=campaign, questionnaire=questionnaire, by=by,
                           entities=respondent_candidates(questionnaire.respondent_type).only("pk", "email"))


def previous_answers(respondent: Respondent) -> dict:
    """Last year's submitted answers of the same entity to the same kind of questionnaire."""
    response = Response.objects.filter(
        respondent__entity_id=respondent.entity_id, respondent__campaign__year=respondent.campaign.year - 1,
        respondent__questionnaire__respondent_type=respondent.questionnaire.respondent_type,
        status=Response.Status.SUBMITTED).first()
    return response.answers if response else {}


@dataclass
class SaveResult:
    outcome: Outcome
    response: Response | None
    submitted: bool = False
    stored: dict = field(default_factory=dict)


@transaction.atomic
def response_save(*, respondent: Respondent, raw_answers: dict, by, submit: bool,
                  confirmed: Set[str] = frozenset(), on_paper: bool = False) -> SaveResult:
    """Save answers as a draft (valid ones are kept, invalid ones reported) or submit them.

    Submission needs every required answer valid and every large change from last year confirmed;
    otherwise nothing changes and the outcome says why. Answers can be changed until the campaign closes.
    ``by`` is the user (PES representative or staff) or None for an OWES/JST contact using their link.
    """
    respondent = Respondent.objects.select_related("campaign", "questionnaire").select_for_update().get(
        pk=respondent.pk)
    campaign = respondent.campaign
    if not campaign.is_open:
        raise ValidationError(_("The campaign is not open; answers can no longer be changed."))
    if on_paper:   # answers typed from a paper form: a named member of staff, never the system
        require_staff(by, system=False)
    questions = list(respondent.questionnaire.questions.all())
    response, _created = Response.objects.get_or_create(respondent=respondent)
    outcome = check(questions, raw_answers, previous=previous_answers(respondent),
                    jump_threshold=campaign.jump_threshold, confirmed=set(confirmed), complete=submit)
    if submit and (outcome.errors or outcome.to_confirm):
        return SaveResult(outcome=outcome, response=response)
    response.answers = {**response.answers, **outcome.values}
    for number in {q.number for q in questions} - set(outcome.values) - set(outcome.errors):
        response.answers.pop(number, None)  # cleared by the respondent
    response.confirmed = sorted(set(confirmed) & set(response.answers))
    response.entered_by = by
    response.on_paper = response.on_paper or on_paper
    if submit:
        response.status, response.submitted_at = Response.Status.SUBMITTED, timezone.now()
    _history_user(response, by)
    response.save()
    return SaveResult(outcome=outcome, response=response, submitted=submit, stored=outcome.values)


# --- closing ----------------------------------------------------------------------------------

def campaign_close(*, campaign: Campaign, by) -> Campaign:
    """Freeze an open campaign and compute the year's figures (``campaign_transition``)."""
    return campaign_transition(campaign=campaign, to=Campaign.Status.CLOSED, by=by)


def _figures_compute(campaign: Campaign) -> None:
    """The year's figures from the submitted answers (drafts do not count), stored with the closing campaign."""
    # Only what the figures need: the answers, the questionnaire and the seat (a region has tens of thousands).
    submitted = list(Response.objects.filter(respondent__campaign=campaign, status=Response.Status.SUBMITTED)
                     .select_related("respondent__entity").only("answers", "respondent__questionnaire_id",
                                                                "respondent__entity__seat_id"))
    figures = []
    for questionnaire in campaign.questionnaires.prefetch_related("questions"):
        responses = [r for r in submitted if r.respondent.questionnaire_id == questionnaire.pk]
        for question in questionnaire.questions.all():
            answered = [r for r in responses if r.answers.get(question.number) is not None]
            figure = CampaignFigure(campaign=campaign, respondent_type=questionnaire.respondent_type,
                                    question_number=question.number, question_text=question.text,
                                    measure=question.measure, respondents=len(answered))
            if question.is_numeric:
                by_powiat: dict[str, Decimal] = defaultdict(Decimal)
                total = Decimal(0)
                for r in answered:
                    value = Decimal(str(r.answers[question.number]))
                    total += value
                    powiat = powiat_of(r.respondent.entity.seat_id)
                    if powiat:
                        by_powiat[powiat] += value
                figure.total = total   # the average is derived from it (CampaignFigure.average)
                figure.by_powiat = {k: str(v) for k, v in sorted(by_powiat.items())}
            elif question.type == Question.Type.YES_NO:
                figure.yes_count = sum(1 for r in answered if r.answers[question.number] is True)
            else:
                continue
            figures.append(figure)
    CampaignFigure.objects.bulk_create(figures)


# --- reminders --------------------------------------------------------------------------------

def respondent_link(respondent: Respondent) -> str:
    return site_url(reverse("monitoring:answer_by_token", args=[respondent.token]))


def reminders_send(*, campaign: Campaign, today=None, force: bool = False) -> int:
    """E-mail respondents who have not submitted, on the campaign's reminder days (or now, with ``force``)."""
    today = today or timezone.localdate()
    if not campaign.is_open:
        return 0
    days_left = (campaign.deadline - today).days
    if not force and days_left not in campaign.reminder_days:
        return 0
    missing = campaign.respondents.exclude(response__status=Response.Status.SUBMITTED).exclude(contact_email="") \
        .select_related("entity", "questionnaire")
    sent = 0
    for respondent in missing:
        _mail("monitoring/email/reminder.txt", campaign, respondent)
        Respondent.objects.filter(pk=respondent.pk).update(reminders_sent=respondent.reminders_sent + 1,
                                                            last_reminded_at=timezone.now())
        sent += 1
    return sent


def _mail(template: str, campaign: Campaign, respondent: Respondent) -> None:
    kind = "monitoring.invitation" if template == "monitoring/email/invitation.txt" else "monitoring.reminder"
    mail_send(to=[respondent.contact_email], template=template, kind=kind,
              context={"campaign": campaign, "respondent": respondent, "link": respondent_link(respondent)})


def invitations_send(*, campaign: Campaign) -> int:
    """Invite, once, every respondent of an open campaign who has a contact e-mail and was not invited yet: the
    questionnaire, the deadline and the personal link (PES representatives may also answer after logging in)."""
    campaign = Campaign.objects.get(pk=campaign.pk)
    if not campaign.is_open:
        return 0
    sent = 0
    for respondent in campaign.respondents.filter(invited_at__isnull=True).exclude(contact_email="") \
            .select_related("entity", "questionnaire"):
        # Claimed first, so that two runs at once never invite the same respondent twice.
        if not Respondent.objects.filter(pk=respondent.pk, invited_at__isnull=True).update(invited_at=timezone.now()):
            continue
        _mail("monitoring/email/invitation.txt", campaign, respondent)
        sent += 1
    return sent


# --- import from a spreadsheet ----------------------------------------------------------------

IMPORT_MAX_ROWS = 5000  # respondents in one file; a campaign has a few hundred


@dataclass
class ImportReport:
    saved: int = 0
    errors: list[str] = field(default_factory=list)


def responses_import_xlsx(*, campaign: Campaign, questionnaire: Questionnaire, file, by,
                          dry_run: bool = False) -> ImportReport:
    """Staff import answers given on paper: one row per respondent (column ``entity_id``), one column per
    question number. Every row is checked first; any error means nothing is written."""
    require_staff(by, system=False)
    report = ImportReport()
    if not Campaign.objects.get(pk=campaign.pk).is_open:
        report.errors.append(_("The campaign is not open; answers can no longer be changed."))
        return report
    questions = list(questionnaire.questions.all())
    size = getattr(file, "size", None)
    try:
        if size is not None:
            check_size(size)  # refused before it is read into memory
        # The one bounded reader: archive checked before openpyxl opens it, rows streamed and capped.
        rows = xlsx_rows(file.read(), max_rows=IMPORT_MAX_ROWS, max_columns=len(questions) + 20, active=True)
    except ValidationError as exc:
        report.errors.append(exc.messages[0])
        return report
    except SpreadsheetError as exc:
        report.errors.append(str(exc))
        return report
    if not rows:
        report.errors.append(_("The spreadsheet is empty."))
        return report
    header = [str(h).strip() if h is not None else "" for h in rows[0][1]]
    if "entity_id" not in header:
        report.errors.append(_("The first row must name the columns: entity_id and the question numbers."))
        return report
    known = {q.number for q in questions}
    unknown = [h for h in header if h and h != "entity_id" and h not in known]
    if unknown:
        report.errors.append(_("Unknown question numbers in the first row: %(cols)s.") % {"cols": ", ".join(unknown)})
        return report
    respondents = {r.entity_id: r for r in campaign.respondents.filter(questionnaire=questionnaire)}
    parsed = []
    for index, row in rows[1:]:
        data = dict(zip(header, row, strict=False))
        try:
            respondent = respondents[int(data.get("entity_id"))]  # type: ignore[arg-type]  # None: TypeError
        except (TypeError, ValueError, KeyError):
            report.errors.append(_("Row %(row)d: entity_id %(value)s is not a respondent of this questionnaire.")
                                 % {"row": index, "value": data.get("entity_id")})
            continue
        raw = {k: v for k, v in data.items() if k in known}
        outcome = check(questions, raw, complete=True)
        for number, messages in outcome.errors.items():
            for message in messages:
                report.errors.append(_("Row %(row)d, question %(q)s: %(msg)s") % {"row": index, "q": number,
                                                                                 "msg": message})
        parsed.append((respondent, raw))
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        for respondent, raw in parsed:
            result = response_save(respondent=respondent, raw_answers=raw, by=by, submit=True,
                                   confirmed={q.number for q in questions}, on_paper=True)
            report.saved += int(result.submitted)
    return report


@transaction.atomic
def respondent_contacts_erase(*, email: str, by):
    """A data subject's erasure request (core.privacy): the contact e-mail is removed from every respondent; the
    entity's answers stay (they are not personal data). Reminders then go nowhere for those respondents."""
    require_staff(by, system=False)
    count = Respondent.objects.filter(contact_email__iexact=email).update(contact_email="")
    Respondent.history.filter(contact_email__iexact=email).update(contact_email="")   # earlier versions too
    return Erasure(anonymised=count)
