"""A Neo4j for the benchmarks: $NEO4J_URI when set, else a throw-away local server.

>>> with neo4j_server() as uri:          # doctest: +SKIP
...     store = Neo4jStore(uri)
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from bench.core import ROOT, Unavailable

NEO4J_LOCAL = ROOT / "scripts" / "neo4j-local"
START_TIMEOUT_S = 900


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _neo4j_local(action: str, home: Path, port: int, heap: str | None,
                 page_cache: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NEO4J_LOCAL_HOME=str(home), NEO4J_LOCAL_PORT=str(port))
    if heap:
        env["NEO4J_LOCAL_HEAP"] = heap
    if page_cache:
        env["NEO4J_LOCAL_PAGECACHE"] = page_cache
    return subprocess.run([str(NEO4J_LOCAL), action], env=env, capture_output=True, text=True,
                          timeout=START_TIMEOUT_S)


@contextmanager
def neo4j_server(heap: str | None = None, page_cache: str | None = None) -> Iterator[str]:
    """Yield a Bolt URI; a server started here is stopped and its data removed afterwards."""
    external = os.environ.get("NEO4J_URI")
    if external:
        yield external
        return
    if shutil.which("java") is None:
        raise Unavailable("no Java to run a local Neo4j (and NEO4J_URI is not set)")
    home = Path(tempfile.mkdtemp(prefix="interreg-bench-neo4j-"))
    port = free_port()
    try:
        started = _neo4j_local("start", home, port, heap, page_cache)
        if started.returncode != 0:
            raise Unavailable(f"scripts/neo4j-local start failed: {started.stderr.strip()[-500:]}")
        yield f"bolt://127.0.0.1:{port}"
    finally:
        _neo4j_local("stop", home, port, heap)
        shutil.rmtree(home, ignore_errors=True)
