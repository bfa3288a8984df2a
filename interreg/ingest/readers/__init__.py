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

Ids of documents not read from JSON Lines come from the file name: the stem with anything
but letters, digits, `-`, `_` and `.` replaced by `_` ("Омск 2025.txt" → "Омск_2025"),
plus `#NN` for the items of an aggregator page. When two files in one call share a stem,
the later one gets its parent folder's name in front ("april/omsk"), then more folders if
that is still taken. A document whose id was already read in the same call is skipped.

Bad input never stops a batch: it becomes a `Skipped` with a one-line reason. Every
document read is checked before it is handed on: no longer than the limit of characters
(limits.py) and Russian text (language.py). Things worth knowing about inputs that were
read all the same (Windows-1251, broken UTF-8 bytes replaced) go to `on_note` as `Note`s.
What is skipped and why, for users: docs/inputs.md.
Documents are yielded as they are read: a JSON Lines file is never held in memory whole.
"""

from __future__ import annotations

import glob
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
from interreg.ingest.readers.plaintext import read_plain_text
from interreg.ingest.readers.webpage import read_html

__all__ = ["Skipped", "Note", "ReadError", "iter_documents", "read_file", "read_text_bytes",
           "document_id_for", "SUPPORTED_SUFFIXES"]

FORMAT_BY_SUFFIX = {".txt": "text", ".text": "text", ".jsonl": "jsonl", ".ndjson": "jsonl",
                    ".html": "html", ".htm": "html"}
SUPPORTED_SUFFIXES = tuple(FORMAT_BY_SUFFIX)
UNSAFE_ID_CHARACTERS = re.compile(r"[^\w.-]+")
# A .txt file that opens like this is a saved web page and is read as HTML.
HTML_OPENING = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)


def document_id_for(path: str | Path) -> str:
    """The id of the document read from a file: its sanitised stem.

    >>> document_id_for("news/Омск и Бухара (2025).txt")
    'Омск_и_Бухара_2025'
    """
    return _sanitise(Path(path).stem)


def _sanitise(name: str) -> str:
    return UNSAFE_ID_CHARACTERS.sub("_", name).strip("_") or "document"


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
                item = Skipped(item.source or str(path), reason)
        yield item


def _read_unchecked(path: Path, doc_id: str, max_chars: int,
                    on_note: Callable[[Note], None] | None) -> Iterator[Document | Skipped]:
    kind = FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if kind is None:
        raise ReadError(f"unsupported file type {path.suffix or '(no extension)'}"
                        f" (readable: {' '.join(SUPPORTED_SUFFIXES)})")
    source = str(path)
    try:
        if kind == "jsonl":
            yield from read_json_lines_file(path, source, on_note)
            return
        if reason := too_big_file_reason(path.stat().st_size, kind, max_chars):
            raise ReadError(reason)
        data = path.read_bytes()
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
    entries = list(_expand(paths))
    files = [entry for entry in entries if isinstance(entry, Path)]
    id_for = dict(zip(files, _file_ids(files)))
    seen_ids: dict[str, str] = {}
    for entry in entries:
        if isinstance(entry, Skipped):
            yield entry
            continue
        try:
            for item in _read(entry, id_for[entry], max_chars, on_note):
                if isinstance(item, Document):
                    if item.id in seen_ids:
                        yield Skipped(item.source or str(entry),
                                      f"duplicate id {item.id!r} (already read from {seen_ids[item.id]})")
                        continue
                    seen_ids[item.id] = item.source or str(entry)
                yield item
        except ReadError as problem:
            # Raised before the file gave anything: an empty JSON Lines file says so at its end.
            yield Skipped(str(entry), str(problem))


def _expand(paths: Iterable[str | Path]) -> Iterator[Path | Skipped]:
    """Named files (whatever their type), folders and glob matches (readable types only)."""
    seen: set[Path] = set()

    def once(path: Path) -> Iterator[Path]:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            yield path

    if isinstance(paths, (str, Path)):
        paths = [paths]
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            yield from once(path)
        elif path.is_dir():
            found = _readable_files_in(path)
            if not found:
                yield Skipped(str(path), f"no {', '.join(SUPPORTED_SUFFIXES)} files in the folder")
            for file in found:
                yield from once(file)
        elif glob.has_magic(str(raw)):
            found = _readable_files_matching(str(raw))
            if not found:
                yield Skipped(str(raw), "no readable file matches the pattern")
            for file in found:
                yield from once(file)
        else:
            yield Skipped(str(raw), "no such file or folder")


def _readable_files_in(folder: Path) -> list[Path]:
    return sorted(
        (path for path in folder.rglob("*")
         if path.is_file() and path.suffix.lower() in FORMAT_BY_SUFFIX
         and not any(part.startswith(".") for part in path.relative_to(folder).parts)),
        key=lambda path: path.as_posix(),
    )


def _readable_files_matching(pattern: str) -> list[Path]:
    files: list[Path] = []
    for match in sorted(glob.glob(pattern, recursive=True)):
        path = Path(match)
        if path.is_dir():
            files.extend(_readable_files_in(path))
        elif path.suffix.lower() in FORMAT_BY_SUFFIX:
            files.append(path)
    return files


def _file_ids(files: list[Path]) -> list[str]:
    """One id per file, unique within the call: the stem, then parent folders in front."""
    taken: set[str] = set()
    ids = []
    for path in files:
        doc_id = document_id_for(path)
        folders = [_sanitise(part) for part in reversed(path.resolve().parent.parts[1:])]
        while doc_id in taken and folders:
            doc_id = f"{folders.pop(0)}/{doc_id}"
        base, copy = doc_id, 2
        while doc_id in taken:
            doc_id, copy = f"{base}~{copy}", copy + 1
        taken.add(doc_id)
        ids.append(doc_id)
    return ids
