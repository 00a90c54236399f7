import pytest
from django.urls import reverse

from monitoring import services
from monitoring.models import Response

from .factories import GOOD, CampaignFactory, pes_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def respondent(pes_entity):
    campaign = CampaignFactory()
    services.respondents_add(campaign=campaign, questionnaire=pes_questionnaire(campaign), entities=[pes_entity],
                             by=None)
    return campaign.respondents.get()


def post_data(answers, **extra):
    return {**{f"q_{k}": v for k, v in answers.items()}, **extra}


def test_pes_answers_for_own_entity_and_keeps_typed_values_on_errors(client_for, pes, respondent):
    client = client_for(pes)
    assert respondent.questionnaire.title in client.get(reverse("monitoring:my_questionnaires")).content.decode()
    url = reverse("monitoring:answer", args=[respondent.pk])
    response = client.post(url, post_data({**GOOD, "1": "dziesięć"}, submit="1"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="dziesięć"' in html
    assert "Wpisz liczbę" in html
    assert not Response.objects.filter(status="submitted").exists()
    assert client.post(url, post_data(GOOD, submit="1")).status_code == 302
    assert Response.objects.get().status == "submitted"


def test_other_pes_and_outsiders_get_404(client_for, cast, respondent, other_entity):
    for role in ["outsider", "board", "member"]:
        assert client_for(cast[role]).get(reverse("monitoring:answer", args=[respondent.pk])).status_code == 404


def test_owes_or_jst_contact_answers_through_the_personal_link(client, respondent):
    url = reverse("monitoring:answer_by_token", args=[respondent.token])
    assert client.get(url).status_code == 200
    client.post(url, post_data(GOOD, submit="1"))
    assert Response.objects.get().status == "submitted"
    assert client.get(reverse("monitoring:answer_by_token", args=["a" * 43])).status_code == 404


def test_staff_enter_paper_answers_and_close_from_the_dashboard(client_for, staff, respondent):
    respondent.entity.seat_id = "0463011"   # Toruń
    respondent.entity.save(update_fields=["seat"])
    client = client_for(staff)
    client.post(reverse("monitoring:answer", args=[respondent.pk]), post_data(GOOD, submit="1"))
    assert Response.objects.get().on_paper
    dashboard = client.get(reverse("monitoring:campaign", args=[respondent.campaign.pk])).content.decode()
    assert "100%" in dashboard
    assert '<th scope="row">Toruń (0463)</th>' in dashboard  # completion per powiat
    client.post(reverse("monitoring:campaign_action", args=[respondent.campaign.pk, "close"]))
    respondent.campaign.refresh_from_db()
    assert respondent.campaign.is_closed


def test_board_sees_the_dashboard_but_cannot_act(client_for, board, respondent):
    client = client_for(board)
    assert client.get(reverse("monitoring:campaign", args=[respondent.campaign.pk])).status_code == 200
    assert client.post(reverse("monitoring:campaign_action",
                               args=[respondent.campaign.pk, "close"])).status_code == 403


def test_templates_take_states_from_the_domain_not_from_status_names():
    """Flags such as ``campaign.is_open`` or ``form.step_fields`` decide what a page shows; a state's name typed in
    a template would silently stop matching when the workflow changes."""
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parent.parent / "templates"
    literal = re.compile(r"""(status|\bto)\s*[!=]=\s*["']""")
    offending = [f"{path.name}: {match.group(0)}" for path in templates.rglob("*.html")
                 for match in literal.finditer(path.read_text(encoding="utf-8"))]
    assert offending == []
