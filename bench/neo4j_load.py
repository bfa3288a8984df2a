"""Neo4j load rate: `Neo4jStore.upsert` against a bare `UNWIND ... MERGE` of the same rows.

Both loads run on one throw-away server, into an emptied database with the same
constraints and indexes: an untimed warm-up load of each, then ours / bare / bare /
ours, so that server warm-up (JIT, query plans) favours neither. Facts per second =
the documents' facts (regions, persons, organizations, meetings, agreements, trade,
topics) / seconds.

- ours: `Neo4jStore.upsert` in batches of `interreg.graph.load.BATCH_SIZE`, everything
  it does included (facts → rows, event matching, summaries, PARTNER_OF);
- bare: the node, event and relationship rows `interreg.graph.model` produces for each
  of those batches (computed beforehand, not timed), written batch by batch (the same
  batches, one transaction each) with plain
  `UNWIND $rows AS row MERGE (n:Label {id: row.id}) SET n += row.props` and the
  relationship equivalent, one statement per label or type and end labels, then the
  final PARTNER_OF rows.

After every run the two graphs must have the same counts by label and type, so the
baseline loads the same graph, not a cheaper one.

The facts: the synthetic generator (`bench/synthetic.py`) when it is there, else the
dev corpus (`../shared/corpus/dev.jsonl`) extracted once and copied under new ids with
dates shifted, two copies per date so that reports still merge into shared events.

On a graph already loaded (`loaded_rows`): the synthetic corpus's first N documents are
bulk-imported (`interreg.graph.bulk`: the graph `upsert` would build), and the next ones
go on top in batches of `BATCH_SIZE`, as `ingest` loads them: a few untimed batches, then
the timed ones. Two rows come out of it:

- `PARTNER_OF` upkeep per batch (the time `upsert` spends on it: reading the touched
  events' states before and after, the stored rows of their pairs, writing them, and any
  recomputation) at the large size against the small one;
- `upsert` against the bare `UNWIND … MERGE` of the same rows at the large size, each on
  its own copy of the imported database (same server settings, same warm-up batches);
  the bare side also writes the PARTNER_OF rows each batch changed, and carries the
  batch's merges and renames of stored events (`model.Move`) with the store's own
  statement, since no plain MERGE does that (without them it builds another graph).
  Beside them, the time recomputing each batch's pairs from their events would take (what
  every batch did before the stored rows were kept up to date) is measured for comparison.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from bench.core import DEV_CORPUS, Measurement, Scale, Unavailable, percentile, stopwatch
from bench.neo4j_server import neo4j_server

NAME = "neo4j_load"
FULL_DOCUMENTS = 3_000
SMALL_DOCUMENTS = 300
TARGET = 0.7
UNDATED_PUBLISHED = date(2024, 1, 15)


# --- the facts -------------------------------------------------------------------------

def copy_facts(facts, doc_id: str, days: int):
    """The same facts under another document id, every date `days` later; a document
    without a publication date gets one (else all its copies' undated reports would be
    one event)."""
    def shift(value):
        return value + timedelta(days=days) if value is not None else None

    published = shift(facts.document.published or UNDATED_PUBLISHED)
    document = replace(facts.document, id=doc_id, published=published)
    return replace(
        facts, document=document,
        meetings=[replace(m, date=shift(m.date)) for m in facts.meetings],
        agreements=[replace(a, date=shift(a.date)) for a in facts.agreements],
    )


def _dev_corpus_facts(count: int) -> list:
    if not DEV_CORPUS.is_file():
        raise Unavailable(f"no synthetic generator and no dev corpus at {DEV_CORPUS}")
    from interreg.ingest.extract import Extractor
    from interreg.ingest.readers import Skipped, iter_documents

    extractor = Extractor()
    originals = [extractor.extract(item) for item in iter_documents([str(DEV_CORPUS)])
                 if not isinstance(item, Skipped)]
    facts = []
    for copy in range(count // len(originals) + 1):
        # copies 2k and 2k+1 one day apart: their reports match; a week to the next pair
        days = (copy // 2) * 7 + copy % 2
        facts += [copy_facts(f, f"{f.document.id}~{copy}", days) for f in originals]
    return facts[:count]


def _synthetic_facts(count: int) -> list | None:
    try:
        from bench.synthetic import SyntheticNews
    except ImportError:
        return None
    return list(SyntheticNews().documents(count))


def corpus(count: int) -> tuple[str, list]:
    """(where the facts come from, `count` DocumentFacts)."""
    facts = _synthetic_facts(count)
    if facts:
        return "synthetic", facts
    return "dev corpus copies", _dev_corpus_facts(count)


def fact_count(facts: list) -> int:
    from interreg.graph.load import FACT_KINDS
    return sum(len(getattr(item, kind)) for item in facts for kind in FACT_KINDS)


# --- the bare load's rows --------------------------------------------------------------

@dataclass
class BareBatch:
    nodes: dict          # label → rows {"id", "props"}
    events: dict         # extra label (Meeting, ...) → rows
    relationships: dict  # (type, start label, end label) → rows {"start", "end", "props"}
    gone: dict = field(default_factory=dict)     # end label → PARTNER_OF pairs {"start", "end"} to delete
    # stored events merged or renamed first (model.Move rows by extra label): no plain
    # MERGE does that, so the bare load runs the store's own statement for them
    moves: dict = field(default_factory=dict)
    gone_nodes: dict = field(default_factory=dict)   # label → ids of nodes to delete (outlets left empty)


def bare_batches(batches: list[list]) -> tuple[list[BareBatch], dict]:
    """The rows the model writes for each batch, recorded while loading the batches into
    an in-memory graph, and the PARTNER_OF rows of the final graph (by end label)."""
    import networkx as nx

    from interreg.graph import model
    from interreg.graph.memory import _MemoryWriter
    from interreg.graph.schema import EVENT_LABELS

    class Recorder(_MemoryWriter):
        def write(self, rows):
            recorded.append(rows)
            super().write(rows)

    recorded: list = []
    writer = Recorder(nx.MultiDiGraph())
    for batch in batches:
        model.upsert_facts(writer, batch)

    out = [_bare_batch(rows) for rows in recorded]
    graph = writer.graph
    # the Outlet counters as the load leaves them (upsert keeps them batch by batch)
    out.append(BareBatch({"Outlet": [_node_row(graph, key) for key, data in graph.nodes(data=True)
                                     if data["label"] == "Outlet"]}, {}, {}))

    partners = defaultdict(list)
    for start, end, key, data in graph.edges(keys=True, data=True):
        if key == "PARTNER_OF":
            props = {name: value for name, value in data.items() if name != "type"}
            partners[graph.nodes[end]["label"]].append(
                {"start": graph.nodes[start]["id"], "end": graph.nodes[end]["id"], "props": props})
    return out, dict(partners)


def _node_row(graph, key: str) -> dict:
    data = graph.nodes[key]
    return {"id": data["id"], "props": {name: value for name, value in data.items()
                                        if name not in ("label", "labels", "id")}}


def _bare_write(tx, batch: BareBatch) -> None:
    from interreg.graph.neo4j_store import _move_statement

    for label, rows in batch.moves.items():
        tx.run(_move_statement(label), moves=rows).consume()
    for label, rows in batch.nodes.items():
        tx.run(f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props", rows=rows).consume()
    for label, rows in batch.events.items():
        tx.run(f"UNWIND $rows AS row MERGE (n:Event {{id: row.id}}) SET n:{label}, n += row.props",
               rows=rows).consume()
    for (rel_type, start, end), rows in batch.relationships.items():
        tx.run(f"UNWIND $rows AS row MATCH (a:{start} {{id: row.start}}) MATCH (b:{end} {{id: row.end}}) "
               f"MERGE (a)-[r:{rel_type}]->(b) SET r += row.props", rows=rows).consume()
    for label, ids in batch.gone_nodes.items():
        tx.run(f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) DETACH DELETE n", ids=ids).consume()
    for end, pairs in batch.gone.items():
        tx.run(f"UNWIND $rows AS row MATCH (:Region {{id: row.start}})-[r:PARTNER_OF]->(:{end} {{id: row.end}}) "
               "DELETE r", rows=pairs).consume()


def _bare_load(driver, batches: list[BareBatch], partners: dict, database: str | None) -> None:
    write = _bare_write
    with driver.session(database=database) as session:
        for batch in batches:
            session.execute_write(write, batch)
        partner_batches = [BareBatch({}, {}, {("PARTNER_OF", "Region", end): rows[i:i + 1000]})
                           for end, rows in partners.items() for i in range(0, len(rows), 1000)]
        for batch in partner_batches:
            session.execute_write(write, batch)


def _bare_batch(rows, partners: dict | None = None, gone: dict | None = None) -> BareBatch:
    """The rows of one `model.BatchRows` by label or type (PARTNER_OF rows by end label)."""
    from interreg.graph.schema import EVENT_LABELS

    nodes, events, relationships = defaultdict(list), defaultdict(list), defaultdict(list)
    for node in rows.nodes:
        nodes[node.ref.label].append({"id": node.ref.id, "props": node.properties})
    for event in rows.events:
        events[EVENT_LABELS[event.type]].append({"id": event.id, "props": event.properties})
    for rel in rows.relationships:
        relationships[(rel.type, rel.start.label, rel.end.label)].append(
            {"start": rel.start.id, "end": rel.end.id, "props": rel.properties})
    for end, partner_rows in (partners or {}).items():
        relationships[("PARTNER_OF", "Region", end)] = partner_rows
    moves = defaultdict(list)
    for move in rows.moves if partners is not None else ():
        moves[EVENT_LABELS[move.type]].append({"source": move.source, "target": move.target,
                                               "docs": list(move.docs) if move.docs is not None else None})
    return BareBatch(dict(nodes), dict(events), dict(relationships), dict(gone or {}), dict(moves))


def bare_batches_on(graph, batches: list[list]) -> list[BareBatch]:
    """`bare_batches` on top of a loaded graph (networkx, changed in place): each batch's
    rows and the PARTNER_OF rows it made, changed or deleted."""
    from interreg.graph import identity, model
    from interreg.graph.memory import _MemoryWriter

    class Recorder(_MemoryWriter):
        def write(self, rows):
            recorded.append(rows)
            super().write(rows)

        def write_partners(self, rows, gone):
            pairs.update((row.start.id, row.end.id) for row in rows)
            pairs.update(gone)
            super().write_partners(rows, gone)

        def refresh_partners(self, touched):
            pairs.update(touched)
            super().refresh_partners(touched)

        def update_outlets(self, changes):
            outlets.update(change.id for change in changes)
            super().update_outlets(changes)

    out = []
    for batch in batches:
        recorded, pairs, outlets = [], set(), set()
        model.upsert_facts(Recorder(graph), batch)
        partners, gone = defaultdict(list), defaultdict(list)
        for start, end in sorted(pairs):
            label = identity.place_label(end)
            key = (f"Region:{start}", f"{label}:{end}", "PARTNER_OF")
            if key in graph.edges:
                props = {name: value for name, value in graph.edges[key].items() if name != "type"}
                partners[label].append({"start": start, "end": end, "props": props})
            else:
                gone[label].append({"start": start, "end": end})
        bare = _bare_batch(recorded[0], partners, gone)
        kept = sorted(f"Outlet:{outlet}" for outlet in outlets if f"Outlet:{outlet}" in graph)
        bare.nodes.setdefault("Outlet", []).extend(_node_row(graph, key) for key in kept)
        bare.gone_nodes["Outlet"] = sorted(outlet for outlet in outlets if f"Outlet:{outlet}" not in graph)
        out.append(bare)
    return out


# --- the run ---------------------------------------------------------------------------

def run(scale: Scale) -> list[Measurement]:
    from interreg.graph.load import BATCH_SIZE
    from interreg.graph.neo4j_store import Neo4jStore

    count = SMALL_DOCUMENTS if scale.small else FULL_DOCUMENTS
    origin, facts = corpus(count)
    batches = [facts[i:i + BATCH_SIZE] for i in range(0, len(facts), BATCH_SIZE)]
    bare, partners = bare_batches(batches)
    total_facts = fact_count(facts)

    timings: dict[str, list[float]] = {"ours": [], "bare": []}
    counts: dict[str, dict] = {}
    with neo4j_server() as uri:
        store = Neo4jStore(uri)
        try:
            # a first untimed round of each warms the server (JIT, query plans) for both
            for round_number, which in enumerate(("ours", "bare", "ours", "bare", "bare", "ours")):
                store.clear()
                if which == "ours":
                    with stopwatch() as elapsed:
                        for batch in batches:
                            store.upsert(batch)
                else:
                    with stopwatch() as elapsed:
                        _bare_load(store.driver, bare, partners, store.database)
                if round_number >= 2:
                    timings[which].append(elapsed[0])
                counts[which] = store.counts()
            store.clear()
        finally:
            store.close()
    if counts["ours"] != counts["bare"]:
        raise AssertionError("the bare load built another graph than ours: "
                             + json.dumps(counts, ensure_ascii=False))

    ours, bare_rate = (total_facts / min(timings[which]) for which in ("ours", "bare"))
    nodes = sum(counts["ours"]["nodes"].values())
    relationships = sum(counts["ours"]["relationships"].values())
    note = (f"{len(facts)} documents ({origin}), {total_facts} facts, {len(batches)} batches of "
            f"{BATCH_SIZE}; {nodes} nodes, {relationships} relationships; after a warm-up round of each, "
            f"best of 2 alternating runs; "
            f"seconds ours {', '.join(f'{t:.2f}' for t in timings['ours'])}, "
            f"bare {', '.join(f'{t:.2f}' for t in timings['bare'])}")
    return [Measurement(NAME, "upsert : bare UNWIND", ours, bare_rate, "facts/s", target=TARGET,
                        note=note, extra={"seconds": timings, "documents": len(facts),
                                          "facts": total_facts})] + loaded_rows(scale)


# --- on a graph already loaded -----------------------------------------------------------

# (small, large) sizes of the graph already loaded, in documents, and the batches on top
LOADED_SIZES = {"full": (10_000, 100_000), "small": (300, 900)}
WARM_BATCHES = {"full": 4, "small": 1}
TIMED_BATCHES = {"full": 30, "small": 3}
PAGE_CACHE = "1g"
PARTNER_TARGET = 1.5
LOADED_TARGET = 0.9
# What upsert spends on PARTNER_OF (model._update_partners and the states it compares).
PARTNER_STEPS = ("event_states", "partner_summaries", "write_partners", "refresh_partners")


@dataclass
class LoadedRun:
    seconds: list[float]            # per timed batch, the whole upsert (or bare write)
    partner_seconds: list[float]    # per timed batch, the PARTNER_OF steps of it
    counts: dict
    # per timed batch, recomputing every pair it touched from their events, as every
    # batch did before PARTNER_OF was kept from the stored rows (for comparison)
    recompute_seconds: list[float] = field(default_factory=list)


def _partner_timer(spent: list[float], pairs: set):
    """Wrap the Neo4j writer's PARTNER_OF steps so that their time adds up in `spent[0]`
    and the pairs they write or recompute gather in `pairs`; returns a function that undoes it."""
    import time

    from interreg.graph.neo4j_store import _Neo4jWriter

    originals = {name: getattr(_Neo4jWriter, name) for name in PARTNER_STEPS}

    def timed(original):
        def step(self, *args):
            if original is originals["write_partners"]:
                pairs.update((row.start.id, row.end.id) for row in args[0])
                pairs.update(args[1])
            elif original is originals["refresh_partners"]:
                pairs.update(args[0])
            started = time.perf_counter()
            try:
                return original(self, *args)
            finally:
                spent[0] += time.perf_counter() - started
        return step

    for name, original in originals.items():
        setattr(_Neo4jWriter, name, timed(original))
    return lambda: [setattr(_Neo4jWriter, name, original) for name, original in originals.items()]


def _imported(base: list, home, work) -> "object":
    """Bulk-import `base` into a new local server at `home`; the graph built for it (networkx)."""
    from interreg.graph import bulk_graph
    from interreg.graph.bulk import IMPORT_REPORT, run_import, write_import_files

    graph = bulk_graph.build(base)
    arguments, _, _ = write_import_files(graph, work)
    run_import(home, arguments, work / IMPORT_REPORT)
    return graph.to_networkx()


@contextmanager
def _started(home):
    """A Bolt URI of the server at `home` (page cache PAGE_CACHE), its schema ready."""
    from bench.neo4j_server import neo4j_local
    from interreg.graph.bulk import free_port
    from interreg.graph.neo4j_store import Neo4jStore

    port = free_port()
    started = neo4j_local("start", home, port, pagecache=PAGE_CACHE)
    if started.returncode != 0:
        raise Unavailable(f"scripts/neo4j-local start failed: {started.stderr.strip()[-500:]}")
    try:
        uri = f"bolt://127.0.0.1:{port}"
        store = Neo4jStore(uri)
        try:
            store.ensure_schema()
            with store.driver.session(database=store.database) as session:
                session.run("CALL db.awaitIndexes(600)").consume()
        finally:
            store.close()
        yield uri
    finally:
        neo4j_local("stop", home, port)


def _ours_on(home, warm: list[list], timed: list[list]) -> LoadedRun:
    from interreg.graph.neo4j_store import Neo4jStore

    spent, pairs = [0.0], set()
    undo = _partner_timer(spent, pairs)
    seconds, partner_seconds, recompute_seconds = [], [], []
    try:
        with _started(home) as uri:
            store = Neo4jStore(uri)
            try:
                for batch in warm:
                    store.upsert(batch)
                for batch in timed:
                    spent[0] = 0.0
                    pairs.clear()
                    with stopwatch() as elapsed:
                        store.upsert(batch)
                    seconds.append(elapsed[0])
                    partner_seconds.append(spent[0])
                    touched = set(pairs)
                    spent[0] = 0.0
                    store._write(lambda writer: writer.refresh_partners(touched))   # the same rows again
                    recompute_seconds.append(spent[0])
                counts = store.counts()
            finally:
                store.close()
    finally:
        undo()
    return LoadedRun(seconds, partner_seconds, counts, recompute_seconds)


def _bare_on(home, warm: list[BareBatch], timed: list[BareBatch]) -> LoadedRun:
    from interreg.graph.neo4j_store import Neo4jStore

    seconds = []
    with _started(home) as uri:
        store = Neo4jStore(uri)
        try:
            with store.driver.session(database=store.database) as session:
                for batch in warm:
                    session.execute_write(_bare_write, batch)
                for batch in timed:
                    with stopwatch() as elapsed:
                        session.execute_write(_bare_write, batch)
                    seconds.append(elapsed[0])
            counts = store.counts()
        finally:
            store.close()
    return LoadedRun(seconds, [], counts)


def _mean_ms(values: list[float]) -> float:
    return 1000 * sum(values) / len(values)


def _median_ms(values: list[float]) -> float:
    return 1000 * percentile(values, 0.5)


def loaded_rows(scale: Scale) -> list[Measurement]:
    """The PARTNER_OF upkeep row and the upsert-against-bare row on a loaded graph."""
    import shutil
    import tempfile
    from pathlib import Path

    from bench.synthetic import SyntheticNews
    from interreg.graph.load import BATCH_SIZE

    if shutil.which("java") is None:
        raise Unavailable("no Java to run a local Neo4j")
    small, large = LOADED_SIZES[scale.name]
    warm_count, timed_count = WARM_BATCHES[scale.name], TIMED_BATCHES[scale.name]
    on_top = (warm_count + timed_count) * BATCH_SIZE
    runs: dict[int, LoadedRun] = {}
    bare_run = None
    work = Path(tempfile.mkdtemp(prefix="interreg-bench-loaded-"))
    try:
        for size in (small, large):
            facts = list(SyntheticNews().documents(size + on_top))
            base, later = facts[:size], facts[size:]
            batches = [later[i:i + BATCH_SIZE] for i in range(0, len(later), BATCH_SIZE)]
            home = work / f"home-{size}"
            graph = _imported(base, home, work / f"csv-{size}")
            shutil.rmtree(work / f"csv-{size}", ignore_errors=True)
            if size == large:
                shutil.copytree(home, work / "home-bare", symlinks=True)
                bare = bare_batches_on(graph, batches)
                del graph
                bare_run = _bare_on(work / "home-bare", bare[:warm_count], bare[warm_count:])
                shutil.rmtree(work / "home-bare", ignore_errors=True)
            else:
                del graph
            runs[size] = _ours_on(home, batches[:warm_count], batches[warm_count:])
            print(f"bench: neo4j_load on {size:,} loaded: upsert ms/batch "
                  f"{[round(1000 * t) for t in runs[size].seconds]}, PARTNER_OF ms/batch "
                  f"{[round(1000 * t, 1) for t in runs[size].partner_seconds]}, recomputing them "
                  f"{[round(1000 * t, 1) for t in runs[size].recompute_seconds]}"
                  + (f", bare ms/batch {[round(1000 * t) for t in bare_run.seconds]}" if size == large else ""),
                  file=sys.stderr, flush=True)
            shutil.rmtree(home, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if runs[large].counts != bare_run.counts:
        raise AssertionError("the bare load built another graph than ours: "
                             + json.dumps([runs[large].counts, bare_run.counts], ensure_ascii=False))

    timed_facts = fact_count(facts[large + warm_count * BATCH_SIZE:])
    ours_rate = timed_facts / sum(runs[large].seconds)
    bare_rate = timed_facts / sum(bare_run.seconds)
    # the median: on a shared machine one batch that waited for the CPU would sway a mean
    partner_small, partner_large = (_median_ms(runs[size].partner_seconds) for size in (small, large))
    partner_means = [_mean_ms(runs[size].partner_seconds) for size in (small, large)]
    recompute_small, recompute_large = (_median_ms(runs[size].recompute_seconds) for size in (small, large))
    batch_small, batch_large = (_mean_ms(runs[size].seconds) for size in (small, large))
    extra = {"sizes": [small, large], "batch_ms": {small: batch_small, large: batch_large},
             "partner_ms_median": {small: partner_small, large: partner_large},
             "partner_ms_mean": dict(zip((small, large), partner_means)),
             "recompute_ms_median": {small: recompute_small, large: recompute_large},
             "bare_batch_ms": _mean_ms(bare_run.seconds)}
    setting = (f"synthetic, {timed_count} timed batches of {BATCH_SIZE} after {warm_count} untimed, "
               f"on a bulk-imported graph; page cache {PAGE_CACHE}")
    return [
        Measurement(NAME, f"PARTNER_OF per batch at {large:,} : at {small:,}", partner_large, partner_small,
                    "ms/batch", target=PARTNER_TARGET, higher_is_better=False, extra=extra,
                    note=f"{setting}; ms a batch on PARTNER_OF, median {partner_large:.1f} at {large:,} documents "
                         f"vs {partner_small:.1f} at {small:,} (means {partner_means[1]:.1f} vs "
                         f"{partner_means[0]:.1f}); recomputing the same pairs from their events instead, median "
                         f"{recompute_large:.1f} vs {recompute_small:.1f}; whole batch, mean {batch_large:.0f} "
                         f"vs {batch_small:.0f} ms"),
        Measurement(NAME, f"upsert : bare UNWIND at {large:,} loaded", ours_rate, bare_rate, "facts/s",
                    target=LOADED_TARGET, extra=extra,
                    note=f"{setting}; each on its own copy of the imported database; mean ms a batch: "
                         f"upsert {batch_large:.0f}, bare {_mean_ms(bare_run.seconds):.0f}"),
    ]
