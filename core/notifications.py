"""Notifications people control: each kind of e-mail the system sends, and how each person wants it.

Core knows no higher app. Each app declares its kinds in its own ``<app>/notifications.py``, imported from its
``AppConfig.ready()``:

    notification_kind("committee.vote_result", _("Results of the Committee's votes"))
    notification_kind("certification.decision", _("Decisions on applications"), required=True)

A person chooses, per kind, ``immediate`` (the default), ``digest`` (one e-mail a day, sent by
``core.mail.digests_send``) or ``off`` (``NotificationPreference``). A kind the procedure requires
(``required=True``: a return for corrections, a decision, a confirmation link) is always sent at once, whatever
was chosen.

Every e-mail goes through here: ``core.mail.mail_send(kind=...)`` for a rendered template sent to addresses
(an address that belongs to no account is sent at once: nobody chose otherwise), ``notify`` for one person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import DigestItem, NotificationMode, NotificationPreference


@dataclass(frozen=True)
class NotificationKind:
    code: str
    label: object                 # lazy: shown on the preferences page
    required: bool = False        # the procedure requires it: always sent at once
    help_text: object = ""


_KINDS: dict[str, NotificationKind] = {}


def notification_kind(code: str, label, *, required: bool = False, help_text="") -> NotificationKind:
    """Declare a kind of notification (once per code; the app's ``ready()`` may run twice in tests)."""
    kind = NotificationKind(code=code, label=label, required=required, help_text=help_text)
    _KINDS[code] = kind
    return kind


def kind_get(code: str) -> NotificationKind:
    try:
        return _KINDS[code]
    except KeyError:
        raise ImproperlyConfigured(f"Unknown notification kind {code!r}: declare it with notification_kind().") \
            from None


def kinds() -> list[NotificationKind]:
    """Every declared kind, in the order the apps declared them (the preferences page's order)."""
    return list(_KINDS.values())


# --- preferences ------------------------------------------------------------------------------

def preference_modes(user) -> dict[str, str]:
    """The mode of every kind for ``user``: what they chose, ``immediate`` where they chose nothing, and
    ``immediate`` for the required kinds whatever is stored."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "mode"))
    return {kind.code: NotificationMode.IMMEDIATE if kind.required
            else stored.get(kind.code, NotificationMode.IMMEDIATE) for kind in kinds()}


@transaction.atomic
def preferences_save(*, user, modes: dict[str, str]) -> dict[str, str]:
    """Store ``user``'s choice per kind (only the person themself changes it). A required kind cannot be
    turned down: asking for it raises ``ValidationError`` and nothing is written."""
    for code, mode in modes.items():
        kind = kind_get(code)
        if mode not in NotificationMode.values:
            raise ValidationError(_("Choose how to receive this notification."), code="mode")
        if kind.required and mode != NotificationMode.IMMEDIATE:
            raise ValidationError(_("“%(kind)s” is required by the procedure and is always sent at once.")
                                  % {"kind": kind.label}, code="required")
    for code, mode in modes.items():
        NotificationPreference.objects.update_or_create(user=user, kind=code, defaults={"mode": mode})
    return preference_modes(user)


def _mode_of(users, kind: NotificationKind) -> tuple[str, object | None]:
    """The mode for an address held by ``users`` (usually one account) and the account a digest goes to.
    Several accounts with one address: the most eager choice wins (immediate over digest over off)."""
    if kind.required:
        return NotificationMode.IMMEDIATE, None
    users = list(users)
    if not users:
        return NotificationMode.IMMEDIATE, None
    chosen = dict(NotificationPreference.objects.filter(user__in=users, kind=kind.code)
                  .values_list("user_id", "mode"))
    modes = [(chosen.get(u.pk, NotificationMode.IMMEDIATE), u) for u in users]
    for wanted in (NotificationMode.IMMEDIATE, NotificationMode.DIGEST):
        for mode, user in modes:
            if mode == wanted:
                return mode, user
    return NotificationMode.OFF, None


# --- sending ----------------------------------------------------------------------------------

def _deliver(*, address: str, users, kind: NotificationKind, subject: str, body: str, url: str = "") -> str:
    mode, user = _mode_of(users, kind)
    if mode == NotificationMode.IMMEDIATE:
        send_mail(subject, body, None, [address])
    elif mode == NotificationMode.DIGEST:
        DigestItem.objects.create(user=user, kind=kind.code, subject=subject[:255], body=body, url=url[:500])
    return mode


def notify(*, user, kind: str, subject: str, body: str, url: str = "") -> str:
    """Tell ``user`` about something, as they chose for ``kind``: e-mailed now, queued for the daily digest,
    or dropped (a required kind always goes now). Returns the mode used. Call it after the commit."""
    if not user.email:
        return NotificationMode.OFF
    return _deliver(address=user.email, users=[user], kind=kind_get(kind), subject=subject, body=body, url=url)


def notify_addresses(*, to: Iterable[str | None], kind: str, subject: str, body: str) -> int:
    """``notify`` for addresses (what ``core.mail.mail_send`` hands over): each address is matched to the active
    accounts that hold it; an address of nobody's account is e-mailed at once. Returns the e-mails sent now."""
    declared = kind_get(kind)
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        return 0
    by_address: dict[str, list] = {}
    if not declared.required:
        accounts = get_user_model().objects.filter(is_active=True, email__in=recipients)
        for user in accounts:
            by_address.setdefault(user.email, []).append(user)
    sent = 0
    for address in recipients:
        mode = _deliver(address=address, users=by_address.get(address, []), kind=declared, subject=subject,
                        body=body)
        sent += mode == NotificationMode.IMMEDIATE
    return sent
