"""What a reader hands back besides documents: an input that was skipped, or a note
about one that was read; and the exit status a batch command ends with.

Each prints as one line that starts with the input, the way compilers report:

>>> Skipped("news/bad.jsonl:7", "not valid JSON (Expecting value)").line()
'news/bad.jsonl:7: skipped: not valid JSON (Expecting value)'
>>> Note("news/omsk.txt", "read as Windows-1251").line()
'news/omsk.txt: note: read as Windows-1251'
"""

from __future__ import annotations

from dataclasses import dataclass

# The exit statuses of `interreg ingest` and `interreg extract` (2 is a usage error).
EXIT_ALL_READ = 0          # every input was read (and loaded)
EXIT_NOTHING_READ = 1      # inputs were skipped and no document was read (or loaded)
EXIT_SOME_SKIPPED = 3      # some inputs were skipped, the others were read (and loaded)


@dataclass
class Skipped:
    """An input that could not be read, and why, in one line."""

    source: str      # the path, with `:LINE` for a JSON Lines line, `#NN` for an aggregator item
    reason: str

    def line(self) -> str:
        return _one_line(f"{self.source}: skipped: {self.reason}")


@dataclass
class Note:
    """Something worth knowing about an input that was read all the same."""

    source: str
    message: str

    def line(self) -> str:
        return _one_line(f"{self.source}: note: {self.message}")


def _one_line(text: str) -> str:
    """A file name may hold a line break; the message must stay one line."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


class ReadError(Exception):
    """A whole file (or one document) cannot be read; the message is the reason shown."""


def batch_exit_status(done: int, skipped: int) -> int:
    """0 when nothing was skipped, 3 when some inputs were skipped but others done,
    1 when inputs were skipped and nothing was done.

    >>> batch_exit_status(5, 0), batch_exit_status(5, 2), batch_exit_status(0, 2)
    (0, 3, 1)
    """
    if not skipped:
        return EXIT_ALL_READ
    return EXIT_SOME_SKIPPED if done else EXIT_NOTHING_READ
