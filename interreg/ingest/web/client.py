"""Polite HTTP fetching: one `Fetcher` for every request a poll makes.

- a clear User-Agent naming the program; timeouts on connecting and on each read;
- retries with exponential backoff on 5xx and 429 answers, timeouts and connection
  errors (never on other 4xx);
- per host: at most `per_host` requests at a time and `interval` seconds between the
  starts of two requests; robots.txt honoured (robots.py);
- conditional GET: `fetch(url, validators)` sends If-None-Match / If-Modified-Since and
  an unchanged resource comes back as `Fetched(status=304)` with no body;
- redirects followed, each hop checked against robots.txt, at most `max_redirects`; a
  loop is an error;
- a size cap: a body over `max_bytes` is refused (from Content-Length, else as soon as
  the download passes the cap, so a 50 MB page is never held in memory);
- text decoded by the charset of the Content-Type header, else the page's `<meta>`, else
  as files are (UTF-8, else Windows-1251).

Every failure is a `FetchError` whose message is the one-line reason shown to the user.

>>> with Fetcher(FetchSettings(interval=0)) as fetcher:              # doctest: +SKIP
...     page = fetcher.fetch("https://news.example/omsk")
...     page.status, page.text()[0][:20]
"""

from __future__ import annotations

import re
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import urljoin, urlsplit

import httpx

from interreg import __version__, config

USER_AGENT = f"interreg/{__version__} (regional news reader; honours robots.txt; polls at most hourly)"
REDIRECTS = {301, 302, 303, 307, 308}
RETRIED = {429, 500, 502, 503, 504}
CHUNK = 64 * 1024
# A whole download may take this many timeouts, however steadily the bytes trickle in.
DOWNLOAD_TIMEOUTS = 4
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class FetchSettings:
    """How politely to fetch; the defaults suit an hourly poll of news sites.

    `from_env()` reads INTERREG_WEB_TIMEOUT, INTERREG_WEB_RETRIES, INTERREG_WEB_BACKOFF,
    INTERREG_WEB_INTERVAL and INTERREG_WEB_MAX_BYTES (see docs/web.md).
    """

    timeout: float = 15.0          # seconds to connect, and between two reads
    retries: int = 2               # further attempts after a 5xx, a timeout, a lost connection
    backoff: float = 2.0           # seconds before the first retry, doubled for each next one
    interval: float = 1.0          # seconds between the starts of two requests to one host
    per_host: int = 2              # requests to one host at a time
    max_redirects: int = 5
    max_bytes: int = 5_000_000     # the largest body read (an HTML page's limit, see readers.limits)
    user_agent: str = USER_AGENT

    @classmethod
    def from_env(cls, max_bytes: int | None = None) -> FetchSettings:
        number = config.env_number
        return cls(timeout=number("INTERREG_WEB_TIMEOUT", cls.timeout, float, "seconds"),
                   retries=number("INTERREG_WEB_RETRIES", cls.retries, int, "whole number"),
                   backoff=number("INTERREG_WEB_BACKOFF", cls.backoff, float, "seconds"),
                   interval=number("INTERREG_WEB_INTERVAL", cls.interval, float, "seconds"),
                   max_bytes=max_bytes or number("INTERREG_WEB_MAX_BYTES", cls.max_bytes, int, "bytes"))


class FetchError(Exception):
    """A URL that gave nothing usable; the message is the reason. `permanent`: asking again
    will not help (404, 410, robots.txt, too big), so a poll does not ask again."""

    def __init__(self, reason: str, permanent: bool = False, status: int | None = None):
        super().__init__(reason)
        self.permanent = permanent
        self.status = status        # the HTTP status that ended it, if one did


@dataclass
class Fetched:
    url: str                         # the URL asked for
    final_url: str                   # where the redirects ended
    status: int                      # 200, or 304 for a conditional GET answered "not modified"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)   # lower-case names

    @property
    def validators(self) -> dict[str, str]:
        """What to send next time to be answered 304 if nothing changed."""
        return {name: self.headers[name] for name in ("etag", "last-modified") if self.headers.get(name)}

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def text(self) -> tuple[str, str | None]:
        """The body as text, and a note on how it was decoded when worth saying."""
        from interreg.ingest.readers.encoding import decode_text

        charset = _declared_charset(self.headers.get("content-type", ""), self.body)
        if charset:
            try:
                return self.body.decode(charset), None
            except (LookupError, UnicodeDecodeError):
                pass            # a wrong declaration: judge by the bytes, as for files
        decoded = decode_text(self.body)
        return decoded.text, decoded.note


def _declared_charset(content_type: str, body: bytes) -> str | None:
    """The charset of the Content-Type header, else of a `<meta>` near the top of the page."""
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip(' "\''):
            return value.strip(' "\'')
    if found := CHARSET.search(body[:4096]):
        return found.group(1).decode("ascii", "replace")
    return None


class Fetcher:
    """An HTTP client that keeps to the rules above; use it as a context manager."""

    def __init__(self, settings: FetchSettings | None = None):
        from interreg.ingest.web.robots import Robots

        self.settings = settings or FetchSettings()
        s = self.settings
        self._client = httpx.Client(
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(s.timeout), follow_redirects=False)
        self._host_slots: dict[str, threading.BoundedSemaphore] = defaultdict(
            lambda: threading.BoundedSemaphore(s.per_host))
        self._next_start: dict[str, float] = defaultdict(float)
        self._lock = threading.Lock()
        self.robots = Robots(self)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str, validators: dict[str, str] | None = None) -> Fetched:
        """GET `url` (following redirects, retrying what may pass); FetchError when it gives nothing."""
        headers = {}
        if validators:
            if validators.get("etag"):
                headers["If-None-Match"] = validators["etag"]
            if validators.get("last-modified"):
                headers["If-Modified-Since"] = validators["last-modified"]
        seen = [url]
        current = url
        for _ in range(self.settings.max_redirects + 1):
            _check_scheme(current)
            if refusal := self.robots.refusal(current):
                # a site whose robots.txt is unreachable for now is asked again next time
                raise FetchError(refusal, permanent=refusal.startswith("disallowed"))
            fetched = self.get(current, headers)
            if fetched.status not in REDIRECTS:
                fetched.url = url
                return fetched
            target = fetched.headers.get("location")
            if not target:
                raise FetchError(f"HTTP {fetched.status} redirect without a Location")
            current = urljoin(current, target)
            if current in seen:
                raise FetchError(f"redirect loop ({' -> '.join([*seen, current][-3:])})", permanent=True)
            seen.append(current)
        raise FetchError(f"more than {self.settings.max_redirects} redirects", permanent=True)

    def get(self, url: str, headers: dict[str, str] | None = None) -> Fetched:
        """One GET without following redirects, retried with backoff on 5xx and lost connections."""
        s = self.settings
        for attempt in range(s.retries + 1):
            last = attempt == s.retries
            try:
                with self._host_slot(urlsplit(url).netloc):
                    fetched = self._get_once(url, headers or {})
            except httpx.TimeoutException:
                if last:
                    raise FetchError(f"timed out (no answer within {s.timeout:g} s, "
                                     f"{attempt + 1} attempt(s))") from None
            except httpx.TransportError as error:
                if last:
                    raise FetchError(f"cannot connect: {_short(error)} ({attempt + 1} attempt(s))") from None
            else:
                if fetched.status in RETRIED and not last:
                    pass
                elif fetched.status in RETRIED:
                    raise FetchError(f"HTTP {fetched.status} {_phrase(fetched.status)} "
                                     f"({attempt + 1} attempt(s))", status=fetched.status)
                elif fetched.status >= 400:
                    # 404 and 410 say the page is gone; other client errors will not mend by asking
                    raise FetchError(f"HTTP {fetched.status} {_phrase(fetched.status)}", permanent=True,
                                     status=fetched.status)
                else:
                    return fetched
            time.sleep(s.backoff * 2 ** attempt)
        raise AssertionError("unreachable")

    def _get_once(self, url: str, headers: dict[str, str]) -> Fetched:
        limit = self.settings.max_bytes
        with self._client.stream("GET", url, headers=headers) as response:
            head = {name.lower(): value for name, value in response.headers.items()}
            if response.status_code in REDIRECTS or response.status_code == 304 or response.status_code >= 400:
                return Fetched(url, str(response.url), response.status_code, b"", head)
            declared = head.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(_too_big(int(declared), limit), permanent=True)
            chunks, size = [], 0
            # the read timeout is per read: a server dripping a byte at a time needs a whole limit
            deadline = time.monotonic() + DOWNLOAD_TIMEOUTS * self.settings.timeout
            for chunk in response.iter_bytes(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise FetchError(_too_big(size, limit, more=True), permanent=True)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("download too slow", request=response.request)
                chunks.append(chunk)
            return Fetched(url, str(response.url), response.status_code, b"".join(chunks), head)

    @contextmanager
    def _host_slot(self, host: str) -> Iterator[None]:
        """At most `per_host` requests to a host at once, starts `interval` seconds apart."""
        with self._host_slots[host]:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start[host])
                self._next_start[host] = start + self.settings.interval
            if start > now:
                time.sleep(start - now)
            yield


def _check_scheme(url: str) -> None:
    if urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).netloc:
        raise FetchError("not an http(s) URL", permanent=True)


def _too_big(size: int, limit: int, more: bool = False) -> str:
    return (f"{'over ' if more else ''}{size / 1e6:.1f} MB, over the limit of {limit / 1e6:.1f} MB a page "
            f"(INTERREG_WEB_MAX_BYTES)")


def _phrase(status: int) -> str:
    from http import HTTPStatus
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _short(error: Exception) -> str:
    return " ".join(str(error).split())[:120] or type(error).__name__
