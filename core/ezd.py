"""The hand-off to the office's electronic records system (EZD): a case package per record and the case sign.

A case package is a zip of the record's documents (PDF) and, beside each, its metadata in the national set of
document metadata (NES, namespace ``NDAP``; the schema the tests validate against is ``schemas/ezd/nes-subset.xsd``).
Each kind of record that has a package registers a provider once, in its app's ``ready()``::

    @ezd_provider("certification.application")
    def application_case(application) -> CaseRecord: ...

The case sign EZD assigns is stored back on the record (``core.models.EzdCaseSign``, through
``core.services.ezd_case_sign_set``; the format rule is ``validate_case_sign``) and goes into the metadata's
``grupowanie``.
"""

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from xml.etree import ElementTree as ET

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NDAP = "http://www.mswia.gov.pl/standardy/ndap"
# The case sign (znak sprawy) of the office manual: the unit's mark, the JRWA class symbol, the case's number in
# the year, the year: "ROPS-II.8012.5.2026".
CASE_SIGN = re.compile(r"^[A-ZĄĆĘŁŃÓŚŹŻ0-9][A-ZĄĆĘŁŃÓŚŹŻ0-9.\-]*\.[0-9]{1,4}\.[0-9]{1,6}\.[0-9]{4}$")


def validate_case_sign(value: str) -> None:
    if not CASE_SIGN.match(value or ""):
        raise ValidationError(
            _("Give the case sign as EZD assigned it: the unit, the JRWA symbol, the number and the year, "
              "separated by dots (e.g. ROPS-II.8012.5.2026)."), code="case_sign")


class Access:
    """``dostep/dostepnosc``: who may see the document in the records system."""

    ALL = "wszystko"            # public documents (published resolutions, reports)
    METADATA = "metadane"       # only the metadata: the document itself is restricted
    NONE = "niedostępne"


@dataclass(frozen=True)
class PackageFile:
    name: str                   # the file's name inside the package (unique in it)
    title: str
    content: bytes
    created: date
    content_type: str = "application/pdf"


@dataclass(frozen=True)
class CaseRecord:
    """What a provider tells about a record: its identifier in this system, title, creator, date, access and
    documents."""

    identifier: str
    title: str
    created: date
    creator: str
    access: str
    files: list[PackageFile] = field(default_factory=list)


Provider = Callable[[object], CaseRecord]
_PROVIDERS: dict[str, Provider] = {}


def ezd_provider(label: str) -> Callable[[Provider], Provider]:
    def register(fn: Provider) -> Provider:
        if label in _PROVIDERS and _PROVIDERS[label] is not fn:
            raise ValueError(f"EZD provider {label!r} is registered twice.")
        _PROVIDERS[label] = fn
        return fn

    return register


def provider_for(label: str) -> Provider | None:
    return _PROVIDERS.get(label)


def has_package(obj) -> bool:
    return obj is not None and obj._meta.label_lower in _PROVIDERS


def _el(parent, name: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NDAP}}}{name}", attrs)
    if text is not None:
        element.text = text
    return element


def _subject(parent, name: str) -> None:
    _el(_el(_el(parent, "podmiot"), "instytucja"), "nazwa", name)


def metadata_xml(record: CaseRecord, document: PackageFile, *, case_sign: str = "") -> bytes:
    """The NES metadata of one document of the record (identifier, creator, title, date, format, access, the
    case sign when EZD has assigned it, language)."""
    ET.register_namespace("ndap", NDAP)
    root = ET.Element(f"{{{NDAP}}}dokument")
    identifier = _el(root, "identyfikator")
    _el(identifier, "typ", "identyfikator w systemie dziedzinowym")
    _el(identifier, "wartosc", f"{record.identifier}/{document.name}")
    _subject(identifier, settings.ROPS_NAME)
    creator = _el(root, "tworca")
    _el(creator, "funkcja", "utworzył")
    _subject(creator, record.creator)
    _el(_el(root, "tytul"), "oryginalny", document.title[:1000])
    when = _el(root, "data")
    _el(when, "typ", "utworzony")
    _el(when, "czas", document.created.isoformat())
    fmt = _el(root, "format")
    _el(fmt, "typ", document.content_type)
    _el(fmt, "niekompletnosc", "nie")
    _el(fmt, "wielkosc", str(len(document.content)), jednostka="bajty")
    _el(_el(root, "dostep"), "dostepnosc", record.access)
    if case_sign:
        grouping = _el(root, "grupowanie")
        _el(grouping, "typ", "znak sprawy")
        _el(grouping, "kod", case_sign)
    _el(root, "jezyk", "polski", kod="pol")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def case_package(record: CaseRecord, *, case_sign: str = "") -> bytes:
    """The zip EZD imports: each document and, beside it, ``<name>.xml`` with its metadata."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for document in record.files:
            archive.writestr(document.name, document.content)
            archive.writestr(f"{document.name}.xml", metadata_xml(record, document, case_sign=case_sign))
    return buffer.getvalue()


def stored_pdf(field_file) -> bytes | None:
    """The bytes of a stored file, or None when it is gone (the package lists what exists)."""
    if not field_file:
        return None
    try:
        with field_file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None
