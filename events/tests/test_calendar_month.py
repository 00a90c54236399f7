"""A month inside a sentence is written lower-case ("Wydarzenia: grudzień 2026"), as a heading it may start
with a capital."""

from django.urls import reverse


def test_the_calendar_caption_writes_the_month_lower_case(client_for, staff):
    page = client_for(staff).get(reverse("events:calendar"), {"month": "2026-12"}, HTTP_ACCEPT_LANGUAGE="pl")
    assert "Wydarzenia: grudzień 2026" in page.content.decode()


def test_the_days_of_the_next_month_in_the_grid_show_their_events(client_for, staff):
    """The week of Monday 30 November 2026 ends in December: the home page's "events this week" leads to
    November's grid, which must show an event of that Thursday."""
    from datetime import datetime

    from django.utils import timezone

    from events.tests.factories import EventFactory

    starts = datetime(2026, 12, 3, 10, tzinfo=timezone.get_current_timezone())
    event = EventFactory(title="Forum w grudniu", starts_at=starts, ends_at=starts.replace(hour=14))
    page = client_for(staff).get(reverse("events:calendar"), {"month": "2026-11"})
    assert f'href="{reverse("events:detail", args=[event.pk])}"' in page.content.decode()
