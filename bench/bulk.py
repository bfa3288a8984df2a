"""A first import: `interreg load --bulk` (Neo4j's bulk importer) against `upsert`.

The same synthetic facts (`bench/synthetic.py`) go into an empty Neo4j twice: through
`Neo4jStore.upsert` in the batches `ingest` uses, and through `interreg.graph.bulk`
(the graph built in one pass, CSV files, `neo4j-admin database import` and the schema in
one short-lived JVM, its indexes online at the end — every step timed, in the note). Both graphs must
have the same counts by label and type. Facts per second = the documents' facts / seconds.
Target: bulk ≥ 10× upsert. The bulk side pays a Java start and the creation of an empty
system database whatever the size, while upsert's cost per document grows with the
graph, so small sizes understate the ratio; `--documents N` sets the size.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bench.core import Measurement, Scale, Unavailable, stopwatch
from bench.neo4j_load import fact_count
from bench.neo4j_server import free_port, neo4j_local, neo4j_server

DOCUMENTS = {"full": 20_000, "small": 300}
TARGET = 10.0


def run(scale: Scale) -> list[Measurement]:
    from bench.synthetic import SyntheticNews
    from interreg.graph.bulk import bulk_load
    from interreg.graph.load import BATCH_SIZE
    from interreg.graph.neo4j_store import Neo4jStore

    if shutil.which("java") is None:
        raise Unavailable("no Java to run a local Neo4j")
    facts = list(SyntheticNews().documents(scale.documents_option or DOCUMENTS[scale.name]))
    total = fact_count(facts)
    with neo4j_server() as uri:
        store = Neo4jStore(uri=uri)
        try:
            store.clear()
            with stopwatch() as upsert_time:
                for start in range(0, len(facts), BATCH_SIZE):
                    store.upsert(facts[start:start + BATCH_SIZE])
            upsert_counts = store.counts()
        finally:
            store.close()
    work = Path(tempfile.mkdtemp(prefix="interreg-bench-bulk-"))
    try:
        home = work / "home"
        with stopwatch() as bulk_time:
            report = bulk_load(iter(facts), home, work / "csv")
        port = free_port()
        started = neo4j_local("start", home, port)
        if started.returncode != 0:
            raise RuntimeError(f"the imported server did not start: {started.stderr[-500:]}")
        try:
            store = Neo4jStore(uri=f"bolt://127.0.0.1:{port}")
            bulk_counts = store.counts()
            store.close()
        finally:
            neo4j_local("stop", home, port)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if bulk_counts != upsert_counts:
        raise RuntimeError(f"the bulk import built another graph: {bulk_counts} vs {upsert_counts}")
    return [Measurement(
        "bulk", "load --bulk : upsert (first import)", ours=total / bulk_time[0],
        baseline=total / upsert_time[0], unit="facts/s", target=TARGET,
        note=f"{len(facts)} synthetic documents, {total} facts: upsert {upsert_time[0]:.1f} s in batches of "
             f"{BATCH_SIZE}, bulk {bulk_time[0]:.1f} s ("
             + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.seconds.items()) + ")",
        extra={"documents": len(facts), "facts": total, "bulk_steps_s": report.seconds,
               "upsert_s": upsert_time[0], "bulk_s": bulk_time[0]},
    )]
