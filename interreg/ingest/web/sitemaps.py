"""Sitemaps (sitemaps.org), news sitemaps (Google's `news:` extension) and sitemap indexes.

A `<urlset>` gives its pages: `<loc>`, with the news extension's `<news:title>` and
`<news:publication_date>`, else `<lastmod>`, as the date. A `<sitemapindex>` gives the
sitemaps it lists, which the poller fetches in turn. Gzipped sitemaps (`.xml.gz`) are
unpacked, no further than the size cap.

>>> body = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
...         'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
...         '<loc>https://news.example/1</loc><news:news><news:title>Омск</news:title>'
...         '<news:publication_date>2025-03-04T10:00:00+06:00</news:publication_date>'
...         '</news:news></url></urlset>').encode()
>>> parse_sitemap(body, "https://news.example/sitemap.xml", 10_000)
([Link(url='https://news.example/1', title='Омск', published=datetime.date(2025, 3, 4), listed_in='https://news.example/sitemap.xml')], [])
"""

from __future__ import annotations

import zlib
from urllib.parse import urljoin
from xml.etree import ElementTree

from interreg.ingest.readers.dates import parse_iso_date
from interreg.ingest.web.links import Link, NotAFeed

GZIP_MAGIC = b"\x1f\x8b"


def parse_sitemap(body: bytes, sitemap_url: str, max_bytes: int) -> tuple[list[Link], list[str]]:
    """(the pages a sitemap lists, the sitemaps an index lists); NotAFeed when it is neither."""
    if body.startswith(GZIP_MAGIC):
        body = _gunzip(body, max_bytes)
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise NotAFeed(f"not a sitemap (malformed XML: {error})") from None
    kind = _local(root.tag)
    if kind == "sitemapindex":
        return [], [urljoin(sitemap_url, loc) for loc in (_child_text(item, "loc") for item in root) if loc]
    if kind != "urlset":
        raise NotAFeed(f"not a sitemap (the document is <{kind}>, not <urlset> or <sitemapindex>)")
    links = []
    for item in root:
        loc = _child_text(item, "loc")
        if not loc:
            continue
        news = next((child for child in item if _local(child.tag) == "news"), None)
        title = _child_text(news, "title") if news is not None else None
        when = (_child_text(news, "publication_date") if news is not None else None) or _child_text(item, "lastmod")
        links.append(Link(url=urljoin(sitemap_url, loc), title=title,
                          published=parse_iso_date(when) if when else None, listed_in=sitemap_url))
    return links, []


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name and (child.text or "").strip():
            return " ".join(child.text.split())
    return None


def _gunzip(body: bytes, max_bytes: int) -> bytes:
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = unpacker.decompress(body, max_bytes + 1)
    except zlib.error as error:
        raise NotAFeed(f"not a sitemap (broken gzip: {error})") from None
    if len(data) > max_bytes:
        raise NotAFeed(f"the unpacked sitemap is over the limit of {max_bytes / 1e6:.1f} MB")
    return data
