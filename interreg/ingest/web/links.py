"""What feeds and sitemaps hand on: a link to a news page, with what they say of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Link:
    """A page to fetch. `title` and `published` are the feed's or sitemap's word, used
    when the page itself states none."""

    url: str
    title: str | None = None
    published: date | None = None
    listed_in: str | None = None     # the feed or sitemap it came from


class NotAFeed(Exception):
    """A feed or sitemap URL whose answer cannot be read as one; the message says why."""
