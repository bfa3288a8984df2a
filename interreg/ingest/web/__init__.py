"""News from the web: feeds, sitemaps and pages fetched politely, read into `Document`s.

The one entry point is `read_web`: it returns a `WebRead` whose `documents()` yields
`Document`s and `Skipped`s like the file readers do, so the ingest loads them the same
way; `commit()` afterwards records what was dealt with for the next poll.

>>> from interreg.ingest.web import read_web                        # doctest: +SKIP
>>> reading = read_web(outlets=load_sources(), incremental=True)    # doctest: +SKIP
>>> report = ingest([], store, items=reading.documents())           # doctest: +SKIP
>>> reading.commit()                                                # doctest: +SKIP

Modules: client.py (HTTP: timeouts, retries, rate limits, robots.txt, conditional GET,
size cap, charsets), robots.py, feeds.py (RSS/Atom), sitemaps.py, sources.py (the
sources file), state.py (what a poll remembers), poll.py (feeds → links → documents).
How it behaves, for users: docs/web.md.
"""

from __future__ import annotations

from datetime import date

from interreg.ingest.web.client import FetchSettings, Fetcher
from interreg.ingest.web.poll import WebRead, web_document_id
from interreg.ingest.web.sources import Outlet, load_sources
from interreg.ingest.web.state import PollState

__all__ = ["read_web", "WebRead", "Outlet", "load_sources", "PollState", "FetchSettings", "Fetcher",
           "web_document_id", "is_url"]


def is_url(value: str) -> bool:
    """An input that names a web page rather than a file.

    >>> is_url("https://omsk.example/news/1"), is_url("news/omsk.txt")
    (True, False)
    """
    return value.lower().startswith(("http://", "https://"))


def read_web(outlets: list[Outlet] = (), pages: list[str] = (), *, fetcher: Fetcher,
             max_chars: int, incremental: bool = False, since: date | None = None) -> WebRead:
    """A reading of `outlets`' feeds and sitemaps and of `pages`. `incremental`: remember
    what was read in the poll state (INTERREG_HOME) and skip it next time."""
    state = PollState.load() if incremental else PollState.in_memory()
    return WebRead(fetcher=fetcher, state=state, max_chars=max_chars, outlets=list(outlets),
                   pages=list(pages), since=since)
