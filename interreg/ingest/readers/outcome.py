"""What a reader hands back besides documents: a note that an input was skipped."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Skipped:
    """An input that could not be read, and why, in one line.

    >>> Skipped("news/bad.jsonl:7", "line 7: not valid JSON (Expecting value)")
    Skipped(source='news/bad.jsonl:7', reason='line 7: not valid JSON (Expecting value)')
    """

    source: str      # the path, with `:LINE` for a JSON Lines line
    reason: str


class ReadError(Exception):
    """A whole file cannot be read; the message is the reason shown to the user."""
