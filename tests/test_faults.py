"""Faults: Neo4j killed in the middle of an ingest, the embedded store killed in the middle of a save.

Neo4j: a private server; `interreg ingest --store neo4j` in a subprocess loads a corpus in
small batches; the server's Java process is SIGKILLed once some but not all documents are
in. The ingest must stop with a one-line error and a non-zero status; after a restart on
the same data folder a second ingest must leave every document loaded exactly once, and
the graph equal to a reference load of the same corpus without a crash.

The corpus: the demo news (written for the project) copied under many ids, each copy a week
later than the one before. Extraction is slow, so the subprocesses take the facts of the 22
demo texts extracted once by this test (through `interreg.graph.load`'s extractor hook).

Memory store: a subprocess writing to a growing graph over and over is SIGKILLed while a
write is under way (SQLite's rollback journal is there); the store must open with the graph
of one of the writes that finished, whole, and the next write must work.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from tests.conftest import REPO_ROOT, free_port, in_ci, run_neo4j_local

pytestmark = pytest.mark.neo4j

DEMO_NEWS = REPO_ROOT / "interreg" / "demo" / "news.jsonl"
COPIES = 14                  # 22 demo texts × 14 = 308 documents
BATCH_SIZE = 3               # about a hundred transactions
NEO4J_START_S = 900
INGEST_TIMEOUT_S = 300

# The subprocess: `interreg ingest` with the extractor replaced by the facts extracted once.
INGEST_WITH_CACHED_FACTS = """
import pickle, sys
from dataclasses import replace
from interreg.cli import main
from interreg.graph import load
from tests.test_faults import copy_of

class CachedExtractor:
    def __init__(self, path):
        with open(path, "rb") as handle:
            self.facts = pickle.load(handle)

    def extract(self, document):
        original, days = copy_of(document)
        return shifted(self.facts[original], document, days)

from tests.test_faults import shifted
load._extractor = CachedExtractor(sys.argv[1])
sys.exit(main(sys.argv[2:]))
"""


def copy_of(document) -> tuple[str, int]:
    """'demo-07~3' → ('demo-07', 21): the demo document it copies and how many days later."""
    original, copy = document.id.split("~")
    return original, 7 * int(copy)


def shifted(facts, document, days: int):
    """`facts` of a demo document, as the copy `document` (dates `days` later) has them."""
    from dataclasses import replace

    def later(value):
        return value + timedelta(days=days) if value is not None else None

    return replace(facts, document=document,
                   meetings=[replace(m, date=later(m.date)) for m in facts.meetings],
                   agreements=[replace(a, date=later(a.date)) for a in facts.agreements])


def write_corpus(path: Path) -> list[dict]:
    items = [json.loads(line) for line in DEMO_NEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    copies = []
    for copy in range(COPIES):
        for item in items:
            published = date.fromisoformat(item["published"]) + timedelta(days=7 * copy)
            copies.append({**item, "id": f"{item['id']}~{copy}", "published": published.isoformat()})
    with path.open("w", encoding="utf-8") as out:
        for item in copies:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return copies


@pytest.fixture(scope="module")
def demo_facts(tmp_path_factory) -> Path:
    """The demo news' facts, extracted once, pickled by document id."""
    from interreg.ingest.extract import Extractor
    from interreg.ingest.readers import iter_documents

    extractor = Extractor()
    facts = {document.id: extractor.extract(document) for document in iter_documents([str(DEMO_NEWS)])}
    path = tmp_path_factory.mktemp("facts") / "demo-facts.pickle"
    path.write_bytes(pickle.dumps(facts))
    return path


class PrivateNeo4j:
    """A server of this test's own, so it can be killed without harming anyone else's."""

    def __init__(self, home: Path):
        self.home, self.port = home, free_port()
        self.uri = f"bolt://127.0.0.1:{self.port}"

    def start(self) -> None:
        started = run_neo4j_local("start", self.home, self.port, NEO4J_START_S)
        if started.returncode != 0:
            message = f"scripts/neo4j-local start failed: {(started.stderr or started.stdout)[-800:]}"
            if in_ci():
                pytest.fail(message, pytrace=False)
            pytest.skip(message)

    def stop(self) -> None:
        run_neo4j_local("stop", self.home, self.port, 120)

    def kill(self) -> None:
        pid = int((self.home / "neo4j.pid").read_text().strip())
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        raise AssertionError(f"Neo4j (pid {pid}) still alive after SIGKILL")


@pytest.fixture
def private_neo4j(tmp_path):
    if not os.access(REPO_ROOT / "scripts" / "neo4j-local", os.X_OK):
        pytest.fail("scripts/neo4j-local is missing") if in_ci() else pytest.skip("no scripts/neo4j-local")
    server = PrivateNeo4j(tmp_path / "neo4j-home")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def ingest_command(facts: Path, corpus: Path) -> list[str]:
    return [sys.executable, "-c", INGEST_WITH_CACHED_FACTS, str(facts),
            "ingest", str(corpus), "--store", "neo4j", "--batch-size", str(BATCH_SIZE)]


def ingest_env(uri: str, home: Path) -> dict:
    # a short retry window: the server stays down until the ingest has given up
    return dict(os.environ, NEO4J_URI=uri, NEO4J_USER="neo4j", NEO4J_PASSWORD="", NEO4J_RETRY_SECONDS="2",
                INTERREG_HOME=str(home), PYTHONPATH=str(REPO_ROOT))


def graph_snapshot(uri: str) -> dict:
    """What must be equal between the two loads: counts, documents with their hashes, and the
    rows of canned queries."""
    from interreg.graph.neo4j_store import Neo4jStore
    from interreg.queries.runner import run as run_query

    store = Neo4jStore(uri, user="neo4j", password="")
    try:
        documents = store.read("MATCH (d:Document) RETURN d.id AS id, d.hash AS hash ORDER BY id", {})
        snapshot = {"counts": store.counts(), "documents": documents}
        for name, params in (("partners", {"region": "UZ-BU"}), ("network", {}), ("agreements", {}),
                             ("trade", {}), ("outlets", {}), ("top-regions", {})):
            snapshot[name] = run_query(store, name, params)
    finally:
        store.close()
    return snapshot


def document_count(driver) -> int:
    with driver.session() as session:
        return session.run("MATCH (d:Document) RETURN count(d) AS n").single()["n"]


def test_neo4j_killed_mid_ingest_then_rerun_loads_each_document_once(private_neo4j, demo_facts, tmp_path):
    corpus = tmp_path / "news.jsonl"
    items = write_corpus(corpus)
    env = ingest_env(private_neo4j.uri, tmp_path / "home")

    # the reference: the same corpus loaded without a crash
    reference = subprocess.run(ingest_command(demo_facts, corpus), env=env, cwd=REPO_ROOT,
                               capture_output=True, text=True, timeout=INGEST_TIMEOUT_S)
    assert reference.returncode == 0, reference.stderr
    expected = graph_snapshot(private_neo4j.uri)
    assert len(expected["documents"]) == len(items)
    driver = GraphDatabase.driver(private_neo4j.uri)
    try:
        with driver.session() as session:
            session.run("MATCH (n) DETACH DELETE n").consume()
    finally:
        driver.close()

    # the crash: kill the server once some documents, not all, are in
    ingest = subprocess.Popen(ingest_command(demo_facts, corpus), env=env, cwd=REPO_ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    driver = GraphDatabase.driver(private_neo4j.uri)
    loaded_at_kill = 0
    try:
        deadline = time.monotonic() + INGEST_TIMEOUT_S
        while time.monotonic() < deadline and ingest.poll() is None:
            loaded_at_kill = document_count(driver)
            if loaded_at_kill >= len(items) // 4:
                private_neo4j.kill()
                break
            time.sleep(0.02)
    finally:
        driver.close()
    assert 0 < loaded_at_kill < len(items), f"the kill did not land mid-ingest ({loaded_at_kill} loaded)"
    try:
        _, stderr = ingest.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        ingest.kill()
        raise AssertionError("the ingest hangs after the server died")
    assert ingest.returncode != 0
    assert "Traceback" not in stderr, stderr
    # besides the progress lines a slow ingest writes every few seconds, one line says what happened
    said = [line for line in stderr.strip().splitlines() if not re.match(r"interreg: \d+(/\d+)? documents", line)]
    assert len(said) == 1, stderr
    assert said[0].startswith("interreg: lost the connection to Neo4j"), stderr

    # restart on the same folder, run the same ingest again
    private_neo4j.start()
    rerun = subprocess.run(ingest_command(demo_facts, corpus), env=env, cwd=REPO_ROOT,
                           capture_output=True, text=True, timeout=INGEST_TIMEOUT_S)
    assert rerun.returncode == 0, rerun.stderr
    summary = rerun.stderr
    unchanged = int(summary.split(" unchanged")[0].rsplit(", ", 1)[-1])
    assert unchanged >= loaded_at_kill          # what was committed before the kill is skipped
    assert graph_snapshot(private_neo4j.uri) == expected


# --- the embedded store ------------------------------------------------------------------

# The subprocess: saves ever larger graphs through the store's API, naming each one it
# finished in a log, until it is killed.
SAVE_FOREVER = """
import sys
from pathlib import Path
from interreg.graph.memory import MemoryStore
from tests.test_faults import round_of_documents

store = MemoryStore(Path(sys.argv[1]))
log = open(sys.argv[2], "a")
round_number = 0
while True:
    round_number += 1
    store.upsert(round_of_documents(round_number))
    log.write(f"{round_number}\\n")
    log.flush()
"""
DOCUMENTS_PER_ROUND = 150
REGIONS = ("RU-OMS", "RU-NVS", "RU-TA", "UZ-BU", "UZ-SA", "KZ-KAR", "BY-MI", "KG-C")


def round_of_documents(round_number: int) -> list:
    """Facts of DOCUMENTS_PER_ROUND new documents: each a meeting of two regions on its own day."""
    from interreg.ingest.facts import Document, DocumentFacts, Evidence, MeetingFact, Place

    batch = []
    for index in range(DOCUMENTS_PER_ROUND):
        number = (round_number - 1) * DOCUMENTS_PER_ROUND + index
        doc_id = f"doc-{number}"
        first, second = sorted({REGIONS[number % len(REGIONS)], REGIONS[(number // 3 + 1) % len(REGIONS)]}
                               | {REGIONS[0]})[:2]
        sentence = f"Встреча номер {number}."
        evidence = Evidence(doc_id, sentence, 0, len(sentence))
        when = date(2020, 1, 1) + timedelta(days=number)
        document = Document(id=doc_id, text=sentence, outlet=f"outlet {number % 17}", published=when)
        places = [Place(iso, iso, iso.split("-")[0], "region") for iso in (first, second)]
        batch.append(DocumentFacts(document, regions=places,
                                   meetings=[MeetingFact([first, second], [], when, evidence)]))
    return batch


def test_memory_store_killed_mid_save_keeps_the_previous_graph(tmp_path):
    from interreg.graph.memory import GRAPH_FILE, MemoryStore

    home, log = tmp_path / "home", tmp_path / "saved.log"
    home.mkdir()
    writer = subprocess.Popen([sys.executable, "-c", SAVE_FOREVER, str(home), str(log)], cwd=REPO_ROOT,
                              env=dict(os.environ, PYTHONPATH=str(REPO_ROOT)), stderr=subprocess.PIPE)
    try:
        # kill it while a write is under way (its journal is there), after a few writes
        journal = home / f"{GRAPH_FILE}-journal"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and writer.poll() is None:
            saved = log.read_text().split() if log.exists() else []
            if len(saved) >= 3 and journal.exists():
                writer.send_signal(signal.SIGKILL)
                break
            time.sleep(0.002)
        assert writer.wait(timeout=30) == -signal.SIGKILL, writer.stderr.read().decode()
    finally:
        if writer.poll() is None:
            writer.kill()
    saved = int(log.read_text().split()[-1])

    # what the store must hold: the graph of the last save that finished, or of the one after
    # it when the kill fell between its rename and its line in the log
    reference = MemoryStore(tmp_path / "reference")
    for round_number in range(1, saved + 1):
        reference.upsert(round_of_documents(round_number))
    acceptable = [(reference.counts(), set(reference.document_hashes()))]
    reference.upsert(round_of_documents(saved + 1))
    acceptable.append((reference.counts(), set(reference.document_hashes())))

    store = MemoryStore(home)
    assert (store.counts(), set(store.document_hashes())) in acceptable
    # the next write works and clears what the killed one left
    store.upsert(round_of_documents(saved + 2))
    assert sorted(path.name for path in home.iterdir()) == [GRAPH_FILE]
    reopened = MemoryStore(home)
    assert reopened.counts() == store.counts()
    assert set(reopened.document_hashes()) >= {f"doc-{n}" for n in range(saved * DOCUMENTS_PER_ROUND)}
