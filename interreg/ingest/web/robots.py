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
    """`allowed(url)` for the fetcher's User-Agent; one robots.txt request per site."""

    def __init__(self, fetcher):
        self._fetcher = fetcher
        self._rules: dict[str, RobotFileParser | bool] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            if origin not in self._rules:
                self._rules[origin] = self._load(origin)
            rules = self._rules[origin]
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(self._fetcher.settings.user_agent, url)

    def _load(self, origin: str) -> RobotFileParser | bool:
        from interreg.ingest.web.client import FetchError

        try:
            fetched = self._fetcher.get(f"{origin}/robots.txt")
        except FetchError as error:
            # 4xx: there is no robots.txt, everything is allowed; else the site is unreachable
            return error.status is not None and 400 <= error.status < 500 and error.status != 429
        if fetched.status != 200:
            return True
        parser = RobotFileParser()
        parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
        return parser
