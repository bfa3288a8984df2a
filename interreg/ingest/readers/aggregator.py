"""News-aggregator pages: one main article followed by lists of related news items.

The layout, as saved to a .txt file::

    Title of the main article
    ...body...
    Ещё новости о событии:               ← a section heading (readers_markers.tsv)
    snippet line(s) of an item
    19:07 26.04.2025 Outlet - Town       ← the meta line closing each item
    ...
    Новости соседних регионов по теме:   ← another section, same item layout
    ...
    footer lines (no meta line follows)  ← dropped

A .txt file is read this way when it has a section heading with at least one meta line
below it. The main article is everything above the first heading, unchanged.

Each item becomes its own `Document` (`<id>#NN`, NN = the item's place on the page from
01, so ids stay put whichever items are left out): text and title from the snippet,
outlet and town from the meta line. A snippet may open with the outlet's own dateline
(«Сб, 26 апр 2025 21:55 +0600», «Политика Опубликовано 26 апреля, 2025 | Редакция газеты»):
it is cut from the text and its date is the item's `published`, since it is the outlet's
own; otherwise the meta line's date is.

Left out are: items that list the main article itself (the snippet repeats the main
title; the first such item's date, outlet and town go to the main article) and items
whose snippet is only a source or photo credit — they carry no news.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from interreg.ingest.facts import Document
from interreg.ingest.readers.dates import match_date, parse_iso_date
from interreg.ingest.readers.lexicon import markers
from interreg.ingest.readers.plaintext import DATE_MARKER, HEADER_LINES_WITH_DATE, header_date
from interreg.ingest.readers.outcome import ReadError

META_LINE = re.compile(r"(\d{1,2}):(\d{2}) (\d{2})\.(\d{2})\.(\d{4}) (.+)")
# «Сб, 26 апр 2025 21:55 +0600 » before a snippet: a weekday, then a date and time.
WEEKDAY = re.compile(r"[А-ЯЁ][а-яё]{1,2},\s*")
TIME = re.compile(r"\s*,?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[+-]\d{2}:?\d{2}|UTC|МСК))?")
# «Политика Опубликовано 26 апреля, 2025 | Редакция газеты »: an optional rubric word first.
RUBRIC = re.compile(r"(?:[А-ЯЁ][а-яё]+\s+)?")


@dataclass
class MetaLine:
    published: date | None
    outlet: str
    town: str | None


@dataclass
class Item:
    number: int                    # place on the page, from 1
    lines: list[str]               # the snippet as on the page
    meta: MetaLine
    text: str                      # the snippet without its dateline
    published: date | None         # the dateline's date, if the snippet opens with one


@dataclass
class Page:
    article: str                   # the main article's text, as on the page
    items: list[Item] = field(default_factory=list)


def parse_meta_line(line: str) -> MetaLine | None:
    """«19:07 26.04.2025 Правительство Омской области - Омск» → date, outlet, town."""
    found = META_LINE.fullmatch(line.strip())
    if not found:
        return None
    _hour, _minute, day, month, year, rest = found.groups()
    try:
        published = date(int(year), int(month), int(day))
    except ValueError:
        published = None
    outlet, _, town = rest.rpartition(" - ")
    if not outlet:
        return MetaLine(published, rest.strip(), None)
    return MetaLine(published, outlet.strip(), town.strip() or None)


@cache
def _section_headings() -> frozenset[str]:
    return frozenset(heading.casefold() for heading in markers("section"))


def is_section_heading(line: str) -> bool:
    return line.strip().casefold() in _section_headings()


def looks_like_aggregator_page(text: str) -> bool:
    """A section heading followed, somewhere below, by at least one meta line."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if is_section_heading(line):
            return any(parse_meta_line(rest) for rest in lines[index + 1:])
    return False


def split_page(text: str) -> Page:
    """The main article's text and the items below it, footer left out."""
    heading_start = first_heading_offset(text)
    page = Page(article=text[:heading_start].rstrip())
    pending: list[str] = []
    for line in text[heading_start:].splitlines():
        if is_section_heading(line):
            pending = []
        elif meta := parse_meta_line(line):
            published, snippet = split_dateline("\n".join(pending))
            page.items.append(Item(len(page.items) + 1, pending, meta, snippet, published))
            pending = []
        elif line.strip():
            pending.append(line.strip())
    return page


def first_heading_offset(text: str) -> int:
    offset = 0
    for line in text.splitlines(keepends=True):
        if is_section_heading(line):
            return offset
        offset += len(line)
    raise ReadError("no section heading: not a news-aggregator page")


@cache
def _dateline_label() -> re.Pattern:
    labels = "|".join(map(re.escape, markers("date_label")))
    return re.compile(rf"{RUBRIC.pattern}(?:{labels})\s*", re.IGNORECASE)


@cache
def _byline() -> re.Pattern:
    bylines = "|".join(map(re.escape, markers("byline")))
    return re.compile(rf"\s*\|\s*(?:(?:{bylines})(?=\s|$))?", re.IGNORECASE)


def split_dateline(snippet: str) -> tuple[date | None, str]:
    """Cut a dateline from the start of a snippet: (its date, the rest).

    >>> split_dateline("Сб, 26 апр 2025 21:55 +0600 Стороны обсудили планы.")
    (datetime.date(2025, 4, 26), 'Стороны обсудили планы.')
    >>> split_dateline("Политика Опубликовано 26 апреля, 2025 | Редакция газеты Губернатор прибыл.")
    (datetime.date(2025, 4, 26), 'Губернатор прибыл.')
    >>> split_dateline("26 апреля 2025 года губернатор прибыл.")
    (None, '26 апреля 2025 года губернатор прибыл.')
    """
    position = 0
    introduced = False
    for opener in (WEEKDAY, _dateline_label()):
        if found := opener.match(snippet):
            position, introduced = found.end(), True
            break
    found_date = match_date(snippet[position:])
    if not found_date:
        return None, snippet
    published, length = found_date
    position += length
    if found := TIME.match(snippet, position):
        position, introduced = found.end(), introduced or bool(found.group().strip())
    if found := _byline().match(snippet, position):
        position = found.end()
    if not introduced or (position < len(snippet) and not snippet[position].isspace()):
        return None, snippet
    return published, snippet[position:].strip()


def is_credit_only(item: Item) -> bool:
    """Every line of the snippet is a source or photo credit («Источник: ...»)."""
    credits = tuple(c.casefold() for c in markers("credit"))
    return all(line.casefold().startswith(credits) for line in item.lines)


def lists_main_article(item: Item, title: str) -> bool:
    """The item's first line is the main title, maybe followed by « - Outlet»."""
    first = " ".join(item.text.split("\n", 1)[0].split())
    title = " ".join(title.split())
    return first == title or first.startswith(title + " - ")


def read_aggregator_page(text: str, doc_id: str, source: str) -> list[Document]:
    """The main article and every news item of a page, each as a `Document`."""
    marker_date = None
    if marker := DATE_MARKER.match(text):
        marker_date = parse_iso_date(marker.group(1))
        text = text[marker.end():]
    page = split_page(text)
    if not page.article.strip():
        raise ReadError("news-aggregator page without a main article")
    article_lines = [line.strip() for line in page.article.splitlines() if line.strip()]
    title = article_lines[0]
    main = Document(id=doc_id, text=page.article, title=title, source=source,
                    published=marker_date or header_date(article_lines[1:1 + HEADER_LINES_WITH_DATE]))
    documents = [main]
    listing_found = False
    for item in page.items:
        if lists_main_article(item, title):
            if not listing_found:
                main.outlet, main.town = item.meta.outlet, item.meta.town
                main.published = main.published or item.meta.published
                listing_found = True
            continue
        if is_credit_only(item) or not item.text:
            continue
        documents.append(Document(
            id=f"{doc_id}#{item.number:02d}",
            text=item.text,
            title=item.text.split("\n", 1)[0],
            outlet=item.meta.outlet,
            town=item.meta.town,
            published=item.published or item.meta.published,
            source=f"{source}#{item.number:02d}",
        ))
    return documents
