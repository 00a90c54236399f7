"""iCalendar feed of public events (RFC 5545) built with the icalendar package."""

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as VEvent

from .models import EventStatus


def feed(events, *, request=None) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//ROPS//Ekonomia spoleczna//PL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", settings.ROPS_NAME)
    base = request.build_absolute_uri("/").rstrip("/") if request is not None else settings.SITE_URL
    for event in events:
        item = VEvent()
        item.add("uid", f"event-{event.pk}@rops")
        item.add("summary", event.title)
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
        item.add("dtstamp", event.created_at)
        place = event.venue or ", ".join(p for p in [event.city, event.country] if p)
        if place:
            item.add("location", place)
        if event.description:
            item.add("description", event.description)
        item.add("url", base + reverse("events:public_detail", args=[event.pk]))
        item.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
        cal.add_component(item)
    return cal.to_ical()
