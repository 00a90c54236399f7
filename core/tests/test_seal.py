"""The electronic seal (core/seal.py): a sealed PDF checks as ours and untouched; any change does not."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured

from core import seal
from core.pdf import render_pdf


@pytest.fixture(scope="module")
def plain_pdf():
    return render_pdf("core/pdf/audit_log.html", {"log": None})


@pytest.fixture(scope="module")
def sealed(plain_pdf):
    return seal.seal_pdf(plain_pdf, reason="Test", location="Toruń")


def test_a_sealed_pdf_checks_as_ours_and_intact(sealed):
    assert seal.seal_check(sealed.content).genuine


def test_the_sealed_pdf_reports_its_hash_and_level(sealed):
    assert (sealed.sha256, sealed.level) == (seal.sha256_hex(sealed.content), seal.LEVEL_B_B)


def test_the_seal_embeds_the_chain_and_the_revocation_list(sealed):
    from pyhanko.pdf_utils.reader import PdfFileReader

    dss = PdfFileReader(io.BytesIO(sealed.content)).root["/DSS"].get_object()
    assert (len(dss["/Certs"]), len(dss["/CRLs"])) == (2, 1)


def test_the_visible_field_names_the_signer_and_the_time(sealed):
    from pyhanko.pdf_utils.reader import PdfFileReader

    field = PdfFileReader(io.BytesIO(sealed.content)).embedded_signatures[0].sig_field
    appearance = field["/AP"]["/N"].get_object().data
    assert b"Regionalny Osrodek Polityki Spolecznej" in appearance
    assert b"(Data" in appearance


def test_one_byte_changed_is_not_genuine(sealed):
    data = bytearray(sealed.content)
    position = data.index(b"/Type /Page") if b"/Type /Page" in data else len(data) // 3
    data[position + 1] ^= 0x01
    assert not seal.seal_check(bytes(data)).genuine


def test_a_resaved_pdf_is_not_genuine(sealed):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sealed.content)))
    out = io.BytesIO()
    writer.write(out)
    assert not seal.seal_check(out.getvalue()).genuine


def test_an_appended_revision_is_not_genuine(sealed):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(sealed.content))
    writer.set_info(generic.DictionaryObject({generic.NameObject("/Title"): generic.TextStringObject("Zmieniony")}))
    out = io.BytesIO()
    writer.write(out)
    check = seal.seal_check(out.getvalue())
    assert check.ours
    assert not check.intact


def test_a_pdf_sealed_with_another_key_is_not_ours(plain_pdf, settings, tmp_path):
    from core.seal_demo import demo_ca_create

    ours = (settings.SEAL_PKCS12_FILE, settings.SEAL_PKCS12_PASSPHRASE, settings.SEAL_TRUST_ROOTS, settings.SEAL_CRLS)
    other = demo_ca_create(tmp_path / "other", organisation="Ktoś inny")
    settings.SEAL_PKCS12_FILE, settings.SEAL_PKCS12_PASSPHRASE = str(other / "seal.p12"), ""
    settings.SEAL_TRUST_ROOTS, settings.SEAL_CRLS = [str(other / "ca.pem")], [str(other / "ca.crl")]
    forged = seal.seal_pdf(plain_pdf).content
    (settings.SEAL_PKCS12_FILE, settings.SEAL_PKCS12_PASSPHRASE, settings.SEAL_TRUST_ROOTS,
     settings.SEAL_CRLS) = ours
    assert not seal.seal_check(forged).ours


@pytest.mark.parametrize("data", [b"", b"not a pdf", b"PK\x03\x04" + b"\x00" * 100, b"%PDF-1.7\n%%EOF",
                                  b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>"])
def test_hostile_bytes_are_simply_not_genuine(data):
    assert not seal.seal_check(data).genuine


def test_sealing_without_a_key_says_what_is_missing(plain_pdf, settings, tmp_path):
    settings.SEAL_PKCS12_FILE = str(tmp_path / "missing.p12")
    with pytest.raises(ImproperlyConfigured, match="seal_demo_ca"):
        seal.seal_pdf(plain_pdf)


def test_a_wrong_passphrase_is_refused(plain_pdf, settings):
    settings.SEAL_PKCS12_PASSPHRASE = "wrong"
    with pytest.raises(Exception):  # noqa: B017, PT011 - the key cannot be opened, whatever the library raises
        seal.seal_pdf(plain_pdf)


def _test_tsa(settings, tmp_path):
    """A throwaway RFC 3161 timestamp authority answered in-process (pyHanko's DummyTimeStamper)."""
    from datetime import UTC, datetime, timedelta

    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps import DummyTimeStamper

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")])
    now = datetime.now(UTC) - timedelta(minutes=1)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .sign(key, hashes.SHA256()))
    root = tmp_path / "tsa.pem"
    root.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    settings.SEAL_TRUST_ROOTS = [*settings.SEAL_TRUST_ROOTS, str(root)]   # the TSA's root must be trusted too
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())))


def test_a_timestamped_seal_with_revocation_data_is_b_lt(plain_pdf, monkeypatch, settings, tmp_path):
    tsa = _test_tsa(settings, tmp_path)
    monkeypatch.setattr(seal, "_timestamper", lambda: tsa)
    assert seal.seal_pdf(plain_pdf).level == seal.LEVEL_B_LT


def test_a_timestamped_seal_without_revocation_data_is_b_t(plain_pdf, monkeypatch, settings, tmp_path):
    tsa = _test_tsa(settings, tmp_path)
    monkeypatch.setattr(seal, "_timestamper", lambda: tsa)
    settings.SEAL_CRLS = []
    assert seal.seal_pdf(plain_pdf).level == seal.LEVEL_B_T


def test_the_demo_command_makes_a_ca_and_seal_once(settings, tmp_path):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seal_demo_ca", dir=str(tmp_path / "seal"), stdout=io.StringIO())
    first = (tmp_path / "seal" / "seal.p12").read_bytes()
    call_command("seal_demo_ca", dir=str(tmp_path / "seal"), stdout=io.StringIO())
    assert (tmp_path / "seal" / "seal.p12").read_bytes() == first


def test_the_demo_command_refuses_outside_debug(settings, tmp_path):
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seal_demo_ca", dir=str(tmp_path / "seal"), stdout=io.StringIO())


@pytest.mark.parametrize(("setting", "value"), [("SEAL_TRUST_ROOTS", ["/nonexistent/ca.pem"]),
                                                ("SEAL_CERTIFICATE", "/nonexistent/seal.pem")])
def test_a_check_with_an_unreadable_configuration_is_not_genuine_and_does_not_fail(sealed, settings, setting,
                                                                                    value):
    setattr(settings, setting, value)
    assert not seal.seal_check(sealed.content).genuine


def test_sealing_works_where_an_event_loop_is_running(plain_pdf):
    """A process that also drives an event loop (Playwright's sync API, an async server) still seals and checks.
    The loop runs in a thread of its own, so the test does not depend on one already running in this one."""
    import asyncio
    import threading

    result = {}

    async def inside():
        sealed = seal.seal_pdf(plain_pdf, reason="Test")
        return seal.seal_check(sealed.content).genuine

    thread = threading.Thread(target=lambda: result.update(genuine=asyncio.run(inside())))
    thread.start()
    thread.join(timeout=120)
    assert result["genuine"]
