"""Plain-text news: the file's text as it is, with its title and date read from the top.

A first line `date YYYY-MM-DD` is a marker put there by whoever saved the page: it becomes
`published` and is cut from the text. Otherwise a line just below the title that only
states a date («26 апреля 2022 года, 16:08», «12.09.2018 22:55») or opens the story with
a dateline («Пенза, 18 сентября 2025. ...») gives `published` and stays in the text. Everything else is kept character for character, so fact offsets
point into the file's own text.
"""

from __future__ import annotations

import re

from interreg.ingest.facts import Document
from interreg.ingest.readers.dates import opening_date, parse_iso_date
from interreg.ingest.readers.outcome import ReadError

DATE_MARKER = re.compile(r"[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]*(?:\r\n|\n|\r|$)")
# How many lines below the title may hold the publication date.
HEADER_LINES_WITH_DATE = 3


def read_plain_text(text: str, doc_id: str, source: str) -> Document:
    """One `Document` from the text of a file.

    >>> doc = read_plain_text("date 2025-10-22\\nОмск и Бухара\\n\\nТекст.", "n1", "n1.txt")
    >>> doc.published, doc.title, doc.text
    (datetime.date(2025, 10, 22), 'Омск и Бухара', 'Омск и Бухара\\n\\nТекст.')
    """
    published = None
    if marker := DATE_MARKER.match(text):
        published = parse_iso_date(marker.group(1))
        text = text[marker.end():]
    if not text.strip():
        raise ReadError("empty file")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = lines[0]
    if published is None:
        published = header_date(lines[1:1 + HEADER_LINES_WITH_DATE])
    return Document(id=doc_id, text=text, title=title, published=published, source=source)


def header_date(lines: list[str]):
    for line in lines:
        if found := opening_date(line):
            return found
    return None
