"""Serving stored files: the one way every download view answers, including when the file is gone.

A stored file can go missing (a restored backup without the media volume, a disk error, a file removed by
hand). The user then gets a 404 page that says so in Polish, never a 500.
"""

from pathlib import PurePath

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


class NotFoundWithReason(Http404):
    """A 404 whose message is written for the user (``templates/404.html`` shows it); other 404s say nothing
    more than "not found", so that Django's English messages never reach a page."""


def download_name(prefix: str, pk, stored_name: str) -> str:
    """The server-chosen name a stored file is downloaded under (``dokument-12.pdf``): never the uploader's name,
    which may carry anything; the extension is the one the server gave the stored file."""
    return f"{prefix}-{pk}{PurePath(stored_name or '').suffix.lower()}"


def stored_file_response(file, *, filename: str, content_type: str | None = None) -> FileResponse:
    """An attachment response for a ``FieldFile``; 404 with a reason when nothing is stored or the file is gone."""
    if not file:
        raise NotFoundWithReason(_("There is no file to download here."))
    try:
        handle = file.open("rb")
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        raise NotFoundWithReason(_("The stored file is missing. Please tell the ROPS staff, who can add it "
                                   "again.")) from None
    kwargs = {"content_type": content_type} if content_type else {}
    return FileResponse(handle, as_attachment=True, filename=filename, **kwargs)
