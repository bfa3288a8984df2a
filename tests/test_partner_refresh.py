"""PARTNER_OF is kept up to date batch by batch: a load adds its own events and reports to
the pairs they tie, and only the pairs a removal touches (or whose earliest or latest date
left) are recomputed from their events. Whatever the path, on both stores, it must equal
PARTNER_OF computed from scratch over every event of the graph."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

import pytest

from bench.synthetic import SyntheticNews
from interreg.graph import identity, model
from interreg.graph.memory import MemoryStore, _MemoryWriter
from interreg.graph.neo4j_store import _Neo4jWriter
from interreg.ingest.facts import Document, DocumentFacts, Evidence, MeetingFact, Place

PROPERTIES = ("meetings", "agreements", "trade", "first", "last", "sources", "publishers")


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, tmp_path):
    if request.param == "memory":
        yield MemoryStore(tmp_path / "memory")
        return
    request.getfixturevalue("neo4j_env")
    from interreg.graph.neo4j_store import Neo4jStore
    neo4j = Neo4jStore()
    yield neo4j
    neo4j.close()


@pytest.fixture
def recomputed(monkeypatch) -> list[set]:
    """The pairs each recomputation of PARTNER_OF was asked for, on either store."""
    calls: list[set] = []
    for writer in (_MemoryWriter, _Neo4jWriter):
        original = writer.refresh_partners

        def spy(self, pairs, original=original):
            calls.append(set(pairs))
            return original(self, pairs)
        monkeypatch.setattr(writer, "refresh_partners", spy)
    return calls


# --- what is stored, and what it should be -----------------------------------------------

def stored_partners(store) -> dict:
    if store.kind == "memory":
        graph = store.graph
        return {(graph.nodes[u]["id"], graph.nodes[v]["id"]): {name: data.get(name) for name in PROPERTIES}
                for u, v, key, data in graph.edges(keys=True, data=True) if key == "PARTNER_OF"}
    rows = store.read("MATCH (a)-[r:PARTNER_OF]->(b) RETURN a.id AS a, b.id AS b, properties(r) AS p", {})
    return {(row["a"], row["b"]): {name: row["p"].get(name) for name in PROPERTIES} for row in rows}


def events_of(store) -> list[tuple[str, date | None, set[str], set[str]]]:
    """(type, date else anchor, party places, publishers of its documents) of every event."""
    if store.kind == "neo4j":
        rows = store.read("""
            MATCH (e:Event)
            RETURN e.type AS type, coalesce(e.date, e.anchor) AS when,
                   [(p)-[r:PARTY_TO]->(e) WHERE (p:Region OR p:Country) AND r.role IN $roles | p.id] AS places,
                   [(e)-[:REPORTED_IN]->(d:Document) | d.publisher] AS publishers""",
                          {"roles": list(model.PLACE_ROLES)})
        return [(r["type"], r["when"], set(r["places"]), set(r["publishers"])) for r in rows]
    graph = store.graph
    events = []
    for key, data in graph.nodes(data=True):
        if data["label"] != "Event":
            continue
        places = {graph.nodes[u]["id"] for u, _, k, rel in graph.in_edges(key, keys=True, data=True)
                  if k == "PARTY_TO" and rel["role"] in model.PLACE_ROLES
                  and graph.nodes[u]["label"] in ("Region", "Country")}
        publishers = {graph.nodes[d]["publisher"] for _, d, k in graph.out_edges(key, keys=True)
                      if k == "REPORTED_IN"}
        events.append((data["type"], data["date"] or data["anchor"], places, publishers))
    return events


def partners_from_scratch(store) -> dict:
    """PARTNER_OF over every event of the graph: per pair of party places (two regions, or a
    region and a foreign country), its events by type, their earliest and latest dates and
    the publishers of their reports."""
    tally: dict = defaultdict(lambda: {"types": defaultdict(int), "dates": [], "publishers": set()})
    for event_type, when, places, publishers in events_of(store):
        for pair in model.partner_pairs(places):
            entry = tally[pair]
            entry["types"][event_type] += 1
            if when is not None:
                entry["dates"].append(when)
            entry["publishers"] |= publishers
    return {pair: {"meetings": entry["types"]["meeting"], "agreements": entry["types"]["agreement"],
                   "trade": entry["types"]["trade"],
                   "first": min(entry["dates"], default=None), "last": max(entry["dates"], default=None),
                   "sources": len(entry["publishers"]), "publishers": sorted(entry["publishers"])}
            for pair, entry in tally.items()}


def load(store, facts: list, size: int = 50) -> None:
    with store.bulk():
        for start in range(0, len(facts), size):
            store.upsert(facts[start:start + size])


# --- synthetic news: loads, replacements, deletions -----------------------------------------

@pytest.fixture(scope="module")
def news() -> list[DocumentFacts]:
    return list(SyntheticNews(seed=11).documents(400))


def test_loads_add_their_own_share_and_equal_a_recomputation(store, news, recomputed):
    load(store, news)
    stored = stored_partners(store)
    assert len(stored) > 50
    assert stored == partners_from_scratch(store)
    # new reports only: the pairs were updated from their stored rows, almost never recomputed
    assert sum(len(pairs) for pairs in recomputed) <= len(stored) // 20


def test_replacements_and_deletions_recompute_the_pairs_they_touch(store, news, recomputed):
    load(store, news)
    before = stored_partners(store)
    # replaced documents: another outlet, meetings moved to the first of the month
    changed = [replace(f, document=replace(f.document, outlet="Другое издание", url=None),
                       meetings=[replace(m, date=m.date and m.date.replace(day=1)) for m in f.meetings])
               for f in news[::7]]
    recomputed.clear()
    store.upsert(changed)
    assert recomputed, "a replacement recomputes the pairs of the documents it replaces"
    assert stored_partners(store) == partners_from_scratch(store)

    for facts in news[3::11]:
        store.delete_document(facts.document.id)
    after = stored_partners(store)
    assert after == partners_from_scratch(store)
    assert after != before           # the changes did reach PARTNER_OF
    replaced_by = identity.source_key("Другое издание", None, "")
    assert any(replaced_by in p["publishers"] for p in after.values())


# --- events merged and split ---------------------------------------------------------------

OMSK = Place("RU-OMS", "Омская область", "RU", "region")
BUKHARA = Place("UZ-BU", "Бухарская область", "UZ", "region")


def meeting_report(doc_id: str, outlet: str, day: date) -> DocumentFacts:
    sentence = f"Делегации Омской и Бухарской областей провели переговоры {day:%d.%m}."
    facts = DocumentFacts(Document(id=doc_id, text=sentence, outlet=outlet, published=day, source="test"))
    facts.regions = [OMSK, BUKHARA]
    facts.meetings = [MeetingFact(["RU-OMS", "UZ-BU"], [], day, Evidence(doc_id, sentence, 0, len(sentence)))]
    return facts


def test_a_report_bridging_two_events_merges_them_and_its_removal_splits_them(store, recomputed):
    pair = ("RU-OMS", "UZ-BU")
    store.upsert([meeting_report("early", "Омская правда", date(2025, 4, 20))])
    store.upsert([meeting_report("late", "Бухоро хабарлари", date(2025, 4, 26))])
    assert recomputed == []                      # two new events: added, nothing recomputed
    partner = stored_partners(store)[pair]
    assert (partner["meetings"], partner["first"], partner["last"], partner["sources"]) == (
        2, date(2025, 4, 20), date(2025, 4, 26), 2)

    # within SAME_EVENT_DAYS of both: the three reports are one meeting of 20 April
    assert identity.SAME_EVENT_DAYS == 3
    store.upsert([meeting_report("between", "Вести Омск", date(2025, 4, 23))])
    partner = stored_partners(store)[pair]
    assert (partner["meetings"], partner["first"], partner["last"], partner["sources"]) == (
        1, date(2025, 4, 20), date(2025, 4, 20), 3)
    assert stored_partners(store) == partners_from_scratch(store)

    store.delete_document("between")
    partner = stored_partners(store)[pair]
    assert (partner["meetings"], partner["last"], partner["publishers"]) == (
        2, date(2025, 4, 26), sorted(identity.source_key(o, None, d) for o, d in
                                     (("Омская правда", "early"), ("Бухоро хабарлари", "late"))))
    assert stored_partners(store) == partners_from_scratch(store)

    store.delete_document("early")
    store.delete_document("late")
    assert stored_partners(store) == {} == partners_from_scratch(store)


def test_a_report_joining_a_stored_event_adds_only_its_publisher(store, recomputed):
    pair = ("RU-OMS", "UZ-BU")
    store.upsert([meeting_report("first", "Омская правда", date(2025, 4, 20))])
    store.upsert([meeting_report("again", "Омская правда", date(2025, 4, 21)),
                  meeting_report("other", "Бухоро хабарлари", date(2025, 4, 22))])
    assert recomputed == []
    partner = stored_partners(store)[pair]
    assert (partner["meetings"], partner["sources"]) == (1, 2)
    assert stored_partners(store) == partners_from_scratch(store)


def test_a_pair_stored_without_publishers_is_recomputed(store, recomputed):
    """A graph loaded before `publishers` existed: its pairs are recomputed on their next change."""
    pair = ("RU-OMS", "UZ-BU")
    store.upsert([meeting_report("first", "Омская правда", date(2025, 4, 20))])
    if store.kind == "memory":
        store._apply(lambda writer: writer.write_partners(
            [model._partner_row(pair, {**stored_partners(store)[pair], "publishers": None})], set()))
    else:
        store._write(lambda writer: writer._run("MATCH ()-[r:PARTNER_OF]->() REMOVE r.publishers"))
    assert stored_partners(store)[pair]["publishers"] is None
    store.upsert([meeting_report("later", "Бухоро хабарлари", date(2025, 5, 20))])
    assert recomputed == [{pair}]
    assert stored_partners(store) == partners_from_scratch(store)
    assert stored_partners(store)[pair]["sources"] == 2
