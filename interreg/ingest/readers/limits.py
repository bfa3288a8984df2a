"""How long a document may be: natasha takes about a second per few thousand characters,
so one huge text would hold a batch up for minutes or hours.

The limit is per document (one text file, one HTML page's text, one JSON Lines record,
one aggregator item): `--max-chars` on the command line, else the INTERREG_MAX_CHARS
environment variable, else DEFAULT_MAX_CHARS. A longer document is skipped with a reason
naming its size and the limit. A file far too big to hold a document within the limit
is skipped from its size alone, without being read.

>>> too_long_reason("а" * 10, max_chars=5)
'10 characters, over the limit of 5 a document (--max-chars or INTERREG_MAX_CHARS)'
"""

from __future__ import annotations


from interreg import config
from interreg.errors import UserError

MAX_CHARS_ENV = "INTERREG_MAX_CHARS"
# About 50 pages; a long news article is 10,000–20,000 characters.
DEFAULT_MAX_CHARS = 100_000
# UTF-8 takes at most this many bytes a character: a text file bigger than
# max_chars * MAX_BYTES_PER_CHAR bytes cannot be within the limit.
MAX_BYTES_PER_CHAR = 4
# Markup, scripts and styles allowed per character of text in an HTML page, so that a
# page whose text is within the limit is not refused for its size (5 MB at the default).
HTML_BYTES_PER_CHAR = 50
HOW_TO_CHANGE = "--max-chars or " + MAX_CHARS_ENV


def max_chars_setting(value: int | None = None) -> int:
    """The limit: `value` when given, else $INTERREG_MAX_CHARS, else the default."""
    if value is None:
        value = config.env_number(MAX_CHARS_ENV, DEFAULT_MAX_CHARS, int, "whole number of characters")
    if value < 1:
        raise UserError(f"the limit of characters a document ({HOW_TO_CHANGE}) must be at least 1, not {value}")
    return value


def too_long_reason(text: str, max_chars: int) -> str | None:
    if len(text) <= max_chars:
        return None
    return f"{len(text):,} characters, over the limit of {max_chars:,} a document ({HOW_TO_CHANGE})"


def too_big_file_reason(size: int, kind: str, max_chars: int) -> str | None:
    """Why a file of `size` bytes is refused unread, or None. JSON Lines files are read
    line by line and their documents checked one by one, so only text and HTML count."""
    per_char = {"text": MAX_BYTES_PER_CHAR, "html": HTML_BYTES_PER_CHAR}.get(kind)
    if per_char is None or size <= max_chars * per_char:
        return None
    what = "HTML page" if kind == "html" else "text file"
    article = "an" if kind == "html" else "a"
    return (f"{_megabytes(size)} {what}, over the limit of {max_chars:,} characters a document "
            f"({_megabytes(max_chars * per_char)} for {article} {what}; {HOW_TO_CHANGE})")


def _megabytes(size: int) -> str:
    """20.0 MB, 400 kB, 4.5 kB, 512 bytes."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 10_000:
        return f"{size / 1000:.0f} kB"
    return f"{size / 1000:.1f} kB" if size >= 1000 else f"{size} bytes"
