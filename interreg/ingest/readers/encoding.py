"""Turning a file's bytes into text: UTF-8 (with or without BOM) or Windows-1251.

- Valid UTF-8 is read as it is.
- UTF-8 with a few broken byte sequences (a stray byte, a file cut in the middle of a
  character) is read with each broken sequence replaced by U+FFFD «\ufffd» and a note:
  one bad byte should not cost a whole article, and the mark shows where text was lost.
  "A few" means at least MIN_VALID_PER_BROKEN well-formed non-ASCII characters per broken
  sequence, or a single broken sequence that ends the file after well-formed text.
  Windows-1251 Russian read as UTF-8 breaks at nearly every letter, so it never passes.
- Otherwise Windows-1251, when the result looks like Russian text (see `plausible_share`
  and `lower_case_share`), with a note.
- Anything else raises ReadError with the reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from interreg.ingest.readers.outcome import ReadError

# Below this share of plausible characters a cp1251 decoding is taken for garbage.
MIN_PLAUSIBLE_SHARE = 0.95
# Below this share of lower-case letters among Cyrillic ones a cp1251 decoding is taken for
# KOI8-R or another Cyrillic code page read wrongly: those come out mostly upper-case.
MIN_LOWER_CASE_SHARE = 0.5
# Fewer Cyrillic letters than this are too few to judge letter case by.
MIN_LETTERS_FOR_CASE_CHECK = 40
# Well-formed non-ASCII characters needed per broken sequence to read a file as UTF-8.
MIN_VALID_PER_BROKEN = 50
UTF16_BYTE_ORDER_MARKS = (b"\xff\xfe", b"\xfe\xff")
# Punctuation common in Russian news that is neither ASCII nor Cyrillic.
TYPOGRAPHIC = set("«»„“”‘’–—…№°•·€\u00a0\u2009\u202f")
# Bytes that are not UTF-8, as the `surrogateescape` error handler gives them back.
ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")
REPLACEMENT = "\ufffd"
# Control characters (Unicode category Cc) but the line breaks, tabs and form feeds of text.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]+")


@dataclass
class Decoded:
    text: str
    note: str | None = None     # how the bytes were read, when it is worth saying


def read_text_bytes(data: bytes) -> str:
    """Decode news text, detecting UTF-8 or Windows-1251; ReadError if neither fits.

    >>> read_text_bytes("Омск".encode("cp1251"))
    'Омск'
    """
    return decode_text(data).text


def decode_text(data: bytes) -> Decoded:
    """Like `read_text_bytes`, with a note when the text was not plain UTF-8.

    >>> decode_text("Омск".encode("cp1251")).note
    'read as Windows-1251'
    >>> decoded = decode_text("Бухарская область".encode() + b"\\xd0")
    >>> decoded.text, decoded.note
    ('Бухарская область\ufffd', '1 broken UTF-8 sequence replaced with U+FFFD')
    """
    if not data.strip():
        raise ReadError("empty file")
    if looks_like_utf16(data):
        raise ReadError("UTF-16 text: not UTF-8 or Windows-1251 (save it as UTF-8)")
    if b"\x00" in data:
        raise ReadError("binary file (contains NUL bytes), not text")
    try:
        return Decoded(_printable_or_fail(data.decode("utf-8-sig")))
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8-sig", errors="surrogateescape")
    broken = [found.span() for found in ESCAPED_BYTES.finditer(escaped)]
    if _mostly_utf8(escaped, broken):
        text = ESCAPED_BYTES.sub(REPLACEMENT, escaped)
        plural = "s" if len(broken) > 1 else ""
        return Decoded(_printable_or_fail(text),
                       f"{len(broken)} broken UTF-8 sequence{plural} replaced with U+FFFD")
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        raise ReadError("not UTF-8 or Windows-1251") from None
    if not text.strip():                    # no-break spaces (0xA0) and the like
        raise ReadError("empty file")
    if plausible_share(text) < MIN_PLAUSIBLE_SHARE:
        raise ReadError("not UTF-8 or Windows-1251")
    if lower_case_share(text) < MIN_LOWER_CASE_SHARE:
        raise ReadError("not UTF-8 or Windows-1251 (Cyrillic in another code page, KOI8-R?)")
    return Decoded(text, "read as Windows-1251")


def looks_like_utf16(data: bytes) -> bool:
    """A UTF-16 byte order mark followed by text that reads as UTF-16.

    The marks are also «яю» and «юя» in Windows-1251, so the mark alone is not enough.
    >>> looks_like_utf16("Омск".encode("utf-16")), looks_like_utf16("юя, омск".encode("cp1251"))
    (True, False)
    """
    if not data.startswith(UTF16_BYTE_ORDER_MARKS) or len(data) % 2:
        return False
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        return False
    return bool(text) and plausible_share(text) >= MIN_PLAUSIBLE_SHARE


def _mostly_utf8(escaped: str, broken: list[tuple[int, int]]) -> bool:
    """Few broken sequences among many well-formed non-ASCII characters, or one cut-off
    character at the very end of otherwise well-formed text."""
    bad_chars = sum(end - start for start, end in broken)
    valid = sum(1 for ch in escaped if not ch.isascii()) - bad_chars
    if valid <= 0:
        return False
    cut_short = len(broken) == 1 and broken[0][1] == len(escaped)
    return cut_short or valid >= MIN_VALID_PER_BROKEN * len(broken)


def _printable_or_fail(text: str) -> str:
    if not text.strip():                    # a byte order mark alone, or one and blanks
        raise ReadError("empty file")
    if printable_share(text) < MIN_PLAUSIBLE_SHARE:
        raise ReadError("binary file: too many control characters for text")
    return text


def plausible_share(text: str) -> float:
    """Share of characters Russian news in Windows-1251 is made of: ASCII, Cyrillic, typography.

    Random bytes decode to control characters and odd symbols often enough to fall short.
    """
    return sum(1 for ch in text if _plausible(ch)) / len(text)


def lower_case_share(text: str) -> float:
    """Share of lower-case letters among the Cyrillic ones; 1.0 when there are too few to tell."""
    letters = [ch for ch in text if "\u0400" <= ch <= "\u04ff" and ch.isalpha()]
    if len(letters) < MIN_LETTERS_FOR_CASE_CHECK:
        return 1.0
    return sum(1 for ch in letters if ch.islower()) / len(letters)


def printable_share(text: str) -> float:
    """Share of characters that are not control characters (UTF-8 text of any script)."""
    return len(CONTROL_CHARACTERS.sub("", text)) / len(text)


def _plausible(ch: str) -> bool:
    if ch in "\n\r\t\f":
        return True
    if ch.isascii():
        return ch.isprintable()
    if ch in TYPOGRAPHIC:
        return True
    return unicodedata.category(ch)[0] in "LNPSZ" and "CYRILLIC" in unicodedata.name(ch, "")
