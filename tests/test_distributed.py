"""Extraction on a real Dask LocalCluster (two worker processes) gives the graph one process gives."""

from __future__ import annotations

import json

import pytest

from interreg import cli
from interreg.graph.load import ingest, load_facts
from interreg.graph.memory import MemoryStore
from interreg.ingest.distributed import extract_partition, partitions_of, scheduler_option
from interreg.ingest.facts import Document
from interreg.ingest.factfiles import partitions, read_partitions
from interreg.queries import runner
from test_conformance import parameter_sets_from

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster_facts(tmp_path_factory, shared_dir):
    """The dev corpus extracted by `interreg extract --scheduler local:2 -o DIR`."""
    folder = tmp_path_factory.mktemp("facts")
    status = cli.main(["extract", "--scheduler", "local:2", str(shared_dir / "corpus" / "dev.jsonl"),
                       "-o", str(folder)])
    assert status == 0
    return folder


def test_extract_on_a_local_cluster_writes_numbered_partitions_in_input_order(cluster_facts, shared_dir):
    files = partitions(cluster_facts)
    assert files and files[0].name == "part-000000.jsonl"
    expected = [json.loads(line)["id"] for line in (shared_dir / "corpus" / "dev.jsonl").open(encoding="utf-8")
                if line.strip()]
    assert [facts.document.id for facts in read_partitions(cluster_facts)] == expected


def test_the_cluster_s_facts_load_into_the_graph_one_process_gives(cluster_facts, shared_dir, tmp_path):
    one_process = MemoryStore(tmp_path / "one")
    ingest([shared_dir / "corpus" / "dev.jsonl"], one_process, progress=False)
    from_cluster = MemoryStore(tmp_path / "cluster")
    loaded, unchanged = load_facts(read_partitions(cluster_facts), from_cluster)
    assert (loaded, unchanged) == (33, 0)
    assert from_cluster.counts() == one_process.counts()
    for name, params in parameter_sets_from(one_process):
        assert runner.run(from_cluster, name, params) == runner.run(one_process, name, params), (name, params)
    # loading the same partitions again changes nothing
    assert load_facts(read_partitions(cluster_facts), from_cluster) == (0, 33)


def test_ingest_with_a_scheduler_gives_the_graph_of_one_process(shared_dir, tmp_path):
    corpus = shared_dir / "corpus" / "dev.jsonl"
    one_process, on_cluster = MemoryStore(tmp_path / "one"), MemoryStore(tmp_path / "cluster")
    ingest([corpus], one_process, progress=False)
    report = ingest([corpus], on_cluster, progress=False, scheduler="local:2")
    assert report.new == 33 and not report.skipped
    assert on_cluster.counts() == one_process.counts()
    assert runner.run(on_cluster, "network", {"limit": "0"}) == runner.run(one_process, "network", {"limit": "0"})


def test_a_document_whose_extraction_raises_comes_back_with_its_error():
    good = Document(id="good", text="Губернатор Омской области встретился с хокимом Бухарской области.")
    lines = extract_partition([vars(good), {"id": "bad", "text": None}])
    assert "facts" in lines[0] and lines[0]["facts"]["document"]["id"] == "good"
    assert lines[1]["document"]["id"] == "bad" and lines[1]["error"].startswith("AttributeError")


def test_partitions_keep_input_order_and_size():
    documents = [Document(id=str(n), text="x") for n in range(130)]
    batches = list(partitions_of(documents, 64))
    assert [len(batch) for batch in batches] == [64, 64, 2]
    assert [d.id for batch in batches for d in batch] == [d.id for d in documents]


@pytest.mark.parametrize("text", ["local:0", "local:x", "host:8786"])
def test_a_bad_scheduler_is_refused(text):
    with pytest.raises(ValueError):
        scheduler_option(text)


@pytest.mark.neo4j
def test_cluster_facts_bulk_imported_into_neo4j_answer_like_a_one_process_ingest(cluster_facts, shared_dir,
                                                                                 tmp_path):
    from bench.neo4j_server import free_port, neo4j_local
    from interreg.graph.bulk import bulk_load
    from interreg.graph.neo4j_store import Neo4jStore

    home = tmp_path / "neo4j-home"
    report = bulk_load(read_partitions(cluster_facts), home, tmp_path / "csv")
    one_process = MemoryStore(tmp_path / "one")
    ingest([shared_dir / "corpus" / "dev.jsonl"], one_process, progress=False)
    assert report.documents == 33
    port = free_port()
    started = neo4j_local("start", home, port)
    assert started.returncode == 0, started.stderr
    try:
        store = Neo4jStore(uri=f"bolt://127.0.0.1:{port}")
        try:
            assert store.counts() == one_process.counts()
            differences = [(name, params) for name, params in parameter_sets_from(one_process)
                           if runner.run(store, name, params) != runner.run(one_process, name, params)]
            assert differences == []
        finally:
            store.close()
    finally:
        neo4j_local("stop", home, port)
