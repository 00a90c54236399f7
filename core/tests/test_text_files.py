"""The one decoding of text files (core.text_files): files as Polish offices save them."""

import pytest

from core.text_files import TextFileError, decode_text, garbled_part

POLISH = [
    "Urząd Gminy Łoś",
    "Koło Gospodyń Wiejskich w Łążku",
    "Fundacja Świętego Źdźbła",
    "ZAŻÓŁĆ GĘŚLĄ JAŹŃ",
    "Centrum Integracji Społecznej w Ząbkach",
    "Góra",
    "Stowarzyszenie Łódź",
]


@pytest.mark.parametrize("text", POLISH)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1250", "iso-8859-2", "cp852"])
def test_polish_text_is_decoded_right_in_every_encoding_offices_use(text, encoding):
    content = f"name;legal_form\n{text};foundation\n".encode(encoding)
    assert decode_text(content) == f"name;legal_form\n{text};foundation\n"


def test_windows_1250_typographic_quotes_and_dashes_are_kept():
    text = "Spółdzielnia Socjalna „Źródło” – Ścinawa"
    assert decode_text(text.encode("cp1250")) == text


def test_iso_8859_2_is_not_read_as_windows_1250():
    """The bug: ISO-8859-2 decodes as Windows-1250 without an error, giving "Urz±d" and "Ło¶"."""
    content = "Urząd Gminy Łoś".encode("iso-8859-2")
    assert content.decode("cp1250") == "Urz±d Gminy Ło¶"  # what a naive decoding stores
    assert decode_text(content) == "Urząd Gminy Łoś"


def test_a_utf8_bom_followed_by_windows_1250_is_an_encoding_error():
    content = b"\xef\xbb\xbf" + "name;legal_form\nŁódź;foundation\n".encode("cp1250")
    with pytest.raises(TextFileError, match="znacznika UTF-8 \\(BOM\\)"):
        decode_text(content)


def test_text_that_was_already_garbled_is_refused_with_the_line_and_the_word():
    content = "name;legal_form\nFundacja A;foundation\nUrz±d Gminy;local_government\n".encode()
    with pytest.raises(TextFileError, match="Wiersz 3 zawiera „Urz±d”"):
        decode_text(content)


def test_control_characters_are_refused():
    with pytest.raises(TextFileError):
        decode_text(b"name\x01;legal_form\n")


def test_a_lone_sign_outside_a_word_is_not_taken_for_garbling():
    assert garbled_part("Dotacja ± 5% rocznie") is None
    assert garbled_part("Urz±d") == (1, "Urz±d")
