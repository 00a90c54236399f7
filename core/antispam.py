"""Spam protection for public forms without a third-party captcha (nothing loaded from the network).

Two checks, both invisible to people: a honeypot field that must stay empty (screen readers are
told to skip it) and a signed timestamp that must be at least ``MIN_SECONDS`` old, since bots post
at once. Both failures give the same neutral message and save nothing.
"""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

MIN_SECONDS = 3
MAX_AGE = 24 * 3600
SALT = "core.antispam"
SPAM_MESSAGE = _("The form could not be accepted. Please wait a moment and send it again.")


def issue_token() -> str:
    return signing.dumps(time.time(), salt=SALT)


class HumanCheckFormMixin(forms.Form):
    """Mix into a public form: adds the honeypot ``website`` and the signed ``form_token``."""

    website = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1", "class": "hp-field"}),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    min_seconds = MIN_SECONDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_token"] = issue_token()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(SPAM_MESSAGE, code="spam")
        try:
            issued = signing.loads(cleaned.get("form_token") or "", salt=SALT, max_age=MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError(SPAM_MESSAGE, code="spam") from None
        if time.time() - float(issued) < self.min_seconds:
            # Re-issue so the person's second attempt passes.
            self.data = self.data.copy()
            self.data["form_token"] = issue_token()
            raise forms.ValidationError(SPAM_MESSAGE, code="spam")
        return cleaned
