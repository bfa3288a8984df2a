"""robots.txt, honoured: fetched once per site and run, read with urllib.robotparser.

As RFC 9309 has it: a robots.txt that does not exist (any 4xx) allows everything; one
that cannot be had (5xx, timeout, no connection) disallows the whole site for this run,
since the site may be in trouble, and the next poll asks again.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser


class Robots:
    """`refusal(url)`: why the fetcher's User-Agent may not fetch `url`, or None when it
    may; one robots.txt request per site."""

    def __init__(self, fetcher):
        self._fetcher = fetcher
        # per site: its rules, None (no robots.txt: all allowed) or why it could not be had
        self._rules: dict[str, RobotFileParser | str | None] = {}
        self._lock = threading.Lock()

    def refusal(self, url: str) -> str | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            if origin not in self._rules:
                self._rules[origin] = self._load(origin)
            rules = self._rules[origin]
        if rules is None:
            return None
        if isinstance(rules, str):
            return rules
        if rules.can_fetch(self._fetcher.settings.user_agent, url):
            return None
        return f"disallowed by robots.txt ({origin}/robots.txt)"

    def _load(self, origin: str) -> RobotFileParser | str | None:
        from interreg.ingest.web.client import FetchError

        try:
            fetched = self._fetcher.get(f"{origin}/robots.txt")
        except FetchError as error:
            if error.status is not None and 400 <= error.status < 500 and error.status != 429:
                return None          # there is no robots.txt: everything is allowed
            return f"robots.txt could not be read, so the site is left alone this time ({error})"
        if fetched.status != 200:
            return None
        parser = RobotFileParser()
        parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
        return parser
