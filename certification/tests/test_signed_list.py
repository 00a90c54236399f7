"""The signed, dated list of all certificates with their state (docs/sealing.md)."""

import json
import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from certification import services
from certification.models import CertificateList, Status
from certification.tasks import certificate_list_publish_task
from core.seal import seal_detached, seal_detached_check

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificates(staff, pes_entity, other_entity):
    valid = services.certificate_issue(application=ApplicationFactory(
        entity=pes_entity, created_by=staff, status=Status.GRANTED), by=staff)
    withdrawn = services.certificate_issue(application=ApplicationFactory(
        entity=other_entity, created_by=staff, status=Status.GRANTED), by=staff)
    services.certificate_withdraw(certificate=withdrawn, by=staff, reason="Naruszenie zasad")
    return valid, withdrawn


def _read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def test_the_list_names_every_certificate_with_its_state_and_date(certificates):
    published = services.certificate_list_publish(by=None)
    payload = json.loads(_read(published.content))
    states = {row["number"]: row["state"] for row in payload["certificates"]}
    assert (payload["as_of"], states) == (timezone.localdate().isoformat(), {
        certificates[0].number: "valid", certificates[1].number: "withdrawn"})


def test_the_signature_verifies(certificates):
    published = services.certificate_list_publish(by=None)
    assert seal_detached_check(_read(published.content), _read(published.signature))


def test_the_signature_fails_after_a_change(certificates):
    published = services.certificate_list_publish(by=None)
    changed = _read(published.content).replace(b'"withdrawn"', b'"valid"')
    assert not seal_detached_check(changed, _read(published.signature))


def test_a_signature_by_another_key_fails(certificates, settings, tmp_path):
    from core.seal_demo import demo_ca_create

    data = _read(services.certificate_list_publish(by=None).content)
    ours = settings.SEAL_PKCS12_FILE, settings.SEAL_PKCS12_PASSPHRASE
    other = demo_ca_create(tmp_path / "other", organisation="Ktoś inny")
    settings.SEAL_PKCS12_FILE, settings.SEAL_PKCS12_PASSPHRASE = str(other / "seal.p12"), ""
    forged = seal_detached(data)
    settings.SEAL_PKCS12_FILE, settings.SEAL_PKCS12_PASSPHRASE = ours
    assert not seal_detached_check(data, forged)


def test_garbage_is_not_a_signature():
    assert not seal_detached_check(b"{}", b"not a signature")


def test_the_daily_task_publishes_once_a_day(certificates):
    certificate_list_publish_task()
    certificate_list_publish_task()
    assert CertificateList.objects.count() == 1


def test_the_daily_task_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "certification.tasks.certificate_list_publish_task" in tasks


def test_the_public_urls_serve_the_latest_list_and_signature(client, certificates):
    services.certificate_list_publish(by=None, day=date(2026, 1, 5))
    latest = services.certificate_list_publish(by=None)
    body = b"".join(client.get(reverse("certification:list_json")).streaming_content)
    signature = b"".join(client.get(reverse("certification:list_signature")).streaming_content)
    assert (body, signature) == (_read(latest.content), _read(latest.signature))


def test_no_list_yet_is_a_404_with_a_reason(client):
    response = client.get(reverse("certification:list_json"))
    assert response.status_code == 404


def test_a_person_cannot_publish_the_list(outsider):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.certificate_list_publish(by=outsider)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_the_documented_openssl_command_verifies_the_list_offline(certificates, settings, tmp_path):
    published = services.certificate_list_publish(by=None)
    (tmp_path / "lista.json").write_bytes(_read(published.content))
    (tmp_path / "lista.json.p7s").write_bytes(_read(published.signature))
    command = ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "lista.json.p7s",
               "-content", "lista.json", "-CAfile", str(settings.SEAL_DIR / "ca.pem"), "-purpose", "any",
               "-out", "/dev/null"]
    assert subprocess.run(command, cwd=tmp_path, capture_output=True, check=False).returncode == 0
    (tmp_path / "lista.json").write_bytes(_read(published.content).replace(b"valid", b"VALID"))
    assert subprocess.run(command, cwd=tmp_path, capture_output=True, check=False).returncode != 0
