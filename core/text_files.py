"""Text files as Polish offices save them: the one decoding of every CSV (or other text) file the system reads.

Polish text reaches us in four encodings: UTF-8 (with or without the byte-order mark Excel writes), UTF-16 (Excel's
"Unicode text"), Windows-1250 (Excel's "CSV (separated by semicolons)" on a Polish Windows) and ISO-8859-2 (older
systems and Unix tools). Windows-1250 and ISO-8859-2 decode almost any bytes without an error, but they place ą, ś
and ź (and Ą, Ś, Ź) on different bytes: an ISO-8859-2 "Urząd" read as Windows-1250 becomes "Urz±d", a Windows-1250
"Łoś" read as ISO-8859-2 keeps the Ł but its ś becomes a control character. So a decoding that "works" proves
nothing; ``decode_text`` decides by the letters each decoding yields, in this order:

1. a UTF-8 byte-order mark: the rest must be UTF-8, otherwise the file is refused (the mark promises UTF-8);
2. a UTF-16 byte-order mark: UTF-16;
3. text that is valid UTF-8: UTF-8 (Polish letters in a single-byte code page are almost never valid UTF-8);
4. otherwise each single-byte Polish code page (Windows-1250, ISO-8859-2, and DOS CP852 from the oldest systems)
   that decodes the bytes is scored: +1 for every Polish letter it yields, -3 for every character that never occurs
   in Polish text (control characters, box drawing, and the mojibake signs ±, ¶, ¦, ¬, ˇ, Ľ, … inside a word). The
   best score wins (Windows-1250 first on a tie, being the most common);
5. whatever was chosen, text that still holds such characters is refused with the line and the word, never stored.

Refusals are ``TextFileError`` with a Polish message that says how to save the file again.
"""

import re
import unicodedata

from django.utils.translation import gettext as _

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Single-byte code pages tried, in order of preference on a tie.
SINGLE_BYTE = ("cp1250", "iso-8859-2", "cp852")
LABELS = {"cp1250": "Windows-1250", "iso-8859-2": "ISO-8859-2", "cp852": "CP852 (DOS)"}
POLISH_LETTERS = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
# What another code page's Polish letters (or UTF-8's bytes) turn into when decoded wrongly. None is a Polish
# letter; inside a word they mean the wrong decoding (a lone "±" in "± 5%" is left alone).
MOJIBAKE = frozenset("±¶¦¬ˇĽľ¤ĹĂÃÄÅ")
# Never in text: C0 controls other than tab and line ends, C1 controls, box drawing and block elements.
_NEVER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2500-\u259f\ufffd]")
_MOJIBAKE_IN_WORD = re.compile(rf"(?<=\w)[{''.join(sorted(MOJIBAKE))}]|[{''.join(sorted(MOJIBAKE))}](?=\w)")
_WORD = re.compile(r"\S+")


class TextFileError(ValueError):
    """The bytes are not text in an encoding we can tell; the message (Polish) is for the person who sent it."""


def decode_text(content: bytes) -> str:
    """The text of ``content`` in the encoding decided as described above (without a byte-order mark), or
    ``TextFileError``. The result is in Unicode NFC, so "ą" typed or pasted either way is one character."""
    if content.startswith(UTF8_BOM):
        try:
            text = content[len(UTF8_BOM):].decode("utf-8")
        except UnicodeDecodeError:
            raise TextFileError(_(
                "The file starts with the UTF-8 mark (BOM), but the text after it is not UTF-8: the file was "
                "saved in two encodings. Open it in a spreadsheet and save it again as “CSV UTF-8”.")) from None
    elif content.startswith(UTF16_BOMS):
        try:
            text = content.decode("utf-16")
        except UnicodeDecodeError:
            raise TextFileError(_("The file starts with the UTF-16 mark, but its text is not UTF-16. Save it again "
                                  "as “CSV UTF-8”.")) from None
    else:
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            text = _single_byte(content)
    text = unicodedata.normalize("NFC", text)
    problem = garbled_part(text)
    if problem is not None:
        line, word = problem
        raise TextFileError(_(
            "Line %(line)d contains “%(word)s”: characters that do not occur in Polish text, so the file is in an "
            "encoding other than UTF-8, Windows-1250 or ISO-8859-2, or its text was already garbled. Nothing was "
            "read. Save the file again as “CSV UTF-8”.") % {"line": line, "word": word})
    return text


def _score(text: str) -> int:
    polish = sum(1 for char in text if char in POLISH_LETTERS)
    odd = len(_NEVER.findall(text)) + len(_MOJIBAKE_IN_WORD.findall(text))
    return polish - 3 * odd


def _single_byte(content: bytes) -> str:
    candidates = []
    for encoding in SINGLE_BYTE:
        try:
            candidates.append(content.decode(encoding))
        except UnicodeDecodeError:  # Windows-1250 leaves five bytes undefined; ISO-8859-2 decodes any byte
            continue
    # max() keeps the first of equal scores: the order of SINGLE_BYTE.
    return max(candidates, key=_score)


def garbled_part(text: str) -> tuple[int, str] | None:
    """(line number, word) of the first character that never occurs in Polish text, or None for clean text."""
    for number, line in enumerate(text.splitlines(), start=1):
        match = _NEVER.search(line) or _MOJIBAKE_IN_WORD.search(line)
        if match:
            words = [w for w in _WORD.finditer(line) if w.start() <= match.start() < w.end()]
            word = words[0].group(0) if words else repr(match.group(0))
            return number, word.strip(";,\t\"'")[:60]
    return None
