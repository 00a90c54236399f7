"""Submitting an assessment is final, so it is confirmed on a page that says what will happen; the assessment
form's "submit" keeps the draft and leads there, and only the confirmation's POST submits."""

import pytest
from django.urls import reverse

from certification import services
from certification.models import Assessment, Criterion, Status

from .factories import EditionFactory, chapter_seat, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_assessment(pes, pes_entity, staff):
    application = services.application_create(edition=EditionFactory(), entity=pes_entity, by=pes)
    services.attachment_add(application=application, by=pes, upload=pdf_upload(), kind="other")
    application.status = Status.FORMAL_CHECK
    application.save()
    application = services.application_transition(application=application, to=Status.ASSESSMENT, by=staff)
    return application


def _all_assessed(application) -> dict:
    data = {"comment": "Dobry wniosek"}
    for criterion in application.edition.criteria.all():
        if criterion.kind == Criterion.Kind.SCORE:
            data[f"score_{criterion.pk}"] = "8"
        else:
            data[f"passed_{criterion.pk}"] = "yes"
    return data


def test_submit_keeps_the_draft_and_asks_first(client_for, member, in_assessment):
    chapter_seat(in_assessment, member, conflict=False)
    client = client_for(member)
    response = client.post(reverse("certification:assessment", args=[in_assessment.pk]),
                           {**_all_assessed(in_assessment), "submit": ""})
    confirm = reverse("certification:assessment_submit", args=[in_assessment.pk])
    assert response.url == confirm
    draft = Assessment.objects.get(application=in_assessment, member=member)
    assert draft.submitted_at is None
    assert draft.comment == "Dobry wniosek"
    assert draft.scores.count() == 6
    page = client.get(confirm)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Co się stanie" in text
    assert "Tego nie można cofnąć" in text
    assert "nie możesz już zmienić" in text
    assert f'action="{confirm}"' in text
    draft.refresh_from_db()
    assert draft.submitted_at is None            # the GET changes nothing


def test_the_confirmations_post_submits_the_saved_draft(client_for, member, in_assessment):
    chapter_seat(in_assessment, member, conflict=False)
    client = client_for(member)
    client.post(reverse("certification:assessment", args=[in_assessment.pk]), _all_assessed(in_assessment))
    response = client.post(reverse("certification:assessment_submit", args=[in_assessment.pk]))
    assert response.url == in_assessment.get_absolute_url()
    assessment = Assessment.objects.get(application=in_assessment, member=member)
    assert assessment.submitted_at is not None
    assert assessment.comment == "Dobry wniosek"


def test_an_incomplete_draft_is_not_submitted(client_for, member, in_assessment):
    chapter_seat(in_assessment, member, conflict=False)
    client = client_for(member)
    client.post(reverse("certification:assessment", args=[in_assessment.pk]), {"comment": "x", "submit": ""})
    response = client.post(reverse("certification:assessment_submit", args=[in_assessment.pk]), follow=True)
    assert "Przed złożeniem oceń każde kryterium" in response.content.decode()
    assert Assessment.objects.get(application=in_assessment, member=member).submitted_at is None


def test_who_is_not_an_assessor_gets_no_confirmation(client_for, member, in_assessment):
    assert client_for(member).get(
        reverse("certification:assessment_submit", args=[in_assessment.pk])).status_code == 404


def test_the_home_page_leads_to_the_assessment_form_not_to_its_post_only_address(client_for, member, in_assessment):
    chapter_seat(in_assessment, member, conflict=False)
    client = client_for(member)
    page = client.get(reverse("core:dashboard")).content.decode()
    link = f'{in_assessment.get_absolute_url()}#your-assessment'
    assert f'href="{link}"' in page
    assert 'id="your-assessment"' in client.get(in_assessment.get_absolute_url()).content.decode()
