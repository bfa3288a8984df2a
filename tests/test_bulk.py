"""The embedded store's bulk writes: one copy and checkpoints instead of a save per batch."""

from __future__ import annotations

import pytest

from bench.synthetic import SyntheticNews
from interreg.graph.memory import GRAPH_FILE, MemoryStore


@pytest.fixture(scope="module")
def batches():
    corpus = list(SyntheticNews(seed=5).documents(120))
    return [corpus[start:start + 20] for start in range(0, len(corpus), 20)]


def snapshot(store: MemoryStore):
    return store.counts(), store.document_hashes()


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


def test_bulk_saves_at_checkpoints_and_at_the_end(batches, tmp_path, monkeypatch):
    saves = []
    original = MemoryStore._save
    monkeypatch.setattr(MemoryStore, "_save", lambda self, graph: (saves.append(1), original(self, graph)))
    store = MemoryStore(tmp_path)
    with store.bulk(checkpoint_seconds=3600):
        for batch in batches:
            store.upsert(batch)
        assert saves == [] and not (tmp_path / GRAPH_FILE).exists()
    assert len(saves) == 1
    saves.clear()
    with store.bulk(checkpoint_seconds=0):
        for batch in batches[:3]:
            store.delete_document(batch[0].document.id)
    assert len(saves) == 3


def test_a_write_failing_half_way_leaves_the_last_checkpoint(batches, tmp_path, monkeypatch):
    store = MemoryStore(tmp_path)
    store.upsert(batches[0])
    checkpoint = snapshot(store)

    import interreg.graph.model as model
    original = model.upsert_facts

    def fail_after_writing(writer, batch):
        original(writer, batch)
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        with store.bulk(checkpoint_seconds=3600):
            store.upsert(batches[1])                       # complete, not yet saved
            monkeypatch.setattr(model, "upsert_facts", fail_after_writing)
            store.upsert(batches[2])
    assert snapshot(store) == checkpoint
    assert snapshot(MemoryStore(tmp_path)) == checkpoint


def test_complete_writes_are_kept_when_the_caller_stops(batches, tmp_path):
    store = MemoryStore(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        with store.bulk(checkpoint_seconds=3600):
            store.upsert(batches[0])
            store.upsert(batches[1])
            raise KeyboardInterrupt
    expected = {facts.document.id for batch in batches[:2] for facts in batch}
    assert set(MemoryStore(tmp_path).document_hashes()) == expected
