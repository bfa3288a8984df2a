"""The corpus at scale: `python -m bench scale --documents 1000000`.

`--documents N` synthetic documents (bench/synthetic.py; persons and organisations grow
with N) are generated as a stream and bulk-loaded into a throw-away Neo4j
(`interreg.graph.bulk`: graph, CSV files, `neo4j-admin database import`, schema). The
imported server is started with the page cache stated in every row's note, and then:

- every canned query of the catalogue runs at least `query_samples` times (50 at full
  size; whole-corpus listings apart, as many times) through `interreg.queries.runner`,
  cycling through the parameter sets of bench/queries.py, after the same warm-up
  (`bench.queries.warm_up`): p95 against the targets of a
  million-document archive (≤ 50 ms up to 100,000 documents, ≤ 200 ms beyond), p50 in
  the note;
- `ingest` as users run it goes on top of the loaded graph: `upsert` in batches of
  `interreg.graph.load.BATCH_SIZE` (50) new documents of the same world — documents/s
  and ms per batch (p50, p95).

The size defaults to the scale's (`--small`: 1,000; full: 100,000).

Importing a million documents takes a quarter of an hour or more. With
`INTERREG_BENCH_SCALE_KEEP=DIR` the imported database is kept in DIR (one per size and
the code that builds the graph) and a later run of the same size copies it instead of importing again, so
that changed queries can be measured on the same graph; the import row then gives the
first run's figures.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from bench.core import Measurement, Scale, Unavailable, percentile, stopwatch
from bench.neo4j_server import free_port, neo4j_local

SEED = 2024
HEAP = "2g"
# The page cache: sized to hold the store of the corpus (a million documents: some 3 GB on disk).
PAGE_CACHES = ((100_000, "1g"), (None, "4g"))       # (up to this many documents, size)
# Batches of `ingest` timed on top of the loaded graph, after one warm-up batch.
LOAD_BATCHES = {"full": 20, "small": 3}
QUERY_TARGET_MS = ((100_000, 50.0), (None, 200.0))


def _by_size(table, documents: int):
    return next(value for limit, value in table if limit is None or documents <= limit)


def run(scale: Scale) -> list[Measurement]:
    from interreg.graph.neo4j_store import Neo4jStore

    if shutil.which("java") is None:
        raise Unavailable("no Java to run a local Neo4j")
    documents = scale.documents
    page_cache = _by_size(PAGE_CACHES, documents)
    work = Path(tempfile.mkdtemp(prefix="interreg-bench-scale-"))
    rows: list[Measurement] = []
    try:
        home = work / "neo4j"
        imported = _imported(documents, home, work)
        store_size = _size(home / "data")
        setting = f"page cache {page_cache}, heap {HEAP}, store {store_size / 2**30:.2f} GiB on disk"
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in imported["steps_s"].items())
        reused = " (kept from an earlier run)" if imported.get("reused") else ""
        rows.append(Measurement(
            "scale", "bulk import (synthetic corpus)", documents / imported["seconds"],
            documents / imported["seconds"], "documents/s",
            note=f"{documents:,} documents → {imported['nodes']:,} nodes, {imported['relationships']:,} "
                 f"relationships in {imported['seconds']:.0f} s{reused} (generating the corpus included; {steps})",
            extra=imported))
        port = free_port()
        started = neo4j_local("start", home, port, heap=HEAP, pagecache=page_cache)
        if started.returncode != 0:
            raise RuntimeError(f"the imported server did not start: {started.stderr.strip()[-500:]}")
        try:
            store = Neo4jStore(uri=f"bolt://127.0.0.1:{port}")
            try:
                rows += _queries(store, scale, documents, setting)
                rows += _ingest_on_top(store, scale, documents, setting)
            finally:
                store.close()
        finally:
            neo4j_local("stop", home, port)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def _queries(store, scale: Scale, documents: int, setting: str) -> list[Measurement]:
    from bench.queries import LISTINGS, parameter_samples, warm_up
    from bench.synthetic import SyntheticNews
    from interreg.queries import runner

    target = _by_size(QUERY_TARGET_MS, documents)
    rows = []
    for name, parameter_sets in parameter_samples(_Sampled(store), SyntheticNews(SEED)).items():
        for kind in ("", "listing"):
            chosen = [given for given in parameter_sets if ((name, given) in LISTINGS) == (kind == "listing")]
            if not chosen:
                continue
            warm_up(store, name, chosen, scale)
            timings, sizes = [], []
            for given in itertools.islice(itertools.cycle(chosen), max(scale.query_samples, len(chosen))):
                with stopwatch() as elapsed:
                    answer = runner.run(store, name, given)
                timings.append(elapsed[0] * 1000)
                sizes.append(len(answer))
            p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
            rows.append(Measurement(
                "scale", f"{name} {kind} p95".replace("  ", " "), p95, target, "ms", target=1.0,
                higher_is_better=False,
                note=f"{documents:,} documents, {setting}: p50 {p50:.1f} ms, {len(timings)} runs over "
                     f"{len(chosen)} parameter sets, rows {min(sizes)}–{max(sizes)}",
                extra={"p50_ms": p50, "p95_ms": p95, "samples": len(timings), "documents": documents}))
    return rows


def _ingest_on_top(store, scale: Scale, documents: int, setting: str) -> list[Measurement]:
    """`upsert` of new documents in the batches `ingest` uses, on the loaded graph."""
    from bench.synthetic import SyntheticNews
    from interreg.graph.load import BATCH_SIZE

    count = LOAD_BATCHES[scale.name] + 1
    # the same world (popular places, officials) under a new seed, ids of their own
    fresh = SyntheticNews(SEED + 1).documents(documents)
    batches = []
    for number in range(count):
        batch = []
        for facts in itertools.islice(fresh, BATCH_SIZE):
            new_id = f"more-{facts.document.id}"
            batch.append(replace(facts, document=replace(facts.document, id=new_id)))
        batches.append(batch)
    timings = []
    with store.bulk():
        store.upsert(batches[0])            # warm-up: plans of the load statements
        for batch in batches[1:]:
            with stopwatch() as elapsed:
                store.upsert(batch)
            timings.append(elapsed[0])
    loaded = BATCH_SIZE * len(timings)
    rate = loaded / sum(timings)
    p50, p95 = percentile(timings, 0.5) * 1000, percentile(timings, 0.95) * 1000
    note = (f"{len(timings)} batches of {BATCH_SIZE} new documents on {documents:,} loaded ({setting}); "
            f"per batch p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    return [Measurement("scale", "ingest on top: documents/s", rate, rate, "documents/s", note=note,
                        extra={"batch_s": timings, "documents": documents}),
            Measurement("scale", "ingest on top: ms per batch (p50)", p50, p50, "ms", note=note,
                        extra={"p95_ms": p95})]


class _Sampled:
    """The Neo4j store as bench.queries.parameter_samples reads a store: its `graph` holds
    the regions and the most and least reported events; everything else is the store's."""

    def __init__(self, store):
        self._store = store
        nodes = [(f"Region:{row['id']}", {"label": "Region", "id": row["id"]})
                 for row in store.read("MATCH (r:Region) RETURN r.id AS id ORDER BY id", {})]
        for order in ("DESC", "ASC"):
            nodes += [(f"Event:{row['id']}", {"label": "Event", "id": row["id"], "mentions": row["mentions"]})
                      for row in store.read(f"MATCH (e:Event) RETURN e.id AS id, e.mentions AS mentions "
                                            f"ORDER BY mentions {order}, id {order} LIMIT 3", {})]
        self.graph = _Nodes(nodes)

    def __getattr__(self, name):
        return getattr(self._store, name)


class _Nodes:
    def __init__(self, nodes: list[tuple[str, dict]]):
        self._nodes = nodes

    def nodes(self, data: bool = False):
        return list(self._nodes) if data else [key for key, _ in self._nodes]


def _imported(documents: int, home: Path, work: Path) -> dict:
    """Bulk-import the synthetic corpus into the server folder `home`; with
    INTERREG_BENCH_SCALE_KEEP set, copy a kept import of the same size and format instead,
    or keep this one there. The import's figures, as `bulk_load` reported them."""
    from bench.synthetic import SyntheticNews
    from interreg.graph.bulk import bulk_load

    keep = os.environ.get("INTERREG_BENCH_SCALE_KEEP")
    kept = Path(keep) / f"documents-{documents}-seed-{SEED}-graph-{_graph_code_digest()}" if keep else None
    if kept is not None and (kept / "imported.json").exists():
        shutil.copytree(kept / "neo4j", home, symlinks=True)
        return {**json.loads((kept / "imported.json").read_text()), "reused": True}
    with stopwatch() as elapsed:
        report = bulk_load(SyntheticNews(SEED).documents(documents), home, work / "csv")
    shutil.rmtree(work / "csv", ignore_errors=True)
    imported = {"documents": documents, "nodes": report.nodes, "relationships": report.relationships,
                "seconds": elapsed[0], "steps_s": report.seconds}
    if kept is not None:
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(home, kept / "neo4j", symlinks=True)
        (kept / "imported.json").write_text(json.dumps(imported))     # last: a copy cut short is not kept
    return imported


def _graph_code_digest() -> str:
    """A digest of the code that decides what the import holds (the schema, the graph model
    — the bulk import builds the same graph, as its tests check — and the corpus): a kept
    import made by other code is not reused."""
    import hashlib

    import interreg.graph

    folder = Path(interreg.graph.__file__).parent
    digest = hashlib.sha256()
    for name in ("schema.py", "model.py"):
        digest.update((folder / name).read_bytes())
    digest.update(Path(__file__).with_name("synthetic.py").read_bytes())
    return digest.hexdigest()[:12]


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
