"""What events tells participants (``core.notifications``) and puts in their personal calendar
(``core.calendar``); registered from ``EventsConfig.ready()``."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.calendar import CalendarEntry, calendar_source
from core.mail import site_url
from core.notifications import notification_kind

from .models import EventStatus, Registration

notification_kind("events.registration", _("My registration for an event: confirmed, on the waiting list, "
                                           "a place freed"), required=True)
notification_kind("events.cancelled", _("An event I registered for is cancelled"))


@calendar_source
def participant_calendar(user):
    """The events the person registered for under their own e-mail address (confirmed or waiting)."""
    if not user.email:
        return
    registrations = Registration.objects.filter(
        Q(email__iexact=user.email), status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
    ).exclude(event__status=EventStatus.CANCELLED).select_related("event")
    for registration in registrations:
        event = registration.event
        summary = str(event.title) if registration.status == Registration.Status.CONFIRMED else \
            _("%(title)s (waiting list)") % {"title": event.title}
        yield CalendarEntry(uid=f"event-{event.pk}", summary=summary, start=event.starts_at, end=event.ends_at,
                            location=event.venue or event.city, description=event.description,
                            url=site_url(reverse("events:public_detail", args=[event.pk])))
