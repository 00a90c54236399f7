"""The Board viewer's home: reports submitted to the Board awaiting acceptance and the latest accepted ones; it
links only to what the viewer may open (an accepted report; one awaiting acceptance is not open to the Board,
see monitoring.selectors.reports_visible_to); drafts are not there."""

from datetime import date

import pytest
from django.urls import reverse

from monitoring.models import Report, ReportStatus
from programmes.models import Programme

pytestmark = pytest.mark.django_db


def _report(programme, title, status, year, **extra):
    return Report.objects.create(title=title, programme=programme, year_from=year, year=year, status=status, **extra)


def test_board_home_lists_awaiting_and_latest_accepted_reports_each_linked(client_for, board):
    programme = Programme.objects.create(name="Program 2026–2030", region_code="04", start_year=2026,
                                         end_year=2030, responsible_body="Zarząd")
    awaiting = _report(programme, "Sprawozdanie czeka na Zarząd", ReportStatus.COMMITTEE_OPINION, 2026)
    accepted = _report(programme, "Sprawozdanie przyjęte", ReportStatus.ACCEPTED, 2025,
                       board_resolution_number="123/2026", board_resolution_date=date(2026, 5, 4))
    draft = _report(programme, "Sprawozdanie w roboczej wersji", ReportStatus.DRAFT, 2027)
    client = client_for(board)
    page = client.get(reverse("core:dashboard")).content.decode()
    awaiting_part = page[page.index('id="home-board-awaiting"'):page.index('id="home-board-accepted"')]
    accepted_part = page[page.index('id="home-board-accepted"'):]
    assert awaiting.title in awaiting_part
    assert reverse("monitoring:report", args=[awaiting.pk]) not in page      # it would answer 404
    assert client.get(reverse("monitoring:report", args=[awaiting.pk])).status_code == 404
    assert f'href="{reverse("monitoring:report", args=[accepted.pk])}"' in accepted_part
    assert "123/2026" in accepted_part
    assert "4.05.2026" in accepted_part
    assert draft.title not in page
    assert client.get(reverse("monitoring:report", args=[accepted.pk])).status_code == 200
