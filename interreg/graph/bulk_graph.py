"""The graph of a first import, built in one pass over the facts in plain dicts.

`upsert` loads batch after batch: each batch probes the stored events, may rename or
merge them, re-summarises them and recomputes `PARTNER_OF`. A first import knows every
report before it writes anything, so here each rule runs once over the whole input:
each document becomes its rows (`model.document_rows`), nodes merge as they come,
the events are planned once over all reports (`model.plan_events`, with no stored
events), then relationships merge in document order, events are summarised from their
reports (`model.event_summaries`) and `PARTNER_OF` is derived from all events
(`model.partner_rows`); last, the Outlet nodes count the documents of each outlet
(`model.OutletTally`). The merges are the model's own, so the result is the graph
`upsert` builds from the same facts — in the embedded store's layout (node keys
``"Label:id"``, every schema property present, `None` when unknown).

A document given twice is loaded once, as its last copy, as `upsert` replaces it.

>>> from interreg.ingest.facts import Document, DocumentFacts, Place
>>> omsk = Place("RU-OMS", "Омская область", "RU", "region")
>>> graph = build([DocumentFacts(Document(id="d1", text="…", outlet="ИА Омск"), regions=[omsk])])
>>> sorted(graph.nodes), sorted(key[2] for key in graph.edges)
(['Country:RU', 'Document:d1', 'Outlet:outlet:ИА Омск', 'Region:RU-OMS'], ['MENTIONS', 'PART_OF'])
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import networkx as nx

from interreg.graph import identity, model
from interreg.graph.gc_pause import collector_paused
from interreg.graph.model import EventParties, NodeRef, RelRow, Report
from interreg.graph.schema import EVENT_LABELS, NODES, RELATIONSHIPS
from interreg.ingest.facts import DocumentFacts

EdgeKey = tuple[str, str, str]          # (start key, end key, type), as the embedded store keys edges


@dataclass
class BulkGraph:
    """Nodes by key and relationships by (start, end, type), each with its properties."""

    nodes: dict[str, dict] = field(default_factory=dict)
    edges: dict[EdgeKey, dict] = field(default_factory=dict)
    documents: int = 0

    def node_items(self) -> Iterator[tuple[str, dict]]:
        return iter(self.nodes.items())

    def edge_items(self) -> Iterator[tuple[str, str, str, dict]]:
        return ((start, end, rel_type, data) for (start, end, rel_type), data in self.edges.items())

    def to_networkx(self) -> nx.MultiDiGraph:
        """The same graph as the embedded store holds it (`MemoryStore.from_graph` takes it):
        nodes by key, relationships keyed by their type."""
        graph = nx.MultiDiGraph()
        graph.add_nodes_from(self.nodes.items())
        graph.add_edges_from(self.edge_items())
        return graph


def build(facts: Iterable[DocumentFacts]) -> BulkGraph:
    """The graph `upsert` would build from `facts`, loaded in their order."""
    builder = _Builder()
    # millions of small acyclic objects: collections would walk them all again and again
    with collector_paused():
        for item in facts:
            builder.add(item)
        return builder.finish()


class _Builder:
    def __init__(self) -> None:
        self.node_properties: dict[NodeRef, dict] = {}
        # each document's relationships and events, in loading order (a replaced one moves last)
        self.documents: dict[str, model.DocumentRows] = {}
        self.replaced = False

    def add(self, facts: DocumentFacts) -> None:
        rows = model.document_rows(facts)
        if rows.doc_id in self.documents:
            # `upsert` removes the old copy (its document node first) and loads the new one after
            # everything loaded so far; nodes it alone named are collected in `finish`
            del self.documents[rows.doc_id]
            self.node_properties.pop(NodeRef("Document", rows.doc_id), None)
            self.replaced = True
        merge = model.merge_node_properties
        known = self.node_properties
        for node in rows.nodes:
            old = known.get(node.ref)
            known[node.ref] = node.properties if old is None else merge(old, node.properties)
        rows.nodes = []           # merged: only relationships and events are needed later
        self.documents[rows.doc_id] = rows

    def finish(self) -> BulkGraph:
        graph = BulkGraph(documents=len(self.documents))
        plan = model.plan_events((event for rows in self.documents.values() for event in rows.events), [])
        event_types: dict[str, tuple[str, str]] = {}        # event id → (type, signature)
        merged: dict[tuple[str, NodeRef, NodeRef], dict] = {}
        merge = model.merge_relationship_properties
        documents = self.documents
        while documents:
            doc_id = next(iter(documents))
            rows = documents.pop(doc_id)        # freed as it goes: the merged graph takes its place
            ids = {event.id: plan.ids[event.id] for event in rows.events}
            for event in rows.events:
                event_types.setdefault(ids[event.id], (event.type, event.signature))
            for row in _with_event_ids(rows, ids):
                key = (row.type, row.start, row.end)
                old = merged.get(key)
                if old is None:
                    merged[key] = row.properties
                elif row.type == "HOLDS":
                    merged[key] = _Office.of(old).add(row.properties)
                else:
                    merged[key] = merge(row.type, old, row.properties)
        for key, properties in merged.items():
            if isinstance(properties, _Office):
                merged[key] = properties.properties()
        self._write_nodes(graph, event_types)
        for (rel_type, start, end), properties in merged.items():
            graph.edges[(start.key, end.key, rel_type)] = _relationship(rel_type, properties)
        del merged
        _summarise_events(graph, event_types)
        _derive_partners(graph, event_types)
        if self.replaced:
            _collect(graph)
        _count_outlets(graph)
        return graph

    def _write_nodes(self, graph: BulkGraph, event_types: dict[str, tuple[str, str]]) -> None:
        for ref, properties in self.node_properties.items():
            values = {name: properties.get(name) for name in NODES[ref.label].properties}
            values["id"] = ref.id
            graph.nodes[ref.key] = {"label": ref.label, **values}
        self.node_properties = {}
        names = NODES["Event"].properties
        for event_id, (event_type, signature) in event_types.items():
            # every other property of an event comes from its reports (_summarise_events)
            values = dict.fromkeys(names)
            values.update(id=event_id, type=event_type, signature=signature)
            graph.nodes[f"Event:{event_id}"] = {"label": "Event", "labels": ("Event", EVENT_LABELS[event_type]),
                                                **values}


class _Office:
    """A HOLDS relationship many documents give, gathered as `merge_relationship_properties`
    unites them (documents and votes in the order first given, the position most voted
    for), counted once at the end instead of at every merge."""

    def __init__(self) -> None:
        self.docs: dict[str, None] = {}
        self.votes: dict[str, None] = {}

    @classmethod
    def of(cls, properties) -> _Office:
        if isinstance(properties, _Office):
            return properties
        return cls().add(properties)

    def add(self, properties: dict) -> _Office:
        self.docs.update(dict.fromkeys(properties.get("docs") or ()))
        self.votes.update(dict.fromkeys(properties.get("positions") or ()))
        return self

    def properties(self) -> dict:
        votes = list(self.votes)
        return {"docs": list(self.docs), "positions": votes, "position": model.shown_position(votes)}


def _with_event_ids(rows: model.DocumentRows, ids: dict[str, str]) -> list[RelRow]:
    """The document's relationships with graph event ids; merged again when two of its
    reports are one event, so that the document reports it once (as `resolve_events`)."""
    mapped = []
    for row in rows.relationships:
        start, end = row.start, row.end
        if start.label == "Event":
            start = NodeRef("Event", ids[start.id])
        elif end.label == "Event":
            end = NodeRef("Event", ids[end.id])
        else:
            mapped.append(row)
            continue
        mapped.append(RelRow(row.type, start, end, row.properties))
    if len(set(ids.values())) < len(ids):
        return model._merge_relationships(mapped)
    return mapped


def _relationship(rel_type: str, properties: dict) -> dict:
    return {"type": rel_type, **{name: properties.get(name) for name in RELATIONSHIPS[rel_type].properties}}


def _reports_by_event(graph: BulkGraph) -> dict[str, list[tuple[dict, dict]]]:
    """Each event's REPORTED_IN properties with its document's node."""
    nodes = graph.nodes
    found: dict[str, list] = defaultdict(list)
    for (start, end, rel_type), data in graph.edges.items():
        if rel_type == "REPORTED_IN":
            found[start].append((data, nodes[end]))
    return found


def _summarise_events(graph: BulkGraph, event_types: dict) -> None:
    reports = []
    for event_key, items in _reports_by_event(graph).items():
        event_id = graph.nodes[event_key]["id"]
        for rel, document in items:
            reports.append(Report(event_id, rel["date"], document["published"], document["publisher"]
                                  or identity.source_key(document["outlet"], document["url"], document["id"]),
                                  document["id"], rel["start"],
                                  {name: rel[name] for name in model.REPORTED_DETAILS}))
    for event_id, summary in model.event_summaries(reports).items():
        graph.nodes[f"Event:{event_id}"].update(summary)


def _derive_partners(graph: BulkGraph, event_types: dict) -> None:
    nodes = graph.nodes
    places: dict[str, list[str]] = defaultdict(list)
    sources: dict[str, set[str]] = defaultdict(set)
    for (start, end, rel_type), data in graph.edges.items():
        if rel_type == "PARTY_TO":
            if data["role"] in model.PLACE_ROLES and nodes[start]["label"] in ("Region", "Country"):
                places[end].append(nodes[start]["id"])
        elif rel_type == "REPORTED_IN":
            document = nodes[end]
            sources[start].add(document["publisher"]
                               or identity.source_key(document["outlet"], document["url"], document["id"]))
    events = []
    for event_id in event_types:
        key = f"Event:{event_id}"
        data = nodes[key]
        events.append(EventParties(event_id, data["type"], data["date"] or data["anchor"], places.get(key, []),
                                   sources.get(key, set())))
    for row in model.partner_rows(events):
        graph.edges[(row.start.key, row.end.key, "PARTNER_OF")] = _relationship("PARTNER_OF", row.properties)


def _count_outlets(graph: BulkGraph) -> None:
    """The Outlet nodes of the finished graph: each document counted in once, with its
    reports, as `upsert` counts the documents it loads."""
    nodes = graph.nodes
    reports: dict[str, int] = defaultdict(int)
    for (_, end, rel_type) in graph.edges:
        if rel_type == "REPORTED_IN":
            reports[end] += 1
    tally = model.OutletTally()
    tally.add(((data["outlet"], data["published"], reports[key]) for key, data in nodes.items()
               if data["label"] == "Document"), sign=1)
    for change in tally.changes():
        row = change.row()
        nodes[f"Outlet:{change.id}"] = {"label": "Outlet",
                                        **{name: row[name] for name in NODES["Outlet"].properties}}


def _collect(graph: BulkGraph) -> None:
    """Drop the nodes nothing refers to any more (only a replaced document leaves any),
    by the rules and in the order `upsert` collects them."""
    for label in model.COLLECTION_ORDER:
        ignored = model.IGNORED_WHEN_COLLECTING.get(label, model.DEFAULT_IGNORED)
        referred: set[str] = set()
        for (start, end, rel_type) in graph.edges:
            if rel_type not in ignored:
                referred.add(start)
                referred.add(end)
        loose = {key for key, data in graph.nodes.items() if data["label"] == label and key not in referred}
        if not loose:
            continue
        for key in loose:
            del graph.nodes[key]
        graph.edges = {key: data for key, data in graph.edges.items()
                       if key[0] not in loose and key[1] not in loose}
