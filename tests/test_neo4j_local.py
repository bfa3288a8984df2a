"""scripts/neo4j-local gives a real Neo4j 5.26 over Bolt, and its data outlives a restart."""

from __future__ import annotations

import os

import pytest
from neo4j import GraphDatabase

from conftest import NEO4J_LOCAL, free_port, run_neo4j_local, server_version, unavailable

pytestmark = pytest.mark.neo4j


def test_session_server_answers_a_query(neo4j_driver):
    with neo4j_driver.session() as session:
        assert session.run("RETURN 1 + 1 AS two").single()["two"] == 2


def test_session_server_is_neo4j_5_26(neo4j_driver):
    # e.g. "Neo4j Kernel 5.26.30 community"
    version = server_version(neo4j_driver).split()[-2]
    assert version.startswith("5.26."), version


def test_wiped_database_is_empty_and_writable(neo4j_empty):
    with neo4j_empty.session() as session:
        assert session.run("MATCH (n) RETURN count(n) AS n").single()["n"] == 0
        session.run("CREATE (:Region {name: 'Бухарская область'})").consume()
        names = session.run("MATCH (r:Region) RETURN r.name AS name").value()
    assert names == ["Бухарская область"]


def count_probes(uri: str) -> int:
    with GraphDatabase.driver(uri, auth=None) as driver:
        with driver.session() as session:
            return session.run("MATCH (p:Probe {word: 'хлопок'}) RETURN count(p) AS n").single()["n"]


def test_data_survives_stop_and_start(tmp_path):
    if not os.access(NEO4J_LOCAL, os.X_OK):
        unavailable(f"{NEO4J_LOCAL} is missing or not executable")
    home, port = tmp_path / "neo4j-home", free_port()
    uri = f"bolt://127.0.0.1:{port}"
    try:
        first = run_neo4j_local("start", home, port, timeout=900)
        if first.returncode != 0:
            unavailable(f"neo4j-local start failed: {first.stderr.strip()[-500:]}")
        assert first.stdout.strip() == uri
        with GraphDatabase.driver(uri, auth=None) as driver:
            with driver.session() as session:
                session.run("CREATE (:Probe {word: 'хлопок'})").consume()

        assert run_neo4j_local("stop", home, port, timeout=120).returncode == 0
        stopped = run_neo4j_local("status", home, port, timeout=30)
        assert (stopped.returncode, stopped.stdout.strip()) == (3, "stopped")
        assert not (home / "neo4j.pid").exists()

        second = run_neo4j_local("start", home, port, timeout=300)
        assert second.returncode == 0, second.stderr
        assert run_neo4j_local("status", home, port, timeout=30).stdout.startswith(f"running {uri}")
        assert count_probes(uri) == 1
    finally:
        run_neo4j_local("stop", home, port, timeout=120)
