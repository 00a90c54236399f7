import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import detect_kind, validate_upload


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("a.pdf", b"%PDF-1.7\n...", "pdf"), ("a.jpg", b"\xff\xd8\xff\xe0JFIF", "jpeg"),
    ("a.png", b"\x89PNG\r\n\x1a\n....", "png"), ("a.docx", DOCX, "docx"), ("a.odt", ODT, "odt"),
])
def test_accepted_kinds(name, content, kind):
    assert validate_upload(SimpleUploadedFile(name, content)) == kind


@pytest.mark.parametrize(("name", "content", "code"), [
    ("setup.pdf", b"MZ\x90\x00\x03", "bad_type"),           # a renamed executable
    ("umowa.pdf", b"just some text", "bad_type"),           # text pretending to be a PDF
    ("archive.docx", _zip({"a.txt": b"x"}), "bad_type"),     # a zip that is no document
    ("photo.pdf", b"\x89PNG\r\n\x1a\n....", "name_mismatch"),  # a real PNG named .pdf
    ("empty.pdf", b"", "empty"),
])
def test_refused_files(name, content, code):
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile(name, content))
    assert exc.value.code == code


def test_oversized_file_is_refused_with_the_limit_in_the_message():
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2000), max_size=1000)
    assert exc.value.code == "too_large"


def test_detection_leaves_the_file_readable_from_the_start():
    upload = SimpleUploadedFile("a.docx", DOCX)
    detect_kind(upload)
    assert upload.read(2) == b"PK"


# --- zip containers that inflate beyond reason ("zip bombs") -----------------------------------------

def _docx_with(document: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_docx_that_inflates_a_thousandfold_is_refused_quickly():
    import time

    bomb = _docx_with(b"\0" * (40 * 1024 * 1024))        # 40 MB of zeros in about 40 KB
    assert len(bomb) < 200 * 1024
    started = time.monotonic()
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("umowa.docx", bomb))
    assert time.monotonic() - started < 2
    assert exc.value.code == "archive"


def test_an_archive_declaring_more_than_the_limit_is_refused(settings):
    import random

    settings.UPLOAD_MAX_UNCOMPRESSED = 1024 * 1024
    text = "".join(random.choice("abcdefghij ąęłóśżźćń") for _ in range(1_500_000)).encode()  # noqa: S311
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("raport.docx", _docx_with(text)))
    assert exc.value.code == "archive"


def test_an_archive_of_too_many_entries_is_refused():
    from core.uploads import ARCHIVE_MAX_ENTRIES

    many = {f"word/media/p{i}.xml": b"x" for i in range(ARCHIVE_MAX_ENTRIES)}
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("raport.docx", _docx_with(b"<w:document/>", many)))
    assert exc.value.code == "archive"


def test_an_archive_whose_sizes_lie_is_refused_as_damaged():
    """The central directory says 10 bytes; the entry holds more. Reading stops at the declared size and the
    checksum fails: the file is refused, never read past what it declared."""
    data = bytearray(_docx_with(b"<w:document>" + b"x" * 5000 + b"</w:document>"))
    name = data.find(b"word/document.xml", data.find(b"PK\x01\x02"))   # the entry's name in the central directory
    header = data.rfind(b"PK\x01\x02", 0, name)
    data[header + 24:header + 28] = (10).to_bytes(4, "little")             # its declared uncompressed size
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("raport.docx", bytes(data)))
    assert exc.value.code == "bad_archive"


def test_an_ordinary_docx_passes_the_archive_check():
    assert validate_upload(SimpleUploadedFile("pismo.docx", _docx_with(b"<w:document>" + b"tekst " * 2000
                                                                         + b"</w:document>"))) == "docx"


@pytest.mark.django_db
def test_a_bomb_sent_as_a_committee_document_stores_nothing(client_for, staff, settings, tmp_path):
    from django.urls import reverse
    from django.utils import timezone

    from committee import services
    from committee.models import Document
    from committee.tests.factories import CommitteeFactory

    meeting = services.meeting_create(committee=CommitteeFactory(), held_on=timezone.now(), mode="online",
                                      by=staff)
    bomb = SimpleUploadedFile("protokol.docx", _docx_with(b"\0" * (40 * 1024 * 1024)))
    page = client_for(staff).post(reverse("committee:document_upload", args=["meeting", meeting.pk]),
                                  {"title": "Protokół", "file": bomb}, follow=True).content.decode()
    assert "jest odrzucany" in page
    assert not Document.objects.exists()
