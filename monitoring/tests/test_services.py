import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook

from entities.models import Entity
from monitoring import services
from monitoring.models import Campaign, CampaignFigure, Response

from .factories import GOOD, CampaignFactory, pes_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return CampaignFactory()


@pytest.fixture
def questionnaire(campaign):
    return pes_questionnaire(campaign)


@pytest.fixture
def respondent(campaign, questionnaire, pes_entity):
    services.respondents_add(campaign=campaign, questionnaire=questionnaire, entities=[pes_entity], by=None)
    return campaign.respondents.get()


def test_draft_keeps_valid_answers_and_reports_the_rest(respondent, pes):
    result = services.response_save(respondent=respondent, raw_answers={"1": "abc", "2": "100"}, by=pes,
                                    submit=False)
    assert "1" in result.outcome.errors
    response = Response.objects.get()
    assert response.answers == {"2": "100.00"}
    assert response.status == "draft"


def test_submission_needs_everything_and_changes_nothing_otherwise(respondent, pes):
    services.response_save(respondent=respondent, raw_answers={"2": "100"}, by=pes, submit=False)
    result = services.response_save(respondent=respondent, raw_answers={"2": "200"}, by=pes, submit=True)
    assert not result.submitted
    assert result.outcome.errors
    response = Response.objects.get()
    assert response.answers == {"2": "100.00"}
    assert response.status == "draft"
    result = services.response_save(respondent=respondent, raw_answers=GOOD, by=pes, submit=True)
    response.refresh_from_db()
    assert result.submitted
    assert response.status == "submitted"
    assert response.answers["4"] is True


def test_jump_from_last_year_must_be_confirmed(pes, pes_entity):
    last = CampaignFactory(year=2030)
    last_q = pes_questionnaire(last)
    services.respondents_add(campaign=last, questionnaire=last_q, entities=[pes_entity], by=None)
    services.response_save(respondent=last.respondents.get(), raw_answers={**GOOD, "1": "4", "1.1": "2",
                                                                           "1.2": "2"}, by=pes, submit=True)
    this = CampaignFactory(year=2031)
    services.respondents_add(campaign=this, questionnaire=pes_questionnaire(this), entities=[pes_entity], by=None)
    respondent = this.respondents.get()
    result = services.response_save(respondent=respondent, raw_answers=GOOD, by=pes, submit=True)
    assert not result.submitted
    assert set(result.outcome.to_confirm) == {"1"}
    result = services.response_save(respondent=respondent, raw_answers=GOOD, by=pes, submit=True, confirmed={"1"})
    assert result.submitted
    assert result.response.confirmed == ["1"]


def test_closing_freezes_and_computes_the_figures(campaign, questionnaire, pes, staff, other_entity, respondent):
    services.respondents_add(campaign=campaign, questionnaire=questionnaire, entities=[other_entity], by=None)
    second = campaign.respondents.get(entity=other_entity)
    services.response_save(respondent=respondent, raw_answers=GOOD, by=pes, submit=True)
    services.response_save(respondent=second, raw_answers={**GOOD, "1": "5", "1.1": "5", "1.2": "0",
                                                           "4": "nie"}, by=staff, submit=True, on_paper=True)
    services.campaign_close(campaign=campaign, by=staff)
    employed = CampaignFigure.objects.get(question_number="1")
    assert (employed.respondents, employed.total, employed.average) == (2, Decimal(15), Decimal("7.50"))
    assert CampaignFigure.objects.get(question_number="4").yes_count == 1
    assert not CampaignFigure.objects.filter(question_number="6").exists()  # text is not aggregated
    with pytest.raises(ValidationError):
        services.response_save(respondent=respondent, raw_answers=GOOD, by=pes, submit=True)
    with pytest.raises(ValidationError):
        services.campaign_close(campaign=campaign, by=staff)


def test_drafts_do_not_count_in_the_figures(campaign, respondent, pes, staff):
    services.response_save(respondent=respondent, raw_answers={"1": "9", "1.1": "9", "1.2": "0"}, by=pes,
                           submit=False)
    services.campaign_close(campaign=campaign, by=staff)
    assert CampaignFigure.objects.get(question_number="1").respondents == 0


def test_new_campaign_copies_last_years_questionnaires(campaign, questionnaire, staff):
    new = services.campaign_create(year=campaign.year + 1, title="Nowa", deadline=campaign.deadline, by=staff,
                                   copy_from=campaign)
    assert [q.number for q in new.questionnaires.get().questions.all()] == [
        q.number for q in questionnaire.questions.all()]
    with pytest.raises(ValidationError):
        services.campaign_create(year=campaign.year, title="x", deadline=campaign.deadline, by=staff)


def test_reminders_go_to_those_who_have_not_submitted_on_reminder_days(campaign, respondent, pes, other_entity,
                                                                       questionnaire):
    from datetime import timedelta

    respondent.contact_email = "pes@example.com"
    respondent.save()
    services.respondents_add(campaign=campaign, questionnaire=questionnaire, entities=[other_entity], by=None)
    done = campaign.respondents.get(entity=other_entity)
    done.contact_email = "done@example.com"
    done.save()
    services.response_save(respondent=done, raw_answers=GOOD, by=None, submit=True)
    assert services.reminders_send(campaign=campaign, today=campaign.deadline - timedelta(days=10)) == 0
    assert services.reminders_send(campaign=campaign, today=campaign.deadline - timedelta(days=3)) == 1
    assert mail.outbox[0].to == ["pes@example.com"]
    assert respondent.token in mail.outbox[0].body


def _xlsx(rows) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_import_is_all_or_nothing_with_row_and_question_in_each_error(campaign, questionnaire, respondent, staff,
                                                                      pes_entity, other_entity):
    services.respondents_add(campaign=campaign, questionnaire=questionnaire, entities=[other_entity], by=None)
    header = ["entity_id", *GOOD.keys()]
    good_row = [pes_entity.pk, *GOOD.values()]
    bad_row = [other_entity.pk, *{**GOOD, "3": "150"}.values()]
    report = services.responses_import_xlsx(campaign=campaign, questionnaire=questionnaire,
                                            file=_xlsx([header, good_row, bad_row]), by=staff)
    assert report.saved == 0
    assert report.errors == ["Wiersz 3, pytanie 3: Udział procentowy nie może przekraczać 100."]
    assert not Response.objects.exists()
    report = services.responses_import_xlsx(campaign=campaign, questionnaire=questionnaire,
                                            file=_xlsx([header, good_row]), by=staff)
    assert report.saved == 1
    assert Response.objects.get().on_paper


def test_import_of_an_unknown_entity_or_a_broken_file(campaign, questionnaire, respondent, staff):
    unknown = Entity.objects.create(name="Spoza ankiety")
    report = services.responses_import_xlsx(campaign=campaign, questionnaire=questionnaire,
                                            file=_xlsx([["entity_id", "1"], [unknown.pk, "1"]]), by=staff)
    assert "Wiersz 2" in report.errors[0]
    report = services.responses_import_xlsx(campaign=campaign, questionnaire=questionnaire,
                                            file=io.BytesIO(b"not a spreadsheet"), by=staff)
    assert report.errors
    assert not Response.objects.exists()


def test_import_into_a_campaign_that_is_no_longer_open_is_refused_with_a_message(client_for, campaign, questionnaire,
                                                                                 respondent, staff, pes_entity):
    services.campaign_close(campaign=campaign, by=staff)
    upload = _xlsx([["entity_id", *GOOD.keys()], [pes_entity.pk, *GOOD.values()]])
    upload.name = "odpowiedzi.xlsx"
    response = client_for(staff).post(reverse("monitoring:import", args=[campaign.pk]),
                                      {"questionnaire": questionnaire.pk, "file": upload}, follow=True)
    assert response.status_code == 200
    assert "Badanie nie jest otwarte" in response.content.decode()
    assert not Response.objects.filter(status=Response.Status.SUBMITTED).exists()


def test_campaign_cannot_open_without_questions(staff):
    campaign = CampaignFactory(status=Campaign.Status.DRAFT)
    with pytest.raises(ValidationError):
        services.campaign_open(campaign=campaign, by=staff)


def test_import_of_a_huge_sheet_is_refused_at_the_cap_before_openpyxl_reads_it(campaign, questionnaire, respondent,
                                                                              staff, monkeypatch):
    import openpyxl

    from core.tests.test_spreadsheets import SHEET, replace_parts, sheet_without_dimension

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl opened the sheet"))
    content = replace_parts(_xlsx([["entity_id"]]).getvalue(), {SHEET: sheet_without_dimension(100_000)})
    report = services.responses_import_xlsx(campaign=campaign, questionnaire=questionnaire,
                                            file=io.BytesIO(content), by=staff)
    assert report.errors == ["Plik ma więcej niż 5000 wierszy danych: podziel go na mniejsze pliki."]
    assert not Response.objects.exists()


def test_import_of_a_shared_strings_bomb_or_an_oversized_file_is_refused(campaign, questionnaire, respondent,
                                                                         staff, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.tests.test_spreadsheets import NS, replace_parts

    bomb = f'<sst xmlns="{NS}"><si><t>'.encode() + b"A" * (40 * 1024 * 1024) + b"</t></si></sst>"
    content = replace_parts(_xlsx([["entity_id"]]).getvalue(), {"xl/sharedStrings.xml": bomb})
    report = services.responses_import_xlsx(campaign=campaign, questionnaire=questionnaire,
                                            file=io.BytesIO(content), by=staff)
    assert "po rozpakowaniu" in report.errors[0]
    settings.UPLOAD_MAX_SIZE = 1000
    big = SimpleUploadedFile("a.xlsx", b"PK\x03\x04" + b"0" * 5000)
    report = services.responses_import_xlsx(campaign=campaign, questionnaire=questionnaire, file=big, by=staff)
    assert "za duży" in report.errors[0]
