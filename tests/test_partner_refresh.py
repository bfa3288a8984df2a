"""PARTNER_OF is recomputed only for the pairs a change touches: after loads, replacements and
deletions it must equal a recomputation over every event of the graph."""

from __future__ import annotations

from dataclasses import replace

from bench.synthetic import SyntheticNews
from interreg.graph import identity, model
from interreg.graph.memory import MemoryStore


def partners_in(graph) -> dict:
    return {(graph.nodes[u]["id"], graph.nodes[v]["id"]): {k: v for k, v in data.items() if k != "type"}
            for u, v, key, data in graph.edges(keys=True, data=True) if key == "PARTNER_OF"}


def partners_from_every_event(graph) -> dict:
    """model.partner_rows over all events, read straight from the networkx graph."""
    events = []
    for key, data in graph.nodes(data=True):
        if data["label"] != "Event":
            continue
        places = [graph.nodes[u]["id"] for u, _, k, rel in graph.in_edges(key, keys=True, data=True)
                  if k == "PARTY_TO" and rel["role"] in model.PLACE_ROLES
                  and graph.nodes[u]["label"] in ("Region", "Country")]
        sources = {identity.source_key(graph.nodes[d]["outlet"], graph.nodes[d]["url"], graph.nodes[d]["id"])
                   for _, d, k in graph.out_edges(key, keys=True) if k == "REPORTED_IN"}
        events.append(model.EventParties(data["id"], data["type"], data["date"] or data["anchor"],
                                         places, sources))
    return {(row.start.id, row.end.id): row.properties for row in model.partner_rows(events)}


def test_partner_of_after_loads_replacements_and_deletions_equals_a_full_recomputation(tmp_path):
    store = MemoryStore(tmp_path)
    facts = list(SyntheticNews(seed=11).documents(400))
    for start in range(0, len(facts), 50):
        store.upsert(facts[start:start + 50])
    assert partners_in(store.graph) == partners_from_every_event(store.graph)
    before = partners_in(store.graph)

    # replaced documents: another outlet, meetings moved a month later
    changed = [replace(f, document=replace(f.document, outlet="Другое издание"),
                       meetings=[replace(m, date=m.date and m.date.replace(day=1)) for m in f.meetings])
               for f in facts[::7]]
    store.upsert(changed)
    for doc in facts[3::11]:
        store.delete_document(doc.document.id)

    after = partners_in(store.graph)
    assert after == partners_from_every_event(store.graph)
    assert after != before          # the changes did reach PARTNER_OF
    assert MemoryStore(tmp_path).graph.number_of_edges() == store.graph.number_of_edges()
