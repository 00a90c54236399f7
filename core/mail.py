"""E-mail from the system: the one way every app renders and sends a message.

A message is a plain-text template whose first line is the subject. It is rendered in the installation's
language (not the language of whoever triggered it: a Polish office writes in Polish) with ``ROPS_NAME`` and
``SITE_URL`` in its context, and sent one message per recipient, so that no recipient sees the others'
addresses. Callers send after their transaction commits (``transaction.on_commit``).
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def mail_render(template: str, context: dict | None = None) -> tuple[str, str]:
    """(subject, body) of ``template`` rendered with ``context`` in the installation's language."""
    with translation.override(settings.LANGUAGE_CODE):
        rendered = render_to_string(template, {**(context or {}), "ROPS_NAME": settings.ROPS_NAME,
                                               "SITE_URL": settings.SITE_URL})
    subject, _sep, text = rendered.partition("\n")
    return " ".join(subject.split()), text.strip() + "\n"


def mail_send(*, to: Iterable[str | None], template: str, context: dict | None = None) -> int:
    """Send ``template`` to each distinct, non-empty address of ``to``; the number of messages sent."""
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        return 0
    subject, body = mail_render(template, context)
    for recipient in recipients:
        send_mail(subject, body, None, [recipient])
    return len(recipients)


def site_url(path: str) -> str:
    """An absolute address of a page of the system, for e-mails, QR codes and PDFs (``SITE_URL`` + path)."""
    return settings.SITE_URL.rstrip("/") + path
