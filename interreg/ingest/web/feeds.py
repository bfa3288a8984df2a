"""RSS 0.9x, 1.0, 2.0 and Atom feeds, read through feedparser.

feedparser reads every version of both formats and the broken ones met in the wild
(undeclared entities, wrong encodings, missing namespaces) into one shape. It is only
ever handed bytes already fetched, never a URL: fetching is client.py's.

>>> feed = '''<?xml version="1.0"?><rss version="2.0"><channel><title>Новости</title>
... <item><title>Омск и Бухара</title><link>https://news.example/1</link>
... <pubDate>Tue, 04 Mar 2025 10:00:00 +0600</pubDate></item></channel></rss>'''
>>> [link] = feed_links(feed.encode("utf-8"), "https://news.example/rss")
>>> link.url, link.title, link.published.isoformat()
('https://news.example/1', 'Омск и Бухара', '2025-03-04')
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urljoin

from interreg.ingest.web.links import Link, NotAFeed

HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE | re.DOTALL)


def feed_links(body: bytes, feed_url: str, content_type: str = "") -> list[Link]:
    """The items of a feed, in the feed's order; NotAFeed when the body is not one."""
    import feedparser

    if HTML_START.match(body) or content_type == "text/html" and not body.lstrip().startswith(b"<?xml"):
        raise NotAFeed("an HTML page, not a feed")
    parsed = feedparser.parse(body, response_headers={"content-type": content_type or "application/xml",
                                                      "content-location": feed_url})
    problem = _xml_problem(parsed)
    if not parsed.version and not parsed.entries:
        raise NotAFeed(f"not an RSS or Atom feed{f' (malformed XML: {problem})' if problem else ''}")
    links = []
    for entry in parsed.entries:
        url = (entry.get("link") or "").strip()
        if not url:
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        links.append(Link(url=urljoin(feed_url, url), title=" ".join((entry.get("title") or "").split()) or None,
                          published=date(*when[:3]) if when else None, listed_in=feed_url))
    if not links and problem:
        # a feed cut off or broken before its first item: say so rather than "nothing new"
        raise NotAFeed(f"malformed XML ({problem}), no item could be read")
    return links


def _xml_problem(parsed) -> str | None:
    """What the XML parser said when the feed was not well-formed, in a few words."""
    if not parsed.get("bozo"):
        return None
    error = parsed.get("bozo_exception")
    text = error.getMessage() if hasattr(error, "getMessage") else str(error)
    if "document declared as" in text or "is not an XML media type" in text:
        return None     # a wrong encoding or media type feedparser read past: not a broken feed
    return " ".join(text.split())[:100]
