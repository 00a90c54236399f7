"""Notifications people control: immediately, in the daily digest, or not at all; required kinds always go."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from core.mail import digests_send, mail_send
from core.models import DigestItem, NotificationMode, NotificationPreference
from core.notifications import kinds, notify, preference_modes, preferences_save

OPTIONAL = "committee.vote_result"
REQUIRED = "certification.decision"
TEMPLATE = "committee/email/reminder.txt"


@pytest.fixture
def resolution_context():
    class R:
        number, title, deadline = "1/2026", "Uchwała", None

        def get_absolute_url(self):
            return "/komitet/uchwaly/1/"

    return {"resolution": R()}


def test_every_app_declares_its_kinds_and_required_ones_are_marked():
    declared = {kind.code: kind for kind in kinds()}
    assert {"accounts.registration", "certification.decision", "committee.vote_result", "events.registration",
            "monitoring.invitation", "committee.vote_reminder"} <= set(declared)
    assert declared[REQUIRED].required
    assert not declared[OPTIONAL].required


def test_immediate_by_default_sends_at_once(member, resolution_context):
    assert mail_send(to=[member.email], template=TEMPLATE, kind=OPTIONAL, context=resolution_context) == 1
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert preference_modes(member)[OPTIONAL] == NotificationMode.IMMEDIATE


def test_digest_queues_then_one_digest_email_with_each_item_once(member):
    preferences_save(user=member, modes={OPTIONAL: NotificationMode.DIGEST})
    notify(user=member, kind=OPTIONAL, subject="Wynik 1", body="Pierwsza")
    notify(user=member, kind=OPTIONAL, subject="Wynik 2", body="Druga", url="https://example.com/2")
    assert mail.outbox == []
    assert DigestItem.objects.filter(user=member, sent_at__isnull=True).count() == 2
    assert digests_send() == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [member.email]
    assert "2" in digest.subject
    assert "Wynik 1" in digest.body
    assert "Druga" in digest.body
    assert "https://example.com/2" in digest.body
    assert digests_send() == 0
    assert len(mail.outbox) == 1  # each item once


def test_off_drops(member, resolution_context):
    preferences_save(user=member, modes={OPTIONAL: NotificationMode.OFF})
    assert mail_send(to=[member.email], template=TEMPLATE, kind=OPTIONAL, context=resolution_context) == 0
    assert mail.outbox == []
    assert not DigestItem.objects.exists()


def test_required_kind_ignores_a_stored_off(member):
    NotificationPreference.objects.create(user=member, kind=REQUIRED, mode=NotificationMode.OFF)  # e.g. via admin
    assert notify(user=member, kind=REQUIRED, subject="Zwrot do poprawy", body="...") == NotificationMode.IMMEDIATE
    assert len(mail.outbox) == 1
    assert preference_modes(member)[REQUIRED] == NotificationMode.IMMEDIATE


def test_a_required_kind_cannot_be_turned_down_and_nothing_is_written(member):
    with pytest.raises(ValidationError):
        preferences_save(user=member, modes={OPTIONAL: NotificationMode.OFF, REQUIRED: NotificationMode.OFF})
    assert not NotificationPreference.objects.exists()


def test_an_address_of_no_account_is_sent_at_once(member, resolution_context):
    preferences_save(user=member, modes={OPTIONAL: NotificationMode.OFF})
    sent = mail_send(to=[member.email, "kontakt@example.org"], template=TEMPLATE, kind=OPTIONAL,
                     context=resolution_context)
    assert sent == 1
    assert [m.to for m in mail.outbox] == [["kontakt@example.org"]]
