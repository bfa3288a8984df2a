"""HTML pages: the article's own text and its metadata, through trafilatura.

trafilatura is the field's standard main-text extractor: it scores the blocks of a page
and keeps the story, leaving out menus, "read also" blocks, reader comments, cookie
banners and footers, and reads the title, date, site name and author from the page's
metadata (the author is not kept: documents have no field for it). On the pages of tests/fixtures/pages it keeps far less furniture than reading
the page by its structure (bench/pages.py measures both).

A page trafilatura finds no text in (one short paragraph, or markup nested deeper than
its parser goes) is read by its structure instead (htmltree.py), so no page that has
text is lost. The canonical URL is the page's `<link rel="canonical">`, else `og:url`.

>>> page = ("<html><head><title>Омск и Бухара</title></head><body><nav>Главная | Регион</nav>"
...         "<article><p>Губернатор Омской области встретился с хокимом Бухарской области.</p>"
...         "</article></body></html>")
>>> read_html(page, "d1", "d1.html").text
'Губернатор Омской области встретился с хокимом Бухарской области.'
"""

from __future__ import annotations

import logging

from interreg.ingest.facts import Document
from interreg.ingest.readers.dates import parse_iso_date
from interreg.ingest.readers.htmltree import read_html_tree
from interreg.ingest.readers.outcome import ReadError

# trafilatura logs its fallbacks' failures as warnings, which Python would print on stderr
# for every odd page; the outcome (text, or "no text") is what the user is told.
logging.getLogger("trafilatura").addHandler(logging.NullHandler())

# Where a page states its publication date, most trusted first; trafilatura's own guess
# (which also searches the whole page, footers included) comes after these.
DATE_PLACES = ("//meta[@property='article:published_time']/@content",
               "//meta[@property='og:published_time']/@content",
               "//meta[@name='pubdate']/@content", "//meta[@name='date']/@content",
               "//article//time/@datetime")
# Never article text: a site's menus and footer, sidebars and headers outside the story,
# what a browser shows only without scripts ("turn JavaScript on"). Pruned before
# extraction, since trafilatura's fallbacks for pages it cannot score keep them.
PRUNED = ["//nav", "//footer", "//noscript", "//template", "//aside[not(ancestor::article)]",
          "//header[not(ancestor::article)]"]
# The headline: the page's own og:title, else its first <h1> outside page furniture.
TITLE_PLACES = ("//meta[@property='og:title']/@content",
                "//h1[not(ancestor::aside or ancestor::nav or ancestor::footer)]")


def read_html(text: str, doc_id: str, source: str, url: str | None = None) -> Document:
    """One `Document` from an HTML page. `url`: where the page was fetched from, if it was."""
    extracted = _main_text(text, url)
    if extracted is None:
        return read_html_tree(text, doc_id, source)
    body, metadata, page = extracted
    # trafilatura falls back to the host name when a page names no site: that is no outlet
    outlet = metadata.sitename if metadata.sitename and metadata.sitename != metadata.hostname else None
    return Document(id=doc_id, text=body, title=page["title"] or metadata.title or None,
                    url=page["canonical"] or url, outlet=outlet,
                    published=page["published"] or parse_iso_date(metadata.date or ""), source=source)


def _main_text(text: str, url: str | None):
    """(text, trafilatura's metadata, what the page itself states), or None when
    trafilatura finds no text."""
    import trafilatura

    try:
        tree = trafilatura.load_html(text)
    except Exception:  # noqa: BLE001 - markup lxml cannot take is read by its structure
        return None
    if tree is None:
        return None
    # read before extraction, which prunes the tree it is given
    page = {
        "canonical": _first(tree.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '),"
                                       " ' canonical ')]/@href"))
                     or _first(tree.xpath("//meta[@property='og:url']/@content")),
        "title": next(filter(None, (_first(_texts(tree.xpath(where))) for where in TITLE_PLACES)), None),
        "published": next(filter(None, (parse_iso_date(value) for where in DATE_PLACES
                                        for value in tree.xpath(where))), None),
    }
    try:
        # tables left out: on old sites the whole page is a layout table, menus and all
        found = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                            include_tables=False, include_images=False, deduplicate=False,
                                            prune_xpath=PRUNED,
                                            # the page's own statements only: no guess from a
                                            # copyright year or a date in a teaser
                                            date_extraction_params={"extensive_search": False,
                                                                    "original_date": True})
    except Exception:  # noqa: BLE001 - whatever trafilatura trips on, the structural reader reads the page
        found = None
    if found is None or not (found.text or "").strip():
        return None
    body = "\n\n".join(line.strip() for line in found.text.split("\n") if line.strip())
    headline = page["title"]
    if headline and not body.startswith(headline):
        # the headline is the story's first sentence, also when it stands outside the block
        # trafilatura kept (a page's <h1> above its text column)
        body = f"{headline}\n\n{body}"
    return body, found, page


def _texts(found: list) -> list[str]:
    """Attribute values as they are, elements as their text with whitespace collapsed."""
    return [value if isinstance(value, str) else " ".join(value.text_content().split()) for value in found]


def _first(values: list) -> str | None:
    for value in values:
        if str(value).strip():
            return str(value).strip()
    return None


__all__ = ["read_html", "ReadError"]
