"""The embedded store's bulk writes (one ingest): the folder locked throughout, each write one
transaction of the rows it touched, never the whole graph copied or written again."""

from __future__ import annotations

import pytest

from bench.synthetic import SyntheticNews
from interreg.graph import sqlite_tables
from interreg.graph.memory import MemoryStore


@pytest.fixture(scope="module")
def batches():
    corpus = list(SyntheticNews(seed=5).documents(120))
    return [corpus[start:start + 20] for start in range(0, len(corpus), 20)]


def snapshot(store: MemoryStore):
    return store.counts(), store.document_hashes()


@pytest.fixture
def written(monkeypatch):
    """What each write sent to the file: (nodes, relationships, everything) per transaction."""
    calls = []
    original = sqlite_tables.write_changes

    def recording(connection, graph, changes, numbers):
        calls.append((len(changes.nodes), len(changes.edges), changes.everything))
        return original(connection, graph, changes, numbers)
    monkeypatch.setattr(sqlite_tables, "write_changes", recording)
    return calls


def test_bulk_gives_the_graph_batch_by_batch_writes_give(batches, tmp_path):
    one_by_one = MemoryStore(tmp_path / "plain")
    for batch in batches:
        one_by_one.upsert(batch)
    bulk = MemoryStore(tmp_path / "bulk")
    with bulk.bulk():
        for batch in batches:
            bulk.upsert(batch)
    assert snapshot(bulk) == snapshot(one_by_one)
    assert snapshot(MemoryStore(tmp_path / "bulk")) == snapshot(one_by_one)   # and on disk


def test_each_write_of_a_bulk_is_committed_with_the_rows_it_touched(batches, tmp_path, written):
    store = MemoryStore(tmp_path)
    with store.bulk():
        for number, batch in enumerate(batches, start=1):
            store.upsert(batch)
            # on disk already, before the bulk ends: another process opening the store sees it
            loaded = {facts.document.id for done in batches[:number] for facts in done}
            assert set(MemoryStore(tmp_path).document_hashes()) == loaded
    assert len(written) == len(batches)
    graph = store.graph
    last_nodes, last_edges, everything = written[-1]
    assert not everything
    # the last batch touched its own documents' rows, a fraction of the graph
    assert last_nodes < graph.number_of_nodes() / 2 and last_edges < graph.number_of_edges() / 2


def test_a_write_that_changes_nothing_writes_nothing(batches, tmp_path, written):
    store = MemoryStore(tmp_path)
    store.upsert(batches[0])
    written.clear()
    assert store.delete_document("no-such-document") is False
    assert written == []


def test_a_write_failing_half_way_leaves_the_writes_before_it(batches, tmp_path, monkeypatch):
    store = MemoryStore(tmp_path)
    import interreg.graph.model as model
    original = model.upsert_facts

    def fail_after_writing(writer, batch):
        original(writer, batch)
        raise RuntimeError("disk on fire")

    with store.bulk():
        store.upsert(batches[0])
        store.upsert(batches[1])
        before = snapshot(store)
        monkeypatch.setattr(model, "upsert_facts", fail_after_writing)
        with pytest.raises(RuntimeError):
            store.upsert(batches[2])
        # the graph in memory was read back: nothing of the failed write is left in it
        assert snapshot(store) == before
        monkeypatch.setattr(model, "upsert_facts", original)
        store.upsert(batches[3])              # and the bulk goes on
    expected = {facts.document.id for batch in (batches[0], batches[1], batches[3]) for facts in batch}
    assert set(MemoryStore(tmp_path).document_hashes()) == expected
    assert snapshot(MemoryStore(tmp_path)) == snapshot(store)


def test_complete_writes_are_kept_when_the_caller_stops(batches, tmp_path):
    store = MemoryStore(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        with store.bulk():
            store.upsert(batches[0])
            store.upsert(batches[1])
            raise KeyboardInterrupt
    expected = {facts.document.id for batch in batches[:2] for facts in batch}
    assert set(MemoryStore(tmp_path).document_hashes()) == expected
