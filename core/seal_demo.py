"""A throwaway certification authority and electronic seal for the demo and the tests (never for production).

``demo_ca_create(directory)`` writes, under a directory outside the repository (``SEAL_DIR``, by default
``MEDIA_ROOT/private/seal``):

- ``ca.pem``: the self-signed root of the demo authority (the verification's trust anchor, ``SEAL_TRUST_ROOTS``);
- ``ca.crl``: its certificate revocation list (empty, valid a year), embedded in sealed PDFs as revocation data;
- ``seal.p12``: the seal's key and certificate with the chain, protected by ``SEAL_PKCS12_PASSPHRASE`` (or not
  encrypted when it is empty), the file ``SEAL_PKCS12_FILE`` points to;
- ``seal.pem``: the seal's certificate alone (what an offline check of the daily list needs).
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_FILE, CRL_FILE, P12_FILE, CERT_FILE = "ca.pem", "ca.crl", "seal.p12", "seal.pem"
CRL_URL = "http://crl.demo.invalid/rops-demo-ca.crl"   # never fetched: the CRL is supplied from CRL_FILE


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ROPS (demo)"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def demo_ca_create(directory, *, organisation: str, passphrase: str = "", force: bool = False) -> Path:
    """Create the demo CA and seal under ``directory`` (kept when already there, unless ``force``); return it."""
    directory = Path(directory)
    if not force and all((directory / f).exists() for f in (CA_FILE, CRL_FILE, P12_FILE, CERT_FILE)):
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC) - timedelta(minutes=5)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name("ROPS demo CA – not for production")
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    seal_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                         x509.NameAttribute(NameOID.COMMON_NAME, organisation)])
    seal = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_name).public_key(seal_key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + timedelta(days=1825))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                full_name=[x509.UniformResourceIdentifier(CRL_URL)], relative_name=None, reasons=None,
                crl_issuer=None)]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    crl = (x509.CertificateRevocationListBuilder().issuer_name(ca_name).last_update(now)
           .next_update(now + timedelta(days=365))
           .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
           .add_extension(x509.CRLNumber(1), critical=False)
           .sign(ca_key, hashes.SHA256()))
    encryption = (serialization.BestAvailableEncryption(passphrase.encode()) if passphrase
                  else serialization.NoEncryption())
    (directory / CA_FILE).write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (directory / CRL_FILE).write_bytes(crl.public_bytes(serialization.Encoding.DER))
    (directory / CERT_FILE).write_bytes(seal.public_bytes(serialization.Encoding.PEM))
    p12 = directory / P12_FILE
    p12.write_bytes(pkcs12.serialize_key_and_certificates(b"rops-seal", seal_key, seal, [ca], encryption))
    p12.chmod(0o600)
    return directory
