"""Reading news into `Document`s: plain text, JSON Lines, HTML and news-aggregator pages.

>>> from interreg.ingest.readers import iter_documents, Skipped
>>> for item in iter_documents(["news/", "extra/*.jsonl"]):      # doctest: +SKIP
...     if isinstance(item, Skipped):
...         print("skipped", item.source, item.reason)

What is read:
- a file; a folder, searched recursively for .txt .text .jsonl .ndjson .html .htm
  (other files in a folder are passed over, hidden ones too); a glob pattern ("news/*.txt").
  A file named explicitly with another type gives `Skipped`.
- .txt/.text: plain text (plaintext.py), or a news-aggregator page split into its main
  article and related items (aggregator.py) when it has that layout, or a saved web page
  read as HTML when it opens with `<!DOCTYPE html` or `<html`.
- .jsonl/.ndjson: one object per line (jsonlines.py); the input's ids are kept.
- .html/.htm: the article's main text (webpage.py).

Ids of documents not read from JSON Lines name the file, not the way its path was typed:
the sanitised stem and a digest of the resolved path ("Омск 2025.txt" → "Омск_2025-d5b2…",
paths.py), plus `#NN` for the items of an aggregator page. The same file reached through
another path keeps its id; a file of the same name in another folder has its own. A
document whose id was already read in the same call is skipped.

Inputs are looked at before they are opened: named pipes, sockets and devices are
skipped with their own reason, never read; broken or looping links and folders that
cannot be listed get one line each (paths.py).

Bad input never stops a batch: it becomes a `Skipped` with a one-line reason. Every
document read is checked before it is handed on: no longer than the limit of characters
(limits.py) and Russian text (language.py). Things worth knowing about inputs that were
read all the same (Windows-1251, broken UTF-8 bytes replaced) go to `on_note` as `Note`s.
What is skipped and why, for users: docs/inputs.md.
Documents are yielded as they are read: a JSON Lines file is never held in memory whole.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from interreg.ingest.facts import Document
from interreg.ingest.readers.aggregator import looks_like_aggregator_page, read_aggregator_page
from interreg.ingest.readers.encoding import decode_text, read_text_bytes
from interreg.ingest.readers.jsonlines import read_json_lines_file
from interreg.ingest.readers.language import not_russian_reason
from interreg.ingest.readers.limits import max_chars_setting, too_big_file_reason, too_long_reason
from interreg.ingest.readers.outcome import Note, ReadError, Skipped
from interreg.ingest.readers.paths import document_id_for, expand, open_regular_file, shown
from interreg.ingest.readers.plaintext import read_plain_text
from interreg.ingest.readers.webpage import read_html

__all__ = ["Skipped", "Note", "ReadError", "iter_documents", "read_file", "read_text_bytes",
           "document_id_for", "count_documents", "SUPPORTED_SUFFIXES"]

FORMAT_BY_SUFFIX = {".txt": "text", ".text": "text", ".jsonl": "jsonl", ".ndjson": "jsonl",
                    ".html": "html", ".htm": "html"}
SUPPORTED_SUFFIXES = tuple(FORMAT_BY_SUFFIX)
# A .txt file that opens like this is a saved web page and is read as HTML.
HTML_OPENING = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)


def read_file(path: Path, doc_id: str | None = None, max_chars: int | None = None) -> list[Document]:
    """Every document in one file; ReadError(reason) when the file gives none.

    Documents that cannot be used (bad JSON Lines lines, too long, not Russian) are left
    out here when others are read; `iter_documents` reports them.
    """
    items = list(_read(Path(path), doc_id or document_id_for(path), max_chars_setting(max_chars)))
    documents = [item for item in items if isinstance(item, Document)]
    if not documents and items:
        raise ReadError(items[0].reason)
    return documents


def _read(path: Path, doc_id: str, max_chars: int,
          on_note: Callable[[Note], None] | None = None) -> Iterator[Document | Skipped]:
    """The documents of one file, each checked; ReadError when the file cannot be read."""
    for item in _read_unchecked(path, doc_id, max_chars, on_note):
        if isinstance(item, Document):
            reason = too_long_reason(item.text, max_chars) or not_russian_reason(item.text)
            if reason:
                item = Skipped(item.source or shown(path), reason)
        yield item


def _read_unchecked(path: Path, doc_id: str, max_chars: int,
                    on_note: Callable[[Note], None] | None) -> Iterator[Document | Skipped]:
    kind = FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if kind is None:
        raise ReadError(f"unsupported file type {path.suffix or '(no extension)'}"
                        f" (readable: {' '.join(SUPPORTED_SUFFIXES)})")
    source = shown(path)
    try:
        if kind == "jsonl":
            yield from read_json_lines_file(path, source, on_note)
            return
        with open_regular_file(path) as stream:
            if reason := too_big_file_reason(os.fstat(stream.fileno()).st_size, kind, max_chars):
                raise ReadError(reason)
            data = stream.read()
    except FileNotFoundError:
        raise ReadError("no such file or folder") from None
    except IsADirectoryError:
        raise ReadError("a folder, not a file") from None
    except OSError as error:
        raise ReadError(f"cannot read the file: {error.strerror or error}") from None
    decoded = decode_text(data)
    if decoded.note and on_note:
        on_note(Note(source, decoded.note))
    text = decoded.text
    if kind == "html" or HTML_OPENING.match(text):
        yield read_html(text, doc_id, source)
    elif looks_like_aggregator_page(text):
        yield from read_aggregator_page(text, doc_id, source)
    else:
        yield read_plain_text(text, doc_id, source)


def iter_documents(paths: Iterable[str | Path], max_chars: int | None = None,
                   on_note: Callable[[Note], None] | None = None) -> Iterator[Document | Skipped]:
    """Documents from files, folders and glob patterns, in a stable order; problems as `Skipped`.

    `max_chars`: the longest document read (default: $INTERREG_MAX_CHARS or
    limits.DEFAULT_MAX_CHARS). `on_note` receives a `Note` for inputs read with a remark.
    """
    max_chars = max_chars_setting(max_chars)
    entries = list(expand(paths, SUPPORTED_SUFFIXES))
    seen_ids: dict[str, str] = {}
    for entry in entries:
        if isinstance(entry, Skipped):
            yield entry
            continue
        try:
            for item in _read(entry, document_id_for(entry), max_chars, on_note):
                if isinstance(item, Document):
                    if item.id in seen_ids:
                        yield Skipped(item.source or shown(entry),
                                      f"duplicate id {item.id!r} (already read from {seen_ids[item.id]})")
                        continue
                    seen_ids[item.id] = item.source or shown(entry)
                yield item
        except ReadError as problem:
            # Raised before the file gave anything: an empty JSON Lines file says so at its end.
            yield Skipped(shown(entry), str(problem))


def count_documents(paths: Iterable[str | Path]) -> int:
    """About how many documents `iter_documents(paths)` gives, found cheaply for a progress
    bar: one a file, one a non-blank line of a JSON Lines file (counted in bytes, not
    decoded). Aggregator items and skipped lines make the true number differ a little."""
    total = 0
    for entry in expand(paths, SUPPORTED_SUFFIXES):
        if not isinstance(entry, Path):
            continue
        if FORMAT_BY_SUFFIX.get(entry.suffix.lower()) != "jsonl":
            total += 1
            continue
        try:
            with open_regular_file(entry) as stream:
                total += sum(1 for line in stream if line.strip())
        except (OSError, ReadError):
            continue
    return total
