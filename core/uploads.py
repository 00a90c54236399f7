"""Checks for uploaded files: the type is read from the content, never trusted from the name.

Allowed: PDF, JPEG, PNG, DOCX and ODT. A file whose content is not one of these (a renamed
executable, a text file called .pdf) is refused with a Polish message naming the reason.

Every upload that is a zip container (DOCX, ODT, XLSX) is checked as an archive before anything parses or
stores it (``check_archive``): the number of entries, the declared uncompressed size, the compression ratio and,
by decompressing it in bounded chunks, the actual size. A "zip bomb" is refused in a fraction of a second and
bounded memory instead of inflating to gigabytes.
"""

import secrets
import zipfile
from pathlib import PurePath
from typing import TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class Kind(TypedDict):
    extensions: set[str]   # the names a file of this kind may have
    label: str             # how messages name the kind


KINDS: dict[str, Kind] = {
    "pdf": {"extensions": {".pdf"}, "label": "PDF"},
    "jpeg": {"extensions": {".jpg", ".jpeg"}, "label": "JPEG"},
    "png": {"extensions": {".png"}, "label": "PNG"},
    "docx": {"extensions": {".docx"}, "label": "DOCX"},
    "odt": {"extensions": {".odt"}, "label": "ODT"},
}
DEFAULT_ALLOWED = frozenset(KINDS)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def detect_kind(upload) -> str | None:
    """The kind of file by its content, or None when it is none of the allowed kinds."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if is_zip(head):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return "odt"
                if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                    return "docx"
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
    return None


ARCHIVE_MAX_ENTRIES = 5_000
ARCHIVE_MAX_RATIO = 250          # uncompressed / compressed, per entry (real office files stay far below)
_CHUNK = 64 * 1024


def _archive_limit() -> int:
    return getattr(settings, "UPLOAD_MAX_UNCOMPRESSED", 100 * 1024 * 1024)


def is_zip(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


def check_archive(file, *, limit: int | None = None) -> None:
    """Raise ValidationError unless the zip container ``file`` (an upload or a binary file object) inflates to a
    bounded size: at most ``ARCHIVE_MAX_ENTRIES`` entries, ``UPLOAD_MAX_UNCOMPRESSED`` (or ``limit``) bytes in all
    (declared and actually read) and a ratio of at most ``ARCHIVE_MAX_RATIO`` per entry."""
    limit = limit or _archive_limit()
    refused = ValidationError(_("The file unpacks to much more data than such a document holds (more than "
                                "%(limit)s); it is refused.") % {"limit": filesizeformat(limit)}, code="archive")
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > ARCHIVE_MAX_ENTRIES:
                raise refused
            if sum(e.file_size for e in entries) > limit:
                raise refused
            for entry in entries:
                if entry.file_size > ARCHIVE_MAX_RATIO * max(entry.compress_size, 1) and entry.file_size > _CHUNK:
                    raise refused
            total = 0
            for entry in entries:
                read = 0
                with archive.open(entry) as member:
                    while chunk := member.read(_CHUNK):
                        read += len(chunk)
                        total += len(chunk)
                        if read > entry.file_size or total > limit:   # the declared size lied
                            raise refused
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError,
            ValueError, OSError):
        raise ValidationError(_("The file is damaged or is not a proper document archive."),
                              code="bad_archive") from None
    finally:
        file.seek(0)


def check_size(size: int, *, limit: int | None = None) -> None:
    """The one size rule of every upload (documents, attachments, import files): refused, before it is read,
    above ``UPLOAD_MAX_SIZE`` (or ``limit``), and when empty."""
    limit = limit or settings.UPLOAD_MAX_SIZE
    if size > limit:
        raise ValidationError(_("The file is too large (%(size)s); the limit is %(limit)s.") % {
            "size": filesizeformat(size), "limit": filesizeformat(limit)}, code="too_large")
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")


def validate_upload(upload, *, allowed=DEFAULT_ALLOWED, max_size: int | None = None) -> str:
    """Raise ValidationError unless the file is one of ``allowed`` by content and name; return its kind."""
    check_size(upload.size, limit=max_size)
    upload.seek(0)
    if is_zip(upload.read(4)):
        check_archive(upload)
    upload.seek(0)
    kind = detect_kind(upload)
    labels = ", ".join(KINDS[k]["label"] for k in sorted(allowed))
    if kind is None or kind not in allowed:
        raise ValidationError(_("The content of the file is not an accepted type (%(types)s).") % {"types": labels},
                              code="bad_type")
    name = (upload.name or "").lower()
    if not any(name.endswith(ext) for ext in KINDS[kind]["extensions"]):
        raise ValidationError(_("The file name does not match its content (%(kind)s). Rename the file and try again.")
                              % {"kind": KINDS[kind]["label"]}, code="name_mismatch")
    return kind


def store_under_random_name(upload, kind: str) -> str:
    """Give a checked upload a random, server-chosen name with the extension of its ``kind`` (as detected from
    its content) before it is stored, and return the uploader's original name (to be shown, never used)."""
    original = PurePath(upload.name or "").name[:255]
    extension = sorted(KINDS[kind]["extensions"])[0]
    upload.name = f"{secrets.token_hex(16)}{extension}"
    return original
