"""JSON Lines: one news object per line, `{"id", "text", "url"?, "title"?, "outlet"?, "published"?}`.

Other keys (`lang`, `gold`, ...) are ignored. A line that cannot be used is reported as
`Skipped` with its line number and the rest of the file is still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from interreg.ingest.facts import Document
from interreg.ingest.readers.dates import parse_iso_date
from interreg.ingest.readers.outcome import ReadError, Skipped

OPTIONAL_TEXT_FIELDS = ("url", "title", "outlet", "town")


def read_json_lines(text: str, source: str) -> Iterator[Document | Skipped]:
    """Documents from JSON Lines text; a bad line or a repeated id yields `Skipped`."""
    seen_ids: set[str] = set()
    read_any = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        read_any = True
        try:
            document = document_from_line(line, source=f"{source}:{number}")
        except ReadError as problem:
            yield Skipped(f"{source}:{number}", f"line {number}: {problem}")
            continue
        if document.id in seen_ids:
            yield Skipped(f"{source}:{number}", f"line {number}: duplicate id {document.id!r}")
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
