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
