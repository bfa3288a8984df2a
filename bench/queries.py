"""Canned query latency on a synthetic graph, on both stores, and the memory store's load time.

`scale.documents` synthetic documents (bench/synthetic.py) become one graph, the one every
load builds, in one pass (`interreg.graph.bulk_graph.build`, as `interreg load --bulk`): the
embedded store is made from it, and Neo4j gets it through its bulk importer into a throw-away server with the page
cache below (the whole store fits in it at 100,000 documents); with $NEO4J_URI set, that
server is emptied and loaded through `upsert` instead. Then every built-in query of the
catalogue runs `scale.query_samples` times on each store through `interreg.queries.runner`
(what the CLI does: parameters resolved, rows normalised), cycling through parameter sets
an analyst would use: popular and rare regions, partner countries, commodities, dates.
Each query is timed on a warm server: at full size it first runs on the same cycle for
WARM_UP_SECONDS (`warm_up`), since a server just started has not compiled its plans' code.

Lines of the table:
- `<query> p95 on neo4j`: against the 50 ms target; p50 in the note and `extra`, with the
  database hits of each parameter set's plan (PROFILE) and their most;
- `<query> p95 memory : neo4j`: the embedded store's p95 against Neo4j's on the same
  parameter sets: it must be no slower (ratio ≤ 1);
- `<query> listing ...`: the same for the parameter sets that ask about the whole corpus
  (agreements or trade without a filter, weakly sourced events, the network, outlets):
  with the queries' default row limit (200) they return the corpus' first rows;
- `memory store open`: opening the persisted graph (a new MemoryStore on its folder), against 5 s;
- `graph built`, `load into <store>`: for information.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench.core import Measurement, Scale, Unavailable, percentile, stopwatch
from bench.neo4j_server import free_port, neo4j_local
from bench.synthetic import SyntheticNews

QUERY_TARGET_MS = 50.0
MEMORY_TARGET = 1.0            # the embedded store's p95 over Neo4j's
OPEN_TARGET_S = 5.0
OPEN_SAMPLES = 3
# Documents per upsert (a server given by $NEO4J_URI): large batches keep the per-load work
# (matching events, PARTNER_OF) from repeating too often; each is one transaction.
LOAD_BATCH = 5_000
NEO4J_HEAP = "2g"
NEO4J_PAGE_CACHE = "1g"
SEED = 2024
# Runs of each whole-corpus listing (at least 50 at full size, as the questions).
LISTING_SAMPLES = 50
# Runs of a query before it is timed, at full size: a server in use has compiled the code
# its plans run (the JVM compiles hot code after thousands of calls), a freshly started one
# has not yet; one pass over the parameter sets left the first samples some 2x slower.
# The cycle goes on until it has lasted this long, or this many runs (whichever comes first).
WARM_UP_SECONDS = 3.0
WARM_UP_RUNS = 200


def run(scale: Scale) -> list[Measurement]:
    from interreg.graph import bulk_graph
    from interreg.graph.memory import GRAPH_FILE, MemoryStore

    news = SyntheticNews(SEED)
    rows: list[Measurement] = []
    with stopwatch() as built:
        graph = bulk_graph.build(news.documents(scale.documents))
    rows.append(Measurement("queries", "graph built", built[0], built[0], "s",
                            note=f"{scale.documents:,} documents: {len(graph.nodes):,} nodes, "
                                 f"{len(graph.edges):,} relationships"))
    with tempfile.TemporaryDirectory(prefix="interreg-bench-queries-") as home:
        MemoryStore.from_graph(graph.to_networkx(), Path(home) / "memory")
        opened = []
        for _ in range(OPEN_SAMPLES):
            with stopwatch() as elapsed:
                memory = MemoryStore(Path(home) / "memory")
            opened.append(elapsed[0])
        size = (Path(home) / "memory" / GRAPH_FILE).stat().st_size / 2**20
        rows.append(Measurement("queries", "memory store open", min(opened), OPEN_TARGET_S, "s",
                                target=1.0, higher_is_better=False,
                                note=f"{scale.documents:,} documents, best of {OPEN_SAMPLES}; "
                                     f"graph file {size:.0f} MiB",
                                extra={"samples_s": opened}))
        with _neo4j_holding(graph, news, scale, Path(home), rows) as neo4j:
            samples = parameter_samples(memory, news)
            for name, parameter_sets in samples.items():
                questions = [given for given in parameter_sets if (name, given) not in LISTINGS]
                listings = [given for given in parameter_sets if (name, given) in LISTINGS]
                for kind, chosen in (("", questions), ("listing", listings)):
                    if chosen:
                        on_neo4j = _latency(neo4j, name, chosen, scale, kind)
                        on_memory = _latency(memory, name, chosen, scale, kind)
                        rows += [on_neo4j, _against(on_memory, on_neo4j)]
    return rows


@contextmanager
def _neo4j_holding(graph, news: SyntheticNews, scale: Scale, work: Path, rows: list[Measurement]):
    """A Neo4jStore holding the bench's graph: bulk-imported into a local server, or loaded
    through `upsert` into the one $NEO4J_URI names."""
    from interreg.graph.bulk import IMPORT_REPORT, run_import, write_import_files
    from interreg.graph.neo4j_store import Neo4jStore

    if os.environ.get("NEO4J_URI"):
        store = Neo4jStore(os.environ["NEO4J_URI"])
        try:
            store.clear()
            rows.append(_load(store, news, scale))
            yield store
        finally:
            store.close()
        return
    if shutil.which("java") is None:
        raise Unavailable("no Java to run a local Neo4j (and NEO4J_URI is not set)")
    home, port = work / "neo4j", free_port()
    with stopwatch() as elapsed:
        arguments, nodes, relationships = write_import_files(graph, work / "csv")
        run_import(home, arguments, work / IMPORT_REPORT)
        shutil.rmtree(work / "csv", ignore_errors=True)
        started = neo4j_local("start", home, port, heap=NEO4J_HEAP, pagecache=NEO4J_PAGE_CACHE)
        if started.returncode != 0:
            raise Unavailable(f"scripts/neo4j-local start failed: {started.stderr.strip()[-500:]}")
    try:
        store = Neo4jStore(f"bolt://127.0.0.1:{port}")
        try:
            with stopwatch() as indexed:
                store.ensure_schema()
                with store.driver.session(database=store.database) as session:
                    session.run("CALL db.awaitIndexes(600)").consume()
            rows.append(Measurement("queries", "load into neo4j", elapsed[0] + indexed[0],
                                    elapsed[0] + indexed[0], "s",
                                    note=f"bulk import of {nodes:,} nodes, {relationships:,} relationships "
                                         f"and a server start {elapsed[0]:.1f} s, indexes {indexed[0]:.1f} s; "
                                         f"heap {NEO4J_HEAP}, page cache {NEO4J_PAGE_CACHE}"))
            yield store
        finally:
            store.close()
    finally:
        neo4j_local("stop", home, port)


def _load(store, news: SyntheticNews, scale: Scale) -> Measurement:
    facts = 0
    with stopwatch() as elapsed, store.bulk():      # as `interreg ingest` loads
        for batch in news.batches(scale.documents, LOAD_BATCH):
            facts += sum(_facts_in(item) for item in batch)
            store.upsert(batch)
    per_second = facts / elapsed[0]
    return Measurement("queries", f"load into {store.kind}", per_second, per_second, "facts/s",
                       note=f"{scale.documents:,} documents, {facts:,} facts in {elapsed[0]:.1f} s "
                            f"({scale.documents / elapsed[0]:.0f} documents/s), batches of {LOAD_BATCH}",
                       extra={"seconds": elapsed[0], "facts": facts, "documents": scale.documents})


def _facts_in(facts) -> int:
    return sum(len(getattr(facts, kind)) for kind in
               ("regions", "persons", "organizations", "meetings", "agreements", "trade", "topics"))


def _latency(store, name: str, parameter_sets: list[dict], scale: Scale, kind: str = "") -> Measurement:
    from interreg.queries import runner

    timings, sizes = [], []
    samples = min(scale.query_samples, LISTING_SAMPLES) if kind == "listing" else scale.query_samples
    warm_up(store, name, parameter_sets, scale)
    for given in itertools.islice(itertools.cycle(parameter_sets), samples):
        with stopwatch() as elapsed:
            answer = runner.run(store, name, given)
        timings.append(elapsed[0] * 1000)
        sizes.append(len(answer))
    p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
    what = f"{name} {kind} p95 on {store.kind}".replace("  ", " ")
    note = f"p50 {p50:.1f} ms, {samples} runs over {len(parameter_sets)} parameter sets, rows {min(sizes)}–{max(sizes)}"
    extra = {"p50_ms": p50, "p95_ms": p95, "rows_max": max(sizes), "parameter_sets": parameter_sets}
    if store.kind == "neo4j":
        hits = [_db_hits(store, name, given) for given in parameter_sets]
        note += f"; db hits at most {max(hits):,}; page cache {NEO4J_PAGE_CACHE}"
        extra["db_hits"] = hits
    return Measurement("queries", what, p95, QUERY_TARGET_MS, "ms", target=1.0 if store.kind == "neo4j" else None,
                       higher_is_better=False, note=note, extra=extra)


def warm_up(store, name: str, parameter_sets: list[dict], scale: Scale) -> None:
    """Run the query over its parameter sets before timing it: each at least once (Neo4j
    plans once per parameter types, pages in), and at full size on a cycle for
    WARM_UP_SECONDS (at most WARM_UP_RUNS runs), so that the timings are a warm server's."""
    from interreg.queries import runner

    for given in parameter_sets:
        runner.run(store, name, given)
    if scale.small:
        return
    started = time.perf_counter()
    for given in itertools.islice(itertools.cycle(parameter_sets), WARM_UP_RUNS):
        if time.perf_counter() - started > WARM_UP_SECONDS:
            break
        runner.run(store, name, given)


def _db_hits(store, name: str, given: dict) -> int:
    """The database hits of the query's plan for one parameter set (PROFILE)."""
    from interreg.queries import runner

    spec, resolved, _ = runner.prepare(store, name, given)
    return store.db_hits(spec.cypher, resolved)


def _against(on_memory: Measurement, on_neo4j: Measurement) -> Measurement:
    """The embedded store's p95 against Neo4j's on the same parameter sets."""
    return Measurement("queries", on_memory.what.replace("on memory", "memory : neo4j"), on_memory.ours,
                       on_neo4j.ours, "ms", target=MEMORY_TARGET, higher_is_better=False,
                       note=f"memory p95 {on_memory.ours:.1f} ms ({on_memory.note}) against "
                            f"neo4j {on_neo4j.ours:.1f} ms", extra=on_memory.extra)


class _Listings:
    """The parameter sets that ask for a whole-corpus listing (see the module's docstring)."""

    QUERIES = {"outlets", "weakly-sourced"}        # every parameter set of these
    SETS = {("agreements", ()), ("trade", ()), ("network", ())}

    def __contains__(self, item: tuple[str, dict]) -> bool:
        name, given = item
        return name in self.QUERIES or (name, tuple(sorted(given.items()))) in self.SETS


LISTINGS = _Listings()


def parameter_samples(memory, news: SyntheticNews) -> dict[str, list[dict]]:
    """Parameter sets per query: what an analyst asks, popular places and rare ones alike."""
    from interreg.queries import catalogue, runner

    graph = memory.graph
    present = {data["id"] for _, data in graph.nodes(data=True) if data["label"] == "Region"}

    def regions(country: str, popular: int, rare: int) -> list[str]:
        chosen = news.popular_regions(country, popular) + news.rare_regions(country, rare)
        return [iso for iso in chosen if iso in present] or sorted(present)[:1]

    russian = regions("RU", 3, 3)
    abroad = regions("UZ", 2, 1) + regions("KZ", 1, 1) + regions("BY", 1, 0) + regions("CN", 1, 1)
    places = _interleave(russian, abroad)
    pairs = [row for row in runner.run(memory, "partners", {"region": russian[0]})][:3]
    events = _events_by_reports(graph)
    officials = [o for iso in russian[:2] + abroad[:2] for o in news.officials[iso][:2]]
    commodities = [c for c, _, _ in news.commodities]

    samples = {
        "partners": [{"region": r} for r in places],
        "region-profile": [{"region": r} for r in places],
        "agreements": [{"region": r} for r in places[:4]] + [{},
            {"status": "signed", "since": "2025-06-01"}, {"region": russian[0], "status": "planned"},
            {"region": abroad[0], "since": "2024-01-01"}],
        "trade": [{"party": r} for r in places[:4]] + [{},
            {"party": "UZ", "commodity": "food"}, {"party": russian[0], "direction": "export"},
            {"party": "KZ", "commodity": "metals", "direction": "import"}, {"party": abroad[-1], "commodity": "textiles"}],
        "officials": [{"region": r} for r in places],
        "timeline": [{"region_a": russian[0], "region_b": row["partner"]} for row in pairs] + [
            {"region_a": russian[-1], "region_b": abroad[-1]}, {"region_a": russian[1], "region_b": "KZ"}],
        "contacts": [{"person": o.last if n % 2 else o.name} for n, o in enumerate(officials)],
        "top-regions": [{}, {"country": "RU"}, {"country": "UZ", "limit": "5"}, {"country": "KZ"}],
        "commodity": [{"commodity": c} for c in commodities],
        "path": [{"region_a": a, "region_b": b} for a, b in zip(russian, reversed(abroad))] + [
            {"region_a": russian[-1], "region_b": russian[-2], "max_hops": "6"}, {"region_a": abroad[-1], "region_b": "BY"}],
        "topics": [{"region": r} for r in places],
        "sources": [{"event": e} for e in events],
        "new-partners": [{"since": day} for day in ("2025-10-01", "2025-06-01", "2025-12-01")],
        "weakly-sourced": [{}, {"min_sources": "3"}],
        "network": [{}] + [{"country": c} for c in ("BY", "KG", "CN", "UZ")] + [{"since": "2025-09-01"}],
        "outlets": [{}],
        "event-types": [{}],
    }
    builtin = [spec.name for spec in catalogue.load().values() if spec.builtin]
    missing = sorted(set(builtin) - set(samples))
    if missing:
        raise RuntimeError(f"no parameter sets for {', '.join(missing)}: add them to bench/queries.py")
    return {name: samples[name] for name in builtin}


def _interleave(first: list[str], second: list[str]) -> list[str]:
    mixed = [item for pair in itertools.zip_longest(first, second) for item in pair if item]
    return list(dict.fromkeys(mixed))


def _events_by_reports(graph, count: int = 6) -> list[str]:
    """Some of the most reported events and some reported once."""
    events = sorted(((data.get("mentions") or 0, data["id"]) for _, data in graph.nodes(data=True)
                     if data["label"] == "Event"), reverse=True)
    return [event_id for _, event_id in events[:count // 2] + events[-(count - count // 2):]]
