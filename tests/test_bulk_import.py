"""A first import through Neo4j's bulk importer gives exactly the graph `upsert` builds.

The graph is built in one pass (interreg/graph/bulk_graph.py) instead of batch by batch:
compared here with what the embedded store's `upsert` builds in the batches `ingest`
uses, node by node and relationship by relationship, and — on the dev corpus, imported
into a real Neo4j — with the same facts loaded through `Neo4jStore.upsert`: counts, every
property of every node and relationship, and every canned query's rows.
"""

from __future__ import annotations

import dataclasses

import pytest

from bench.synthetic import SyntheticNews
from interreg.graph import bulk_graph
from interreg.graph.load import BATCH_SIZE
from interreg.graph.memory import MemoryStore
from interreg.queries import runner
from test_conformance import parameter_sets_from


def upserted(facts, home) -> MemoryStore:
    store = MemoryStore(home)
    with store.bulk():
        for start in range(0, len(facts), BATCH_SIZE):
            store.upsert(facts[start:start + BATCH_SIZE])
    return store


def as_dicts(store: MemoryStore):
    graph = store.graph
    return ({key: dict(data) for key, data in graph.nodes(data=True)},
            {(u, v, k): dict(data) for u, v, k, data in graph.edges(keys=True, data=True)})


def assert_same_graph(built: bulk_graph.BulkGraph, store: MemoryStore) -> None:
    nodes, edges = as_dicts(store)
    assert built.nodes.keys() == nodes.keys()
    assert [key for key in nodes if built.nodes[key] != nodes[key]] == []
    assert built.edges.keys() == edges.keys()
    assert [key for key in edges if built.edges[key] != edges[key]] == []


@pytest.fixture(scope="module")
def synthetic():
    return list(SyntheticNews(seed=11).documents(1500))


def test_the_one_pass_graph_is_the_graph_upsert_builds(synthetic, tmp_path):
    built = bulk_graph.build(iter(synthetic))
    assert built.documents == len(synthetic)
    assert {data["label"] for data in built.nodes.values()} >= {"Event", "Person", "Organization", "Commodity",
                                                                 "Outlet"}
    assert any(key[2] == "PARTNER_OF" for key in built.edges)
    assert_same_graph(built, upserted(synthetic, tmp_path))


def test_a_document_given_twice_is_loaded_as_its_last_copy(synthetic, tmp_path):
    facts = synthetic[:400]
    # a later copy of an early document with other facts: another story's, under its id
    replacement = dataclasses.replace(synthetic[900], document=dataclasses.replace(
        synthetic[900].document, id=facts[3].document.id))
    given = facts + [replacement]
    built = bulk_graph.build(iter(given))
    assert built.documents == len(facts)
    assert_same_graph(built, upserted(given, tmp_path))


def test_the_one_pass_graph_makes_the_embedded_store_upsert_makes(synthetic, tmp_path):
    facts = synthetic[:400]
    MemoryStore.from_graph(bulk_graph.build(iter(facts)).to_networkx(), tmp_path / "bulk")
    reopened, upsert_store = MemoryStore(tmp_path / "bulk"), upserted(facts, tmp_path / "upsert")
    assert as_dicts(reopened) == as_dicts(upsert_store)
    assert reopened.counts() == upsert_store.counts()
    assert reopened.counts()["nodes"]["Outlet"] > 0


def test_events_reported_across_batches_get_one_identity(tmp_path):
    # reports of one story far apart in the input: batches must agree with the single plan
    facts = list(SyntheticNews(seed=3).documents(300))
    shuffled = facts[::-1]
    built = bulk_graph.build(iter(shuffled))
    assert_same_graph(built, upserted(shuffled, tmp_path))
    events = {key for key, data in built.nodes.items() if data["label"] == "Event"}
    assert events == {key for key, data in bulk_graph.build(iter(facts)).nodes.items() if data["label"] == "Event"}


# --- into a real Neo4j --------------------------------------------------------------

def neo4j_contents(store) -> tuple[list, list]:
    """Every node (its labels and properties) and relationship (its ends' ids, type and
    properties), as sorted lists of plain tuples: the same graph gives the same lists."""
    def plain(properties: dict) -> tuple:
        return tuple(sorted((name, tuple(value) if isinstance(value, list) else value)
                            for name, value in properties.items()))

    nodes = store.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS properties", {})
    relationships = store.read("MATCH (a)-[r]->(b) RETURN a.id AS start, type(r) AS type, b.id AS end, "
                               "properties(r) AS properties", {})
    return (sorted(((tuple(sorted(row["labels"])), plain(row["properties"])) for row in nodes), key=repr),
            sorted(((row["start"], row["type"], row["end"], plain(row["properties"])) for row in relationships),
                   key=repr))


@pytest.fixture(scope="module")
def dev_facts(shared_dir):
    from interreg.ingest.extract import Extractor
    from interreg.ingest.facts import Document
    from interreg.ingest.readers import iter_documents

    extractor = Extractor()
    return [extractor.extract(item) for item in iter_documents([shared_dir / "corpus" / "dev.jsonl"])
            if isinstance(item, Document)]


@pytest.mark.neo4j
@pytest.mark.slow
def test_the_dev_corpus_bulk_imported_is_the_graph_upsert_loads(dev_facts, neo4j_empty, neo4j_uri, tmp_path,
                                                                monkeypatch):
    from bench.neo4j_server import free_port, neo4j_local
    from interreg.graph.bulk import IMPORT_REPORT, bulk_load
    from interreg.graph.neo4j_store import Neo4jStore

    upsert_store = Neo4jStore(uri=neo4j_uri)
    memory = upserted(dev_facts, tmp_path / "memory")
    try:
        for start in range(0, len(dev_facts), BATCH_SIZE):
            upsert_store.upsert(dev_facts[start:start + BATCH_SIZE])
        monkeypatch.chdir(tmp_path)
        home, work = tmp_path / "neo4j-home", tmp_path / "csv"
        report = bulk_load(iter(dev_facts), home, work)
        assert report.documents == len({facts.document.id for facts in dev_facts})
        # the importer's report stays in the work folder, never in the current one
        assert (work / IMPORT_REPORT).exists() and not (tmp_path / IMPORT_REPORT).exists()
        port = free_port()
        started = neo4j_local("start", home, port)
        assert started.returncode == 0, started.stderr
        try:
            bulk_store = Neo4jStore(uri=f"bolt://127.0.0.1:{port}")
            try:
                assert bulk_store.counts() == upsert_store.counts()
                (nodes, relationships), (upsert_nodes, upsert_relationships) = (
                    neo4j_contents(bulk_store), neo4j_contents(upsert_store))
                assert [node for node in nodes if node not in upsert_nodes] == []
                assert [rel for rel in relationships if rel not in upsert_relationships] == []
                assert (nodes, relationships) == (upsert_nodes, upsert_relationships)
                differences = [(name, params) for name, params in parameter_sets_from(memory)
                               if runner.run(bulk_store, name, params) != runner.run(upsert_store, name, params)]
                assert differences == []
            finally:
                bulk_store.close()
        finally:
            neo4j_local("stop", home, port)
    finally:
        upsert_store.close()
