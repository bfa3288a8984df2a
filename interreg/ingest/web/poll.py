"""From feeds, sitemaps and page URLs to `Document`s: what a poll fetches and reads.

`WebRead.documents()` yields, in a stable order, a `Document` for each page read and a
`Skipped` (URL, one-line reason) for each feed, sitemap or page that gave nothing; the
ingest loads them as it loads files. `commit()` then records in the poll state what was
dealt with, so the next poll fetches only what is new:

- a feed or sitemap is asked for with the validators of its last answer; an unchanged
  one costs a single request answered 304;
- a page already read, or gone for good (404, 410, robots.txt, too big, not news), is
  not fetched again; one that failed in a way that may pass (5xx, timeout) is retried
  at the next polls even if its feed has not changed (MAX_POLL_ATTEMPTS in all);
- `since`: items the feed dates before it are passed over (and remembered as such).

Page URLs named on the command line are always fetched: the content hash of the loaded
copy tells whether anything changed.
"""

from __future__ import annotations

import hashlib
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterator
from urllib.parse import urlsplit, urlunsplit

from interreg.ingest.facts import Document
from interreg.ingest.readers.language import not_russian_reason
from interreg.ingest.readers.limits import too_long_reason
from interreg.ingest.readers.outcome import Note, ReadError, Skipped
from interreg.ingest.web.client import Fetched, FetchError, Fetcher
from interreg.ingest.web.feeds import feed_links
from interreg.ingest.web.links import Link, NotAFeed
from interreg.ingest.web.sitemaps import parse_sitemap
from interreg.ingest.web.sources import Outlet
from interreg.ingest.web.state import PollState, now_iso

# Pages fetched at once (over all hosts; each host also has its own limit in the client).
PAGE_WORKERS = 4
# Polls that retry a page failing for now (5xx, timeout) before it is given up.
MAX_POLL_ATTEMPTS = 5
# Sitemaps an index may lead to in one poll.
MAX_SITEMAPS = 50
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain"}
ID_UNSAFE = re.compile(r"[^\w.\-/~%=&+,:]+")
MAX_ID_LENGTH = 200


def web_document_id(url: str) -> str:
    """A document id that stays the same for a page: its URL without scheme, `www.`,
    fragment and trailing slash (long ones shortened with a hash).

    >>> web_document_id("https://www.Omsk.example/news/42/?from=rss#top")
    'omsk.example/news/42_from=rss'
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port:
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    identity = host + path + (f"?{parts.query}" if parts.query else "")
    identity = ID_UNSAFE.sub("_", identity)
    if len(identity) > MAX_ID_LENGTH:
        digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
        identity = f"{identity[:MAX_ID_LENGTH - 17]}~{digest}"
    return identity


@dataclass
class WebRead:
    """One reading of the web: the feeds and sitemaps of `outlets`, plus `pages`."""

    fetcher: Fetcher
    state: PollState
    max_chars: int
    outlets: list[Outlet] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    since: date | None = None
    notes: list[Note] = field(default_factory=list)
    requests: dict[str, int] = field(default_factory=lambda: {"unchanged": 0, "changed": 0, "pages": 0})

    def __post_init__(self):
        self._count_lock = threading.Lock()
        self._read: dict[str, dict] = {}       # page URL -> its outcome, recorded at commit
        self._retry: dict[str, dict] = {}
        self._feeds: dict[str, dict] = {}

    def documents(self) -> Iterator[Document | Skipped]:
        links: list[tuple[Link, Outlet | None]] = []
        for outlet in self.outlets:
            for url in outlet.feeds:
                found = yield from self._feed(url)
                links += [(link, outlet) for link in found]
            for url in outlet.sitemaps:
                found = yield from self._sitemap(url)
                links += [(link, outlet) for link in found]
        for url, pending in self.state.retry.items():
            outlet = next((o for o in self.outlets if o.name == pending.get("outlet")), None)
            links.append((Link(url, pending.get("title"), _date(pending.get("published")),
                               pending.get("listed_in")), outlet))
        wanted = self._new_links(links) + [(Link(url), None) for url in self.pages]
        yield from self._pages(wanted)

    def commit(self) -> None:
        """Remember what this reading dealt with; call it once the documents are loaded."""
        self.state.feeds.update(self._feeds)
        for url, outcome in self._read.items():
            self.state.pages[url] = outcome
            self.state.retry.pop(url, None)
        self.state.retry.update(self._retry)
        self.state.last_poll = now_iso()
        self.state.save()

    # --- feeds and sitemaps -------------------------------------------------------------

    def _feed(self, url: str):
        """The links of one feed (a generator that may yield a Skipped, returning the links)."""
        fetched = yield from self._fetch_listing(url)
        if fetched is None:
            return []
        try:
            return feed_links(fetched.body, fetched.final_url, fetched.content_type)
        except NotAFeed as problem:
            yield Skipped(url, str(problem))
        except Exception as error:  # noqa: BLE001 - a feed the parser chokes on is one bad source
            yield Skipped(url, f"cannot read the feed ({type(error).__name__}: {error})")
        return []

    def _sitemap(self, url: str):
        queue, found, visited = [url], [], set()
        while queue and len(visited) < MAX_SITEMAPS:
            current = queue.pop(0)
            if current in visited:
                continue
            visited.add(current)
            fetched = yield from self._fetch_listing(current)
            if fetched is None:
                continue
            try:
                links, children = parse_sitemap(fetched.body, fetched.final_url, self.fetcher.settings.max_bytes)
            except NotAFeed as problem:
                yield Skipped(current, str(problem))
                continue
            except Exception as error:  # noqa: BLE001 - as for feeds
                yield Skipped(current, f"cannot read the sitemap ({type(error).__name__}: {error})")
                continue
            found += links
            queue += children
        return found

    def _fetch_listing(self, url: str):
        known = self.state.feeds.get(url, {})
        try:
            fetched = self.fetcher.fetch(url, validators=known.get("validators"))
        except FetchError as problem:
            self._feeds[url] = {**known, "polled": now_iso(), "status": str(problem)}
            yield Skipped(url, str(problem))
            return None
        if fetched.status == 304:
            self.requests["unchanged"] += 1
            self._feeds[url] = {**known, "polled": now_iso(), "status": 304}
            return None
        self.requests["changed"] += 1
        self._feeds[url] = {"validators": fetched.validators, "polled": now_iso(), "status": fetched.status}
        return fetched

    def _new_links(self, links: list[tuple[Link, Outlet | None]]) -> list[tuple[Link, Outlet | None]]:
        wanted, taken = [], set()
        for link, outlet in links:
            if link.url in taken or link.url in self.state.pages:
                continue
            taken.add(link.url)
            if self.since and link.published and link.published < self.since:
                self._read[link.url] = {"seen": now_iso(), "outcome": f"dated before --since {self.since}"}
                continue
            wanted.append((link, outlet))
        return wanted

    # --- pages ----------------------------------------------------------------------------

    def _pages(self, wanted: list[tuple[Link, Outlet | None]]) -> Iterator[Document | Skipped]:
        if not wanted:
            return
        with ThreadPoolExecutor(max_workers=PAGE_WORKERS, thread_name_prefix="interreg-fetch") as pool:
            # map keeps the order of the links, whatever order the answers come in
            for (link, outlet), result in zip(wanted, pool.map(self._page, wanted)):
                if isinstance(result, Document):
                    self._read[link.url] = {"seen": now_iso(), "id": result.id}
                    yield result
                    continue
                problem, permanent = result
                attempts = self.state.retry.get(link.url, {}).get("attempts", 0) + 1
                if permanent or attempts >= MAX_POLL_ATTEMPTS:
                    self._read[link.url] = {"seen": now_iso(), "outcome": problem}
                else:
                    self._retry[link.url] = {"attempts": attempts, "title": link.title,
                                             "listed_in": link.listed_in,
                                             "outlet": outlet.name if outlet else None,
                                             "published": link.published.isoformat() if link.published else None}
                yield Skipped(link.url, problem)

    def _page(self, item: tuple[Link, Outlet | None]) -> Document | tuple[str, bool]:
        link, outlet = item
        try:
            fetched = self.fetcher.fetch(link.url)
            with self._count_lock:
                self.requests["pages"] += 1
            return self._document(link, outlet, fetched)
        except FetchError as problem:
            return str(problem), problem.permanent
        except ReadError as problem:
            return str(problem), True
        except Exception as error:  # noqa: BLE001 - one page no reader copes with must not stop the poll
            return f"cannot read the page ({type(error).__name__}: {error})", True

    def _document(self, link: Link, outlet: Outlet | None, fetched: Fetched) -> Document:
        from interreg.ingest.readers.plaintext import read_plain_text
        from interreg.ingest.readers.webpage import read_html

        kind = fetched.content_type
        if kind and kind not in HTML_TYPES | TEXT_TYPES:
            raise ReadError(f"not a news page (content type {kind})")
        text, note = fetched.text()
        if note:
            self.notes.append(Note(link.url, note))
        provisional = web_document_id(fetched.final_url)
        if kind in TEXT_TYPES:
            document = read_plain_text(text, provisional, link.url)
            document = replace(document, url=fetched.final_url)
        else:
            document = read_html(text, provisional, link.url, url=fetched.final_url)
        url = _same_site(document.url, fetched.final_url)
        document = replace(
            document, id=web_document_id(url), url=url,
            title=document.title or link.title,
            published=document.published or link.published,
            outlet=(outlet.name if outlet else None) or document.outlet or _host(fetched.final_url),
            town=(outlet.town if outlet else None) or document.town)
        if reason := too_long_reason(document.text, self.max_chars) or not_russian_reason(document.text):
            raise ReadError(reason)
        return document


def _same_site(canonical: str | None, fetched_url: str) -> str:
    """The page's canonical URL when it is on the site the page came from, else where it came
    from: a page may not claim another site's address (and so replace that site's document)."""
    if canonical and urlsplit(canonical).scheme in ("http", "https"):
        if (urlsplit(canonical).hostname or "").removeprefix("www.") == \
                (urlsplit(fetched_url).hostname or "").removeprefix("www."):
            return urlunsplit(urlsplit(canonical)._replace(fragment=""))
    return urlunsplit(urlsplit(fetched_url)._replace(fragment=""))


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
