"""The formal check's findings stay on the application after it is returned for corrections: staff and the
applicant both see each criterion's outcome and note."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certification import services
from certification.models import Status

from .factories import EditionFactory, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(pes, pes_entity, staff):
    application = services.application_create(edition=EditionFactory(), entity=pes_entity, by=pes)
    services.attachment_add(application=application, by=pes, upload=pdf_upload(), kind="other")
    application.status = Status.FORMAL_CHECK
    application.save()
    first, second = application.edition.criteria.order_by("order")[:2]
    services.formal_check_save(application=application, by=staff, results={
        first.pk: (True, "Statut fundacji w porządku"), second.pk: (False, "Brak sprawozdania merytorycznego")})
    services.application_transition(application=application, to=Status.RETURNED, by=staff,
                                    note="Dołączcie sprawozdanie",
                                    deadline=timezone.localdate() + timedelta(days=14))
    return application, first, second


@pytest.mark.parametrize("who", ["staff", "pes"])
def test_the_results_of_the_formal_check_stay_visible_after_a_return(request, client_for, returned, who):
    application, first, second = returned
    page = client_for(request.getfixturevalue(who)).get(
        reverse("certification:detail", args=[application.pk])).content.decode()
    assert "Wyniki oceny formalnej" in page
    section = page[page.index('id="formal-results"'):]
    section = section[:section.index("</table>")]
    assert first.name in section
    assert "Statut fundacji w porządku" in section
    assert second.name in section
    assert "Brak sprawozdania merytorycznego" in section
    assert "spełnia" in section
    assert "nie spełnia" in section
