import time

from django import forms
from django.core import signing

from core.antispam import SALT, HumanCheckFormMixin


class CommentForm(HumanCheckFormMixin, forms.Form):
    text = forms.CharField()


def test_unbound_form_carries_a_signed_token():
    assert signing.loads(CommentForm().initial["form_token"], salt=SALT) <= time.time()


def test_a_person_who_took_a_moment_passes():
    form = CommentForm({"text": "Uwaga", "website": "", "form_token": signing.dumps(time.time() - 10, salt=SALT)})
    assert form.is_valid()


def test_bots_are_refused():
    assert not CommentForm({"text": "x", "website": "spam", "form_token": signing.dumps(time.time() - 10,
                                                                                       salt=SALT)}).is_valid()
    assert not CommentForm({"text": "x", "form_token": signing.dumps(time.time(), salt=SALT)}).is_valid()
    assert not CommentForm({"text": "x", "form_token": "tampered"}).is_valid()
