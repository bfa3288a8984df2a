"""A Neo4j for the benchmarks: $NEO4J_URI when set, else a throw-away local server.

>>> with neo4j_server() as uri:          # doctest: +SKIP
...     store = Neo4jStore(uri)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from bench.core import ROOT, Unavailable
from interreg.graph.bulk import free_port

NEO4J_LOCAL = ROOT / "scripts" / "neo4j-local"
START_TIMEOUT_S = 900


def neo4j_local(action: str, home: Path, port: int, timeout: float = START_TIMEOUT_S,
                **settings: str | None) -> subprocess.CompletedProcess:
    """Run `scripts/neo4j-local ACTION` for the server kept in `home`, on `port`; each setting
    becomes NEO4J_LOCAL_<NAME> (heap="2g", pagecache="1g", password="…"), None leaves it unset.

    >>> neo4j_local("status", Path("/tmp/neo4j"), 7687).returncode    # doctest: +SKIP
    3
    """
    env = dict(os.environ, NEO4J_LOCAL_HOME=str(home), NEO4J_LOCAL_PORT=str(port))
    env.update({f"NEO4J_LOCAL_{name.upper()}": value for name, value in settings.items() if value})
    return subprocess.run([str(NEO4J_LOCAL), action], env=env, capture_output=True, text=True,
                          timeout=timeout)


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
        started = neo4j_local("start", home, port, heap=heap, pagecache=page_cache)
        if started.returncode != 0:
            raise Unavailable(f"scripts/neo4j-local start failed: {started.stderr.strip()[-500:]}")
        yield f"bolt://127.0.0.1:{port}"
    finally:
        neo4j_local("stop", home, port)
        shutil.rmtree(home, ignore_errors=True)
