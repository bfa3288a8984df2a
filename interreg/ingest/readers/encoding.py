"""Turning a file's bytes into text: UTF-8 (with or without BOM) or Windows-1251."""

from __future__ import annotations

import unicodedata

from interreg.ingest.readers.outcome import ReadError

# Below this share of plausible characters a cp1251 decoding is taken for garbage.
MIN_PLAUSIBLE_SHARE = 0.95
# Below this share of lower-case letters among Cyrillic ones a cp1251 decoding is taken for
# KOI8-R or another Cyrillic code page read wrongly: those come out mostly upper-case.
MIN_LOWER_CASE_SHARE = 0.5
# Fewer Cyrillic letters than this are too few to judge letter case by.
MIN_LETTERS_FOR_CASE_CHECK = 40
UTF16_BYTE_ORDER_MARKS = (b"\xff\xfe", b"\xfe\xff")
# Punctuation common in Russian news that is neither ASCII nor Cyrillic.
TYPOGRAPHIC = set("«»„“”‘’–—…№°•·€\u00a0\u2009\u202f")


def read_text_bytes(data: bytes) -> str:
    """Decode news text, detecting UTF-8 or Windows-1251; ReadError if neither fits.

    >>> read_text_bytes("Омск".encode("cp1251"))
    'Омск'
    """
    if not data.strip():
        raise ReadError("empty file")
    if data.startswith(UTF16_BYTE_ORDER_MARKS):
        raise ReadError("UTF-16 text: not UTF-8 or Windows-1251 (save it as UTF-8)")
    if b"\x00" in data:
        raise ReadError("binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError:
            raise ReadError("not UTF-8 or Windows-1251") from None
        if plausible_share(text) < MIN_PLAUSIBLE_SHARE:
            raise ReadError("not UTF-8 or Windows-1251")
        if lower_case_share(text) < MIN_LOWER_CASE_SHARE:
            raise ReadError("not UTF-8 or Windows-1251 (Cyrillic in another code page, KOI8-R?)")
        return text
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
    return sum(1 for ch in text if ch in "\n\r\t\f" or unicodedata.category(ch) != "Cc") / len(text)


def _plausible(ch: str) -> bool:
    if ch in "\n\r\t\f":
        return True
    if ch.isascii():
        return ch.isprintable()
    if ch in TYPOGRAPHIC:
        return True
    return unicodedata.category(ch)[0] in "LNPSZ" and "CYRILLIC" in unicodedata.name(ch, "")
