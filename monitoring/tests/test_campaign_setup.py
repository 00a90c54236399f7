"""Setting a campaign up in the back office, the way staff do it: the first campaign with no earlier one to copy,
its questionnaires defined on a page, the respondents asked from the registry, invitations when it opens."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from entities.models import LegalForm, Owes
from entities.tests.factories import EntityFactory
from monitoring import services
from monitoring.models import Campaign, Measure, Question, RespondentType, Response

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


def _rows(*questions, extra: int = 3) -> dict:
    """The POST of the questionnaire page: the head and the formset rows (blank spare rows, as the page sends)."""
    blank = {"number": "", "text": "", "help_text": "", "type": "", "min_value": "", "max_value": "", "choices": "",
             "sum_of": "", "measure": "", "required": "on"}
    rows = [*questions, *[blank] * extra]
    data = {"title": "Ankieta OWES", "intro": "Dane za rok.", "q-TOTAL_FORMS": str(len(rows)),
            "q-INITIAL_FORMS": "0", "q-MIN_NUM_FORMS": "0", "q-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        data.update({f"q-{i}-{k}": v for k, v in {**blank, **row}.items()})
    return data


JOBS = {"number": "3", "text": "Liczba miejsc pracy utworzonych z dotacji", "type": "count",
        "measure": Measure.OWES_JOBS_CREATED}
ADVICE = {"number": "1", "text": "Liczba porad", "type": "count", "measure": Measure.OWES_ADVICE}


@pytest.fixture
def draft(staff):
    return services.campaign_create(year=YEAR, title="Monitoring 2025", deadline=date(YEAR + 1, 3, 31), by=staff)


def test_staff_define_a_questionnaire_for_the_first_campaign(client_for, staff, draft):
    client = client_for(staff)
    page = client.get(reverse("monitoring:campaign", args=[draft.pk])).content.decode()
    url = reverse("monitoring:questionnaire_edit", args=[draft.pk, "owes"])
    assert url in page   # "define the questionnaire for: OWES"
    response = client.post(url, _rows(ADVICE, JOBS, {"number": "4", "text": "Ile porad było dla PS?", "type": "count",
                                                     "sum_of": "1", "required": ""}))
    assert response.status_code == 302
    questionnaire = draft.questionnaires.get(respondent_type=RespondentType.OWES)
    assert questionnaire.title == "Ankieta OWES"
    assert questionnaire.intro == "Dane za rok."
    assert list(questionnaire.questions.values_list("number", "order", "measure", "sum_of", "required")) == [
        ("1", 0, "owes_advice", [], True), ("3", 1, "owes_jobs_created", [], True), ("4", 2, "", ["1"], False)]
    # Editing again shows the questions; deleting one and saving replaces the list.
    page = client.get(url).content.decode()
    assert 'value="Liczba porad"' in page
    assert page.count('name="q-') > 30
    data = _rows(ADVICE, JOBS)
    data["q-1-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert list(questionnaire.questions.values_list("number", flat=True)) == ["1"]


def test_a_refused_questionnaire_keeps_what_was_typed_and_says_where(client_for, staff, draft):
    url = reverse("monitoring:questionnaire_edit", args=[draft.pk, "owes"])
    response = client_for(staff).post(url, _rows(
        ADVICE, {**JOBS, "number": "1"},                                       # the same number twice
        {"number": "5", "text": "Suma", "type": "count", "sum_of": "1, 9"},   # 9 does not exist
        {"number": "6", "text": "Czy OWES?", "type": "count", "measure": Measure.JST_SOCIAL_CLAUSES}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nie zapisano ankiety: popraw pola zaznaczone poniżej." in page
    assert "Dwa pytania mają numer 1." in page
    assert "Nie ma innego pytania o numerze 9." in page
    assert "Ten wskaźnik zasila ankieta dla: Jednostka samorządu terytorialnego (JST)." in page
    assert 'value="Liczba miejsc pracy utworzonych z dotacji"' in page
    assert 'value="1, 9"' in page
    error = page.index("Nie ma innego pytania o numerze 9.")
    assert page.rfind("Wiersz 3", 0, error) > page.rfind("Wiersz 2", 0, error)   # next to its own row
    assert not draft.questionnaires.exists()
    assert not Question.objects.exists()


def test_questions_no_longer_change_once_the_campaign_is_open(client_for, staff, draft):
    services.questionnaire_save(campaign=draft, respondent_type="owes", title="Ankieta", intro="", by=staff,
                                questions=[{"number": "1", "text": "Porady", "type": "count"}])
    services.campaign_open(campaign=draft, by=staff)
    url = reverse("monitoring:questionnaire_edit", args=[draft.pk, "owes"])
    response = client_for(staff).post(url, _rows(ADVICE), follow=True)
    assert "nie mogą się już zmieniać" in response.content.decode()
    assert list(Question.objects.values_list("text", flat=True)) == ["Porady"]


@pytest.mark.parametrize("role", ["board", "pes", "member"])
def test_only_staff_define_questionnaires_and_ask_respondents(client_for, cast, draft, role):
    client = client_for(cast[role])
    assert client.post(reverse("monitoring:questionnaire_edit", args=[draft.pk, "owes"]),
                       _rows(ADVICE)).status_code == 403
    assert client.post(reverse("monitoring:respondents_ask", args=[draft.pk]), {}).status_code == 403
    assert not draft.questionnaires.exists()


def test_respondents_are_asked_from_the_registry(client_for, staff, draft):
    active = [EntityFactory(email="pes@example.pl"), EntityFactory(legal_form=LegalForm.CIS)]
    EntityFactory(is_active=False, closed_on=date(YEAR, 1, 1))
    EntityFactory(is_confirmed=False)
    operator = EntityFactory(legal_form=LegalForm.ASSOCIATION, email="owes@example.pl")
    Owes.objects.create(operator=operator, name="OWES Toruń", accredited_until=timezone.localdate() + timedelta(1))
    lapsed = EntityFactory(legal_form=LegalForm.FOUNDATION)
    Owes.objects.create(operator=lapsed, name="OWES dawny", accredited_until=date(YEAR - 1, 12, 31))
    gmina = EntityFactory(legal_form=LegalForm.LOCAL_GOVERNMENT, email="gmina@example.pl")
    for kind in ("pes", "owes", "jst"):
        services.questionnaire_save(campaign=draft, respondent_type=kind, title=kind, intro="", by=staff,
                                    questions=[{"number": "1", "text": "Pytanie", "type": "count"}])
    client = client_for(staff)
    assert "Zapytaj wszystkich" in client.get(reverse("monitoring:campaign", args=[draft.pk])).content.decode()
    url = reverse("monitoring:respondents_ask", args=[draft.pk])
    for kind in ("pes", "owes", "jst"):
        client.post(url, {"questionnaire": draft.questionnaires.get(respondent_type=kind).pk})
    asked = {kind: set(draft.respondents.filter(questionnaire__respondent_type=kind).values_list("entity", flat=True))
             for kind in ("pes", "owes", "jst")}
    # The OWES operator (an association) is a PES too, and is asked both as a PES and as an OWES.
    assert asked == {"pes": {active[0].pk, active[1].pk, operator.pk, lapsed.pk}, "owes": {operator.pk},
                     "jst": {gmina.pk}}
    assert draft.respondents.get(entity=gmina).contact_email == "gmina@example.pl"
    client.post(url, {"questionnaire": draft.questionnaires.get(respondent_type="pes").pk})
    assert draft.respondents.count() == 6   # asked once
    assert client.post(url, {"questionnaire": "abc"}).status_code == 404
    other = CampaignFactory(year=YEAR - 5)
    foreign = services.questionnaire_save(campaign=CampaignFactory(year=YEAR - 6, status="draft"), by=staff,
                                          respondent_type="jst", title="Inna", intro="",
                                          questions=[{"number": "1", "text": "P", "type": "count"}])
    assert client.post(reverse("monitoring:respondents_ask", args=[other.pk]),
                       {"questionnaire": foreign.pk}).status_code == 404   # another campaign's questionnaire
    assert not mail.outbox                  # nobody is invited before the campaign opens


def test_opening_invites_everybody_asked_once_and_later_additions_at_once(staff, draft,
                                                                          django_capture_on_commit_callbacks):
    questionnaire = services.questionnaire_save(campaign=draft, respondent_type="jst", title="Ankieta JST", intro="",
                                                by=staff, questions=[{"number": "1", "text": "Pytanie",
                                                                      "type": "count"}])
    services.respondents_add(campaign=draft, questionnaire=questionnaire, by=staff, entities=[
        EntityFactory(legal_form=LegalForm.LOCAL_GOVERNMENT, email="a@example.pl"),
        EntityFactory(legal_form=LegalForm.LOCAL_GOVERNMENT, email="")])
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_open(campaign=draft, by=staff)
    assert [m.to for m in mail.outbox] == [["a@example.pl"]]
    respondent = draft.respondents.get(contact_email="a@example.pl")
    assert respondent.token in mail.outbox[0].body
    assert "Ankieta JST" in mail.outbox[0].body
    assert mail.outbox[0].subject == f"Monitoring ekonomii społecznej {YEAR}: Państwa ankieta"
    assert services.invitations_send(campaign=draft) == 0   # once
    with django_capture_on_commit_callbacks(execute=True):
        services.respondents_add(campaign=draft, questionnaire=questionnaire, by=staff, entities=[
            EntityFactory(legal_form=LegalForm.LOCAL_GOVERNMENT, email="b@example.pl")])
    assert [m.to for m in mail.outbox] == [["a@example.pl"], ["b@example.pl"]]


def test_the_whole_year_through_the_pages(client_for, staff, pes, pes_entity, django_capture_on_commit_callbacks):
    """Create the first campaign, define the PES questionnaire, ask the registry, open, a PES answers, close:
    the frozen figure feeds its indicator."""
    client = client_for(staff)
    client.post(reverse("monitoring:campaign_create"), {"year": YEAR, "title": "Monitoring 2025",
                                                        "deadline": date(YEAR + 1, 3, 31).isoformat()})
    campaign = Campaign.objects.get(year=YEAR)
    client.post(reverse("monitoring:questionnaire_edit", args=[campaign.pk, "pes"]), {
        **_rows({"number": "1", "text": "Czy korzystali Państwo ze wsparcia OWES?", "type": "yes_no",
                 "measure": Measure.PES_OWES_SUPPORT}), "title": "Ankieta PES"})
    client.post(reverse("monitoring:respondents_ask", args=[campaign.pk]),
                {"questionnaire": campaign.questionnaires.get().pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("monitoring:campaign_action", args=[campaign.pk, "open"]))
    respondent = campaign.respondents.get(entity=pes_entity)
    client_for(pes).post(reverse("monitoring:answer", args=[respondent.pk]), {"q_1": "tak", "submit": "1"})
    assert Response.objects.get().status == Response.Status.SUBMITTED
    client = client_for(staff)   # the same test client, logged in again as staff
    client.post(reverse("monitoring:campaign_action", args=[campaign.pk, "close"]))
    from core.computations import compute

    assert compute("survey_pes_owes_support", year=YEAR) == 1


def test_an_open_campaign_from_the_factory_is_not_a_draft():
    assert not CampaignFactory(year=YEAR).questions_editable



def test_the_service_refuses_field_values_no_form_would_send(staff, draft):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.questionnaire_save(campaign=draft, respondent_type="pes", title="Ankieta", intro="", by=staff,
                                    questions=[{"number": "1" * 20, "text": "Pytanie", "type": "rating"}])
    assert set(exc.value.message_dict) == {"0.number", "0.type"}
    assert not draft.questionnaires.exists()


def test_the_questionnaire_page_labels_every_field_and_ties_errors_to_them(client_for, staff, draft):
    import re

    page = client_for(staff).post(reverse("monitoring:questionnaire_edit", args=[draft.pk, "owes"]),
                                  _rows(ADVICE, {**JOBS, "number": "1"})).content.decode()
    fields = re.findall(r'<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"[^>]*>', page)
    visible = [f for f in fields if not re.search(rf'<input[^>]*type="hidden"[^>]*id="{f}"', page)]
    assert len(visible) > 40
    for field_id in visible:
        assert f'for="{field_id}"' in page, field_id
    invalid = re.search(r'<input[^>]*id="id_q-1-number"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in invalid
    for error_id in re.search(r'aria-describedby="([^"]+)"', invalid).group(1).split():
        assert f'id="{error_id}"' in page
    assert " style=" not in page


def test_a_malformed_questionnaire_number_is_not_found(client_for, staff, draft):
    url = reverse("monitoring:respondents_ask", args=[draft.pk])
    for value in ["²", "9" * 5000, " "]:
        assert client_for(staff).post(url, {"questionnaire": value}).status_code == 404


def test_a_respondent_of_a_campaign_not_yet_open_is_told_so(client_for, staff, draft):
    questionnaire = services.questionnaire_save(campaign=draft, respondent_type="pes", title="Ankieta", intro="",
                                                by=staff, questions=[{"number": "1", "text": "P", "type": "count"}])
    services.respondents_add(campaign=draft, questionnaire=questionnaire, by=staff, entities=[EntityFactory()])
    page = client_for(staff).get(reverse("monitoring:answer", args=[draft.respondents.get().pk])).content.decode()
    assert "Badanie nie jest jeszcze otwarte" in page
    assert "zamknięte" not in page
