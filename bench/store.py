"""The embedded store's file: opening it, its size, and what one batch of an ingest costs to write.

A synthetic graph (bench/synthetic.py, `scale.documents` documents) is loaded into a
MemoryStore as `interreg ingest` loads (one bulk write). Lines of the table:

- `open: SQLite tables : pickle`: a new MemoryStore on the folder (the schema checked, then
  the rows read into networkx while SQLite's quick_check runs in a thread), against loading the
  same graph from a pickle, as earlier versions kept it (the pickle written here, from the graph
  in memory). Best of OPEN_SAMPLES each, taken in turns; CPU seconds in the note (they include
  the check's thread). Target: no slower;
- `file size: SQLite tables : pickle`: the two files of the same graph. Target: no larger;
- `batch write at N : at N/10 documents`: the seconds one batch of BATCH documents (new ones,
  as `ingest` loads them) spends writing to the file, on the full graph against a graph a
  tenth its size: what is written is the rows the batch touched, in key order, so it stays
  flat. Target <= 1.5;
- `batch upsert at N : at N/10 documents`: the whole upsert of such a batch (stored events
  matched through their signatures' index, partners recomputed for the pairs touched, the
  write), for information: recomputing a pair's PARTNER_OF still reads every event of the pair.
"""

from __future__ import annotations

import pickle
import statistics
import tempfile
import time
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from bench.core import Measurement, Scale
from bench.synthetic import SyntheticNews

SEED = 2024
LOAD_BATCH = 5_000          # documents per upsert while building the graph
BATCH = 50                  # documents per upsert in the measured batches, as `ingest` loads
BATCH_SAMPLES = 5
OPEN_SAMPLES = 3
FLAT_TARGET = 1.5


def run(scale: Scale) -> list[Measurement]:
    from interreg.graph.memory import GRAPH_FILE, MemoryStore

    documents = scale.documents
    stream = SyntheticNews(SEED).documents(documents + 2 * BATCH * BATCH_SAMPLES)
    with tempfile.TemporaryDirectory(prefix="interreg-bench-store-") as folder:
        home = Path(folder) / "home"
        store = MemoryStore(home)
        with store.bulk():
            _load(store, stream, documents // 10)
            small = _batches(store, stream)
            _load(store, stream, documents - documents // 10 - BATCH * BATCH_SAMPLES)
            large = _batches(store, stream)
        old = Path(folder) / "graph.pickle"
        with old.open("wb") as handle:
            pickle.dump(store._graph, handle, protocol=pickle.HIGHEST_PROTOCOL)
        del store
        ours, theirs = _open_times(lambda: MemoryStore(home), lambda: _unpickle(old))
        sizes = (home / GRAPH_FILE).stat().st_size / 2**20, old.stat().st_size / 2**20

    at = f"{documents:,} documents"
    rows = [
        Measurement("store", "open: SQLite tables : pickle", ours["wall"], theirs["wall"], "s",
                    target=1.0, higher_is_better=False,
                    note=f"{at}, best of {OPEN_SAMPLES}; CPU {ours['cpu']:.2f} s against {theirs['cpu']:.2f} s",
                    extra={"ours": ours, "pickle": theirs}),
        Measurement("store", "file size: SQLite tables : pickle", sizes[0], sizes[1], "MiB",
                    target=1.0, higher_is_better=False, note=at),
        Measurement("store", f"batch write at {documents:,} : at {documents // 10:,} documents",
                    large["write_s"], small["write_s"], "s", target=FLAT_TARGET, higher_is_better=False,
                    note=f"median of {BATCH_SAMPLES} batches of {BATCH} new documents; rows written "
                         f"{large['rows']} against {small['rows']}",
                    extra={"large": large, "small": small}),
        Measurement("store", f"batch upsert at {documents:,} : at {documents // 10:,} documents",
                    large["upsert_s"], small["upsert_s"], "s",
                    note="the whole upsert (events matched, partners, the write), for information"),
    ]
    return rows


def _load(store, stream, count: int) -> None:
    while count > 0:
        batch = list(islice(stream, min(count, LOAD_BATCH)))
        if not batch:
            return
        store.upsert(batch)
        count -= len(batch)


def _batches(store, stream) -> dict:
    """Median seconds of BATCH_SAMPLES upserts, and of their writes to the file."""
    upserts, writes, rows = [], [], []
    for _ in range(BATCH_SAMPLES):
        batch = list(islice(stream, BATCH))
        with _timed_writes() as timed:
            started = time.perf_counter()
            store.upsert(batch)
            upserts.append(time.perf_counter() - started)
        writes.append(sum(timed["seconds"]))
        rows.append(sum(timed["rows"]))
    return {"upsert_s": statistics.median(upserts), "write_s": statistics.median(writes),
            "rows": int(statistics.median(rows))}


@contextmanager
def _timed_writes():
    """Time `sqlite_tables.write_changes`, the store's write to its file, while inside."""
    from interreg.graph import sqlite_tables

    timed = {"seconds": [], "rows": []}
    original = sqlite_tables.write_changes

    def timing(connection, graph, changes, numbers):
        started = time.perf_counter()
        try:
            return original(connection, graph, changes, numbers)
        finally:
            timed["seconds"].append(time.perf_counter() - started)
            timed["rows"].append(len(changes.nodes) + len(changes.edges))

    sqlite_tables.write_changes = timing
    try:
        yield timed
    finally:
        sqlite_tables.write_changes = original


def _unpickle(path: Path):
    """What earlier versions did to open the store (a file they wrote themselves)."""
    from interreg.graph.gc_pause import collector_paused

    with path.open("rb") as handle, collector_paused():
        return pickle.load(handle)


def _open_times(ours, theirs) -> tuple[dict, dict]:
    """Best wall and CPU seconds of each, opened in turns so both see the same machine."""
    import gc

    samples = {"ours": [], "theirs": []}
    for _ in range(OPEN_SAMPLES):
        for name, open_it in (("ours", ours), ("theirs", theirs)):
            wall, cpu = time.perf_counter(), time.process_time()
            opened = open_it()
            samples[name].append((time.perf_counter() - wall, time.process_time() - cpu))
            del opened
            gc.unfreeze()              # the store freezes what it read; let it go before the next
            gc.collect()
    best = {name: min(values) for name, values in samples.items()}
    return ({"wall": best["ours"][0], "cpu": best["ours"][1]},
            {"wall": best["theirs"][0], "cpu": best["theirs"][1]})
