"""The second factor (accounts/mfa.py): enrolment, sign-in with a code or a recovery code, enforcement per role,
and the administrator's audited reset."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import MfaEvent

pytestmark = pytest.mark.django_db
PASSWORD = "test-password-123"


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_ROLES = ["rops_admin", "rops_staff", "committee_member"]


def _login(client, user):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _enrol(client, user) -> list[str]:
    client.get(reverse("accounts:mfa_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page = client.post(reverse("accounts:mfa_setup"), {"code": _code(device)}).content.decode()
    return re.findall(r"<li>([0-9a-z]{8})</li>", page)


def test_staff_must_set_up_a_second_factor_before_anything_else(client, staff, required):
    _login(client, staff)
    response = client.get(reverse("entities:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:mfa_setup"))
    assert "next=%2Frejestr%2F" in response.url


def test_enrolment_shows_a_qr_code_and_the_key_and_ends_with_recovery_codes(client, staff, required):
    _login(client, staff)
    page = client.get(reverse("accounts:mfa_setup")).content.decode()
    assert "<svg" in page
    assert 'id="mfa-secret"' in page
    codes = _enrol(client, staff)
    assert len(codes) == 10
    assert client.get(reverse("entities:list")).status_code == 200        # verified for this session
    assert MfaEvent.objects.get(user=staff).kind == MfaEvent.Kind.ENROLLED


def test_a_wrong_first_code_sets_nothing_up(client, staff, required):
    _login(client, staff)
    client.get(reverse("accounts:mfa_setup"))
    response = client.post(reverse("accounts:mfa_setup"), {"code": "000000x"})
    assert response.status_code == 400
    assert "nie jest poprawny" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_the_next_sign_in_asks_for_the_code_and_accepts_it(client, staff, required):
    _login(client, staff)
    _enrol(client, staff)
    client.post(reverse("accounts:logout"))
    _login(client, staff)
    assert client.get(reverse("entities:list")).url.startswith(reverse("accounts:mfa_verify"))
    wrong = client.post(reverse("accounts:mfa_verify"), {"code": "123456", "next": "/rejestr/"})
    assert wrong.status_code == 400
    device = TOTPDevice.objects.get(user=staff)
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None   # past the throttle's wait
    device.last_t = -1
    device.save()
    right = client.post(reverse("accounts:mfa_verify"), {"code": _code(device), "next": "/rejestr/"})
    assert right.status_code == 302
    assert right.url == "/rejestr/"


def test_a_recovery_code_works_once(client, staff, required):
    _login(client, staff)
    codes = _enrol(client, staff)
    client.post(reverse("accounts:logout"))
    _login(client, staff)
    assert client.post(reverse("accounts:mfa_verify"), {"code": codes[0]}).status_code == 302
    client.post(reverse("accounts:logout"))
    _login(client, staff)
    assert client.post(reverse("accounts:mfa_verify"), {"code": codes[0]}).status_code == 400
    assert MfaEvent.objects.filter(user=staff, kind=MfaEvent.Kind.RECOVERY_USED).count() == 1


def test_the_next_page_after_the_code_stays_on_this_site(client, staff, required):
    _login(client, staff)
    codes = _enrol(client, staff)
    client.post(reverse("accounts:logout"))
    _login(client, staff)
    response = client.post(reverse("accounts:mfa_verify"), {"code": codes[1], "next": "https://zly.example/"})
    assert response.url == "/"


@pytest.mark.parametrize("role", ["pes", "board"])
def test_roles_without_the_requirement_are_not_asked(client, cast, role, required):
    _login(client, cast[role])
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_a_pes_who_enrolled_voluntarily_is_asked_too(client, pes, required):
    _login(client, pes)
    _enrol(client, pes)
    client.post(reverse("accounts:logout"))
    _login(client, pes)
    assert client.get(reverse("core:dashboard")).url.startswith(reverse("accounts:mfa_verify"))


def test_the_reset_is_refused_to_staff_and_recorded_for_administrators(client_for, staff, rops_admin):
    from accounts import mfa

    client = client_for(staff)
    assert client.post(reverse("accounts:mfa_reset", args=[rops_admin.pk]), {"reason": "x"}).status_code == 403
    TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    mfa.mfa_reset(user=staff, by=rops_admin, reason="Zgubiony telefon, tożsamość potwierdzona telefonicznie")
    assert not TOTPDevice.objects.filter(user=staff).exists()
    event = MfaEvent.objects.get(user=staff)
    assert event.kind == MfaEvent.Kind.RESET
    assert event.by == rops_admin
    with pytest.raises(PermissionDenied):
        mfa.mfa_reset(user=rops_admin, by=staff, reason="x")


def test_the_reset_page_works_for_an_administrator(client_for, staff, rops_admin):
    TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    response = client_for(rops_admin).post(reverse("accounts:mfa_reset", args=[staff.pk]),
                                           {"reason": "Zgubiony telefon"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_production_requires_the_second_factor_of_staff_members_and_administrators():
    from importlib import import_module

    base = import_module("config.settings.base")
    assert set(base.MFA_REQUIRED_ROLES) == {"rops_admin", "rops_staff", "committee_member"}
