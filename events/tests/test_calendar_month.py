"""A month inside a sentence is written lower-case ("Wydarzenia: grudzień 2026"), as a heading it may start
with a capital."""

from django.urls import reverse


def test_the_calendar_caption_writes_the_month_lower_case(client_for, staff):
    page = client_for(staff).get(reverse("events:calendar"), {"month": "2026-12"}, HTTP_ACCEPT_LANGUAGE="pl")
    assert "Wydarzenia: grudzień 2026" in page.content.decode()
