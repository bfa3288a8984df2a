"""The whole graph out of either store, as GraphML, GEXF or CSV tables, for Gephi,
yEd, Cytoscape or a spreadsheet.

`snapshot(store)` is the one place that reads a store for an export: every node with
its label and properties, every relationship with its type and properties, values
written the same way for both stores (ISO dates, sorted lists). The writers only turn
that snapshot into files:

- every node keeps its properties, plus `kind` (its label), `name`, and for regions and
  countries `lat`/`lon` of their capital from the gazetteer;
- GEXF is written in dynamic mode: an event lives on its date, a partner link from its
  first to its last contact, a region or person from its first to its last dated
  relationship, so Gephi's timeline shows the network grow;
- CSV gives two tables, `nodes.csv` and `edges.csv`, in a folder.

>>> write(open_store("memory"), "gexf", "graph.gexf")     # doctest: +SKIP
ExportSummary(nodes=41, edges=97, path=PosixPath('graph.gexf'))
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import networkx as nx

from interreg.graph.schema import NODES

FORMATS = ("graphml", "gexf", "csv")
LIST_SEPARATOR = "; "
# Relationships whose time is the date of the event at one of their ends.
EVENT_RELATIONSHIPS = ("PARTY_TO", "OF_COMMODITY", "ABOUT", "REPORTED_IN")


@dataclass
class Node:
    key: str                       # "Label:id", unique over the graph
    kind: str                      # the node's label: Region, Event, Document ...
    labels: tuple[str, ...]        # every label (an event is also a Meeting, Agreement, TradeFlow)
    properties: dict = field(default_factory=dict)


@dataclass
class Edge:
    source: str
    target: str
    relation: str                  # the relationship type
    properties: dict = field(default_factory=dict)


@dataclass
class Snapshot:
    nodes: list[Node]
    edges: list[Edge]


@dataclass
class ExportSummary:
    nodes: int
    edges: int
    path: Path


# --- reading ---------------------------------------------------------------------------------

def snapshot(store) -> Snapshot:
    """Every node and relationship of `store`, in a stable order, values normalised."""
    if getattr(store, "kind", None) == "neo4j":
        nodes, edges = _from_neo4j(store)
    else:
        nodes, edges = _from_memory(store.graph)
    nodes.sort(key=lambda n: n.key)
    edges.sort(key=lambda e: (e.source, e.target, e.relation))
    return Snapshot(nodes, edges)


def _from_memory(graph: nx.MultiDiGraph) -> tuple[list[Node], list[Edge]]:
    nodes = []
    for key, attrs in graph.nodes(data=True):
        label = attrs.get("label")
        labels = tuple(sorted(set(attrs.get("labels") or ()) | {label}))
        properties = {k: v for k, v in attrs.items() if k not in ("label", "labels")}
        nodes.append(Node(f"{label}:{attrs.get('id')}", label, labels, _clean(properties)))
    edges = []
    for source, target, rel_type, attrs in graph.edges(keys=True, data=True):
        properties = {k: v for k, v in attrs.items() if k != "type"}
        edges.append(Edge(_memory_key(graph, source), _memory_key(graph, target), rel_type, _clean(properties)))
    return nodes, edges


def _memory_key(graph: nx.MultiDiGraph, key: str) -> str:
    attrs = graph.nodes[key]
    return f"{attrs.get('label')}:{attrs.get('id')}"


_NEO4J_NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS properties"
_NEO4J_EDGES = ("MATCH (a)-[r]->(b) RETURN labels(a) AS a_labels, a.id AS a_id, type(r) AS relation, "
                "properties(r) AS properties, labels(b) AS b_labels, b.id AS b_id")


def _from_neo4j(store) -> tuple[list[Node], list[Edge]]:
    nodes = []
    for row in store.read(_NEO4J_NODES, {}):
        label = _main_label(row["labels"])
        properties = dict(row["properties"])
        nodes.append(Node(f"{label}:{properties.get('id')}", label, tuple(sorted(row["labels"])),
                          _clean(properties)))
    edges = [Edge(f"{_main_label(row['a_labels'])}:{row['a_id']}", f"{_main_label(row['b_labels'])}:{row['b_id']}",
                  row["relation"], _clean(dict(row["properties"])))
             for row in store.read(_NEO4J_EDGES, {})]
    return nodes, edges


def _main_label(labels) -> str:
    """The schema's label among a node's labels (Event, not Meeting)."""
    return next((label for label in labels if label in NODES), sorted(labels)[0] if labels else "")


def _clean(properties: dict) -> dict:
    """Values both stores write alike: no nulls, ISO dates, lists sorted."""
    out = {}
    for name, value in sorted(properties.items()):
        value = _value(value)
        if value is not None:
            out[name] = value
    return out


def _value(value):
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "iso_format"):            # neo4j.time values
        return value.iso_format()
    if isinstance(value, (list, tuple)):
        return sorted(_value(v) for v in value if v is not None)
    return value


# --- what the writers add ------------------------------------------------------------------

def _coordinates(node: Node) -> dict:
    if node.kind not in ("Region", "Country"):
        return {}
    from interreg.ingest.entities.gazetteer import gazetteer

    point = gazetteer().coordinates(str(node.properties.get("id", "")))
    return {"lat": point[0], "lon": point[1]} if point else {}


def _node_day(node: Node) -> str | None:
    if node.kind == "Event":
        return node.properties.get("date") or node.properties.get("anchor")
    if node.kind == "Document":
        return node.properties.get("published")
    return None


def intervals(shot: Snapshot) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str] | None]]:
    """(start, end) ISO dates of each node (by key) and of each edge (by position), where known."""
    days = {node.key: _node_day(node) for node in shot.nodes}
    edge_spans: list[tuple[str, str] | None] = []
    node_days: dict[str, list[str]] = {}
    for edge in shot.edges:
        span = None
        if edge.relation == "PARTNER_OF":
            first, last = edge.properties.get("first"), edge.properties.get("last")
            if first or last:
                span = (first or last, last or first)
        elif edge.relation in EVENT_RELATIONSHIPS:
            day = days.get(edge.source) if edge.source.startswith("Event:") else days.get(edge.target)
            span = (day, day) if day else None
        edge_spans.append(span)
        if span:
            for key in (edge.source, edge.target):
                node_days.setdefault(key, []).extend(span)
    node_spans = {}
    for node in shot.nodes:
        own = [days[node.key]] if days[node.key] else []
        seen = own or node_days.get(node.key, [])
        if seen:
            node_spans[node.key] = (min(seen), max(seen))
    return node_spans, edge_spans


def _flat(properties: dict) -> dict:
    """Scalars only: lists joined, as GraphML, GEXF and CSV cells need."""
    return {k: LIST_SEPARATOR.join(map(str, v)) if isinstance(v, list) else v for k, v in properties.items()}


def _weight(edge: Edge) -> float:
    if edge.relation == "PARTNER_OF":
        return float(sum(edge.properties.get(k) or 0 for k in ("meetings", "agreements", "trade")) or 1)
    return 1.0


def to_networkx(shot: Snapshot, dynamic: bool = False) -> nx.MultiDiGraph:
    """The snapshot as a networkx graph with flat attributes (and start/end when `dynamic`)."""
    graph = nx.MultiDiGraph()
    node_spans, edge_spans = intervals(shot) if dynamic else ({}, [])
    for node in shot.nodes:
        attrs = {"kind": node.kind, "labels": LIST_SEPARATOR.join(node.labels), **_flat(node.properties),
                 **_coordinates(node)}
        attrs["label"] = str(node.properties.get("name") or node.properties.get("id") or node.key)
        if node.key in node_spans:
            attrs["start"], attrs["end"] = node_spans[node.key]
        graph.add_node(node.key, **_renamed(attrs))
    for position, edge in enumerate(shot.edges):
        attrs = {"relation": edge.relation, "weight": _weight(edge), **_flat(edge.properties)}
        if dynamic and edge_spans[position]:
            attrs["start"], attrs["end"] = edge_spans[position]
        graph.add_edge(edge.source, edge.target, key=f"{edge.relation}:{position}", **_renamed(attrs))
    return graph


# Property names the file formats keep for themselves: GEXF reads `type` as the edge
# type (directed/undirected) and `id` as the element id.
_RESERVED = {"type": "event_type", "id": "node_id"}


def _renamed(attrs: dict) -> dict:
    return {_RESERVED.get(k, k): v for k, v in attrs.items()}


# --- writing -------------------------------------------------------------------------------

def write(store, fmt: str, path: str | Path) -> ExportSummary:
    """Export the whole graph of `store` to `path` (a file; a folder for csv)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    path = Path(path)
    shot = snapshot(store)
    if fmt == "csv":
        write_csv(shot, path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        graph = to_networkx(shot, dynamic=fmt == "gexf")
        if fmt == "gexf":
            nx.write_gexf(graph, path)
        else:
            nx.write_graphml(graph, path)
    return ExportSummary(len(shot.nodes), len(shot.edges), path)


def write_csv(shot: Snapshot, folder: Path) -> None:
    """nodes.csv (key, kind, labels, lat, lon, every property) and edges.csv (source,
    target, relation, every property), UTF-8, one row per node or relationship."""
    folder.mkdir(parents=True, exist_ok=True)
    node_rows = [{"key": n.key, "kind": n.kind, "labels": LIST_SEPARATOR.join(n.labels), **_coordinates(n),
                  **_flat(n.properties)} for n in shot.nodes]
    edge_rows = [{"source": e.source, "target": e.target, "relation": e.relation, **_flat(e.properties)}
                 for e in shot.edges]
    _write_table(folder / "nodes.csv", ["key", "kind", "labels", "id", "name", "lat", "lon"], node_rows)
    _write_table(folder / "edges.csv", ["source", "target", "relation"], edge_rows)


def _write_table(path: Path, first_columns: list[str], rows: list[dict]) -> None:
    columns = list(first_columns)
    for row in rows:
        columns += [c for c in row if c not in columns]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
