"""The one home of the electronic seal: PAdES signatures on the PDFs ROPS publishes, their check, and the seal's
detached signature over other data (the daily list of certificates).

``seal_pdf`` seals a rendered PDF (``core.pdf.render_pdf``) with a visible signature field naming the signer and
the time, as PAdES (``/ETSI.CAdES.detached``) with pyHanko:

- **B-LT** when a timestamp server is configured (``SEAL_TSA_URL``) and validation data is at hand (the chain to a
  trusted root plus revocation information: CRLs from ``SEAL_CRLS`` or fetched online when
  ``SEAL_FETCH_REVOCATION``) — the chain and the revocation data are embedded in the document security store;
- **B-T** with a timestamp but no revocation data;
- **B-B** without a timestamp server (the chain and any revocation data are still embedded).

The level reached is returned with the PDF and its SHA-256, which the caller stores on the record: a sealed
document is never rendered again (a new version is a new document). ``seal_check`` tells whether bytes are a PDF
sealed by our seal and untouched since. The key is configured (docs/sealing.md), never in the repository: a
PKCS#12 file and passphrase, or a PKCS#11 token (a qualified seal in an HSM) in production.
"""

import asyncio
import functools
import hashlib
import io
import logging
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

FIELD_NAME = "PieczecROPS"
# The visible field, in PDF points: by default in the lower margin of the first page, at its right.
FIELD_WIDTH, FIELD_HEIGHT, FIELD_MARGIN = 260, 40, 16
STAMP_TEXT = "Pieczęć elektroniczna\n%(signer)s\nData: %(ts)s"

LEVEL_B_B, LEVEL_B_T, LEVEL_B_LT = "PAdES-B-B", "PAdES-B-T", "PAdES-B-LT"


class SealUnavailable(ImproperlyConfigured):
    """The seal is not configured, or its key cannot be opened."""


@dataclass(frozen=True)
class SealedPdf:
    content: bytes
    sha256: str
    level: str


def _outside_event_loop(function):
    """pyHanko runs its work with ``asyncio.run``, which refuses to start inside a thread whose event loop is
    running (a process that also drives Playwright's sync API, or an async server). There the call runs in a
    short-lived thread of its own; the sealing touches no database, only settings and files."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return function(*args, **kwargs)
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(function, *args, **kwargs).result()

    return wrapper


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- configuration ------------------------------------------------------------------------------------------

def _load_certs(paths) -> list:
    # lazy: asn1crypto (0.1 s to import) is needed only when a seal is made or checked
    from asn1crypto import pem, x509

    certs = []
    for path in paths or ():
        data = Path(path).read_bytes()
        if pem.detect(data):
            certs += [x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, multiple=True)]
        else:
            certs.append(x509.Certificate.load(data))
    return certs


def _load_crls(paths) -> list:
    # lazy: asn1crypto (0.1 s to import) is needed only when a seal is made or checked
    from asn1crypto import crl, pem

    crls = []
    for path in paths or ():
        path = Path(path)
        if not path.exists():
            continue
        data = path.read_bytes()
        if pem.detect(data):
            crls += [crl.CertificateList.load(der) for _t, _h, der in pem.unarmor(data, multiple=True)]
        else:
            crls.append(crl.CertificateList.load(data))
    return crls


def trust_roots() -> list:
    """The roots a seal must chain to (``SEAL_TRUST_ROOTS``): the demo CA, or the qualified trust service's."""
    try:
        return _load_certs(settings.SEAL_TRUST_ROOTS)
    except OSError as exc:
        raise SealUnavailable(f"SEAL_TRUST_ROOTS cannot be read: {exc}") from exc


def validation_context(*, for_signing: bool):
    # lazy: pyHanko (1 s to import with its dependencies) is needed only when a PDF is sealed or checked
    from pyhanko_certvalidator import ValidationContext

    crls = _load_crls(settings.SEAL_CRLS)
    return ValidationContext(trust_roots=trust_roots(), crls=crls, allow_fetching=settings.SEAL_FETCH_REVOCATION,
                             revocation_mode="soft-fail" if not for_signing or not crls else "hard-fail")


@contextmanager
def _signer():
    """The configured signer: ``SEAL_BACKEND`` ``pkcs12`` (a file) or ``pkcs11`` (a token; its session is closed
    when the block ends)."""
    # lazy: pyHanko (1 s to import with its dependencies) is needed only when a PDF is sealed or checked
    from pyhanko.sign import signers

    backend = settings.SEAL_BACKEND
    if backend == "pkcs12":
        path = Path(settings.SEAL_PKCS12_FILE)
        if not path.exists():
            raise SealUnavailable(f"The seal's PKCS#12 file {path} does not exist (see docs/sealing.md; the demo "
                                  "creates one with `manage.py seal_demo_ca`).")
        passphrase = settings.SEAL_PKCS12_PASSPHRASE.encode() or None
        signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=passphrase)
        if signer is None:
            raise SealUnavailable(f"The seal's PKCS#12 file {path} cannot be opened with SEAL_PKCS12_PASSPHRASE.")
        yield signer
    elif backend == "pkcs11":
        # lazy: pyHanko (1 s to import with its dependencies) is needed only when a PDF is sealed or checked
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

        if not settings.SEAL_PKCS11_MODULE:
            raise SealUnavailable("SEAL_PKCS11_MODULE is not set (see docs/sealing.md).")
        session = open_pkcs11_session(settings.SEAL_PKCS11_MODULE,
                                      token_criteria=TokenCriteria(label=settings.SEAL_PKCS11_TOKEN_LABEL),
                                      user_pin=settings.SEAL_PKCS11_PIN or None)
        try:
            yield PKCS11Signer(session, key_label=settings.SEAL_PKCS11_KEY_LABEL,
                               cert_label=settings.SEAL_PKCS11_CERT_LABEL or settings.SEAL_PKCS11_KEY_LABEL,
                               other_certs_to_pull=None)
        finally:
            session.close()
    else:
        raise SealUnavailable(f"Unknown SEAL_BACKEND {backend!r}: pkcs12 or pkcs11.")


def _timestamper():
    if not settings.SEAL_TSA_URL:
        return None
    # lazy: pyHanko (1 s to import with its dependencies) is needed only when a PDF is sealed or checked
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(settings.SEAL_TSA_URL, timeout=settings.SEAL_TSA_TIMEOUT)


def seal_certificates() -> set[bytes]:
    """SHA-256 fingerprints of the certificates whose seals we accept as ours: the current seal's
    (``SEAL_CERTIFICATE``, or the one in the PKCS#12 file) and earlier ones (``SEAL_PREVIOUS_CERTIFICATES``)."""
    p12 = Path(settings.SEAL_PKCS12_FILE)
    changed = p12.stat().st_mtime_ns if p12.exists() else 0   # a replaced key file is read again
    return _fingerprints(settings.SEAL_CERTIFICATE, str(p12), settings.SEAL_PKCS12_PASSPHRASE,
                         tuple(settings.SEAL_PREVIOUS_CERTIFICATES), changed)


@lru_cache(maxsize=4)
def _fingerprints(certificate: str, p12: str, passphrase: str, previous: tuple, _changed: int) -> set[bytes]:
    paths = [p for p in (certificate, *previous) if p]
    found = {c.sha256 for c in _load_certs(paths)}
    if not certificate and Path(p12).exists():
        # lazy: cryptography (0.15 s to import) is needed only when the seal's key is opened
        from cryptography.hazmat.primitives.serialization import pkcs12

        _key, cert, _chain = pkcs12.load_key_and_certificates(Path(p12).read_bytes(), passphrase.encode() or None)
        if cert is not None:
            found.add(hashlib.sha256(cert.public_bytes(_DER())).digest())
    return found


def _DER():
    # lazy: cryptography (0.15 s to import) is needed only when the seal's key is opened
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.DER


def signer_name(signer) -> str:
    cert = signer.signing_cert
    return cert.subject.native.get("organization_name") or cert.subject.native.get("common_name") or ""


# --- sealing ------------------------------------------------------------------------------------------------

def _default_box(writer) -> tuple[int, int, int, int]:
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    width = int(float(page["/MediaBox"][2]))
    return (width - FIELD_WIDTH - 2 * FIELD_MARGIN, FIELD_MARGIN, width - 2 * FIELD_MARGIN,
            FIELD_MARGIN + FIELD_HEIGHT)


@_outside_event_loop
def seal_pdf(pdf: bytes, *, reason: str = "", location: str = "", box: tuple | None = None) -> SealedPdf:
    """Seal ``pdf`` (as rendered) with the configured key: an incremental revision with a visible field naming
    the signer and the time, at ``box`` on the first page (x1, y1, x2, y2 in points; default: lower right)."""
    # lazy: pyHanko (1 s to import with its dependencies) is needed only when a PDF is sealed or checked
    from pyhanko import stamp
    from pyhanko.pdf_utils import text
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference

    timestamper = _timestamper()
    context = validation_context(for_signing=True)
    has_revocation = bool(context.crls) or settings.SEAL_FETCH_REVOCATION
    # The standard PDF font (no embedding; pyHanko's OpenType path spaces glyphs wrongly in common viewers): the
    # field's text is written without Polish diacritics, the document itself keeps them.
    style = stamp.TextStampStyle(stamp_text=_ascii(STAMP_TEXT), timestamp_format="%d.%m.%Y %H:%M:%S %Z",
                                 border_width=1, text_box_style=text.TextBoxStyle(font_size=7))
    with _signer() as signer:
        name = signer_name(signer)
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
            reason=reason or None, location=location or None, name=name or None,
            embed_validation_info=True, validation_context=context, use_pades_lta=False,
            # the chain and revocation data go in the signed revision: the seal covers every byte of the file
            dss_settings=DSSContentSettings(placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE,
                                            include_vri=False))
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        pdf_signer = signers.PdfSigner(
            meta, signer=signer, timestamper=timestamper, stamp_style=style,
            new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME, on_page=0,
                                               box=box or _default_box(writer)))
        output = pdf_signer.sign_pdf(writer, appearance_text_params={"signer": _ascii(name)})
    content = output.getvalue()
    if timestamper is None:
        level = LEVEL_B_B
    else:
        level = LEVEL_B_LT if has_revocation else LEVEL_B_T
    return SealedPdf(content=content, sha256=sha256_hex(content), level=level)


def _ascii(value: str) -> str:
    """Without a Unicode font the standard PDF font cannot show Polish letters."""
    value = value.replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()


# --- checking -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SealCheck:
    """What a PDF's bytes tell: sealed by one of our seals, the seal valid and covering the whole file."""

    sha256: str
    is_pdf: bool = False
    ours: bool = False          # one signature, made with our seal certificate, chaining to a trusted root
    intact: bool = False        # the signature is valid and covers every byte of the file (no later revision)
    signed_at: datetime | None = None

    @property
    def genuine(self) -> bool:
        return self.is_pdf and self.ours and self.intact


@_outside_event_loop
def seal_check(data: bytes) -> SealCheck:
    """Check ``data`` against our seal. Never raises on hostile input: anything unreadable is simply not
    genuine."""
    # lazy: pyHanko (1 s to import with its dependencies) is needed only when a PDF is sealed or checked
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    digest = sha256_hex(data)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:   # noqa: BLE001 - a hostile or damaged file is "not ours", whatever the parser says
        logger.info("seal_check: not a readable PDF", exc_info=True)
        return SealCheck(sha256=digest)
    if len(signatures) != 1:
        return SealCheck(sha256=digest, is_pdf=True)
    signature = signatures[0]
    try:
        status = validate_pdf_signature(signature, validation_context(for_signing=False))
    except Exception:   # noqa: BLE001
        logger.info("seal_check: the signature cannot be validated", exc_info=True)
        return SealCheck(sha256=digest, is_pdf=True)
    try:
        ours = status.signing_cert.sha256 in seal_certificates() and status.trusted
    except (OSError, ValueError):   # the seal's certificate is not readable: nothing can be confirmed as ours
        logger.warning("seal_check: the seal certificates cannot be read", exc_info=True)
        ours = False
    intact = (status.intact and status.valid and status.coverage == SignatureCoverageLevel.ENTIRE_FILE)
    signed_at = status.timestamp_validity.timestamp if status.timestamp_validity else status.signer_reported_dt
    return SealCheck(sha256=digest, is_pdf=True, ours=ours, intact=intact, signed_at=signed_at)


# --- detached signatures (the daily list of certificates) --------------------------------------------------

@_outside_event_loop
def seal_detached(data: bytes) -> bytes:
    """A detached CMS signature (DER, ``.p7s``) over ``data`` with the seal's key, timestamped when a timestamp
    server is configured. Checked offline with ``openssl cms -verify`` (docs/sealing.md)."""
    with _signer() as signer:
        content_info = asyncio.run(signer.async_sign_general_data(
            data, "sha256", detached=True, timestamper=_timestamper()))
    return content_info.dump()


@_outside_event_loop
def seal_detached_check(data: bytes, signature: bytes) -> bool:
    """``signature`` is a valid detached signature of ours over exactly ``data``."""
    # lazy: asn1crypto and pyHanko (1 s to import) are needed only when a seal is made or checked
    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms

    try:
        signed_data = cms.ContentInfo.load(signature)["content"]
        status = asyncio.run(async_validate_detached_cms(
            data, signed_data, signer_validation_context=validation_context(for_signing=False)))
    except Exception:   # noqa: BLE001 - a damaged or foreign signature is simply not ours
        logger.info("seal_detached_check: the signature cannot be validated", exc_info=True)
        return False
    try:
        return bool(status.intact and status.valid and status.trusted
                    and status.signing_cert.sha256 in seal_certificates())
    except (OSError, ValueError):
        logger.warning("seal_detached_check: the seal certificates cannot be read", exc_info=True)
        return False
