"""A news site on 127.0.0.1 for the web tests: real HTTP, a request log, every bad case.

`NewsSite` runs `http.server` in a thread. Tests put resources at paths (`site.put`), read
what was asked (`site.log`), and `reset()` between tests. A resource with an ETag answers
conditional GETs with 304. Everything served here is written by the tests themselves.

Paths with a behaviour of their own (no resource needed):
- `/slow/...`   answers after `slow_seconds` (longer than the tests' client timeout);
- `/loop/a`, `/loop/b`  redirect to each other;
- `/huge/...`   a page of `huge_bytes` streamed in chunks (never held in memory here);
- `/error/500`, `/error/503`  always that status.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HTML = "text/html; charset=utf-8"


@dataclass
class Resource:
    body: bytes
    content_type: str = HTML
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    fail_times: int = 0            # answer 503 this many times before serving


@dataclass
class Request:
    method: str
    path: str
    status: int
    conditional: bool              # sent If-None-Match or If-Modified-Since
    user_agent: str
    at: float


class NewsSite:
    def __init__(self):
        self.resources: dict[str, Resource] = {}
        self.log: list[Request] = []
        self.slow_seconds = 3.0
        self.huge_bytes = 50_000_000
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> NewsSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.resources.clear()
            self.log.clear()

    def put(self, path: str, body: str | bytes, content_type: str = HTML, *, etag: bool = False,
            **options) -> Resource:
        data = body.encode("utf-8") if isinstance(body, str) else body
        resource = Resource(data, content_type, **options)
        if etag:
            resource.etag = f'"{abs(hash(data)):x}"'
            resource.last_modified = format_datetime(datetime.now(timezone.utc), usegmt=True)
        with self._lock:
            self.resources[path] = resource
        return resource

    def asked(self, prefix: str = "", method: str = "GET") -> list[Request]:
        with self._lock:
            return [r for r in self.log if r.path.startswith(prefix) and r.method == method]

    def record(self, request: Request) -> None:
        with self._lock:
            self.log.append(request)


def _handler(site: NewsSite):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):       # the site's own log is `site.log`
            pass

        def do_GET(self):
            path = self.path
            conditional = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
            status = self._answer(path)
            site.record(Request("GET", path, status, conditional, self.headers.get("User-Agent", ""),
                                time.monotonic()))

        def _answer(self, path: str) -> int:
            if path.startswith("/slow/"):
                time.sleep(site.slow_seconds)
                return self._send(200, b"<html><body><p>\xd0\x9f\xd0\xbe\xd0\xb7\xd0\xb4\xd0\xbd\xd0\xbe</p></body></html>")
            if path in ("/loop/a", "/loop/b"):
                return self._send(302, b"", headers={"Location": "/loop/b" if path == "/loop/a" else "/loop/a"})
            if path.startswith("/error/"):
                return self._send(int(path.rsplit("/", 1)[1]), b"server trouble", "text/plain")
            if path.startswith("/huge/"):
                return self._huge()
            with site._lock:
                resource = site.resources.get(path)
                if resource is not None and resource.fail_times > 0:
                    resource.fail_times -= 1
                    failing = True
                else:
                    failing = False
            if resource is None:
                return self._send(404, b"not found", "text/plain")
            if failing:
                return self._send(503, b"try again", "text/plain")
            validators = {}
            if resource.etag:
                validators = {"ETag": resource.etag, "Last-Modified": resource.last_modified}
                if self.headers.get("If-None-Match") == resource.etag or (
                        not self.headers.get("If-None-Match")
                        and self.headers.get("If-Modified-Since") == resource.last_modified):
                    return self._send(304, b"", headers=validators)
            return self._send(resource.status, resource.body, resource.content_type,
                              headers={**validators, **resource.headers})

        def _send(self, status: int, body: bytes, content_type: str = HTML, headers: dict | None = None) -> int:
            self.send_response(status)
            if status != 304:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if body:
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass            # the client gave up waiting (the slow pages)
            return status

        def _huge(self) -> int:
            # no Content-Length: the client can only find out by reading
            self.send_response(200)
            self.send_header("Content-Type", HTML)
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<p>" + "Омск ".encode("utf-8") * 10_000 + b"</p>\n"
            sent = 0
            try:
                while sent < site.huge_bytes:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return 200

    return Handler
