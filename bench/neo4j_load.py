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
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

from bench.core import DEV_CORPUS, Measurement, Scale, Unavailable, stopwatch
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

    out = []
    for rows in recorded:
        nodes, events, relationships = defaultdict(list), defaultdict(list), defaultdict(list)
        for node in rows.nodes:
            nodes[node.ref.label].append({"id": node.ref.id, "props": node.properties})
        for event in rows.events:
            events[EVENT_LABELS[event.type]].append({"id": event.id, "props": event.properties})
        for rel in rows.relationships:
            relationships[(rel.type, rel.start.label, rel.end.label)].append(
                {"start": rel.start.id, "end": rel.end.id, "props": rel.properties})
        out.append(BareBatch(dict(nodes), dict(events), dict(relationships)))

    partners = defaultdict(list)
    graph = writer.graph
    for start, end, key, data in graph.edges(keys=True, data=True):
        if key == "PARTNER_OF":
            props = {name: value for name, value in data.items() if name != "type"}
            partners[graph.nodes[end]["label"]].append(
                {"start": graph.nodes[start]["id"], "end": graph.nodes[end]["id"], "props": props})
    return out, dict(partners)


def _bare_load(driver, batches: list[BareBatch], partners: dict, database: str | None) -> None:
    def write(tx, batch: BareBatch):
        for label, rows in batch.nodes.items():
            tx.run(f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props", rows=rows).consume()
        for label, rows in batch.events.items():
            tx.run(f"UNWIND $rows AS row MERGE (n:Event {{id: row.id}}) SET n:{label}, n += row.props",
                   rows=rows).consume()
        for (rel_type, start, end), rows in batch.relationships.items():
            tx.run(f"UNWIND $rows AS row MATCH (a:{start} {{id: row.start}}) MATCH (b:{end} {{id: row.end}}) "
                   f"MERGE (a)-[r:{rel_type}]->(b) SET r += row.props", rows=rows).consume()

    with driver.session(database=database) as session:
        for batch in batches:
            session.execute_write(write, batch)
        partner_batches = [BareBatch({}, {}, {("PARTNER_OF", "Region", end): rows[i:i + 1000]})
                           for end, rows in partners.items() for i in range(0, len(rows), 1000)]
        for batch in partner_batches:
            session.execute_write(write, batch)


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
                                          "facts": total_facts})]
