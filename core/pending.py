"""Keeping an uploaded file between its preview and the confirmation: the one mechanism every import uses.

The file is stored outside the web root under a random, server-chosen name (never the uploader's) and never in
the session; the form carries a signed token naming the stored file, its SHA-256, the user and the purpose. The
token expires after ``MAX_AGE``; files older than twice that are removed whenever a new one is kept, so abandoned
previews do not pile up.
"""

import hashlib
import re
import uuid
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

DIRECTORY = "private/pending"
MAX_AGE = 3600  # seconds between the preview and the confirmation
_STORED_NAME = re.compile(r"[0-9a-f]{32}\.[a-z0-9]{1,5}")


@dataclass(frozen=True)
class PendingFile:
    content: bytes
    original_name: str
    path: str


def pending_keep(*, content: bytes, filename: str, user, purpose: str, extension: str) -> str:
    """Store ``content`` and return the signed token for the confirmation step."""
    _remove_stale()
    stored = default_storage.save(f"{DIRECTORY}/{uuid.uuid4().hex}.{extension}", ContentFile(content))
    return signing.dumps({"file": stored.rsplit("/", 1)[-1], "sha256": hashlib.sha256(content).hexdigest(),
                          "user": user.pk, "name": (filename or "")[:200]}, salt=f"core.pending.{purpose}")


def pending_take(*, token: str, user, purpose: str) -> PendingFile:
    """The file kept by ``pending_keep`` for this user and purpose (ValidationError in Polish when it expired,
    was already used, belongs to someone else or was changed)."""
    expired = ValidationError(_("The uploaded file has expired or was already used: upload it again."),
                              code="expired")
    try:
        data = signing.loads(token or "", salt=f"core.pending.{purpose}", max_age=MAX_AGE)
    except signing.BadSignature:
        raise expired from None
    if data.get("user") != user.pk or not _STORED_NAME.fullmatch(str(data.get("file", ""))):
        raise expired
    path = f"{DIRECTORY}/{data['file']}"
    if not default_storage.exists(path):
        raise expired
    with default_storage.open(path, "rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != data.get("sha256"):
        raise ValidationError(_("The stored file has changed since the preview: upload it again."), code="changed")
    return PendingFile(content=content, original_name=data.get("name", ""), path=path)


def pending_discard(path: str) -> None:
    if default_storage.exists(path):
        default_storage.delete(path)


def _remove_stale() -> None:
    try:
        _dirs, files = default_storage.listdir(DIRECTORY)
    except FileNotFoundError:
        return
    now = timezone.now()
    for name in files:
        path = f"{DIRECTORY}/{name}"
        try:
            if (now - default_storage.get_modified_time(path)).total_seconds() > 2 * MAX_AGE:
                default_storage.delete(path)
        except FileNotFoundError:
            continue
