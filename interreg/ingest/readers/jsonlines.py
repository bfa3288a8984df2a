"""JSON Lines: one news object per line, `{"id", "text", "url"?, "title"?, "outlet"?, "published"?}`.

Other keys (`lang`, `gold`, ...) are ignored. A line that cannot be used is reported as
`Skipped` with its line number and the rest of the file is still read. A file is read
line by line (`read_json_lines_file`), so its size does not matter, only each line's.
Lines end at "\\n" alone: JSON text may hold U+2028 and other Unicode line breaks raw.
Each line is decoded on its own (UTF-8, else Windows-1251, as `encoding.decode_text`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from interreg.ingest.facts import Document
from interreg.ingest.readers.dates import parse_iso_date
from interreg.ingest.readers.encoding import UTF16_BYTE_ORDER_MARKS, decode_text
from interreg.ingest.readers.outcome import Note, ReadError, Skipped
from interreg.ingest.readers.paths import open_regular_file

OPTIONAL_TEXT_FIELDS = ("url", "title", "outlet", "town")
# The start of a file looked at to tell a binary or UTF-16 file from JSON Lines.
SNIFF_BYTES = 8192
UTF8_BOM = b"\xef\xbb\xbf"
# The longest id kept: ids name documents, and the stores index them.
MAX_ID_CHARS = 200


def read_json_lines(text: str, source: str) -> Iterator[Document | Skipped]:
    """Documents from JSON Lines text; a bad line or a repeated id yields `Skipped`."""
    lines = enumerate(text.split("\n"), start=1)
    yield from _documents(((number, line) for number, line in lines), source)


def read_json_lines_file(path: Path, source: str,
                         on_note: Callable[[Note], None] | None = None) -> Iterator[Document | Skipped]:
    """Documents from a JSON Lines file, read line by line; ReadError if it is not one."""
    with open_regular_file(path) as stream:
        head = stream.read(SNIFF_BYTES)
        if head.startswith(UTF16_BYTE_ORDER_MARKS):
            raise ReadError("UTF-16 text: not UTF-8 or Windows-1251 (save it as UTF-8)")
        if b"\x00" in head:
            raise ReadError("binary file (contains NUL bytes), not text")
        stream.seek(0)
        notes: dict[str, int] = {}
        yield from _documents(_decoded_lines(stream, notes), source)
    if on_note:
        for note, count in notes.items():
            on_note(Note(source, f"{note} ({count} line{'s' if count > 1 else ''})"))


def _decoded_lines(stream: Iterable[bytes], notes: dict[str, int]) -> Iterator[tuple[int, str | ReadError]]:
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(UTF8_BOM):
            raw = raw[len(UTF8_BOM):]
        if not raw.strip():
            yield number, ""
            continue
        try:
            decoded = decode_text(raw.rstrip(b"\r\n"))
        except ReadError as problem:
            yield number, problem
            continue
        if decoded.note:
            notes[decoded.note] = notes.get(decoded.note, 0) + 1
        yield number, decoded.text


def _documents(lines: Iterable[tuple[int, str | ReadError]], source: str) -> Iterator[Document | Skipped]:
    seen_ids: set[str] = set()
    read_any = False
    for number, line in lines:
        if isinstance(line, str) and not line.strip():
            continue
        read_any = True
        where = f"{source}:{number}"
        try:
            if isinstance(line, ReadError):
                raise line
            document = document_from_line(line, source=where)
        except ReadError as problem:
            yield Skipped(where, str(problem))
            continue
        if document.id in seen_ids:
            yield Skipped(where, f"duplicate id {document.id!r}")
            continue
        seen_ids.add(document.id)
        yield document
    if not read_any:
        raise ReadError("empty file")


def document_from_line(line: str, source: str) -> Document:
    """One line → a `Document`; ReadError says what is wrong with it."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        raise ReadError(f"not valid JSON ({error.msg})") from None
    if not isinstance(item, dict):
        raise ReadError(f"not a JSON object but {type(item).__name__}")
    doc_id = item.get("id")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise ReadError("no 'id'")
    if len(doc_id.strip()) > MAX_ID_CHARS:
        raise ReadError(f"'id' of {len(doc_id.strip()):,} characters, over the limit of {MAX_ID_CHARS}")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ReadError("no 'text'")
    fields = {}
    for name in OPTIONAL_TEXT_FIELDS:
        value = item.get(name)
        if value is not None and not isinstance(value, str):
            raise ReadError(f"'{name}' is not a string")
        fields[name] = value or None
    if fields["title"] is None:
        fields["title"] = next(line.strip() for line in text.splitlines() if line.strip())
    return Document(id=doc_id.strip(), text=text, published=published_date(item.get("published")),
                    source=source, **fields)


def published_date(value):
    if value is None or value == "":
        return None
    found = parse_iso_date(value) if isinstance(value, str) else None
    if found is None:
        raise ReadError(f"'published' is not an ISO date: {value!r}")
    return found
