"""Reads of self-registration requests (the writer is ``accounts.registration``)."""

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import ngettext

from core.home import Queue

from .models import OPEN_REGISTRATION_STATUSES, RegistrationRequest
from .permissions import can_review_registrations

Status = RegistrationRequest.Status


def registration_list(*, user, status: str = Status.AWAITING_STAFF) -> QuerySet[RegistrationRequest]:
    """Requests in one status, oldest first (the order staff work through them); none for non-staff."""
    if not can_review_registrations(user):
        return RegistrationRequest.objects.none()
    return (RegistrationRequest.objects.filter(status=status)
            .select_related("user", "entity__seat", "decided_by").order_by("created_at", "pk"))


def registration_get_for_user(*, user, pk) -> RegistrationRequest:
    """A request for staff to review; 404 when it is missing or the user is not ROPS staff."""
    if not can_review_registrations(user):
        raise Http404
    registration = RegistrationRequest.objects.select_related(
        "user", "entity__seat__parent__parent", "decided_by").filter(pk=pk).first()
    if registration is None:
        raise Http404
    return registration


def registration_of(user) -> RegistrationRequest | None:
    """The user's own latest request (None for accounts not made by self-registration)."""
    if not user.is_authenticated:
        return None
    return user.registration_requests.select_related("entity").order_by("-created_at", "-pk").first()


def registration_awaiting_approval(user) -> bool:
    """The user registered and the ROPS has not decided yet: pages show "waiting for approval" instead of a 403."""
    return bool(user.is_authenticated
                and user.registration_requests.filter(status__in=OPEN_REGISTRATION_STATUSES).exists())


def staff_queues(user):
    """The registration requests staff must decide, for the home page (None for other roles): one query."""
    if not can_review_registrations(user):
        return None
    n = registration_list(user=user).count()
    return [Queue(ngettext("%(n)d registration request to decide", "%(n)d registration requests to decide", n)
                  % {"n": n}, n, reverse("accounts:registration_list"), urgent=n > 0)]
