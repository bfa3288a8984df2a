"""Fixtures shared by the whole test suite.

- `shared_dir`: the read-only `../shared` folder beside the repository.
- `neo4j_uri`, `neo4j_driver`, `neo4j_empty`, `neo4j_env`: a real Neo4j over Bolt.
  `NEO4J_URI` (with `NEO4J_USER`/`NEO4J_PASSWORD`) points at a server you run yourself;
  without it, `scripts/neo4j-local` starts one for the test session on a free port with
  a throw-away data folder, and stops it at the end.
- `interreg_home`: a temporary `INTERREG_HOME`.

Anything that cannot be had (no `../shared`, no Java/Maven) skips the tests that need
it, except under `CI=true`, where it fails them: CI must never pass by skipping.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bench.neo4j_server import NEO4J_LOCAL, free_port, neo4j_local as run_neo4j_local  # noqa: F401

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"

# The first start fetches the Neo4j jars with Maven, which takes a few minutes.
NEO4J_START_TIMEOUT_S = 900

# What the session learned about the server, printed in the closing summary.
_neo4j_seen: dict[str, str] = {}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def unavailable(reason: str):
    """Skip locally; fail under CI, where a missing service is a broken set-up."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: not skipping)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` relative to the repository root (read only)."""
    if not SHARED_DIR.is_dir():
        unavailable(f"shared material not found at {SHARED_DIR}")
    return SHARED_DIR


@pytest.fixture
def interreg_home(tmp_path, monkeypatch) -> Path:
    """A fresh INTERREG_HOME so a test never touches the user's own data."""
    home = tmp_path / "interreg-home"
    home.mkdir()
    monkeypatch.setenv("INTERREG_HOME", str(home))
    return home


def neo4j_auth():
    """Credentials from the environment; None for the local server, which has auth off."""
    user = os.environ.get("NEO4J_USER")
    password = os.environ.get("NEO4J_PASSWORD")
    if user and password:
        return (user, password)
    return None


def server_version(driver) -> str:
    with driver.session() as session:
        record = session.run(
            "CALL dbms.components() YIELD name, versions, edition "
            "RETURN name, versions[0] AS version, edition"
        ).single()
    return f"{record['name']} {record['version']} {record['edition']}"


def _last_lines(text: str, count: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-count:])


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory) -> str:
    """Bolt URI of a running Neo4j: $NEO4J_URI, or a server started for this session."""
    external = os.environ.get("NEO4J_URI")
    if external:
        _neo4j_seen["uri"] = external
        yield external
        return

    if not os.access(NEO4J_LOCAL, os.X_OK):
        unavailable(f"{NEO4J_LOCAL} is missing or not executable")
    home = tmp_path_factory.mktemp("neo4j-home")
    port = free_port()
    try:
        started = run_neo4j_local("start", home, port, NEO4J_START_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        run_neo4j_local("stop", home, port, 120)
        unavailable(f"Neo4j did not start within {NEO4J_START_TIMEOUT_S} s")
    if started.returncode != 0:
        run_neo4j_local("stop", home, port, 120)
        detail = _last_lines(started.stderr or started.stdout)
        unavailable(f"scripts/neo4j-local start failed ({started.returncode}): {detail}")

    uri = f"bolt://127.0.0.1:{port}"
    _neo4j_seen["uri"] = uri
    try:
        yield uri
    finally:
        run_neo4j_local("stop", home, port, 120)


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_uri):
    """A driver connected to `neo4j_uri`; the server version is logged once."""
    from neo4j import GraphDatabase

    driver = GraphDatabase.driver(neo4j_uri, auth=neo4j_auth())
    try:
        driver.verify_connectivity()
        _neo4j_seen["version"] = server_version(driver)
    except Exception as error:  # noqa: BLE001 - any failure means no usable server
        driver.close()
        unavailable(f"Neo4j at {neo4j_uri} does not answer: {error}")
    yield driver
    driver.close()


def wipe_neo4j(driver) -> None:
    """Remove every node and relationship."""
    with driver.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()


@pytest.fixture
def neo4j_empty(neo4j_driver):
    """The session driver, on a database emptied before this test."""
    wipe_neo4j(neo4j_driver)
    return neo4j_driver


@pytest.fixture
def neo4j_env(neo4j_empty, neo4j_uri, monkeypatch) -> str:
    """An empty database that `interreg.config.neo4j_settings()` points at; returns the URI."""
    monkeypatch.setenv("NEO4J_URI", neo4j_uri)
    if neo4j_auth() is None:
        monkeypatch.setenv("NEO4J_USER", "neo4j")
        monkeypatch.setenv("NEO4J_PASSWORD", "")
    return neo4j_uri


def pytest_terminal_summary(terminalreporter):
    if not _neo4j_seen:
        return
    line = _neo4j_seen.get("version", "version unknown (no query ran)")
    terminalreporter.write_line(f"Neo4j server: {line} at {_neo4j_seen['uri']}")


# --- an empty store of either kind, for tests that run on both --------------------------

@pytest.fixture
def memory_store(tmp_path):
    from interreg.graph.memory import MemoryStore
    return MemoryStore(tmp_path / "memory")


@pytest.fixture
def neo4j_store(neo4j_env):
    from interreg.graph.neo4j_store import Neo4jStore
    store = Neo4jStore()
    yield store
    store.close()


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request):
    return request.getfixturevalue(f"{request.param}_store")
