"""E-mail from the system: the one way every app renders and sends a message.

A message is a plain-text template whose first line is the subject. It is rendered in the installation's
language (not the language of whoever triggered it: a Polish office writes in Polish) with ``ROPS_NAME`` and
``SITE_URL`` in its context, and sent one message per recipient, so that no recipient sees the others'
addresses. Callers send after their transaction commits (``transaction.on_commit``).

Every message has a kind (``core.notifications``): the person whose account holds the address decides whether it
goes now, in the daily digest or not at all (a kind the procedure requires always goes now).
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import DigestItem
from .notifications import kinds, notify_addresses


def mail_render(template: str, context: dict | None = None) -> tuple[str, str]:
    """(subject, body) of ``template`` rendered with ``context`` in the installation's language."""
    with translation.override(settings.LANGUAGE_CODE):
        rendered = render_to_string(template, {**(context or {}), "ROPS_NAME": settings.ROPS_NAME,
                                               "SITE_URL": settings.SITE_URL})
    subject, _sep, text = rendered.partition("\n")
    return " ".join(subject.split()), text.strip() + "\n"


def mail_send(*, to: Iterable[str | None], template: str, kind: str, context: dict | None = None) -> int:
    """Send ``template`` to each distinct, non-empty address of ``to`` as each recipient chose for ``kind``
    (``core.notifications.notify_addresses``); the number of messages sent now."""
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        return 0
    subject, body = mail_render(template, context)
    return notify_addresses(to=recipients, kind=kind, subject=subject, body=body)


def site_url(path: str) -> str:
    """An absolute address of a page of the system, for e-mails, QR codes and PDFs (``SITE_URL`` + path)."""
    return settings.SITE_URL.rstrip("/") + path


def digests_send(*, now=None) -> int:
    """Send each person one e-mail with everything queued for their digest (daily, beat). Each item goes once:
    a person's items are locked and marked sent in the transaction that sends them, so a second worker at the
    same time skips them; a failed send leaves them queued for the next run. Returns the digests sent."""
    now = now or timezone.now()
    sent = 0
    user_ids = DigestItem.objects.filter(sent_at__isnull=True).values_list("user_id", flat=True).distinct()
    for user_id in list(user_ids):
        with transaction.atomic():
            items = list(DigestItem.objects.select_for_update(skip_locked=True)
                         .filter(user_id=user_id, sent_at__isnull=True).select_related("user").order_by("created_at"))
            if not items or not items[0].user.email:
                continue
            user = items[0].user
            labels = {kind.code: kind.label for kind in kinds()}
            subject, body = mail_render("core/email/digest.txt", {
                "user": user, "items": [(labels.get(i.kind, i.kind), i) for i in items]})
            DigestItem.objects.filter(pk__in=[i.pk for i in items]).update(sent_at=now)
            send_mail(subject, body, None, [user.email])
            sent += 1
    return sent
