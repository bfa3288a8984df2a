"""The built-in queries on the embedded store: one function per `.cypher` file.

Each function takes the store's networkx MultiDiGraph and the resolved
parameters, and returns the rows its Cypher twin returns on Neo4j: same
columns in the same order, rows sorted by the same ORDER BY (nulls last when
ascending, first when descending, as Cypher does). List columns may come in
any order: the runner sorts them for both stores.

The graph layout (see interreg/graph/memory.py): a node's key is "Label:id",
its attributes are `label` and the properties (an event also has `labels`);
an edge's key is the relationship type, its attributes `type` and the properties.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import weakref
from collections import defaultdict
from typing import Callable, Iterable

import networkx as nx
import numpy as np

from interreg.queries.event_table import EventTable, day_of, grouped, most, when

PARTY_LABELS = ("Region", "Country")        # the parties of a partnership
CONTACT_LABELS = ("Person", "Region", "Country", "Organization")


class GraphIndex:
    """What several queries would otherwise find by scanning the whole graph or a place's
    thousands of events: nodes by label, the PARTNER_OF edges, events in order and as
    columns (`events`, an EventTable). Each part is built on first use and kept with the
    graph object (`index_of`); the memory store changes its graph in place but hands
    queries a new graph object after every write (`MemoryStore.graph`), so an index is
    never read past the graph it was built from.
    """

    def __init__(self, graph: nx.MultiDiGraph):
        self.by_label: dict[str, list[str]] = defaultdict(list)
        self.events_by_type: dict[str, list[str]] = defaultdict(list)
        for key, attrs in graph._node.items():
            label = attrs.get("label")
            self.by_label[label].append(key)
            for other in attrs.get("labels", ()):
                if other != label:
                    self.by_label[other].append(key)
            if label == "Event":
                self.events_by_type[attrs.get("type")].append(key)
        successors = graph._succ
        # `MATCH (r:Region)-[k:PARTNER_OF]->(p)` in graph order: only regions start one
        self.partner_edges: list[tuple[str, str, dict]] = [
            (r, p, keys["PARTNER_OF"]) for r in self.by_label["Region"]
            for p, keys in successors[r].items() if "PARTNER_OF" in keys]
        self._partner_graph: nx.Graph | None = None
        self._graph = graph
        self._in_order: dict[str, list[str]] = {}
        self._sort_keys: dict[str, list[str]] = {}        # of _in_order's events
        self._by_sources: list[str] | None = None
        self.sorted_pairs: dict[str, list[dict]] = {}      # see _pairs_in_order
        self._holders: dict[str, list[tuple[str, dict]]] | None = None
        self._partner_links: dict[str, list[tuple[str, dict]]] | None = None
        self._regions_of: tuple[dict, dict] | None = None
        self._events: EventTable | None = None
        self._region_links: RegionLinks | None = None
        self._persons_by_name: dict[str, list[str]] | None = None

    def holders(self, key: str) -> list[tuple[str, dict]]:
        """`(p:Person)-[h:HOLDS]->(key)`: (person, h), read from the persons' side once per
        graph (a region's own in-edges are mostly its documents' MENTIONS)."""
        if self._holders is None:
            self._holders = defaultdict(list)
            successors = self._graph._succ
            for person in self.by_label["Person"]:
                for end, keys in successors[person].items():
                    if "HOLDS" in keys:
                        self._holders[end].append((person, keys["HOLDS"]))
        return self._holders.get(key, [])

    def partner_links(self, key: str) -> list[tuple[str, dict]]:
        """`(key)-[k:PARTNER_OF]-(other)`, either direction: (other, k). A region's own
        in-edges are mostly its documents' MENTIONS, so they are read from the links once."""
        if self._partner_links is None:
            self._partner_links = defaultdict(list)
            for r, p, k in self.partner_edges:
                self._partner_links[r].append((p, k))
                if p != r:
                    self._partner_links[p].append((r, k))
        return self._partner_links.get(key, [])

    @property
    def region_links(self) -> "RegionLinks":
        """The PARTNER_OF links seen from their regions, as arrays (for top-regions)."""
        if self._region_links is None:
            self._region_links = RegionLinks(self._graph, self.partner_edges)
        return self._region_links

    def regions_of(self, country: str) -> list[str]:
        """`(side:Region)-[:PART_OF]->(country)`, read from the regions' side (a country's
        in-edges are mostly its documents' MENTIONS)."""
        return self._part_of()[1].get(country, [])

    def countries_of(self, region: str) -> list[str]:
        """`(region)-[:PART_OF]->(c:Country)` (a region's out-edges are mostly PARTY_TO)."""
        return self._part_of()[0].get(region, [])

    def _part_of(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        if self._regions_of is None:
            countries, regions = defaultdict(list), defaultdict(list)
            successors, nodes = self._graph._succ, self._graph._node
            for region in self.by_label["Region"]:
                for end, keys in successors[region].items():
                    if "PART_OF" in keys:
                        regions[end].append(region)
                        if nodes[end].get("label") == "Country":
                            countries[region].append(end)
            self._regions_of = countries, regions
        return self._regions_of

    @property
    def events(self) -> EventTable:
        """The events as columns, for filtering, sorting and counting many at once."""
        if self._events is None:
            self._events = EventTable(self._graph, self.by_label)
        return self._events

    def persons_named(self, wanted: str) -> list[str]:
        """Persons whose id is `wanted`, or whose name or last name is `wanted` in lower case."""
        if self._persons_by_name is None:
            self._persons_by_name = defaultdict(list)
            nodes = self._graph._node
            for person in self.by_label["Person"]:
                attrs = nodes[person]
                names = {_lower(attrs.get("name")), _lower(attrs.get("last"))} - {None}
                for name in names:
                    self._persons_by_name[name].append(person)
        return self._persons_by_name.get(wanted, [])

    def events_in_order(self, event_type: str) -> list[str]:
        """Events of a type by `sort_key` (date, then id, undated last): the sort_key index."""
        if event_type not in self._in_order:
            nodes = self._graph._node
            self._in_order[event_type] = sorted(self.events_by_type.get(event_type, ()),
                                                key=lambda key: nodes[key]["sort_key"])
        return self._in_order[event_type]

    def events_from(self, event_type: str, day) -> list[str]:
        """`events_in_order(event_type)` from the first dated `day` or later (None: all),
        found by bisection on the sort_key as the index range seek does."""
        events = self.events_in_order(event_type)
        if day is None:
            return events
        if event_type not in self._sort_keys:
            nodes = self._graph._node
            self._sort_keys[event_type] = [nodes[key]["sort_key"] for key in events]
        return events[bisect.bisect_left(self._sort_keys[event_type], day.isoformat()):]

    @property
    def events_by_sources(self) -> list[str]:
        """Every event by (sources, sort_key): the (sources, sort_key) index."""
        if self._by_sources is None:
            nodes = self._graph._node
            self._by_sources = sorted((key for key in self.by_label["Event"] if nodes[key].get("sources") is not None),
                                      key=lambda key: (nodes[key]["sources"], nodes[key]["sort_key"]))
        return self._by_sources

    @property
    def partner_graph(self) -> nx.Graph:
        """The PARTNER_OF edges as an undirected graph, for `path`."""
        if self._partner_graph is None:
            self._partner_graph = nx.Graph()
            self._partner_graph.add_edges_from((r, p) for r, p, _ in self.partner_edges if r != p)
        return self._partner_graph


class RegionLinks:
    """`(r:Region)-[:PARTNER_OF]-(p)` in both directions as arrays of node numbers (`keys`):
    `region[i]` and `partner[i]`; per node, `home` its own country (a region's `country`,
    -1 for none) and `country` the country it stands for (`coalesce(p.country, p.id)`),
    both as codes of `names`."""

    def __init__(self, graph: nx.MultiDiGraph, partner_edges: list[tuple[str, str, dict]]):
        nodes = graph._node
        self.keys: list[str] = list(dict.fromkeys(key for r, p, _ in partner_edges for key in (r, p)))
        numbers = {key: number for number, key in enumerate(self.keys)}
        self.codes: dict[str, int] = {}
        self.names: list = []

        def code(value) -> int:
            if value not in self.codes:
                self.codes[value] = len(self.names)
                self.names.append(value)
            return self.codes[value]
        homes, stands_for = [], []
        for key in self.keys:
            attrs = nodes[key]
            own = attrs.get("country") if attrs.get("label") == "Region" else None
            homes.append(code(own) if own is not None else -1)
            stands_for.append(code(own if own is not None else attrs.get("id")))
        self.home, self.country = np.array(homes, dtype=np.int64), np.array(stands_for, dtype=np.int64)
        ends = [(numbers[r], numbers[p]) for r, p, _ in partner_edges]
        ends += [(numbers[p], numbers[r]) for r, p, _ in partner_edges if p != r and nodes[p].get("label") == "Region"]
        self.region = np.array([r for r, _ in ends], dtype=np.int64)
        self.partner = np.array([p for _, p in ends], dtype=np.int64)


_indexes: "weakref.WeakKeyDictionary[nx.MultiDiGraph, tuple[int, GraphIndex]]" = weakref.WeakKeyDictionary()


def index_of(graph: nx.MultiDiGraph) -> GraphIndex:
    """The graph's index, built once (again if nodes were added or removed since)."""
    known = _indexes.get(graph)
    if known is None or known[0] != len(graph):
        known = (len(graph), GraphIndex(graph))
        _indexes[graph] = known
    return known[1]


class GraphView:
    """Small read helpers over the store's graph, named after the Cypher they stand for.

    Edge keys are relationship types, so `out(key, "PARTY_TO")` looks the type up in each
    neighbour's key dict instead of walking every edge with its data. The plain dicts
    networkx keeps (`_node`, `_succ`, `_pred`) are read directly: its read-only views
    wrap every access, which costs more than the query itself on a large graph.
    """

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph
        self._nodes = graph._node
        self._succ = graph._succ
        self._pred = graph._pred

    @property
    def index(self) -> GraphIndex:
        return index_of(self.graph)

    def has_label(self, key: str, *labels: str) -> bool:
        attrs = self._nodes[key]
        return attrs.get("label") in labels or any(l in labels for l in attrs.get("labels", ()))

    def label(self, key: str) -> str | None:
        return self._nodes[key].get("label")

    def node(self, label: str, node_id: str) -> str | None:
        """Key of `(:label {id: node_id})`, or None."""
        key = f"{label}:{node_id}"
        return key if key in self._nodes and self.has_label(key, label) else None

    def nodes(self, *labels: str) -> list[str]:
        if len(labels) == 1:
            return list(self.index.by_label.get(labels[0], ()))
        return [key for key in self.graph.nodes if self.has_label(key, *labels)]

    def prop(self, key: str | None, name: str):
        return None if key is None else self._nodes[key].get(name)

    def out(self, key: str, rel_type: str) -> list[tuple[str, dict]]:
        """`(key)-[:rel_type]->(target)`: (target, relationship properties)."""
        return [(target, keys[rel_type]) for target, keys in self._succ[key].items() if rel_type in keys]

    def into(self, key: str, rel_type: str) -> list[tuple[str, dict]]:
        """`(source)-[:rel_type]->(key)`: (source, relationship properties)."""
        return [(source, keys[rel_type]) for source, keys in self._pred[key].items() if rel_type in keys]

    def both(self, key: str, rel_type: str) -> list[tuple[str, dict]]:
        """`(key)-[:rel_type]-(other)`, either direction."""
        return self.out(key, rel_type) + self.into(key, rel_type)

    def events_of(self, key: str) -> list[str]:
        """Distinct events `key` is a party to, in graph order (PARTY_TO always ends at an
        event: schema.py)."""
        return [e for e, keys in self._succ[key].items() if "PARTY_TO" in keys]

    def parties(self, event: str, *labels: str, role: str | None = None) -> list[str]:
        """`(p)-[:PARTY_TO {role}]->(event)`, of any label when none is given."""
        return [p for p, keys in self._pred[event].items() if "PARTY_TO" in keys
                and (not labels or self.has_label(p, *labels))
                and (role is None or keys["PARTY_TO"].get("role") == role)]

    def reports(self, event: str) -> list[tuple[str, dict]]:
        return [(d, data) for d, data in self.out(event, "REPORTED_IN") if self.has_label(d, "Document")]

    def when(self, event: str):
        """`coalesce(e.date, e.anchor)`: the date an event was reported to happen, else the
        earliest date its reports give or their publication date."""
        attrs = self._nodes[event]
        day = attrs.get("date")
        return day if day is not None else attrs.get("anchor")

    def country_of(self, key: str):
        """`coalesce(n.country, n.id)`: a region's country, or a country's own code."""
        country = self.prop(key, "country")
        return country if country is not None else self.prop(key, "id")


# --- ordering and aggregation, as Cypher does them ------------------------------------

def order_by(rows: list[dict], *keys: tuple[Callable[[dict], object] | str, bool]) -> list[dict]:
    """Sort like `ORDER BY k1 [DESC], k2 ...`: each key is (column or function, descending).

    Nulls sort last ascending and first descending, as in Cypher.
    """
    for key, descending in reversed(keys):
        get = (lambda row, column=key: row[column]) if isinstance(key, str) else key
        rows.sort(key=lambda row: _nulls_last(get(row)), reverse=descending)
    return rows


def _nulls_last(value):
    return (value is None, value if value is not None else 0)


def distinct(values: Iterable) -> list:
    """`collect(DISTINCT x)`: nulls dropped, first occurrence kept."""
    return list(dict.fromkeys(v for v in values if v is not None))


def least(values: Iterable):
    """`min(x)`: None when there is no non-null value."""
    present = [v for v in values if v is not None]
    return min(present) if present else None


def greatest(values: Iterable):
    present = [v for v in values if v is not None]
    return max(present) if present else None


def total_contacts(edge: dict) -> int:
    return sum(edge.get(k) or 0 for k in ("meetings", "agreements", "trade"))


# --- the queries -----------------------------------------------------------------------

def partners(graph, region: str) -> list[dict]:
    """A region's partner links as they are; a country's added up over its regions and itself."""
    g = GraphView(graph)
    index = g.index
    r = g.node("Region", region)
    if r is not None:
        countries = index.countries_of(r)
        links = index.partner_links(r)
    else:
        c = g.node("Country", region)
        if c is None:
            return []
        countries = [c]
        links = _summed_links(g, [(p, k) for s in dict.fromkeys(_sides(g, region))
                                  for p, k in index.partner_links(s) if g.country_of(p) != region])
    # trade events the region's country is a party to, counted by each of their parties:
    # walking from the few such events is cheaper than from every event of every partner
    table = index.events
    _, parties, _ = table.party_edges(table.where(table.events_of(countries), type="trade"))
    flows = np.bincount(parties, minlength=len(table.party_keys))      # distinct events per party

    def country_trade(p: str) -> int:
        number = table.number(p)
        return int(flows[number]) if number >= 0 else 0

    rows = [{
        "partner": g.prop(p, "id"), "partner_name": g.prop(p, "name"), "country": g.country_of(p),
        "meetings": k.get("meetings"), "agreements": k.get("agreements"), "trade": k.get("trade"),
        "country_trade": country_trade(p),
        "first": k.get("first"), "last": k.get("last"), "sources": k.get("sources"),
        "_contacts": total_contacts(k),
    } for p, k in links]
    order_by(rows, ("_contacts", True), ("partner", False))
    return [_without_helpers(row) for row in rows]


def _summed_links(g: GraphView, links: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """Several links to one partner as one: counts added (`sum`, 0 when all are null), the
    earliest first and latest last contact, the most sources of any one link."""
    by_partner: dict[str, list[dict]] = defaultdict(list)
    for p, k in links:
        by_partner[p].append(k)
    return [(p, {
        "meetings": sum(k.get("meetings") or 0 for k in ks),
        "agreements": sum(k.get("agreements") or 0 for k in ks),
        "trade": sum(k.get("trade") or 0 for k in ks),
        "first": least(k.get("first") for k in ks), "last": greatest(k.get("last") for k in ks),
        "sources": greatest(k.get("sources") for k in ks),
    }) for p, ks in by_partner.items()]


def region_profile(graph, region: str, limit: int = 200) -> list[dict]:
    g = GraphView(graph)
    r = g.node("Region", region)
    if r is None:
        return []
    # the latest `limit` events first (each gives at least one row), as the Cypher does
    table = g.index.events
    latest = table.first(table.events_of([r]), "newest", limit)
    rows = []
    for e in latest:
        counterparts = distinct(g.prop(o, "id") for o in g.parties(e, *PARTY_LABELS) if o != r)
        persons = distinct(g.prop(p, "name") for p in g.parties(e, "Person"))
        reports = g.reports(e) or [(None, {})]
        for d, report in reports:
            rows.append({
                "date": g.when(e), "event": g.prop(e, "id"), "type": g.prop(e, "type"),
                "status": g.prop(e, "status"), "kind": g.prop(e, "kind"),
                "counterparts": counterparts, "persons": persons,
                "document": g.prop(d, "id"), "outlet": g.prop(d, "outlet"),
                "sentence": report.get("sentence"), "_start": report.get("start"),
            })
    order_by(rows, (_undated, False), ("date", True), ("event", False), ("document", False), ("_start", False),
             ("sentence", False))
    return [_without_helpers(row) for row in rows[:limit]]


def _undated(row: dict) -> bool:
    """`date IS NULL`: newest first puts undated events last."""
    return row["date"] is None


def agreements(graph, region: str | None = None, status: str | None = None, since=None,
               limit: int = 200) -> list[dict]:
    g = GraphView(graph)
    nodes = g._nodes

    def wanted(e: str) -> bool:
        attrs = nodes[e]
        return (attrs["type"] == "agreement" and (status is None or attrs["status"] == status)
                and (since is None or _on_or_after(attrs["day"], since)))
    if region is None:      # read in sort_key order, until `limit` are found
        chosen = list(itertools.islice((e for e in g.index.events_from("agreement", since) if wanted(e)), limit))
    else:       # anchored on the region (a country: on it and its regions), as the Cypher is
        table = g.index.events
        found = table.where(table.events_of(_sides(g, region)), type="agreement",
                            **({"status": status} if status is not None else {}))
        if since is not None:
            found = table.on_or_after(found, since)
        chosen = table.first(found, "sort_key", limit)
    return [{
        "date": g.when(e), "event": g.prop(e, "id"), "kind": g.prop(e, "kind"),
        "status": g.prop(e, "status"),
        "parties": distinct(g.prop(p, "id") for p in g.parties(e, *PARTY_LABELS)),
        "mentions": g.prop(e, "mentions"), "sources": g.prop(e, "sources"),
        "documents": distinct(g.prop(d, "id") for d, _ in g.reports(e)),
    } for e in chosen]


def trade(graph, party: str | None = None, commodity: str | None = None,
          direction: str | None = None, limit: int = 200) -> list[dict]:
    g = GraphView(graph)
    nodes, predecessors, successors = g._nodes, g._pred, g._succ
    rows = []
    # in sort_key order: once `limit` rows are found, later events only give later rows
    for e in _trade_candidates(g, party, commodity, direction):
        if len(rows) >= limit:
            break
        attrs = nodes[e]
        if attrs["type"] != "trade":
            continue
        exporters, importers = _sides_of_flow(predecessors[e])
        if not (exporters and importers):
            continue
        commodities = [c for c, keys in successors[e].items()
                       if "OF_COMMODITY" in keys and g.has_label(c, "Commodity")] or [None]
        for x in exporters:
            for m in importers:
                if not _trade_side_matches(g, party, direction, x, m):
                    continue
                for c in commodities:
                    if commodity is not None and g.prop(c, "id") != commodity:
                        continue
                    rows.append({
                        "date": attrs["day"], "event": attrs["id"],
                        "exporter": g.prop(x, "id"), "exporter_name": g.prop(x, "name"),
                        "importer": g.prop(m, "id"), "importer_name": g.prop(m, "name"),
                        "commodity": g.prop(c, "id"), "hs_section": g.prop(c, "hs_section"),
                        "status": attrs["status"], "amount": attrs["amount"],
                        "currency": attrs["currency"],
                    })
    return order_by(rows, ("date", False), ("event", False), ("exporter", False),
                    ("importer", False), ("commodity", False))[:limit]


# The role a party has on the side a direction asks for (the CASE of trade.cypher).
DIRECTION_ROLES = {"export": "exporter", "import": "importer"}


def _trade_candidates(g: GraphView, party: str | None, commodity: str | None,
                      direction: str | None) -> list[str]:
    """Trade events that can give a row, by sort_key: those of the party (a country's also
    those of its regions) on the side asked for and of the commodity asked for, else those
    of the commodity, else every trade event."""
    table = g.index.events
    if party is None and commodity is None:
        return g.index.events_in_order("trade")
    if party is None:
        found = np.flatnonzero(table.of_commodity(f"Commodity:{commodity}")).astype(np.int32)
    else:
        nodes = g._nodes
        sides = [key for key in (g.node("Region", party), g.node("Country", party)) if key]
        sides += [r for r in g.index.by_label["Region"] if nodes[r].get("country") == party]
        # `r.role` as trade.cypher asks: the side the direction names
        role = DIRECTION_ROLES.get(direction, "importer") if direction is not None else None
        found = table.events_of(sides, role)
        if commodity is not None:
            found = found[table.of_commodity(f"Commodity:{commodity}")[found]]
    found = table.where(found, type="trade")
    return table.first(found, "sort_key", len(found))


def _trade_side_matches(g: GraphView, party, direction, exporter: str, importer: str) -> bool:
    """A party matches a side by its own code, or by its country's code."""
    if party is None:
        return True
    on_export = party in (g.prop(exporter, "id"), g.country_of(exporter))
    on_import = party in (g.prop(importer, "id"), g.country_of(importer))
    if direction is None:
        return on_export or on_import
    return on_export if direction == "export" else on_import if direction == "import" else False


def officials(graph, region: str) -> list[dict]:
    g = GraphView(graph)
    r = g.node("Region", region)
    if r is None:
        return []
    table = g.index.events
    rows = []
    for p, holds in g.index.holders(r):
        events = table.events_of([p])          # distinct events: their ids are too
        first, last = when(table.day[events])
        rows.append({
            "person": g.prop(p, "id"), "name": g.prop(p, "name"), "position": holds.get("position"),
            "events": table.ids(events), "first": first, "last": last,
        })
    return order_by(rows, ("name", False), ("person", False), ("position", False))


def timeline(graph, region_a: str, region_b: str, limit: int = 200) -> list[dict]:
    g = GraphView(graph)
    a = g.node("Region", region_a)
    b = g.node("Region", region_b) or g.node("Country", region_b)
    if a is None or b is None:
        return []
    table = g.index.events
    shared = np.intersect1d(table.events_of([a]), table.events_of([b])) if b != a else table.events_of([])
    # the first `limit` by sort_key (date, then id, undated last) before reading documents
    chosen = table.first(shared, "sort_key", limit)
    return [{
        "date": g.when(e), "event": g.prop(e, "id"), "type": g.prop(e, "type"),
        "status": g.prop(e, "status"), "kind": g.prop(e, "kind"), "sources": g.prop(e, "sources"),
        "documents": distinct(g.prop(d, "id") for d, _ in g.reports(e)),
    } for e in chosen]


def contacts(graph, person: str, limit: int = 200) -> list[dict]:
    g = GraphView(graph)
    by_id = g.node("Person", person)
    persons = dict.fromkeys(([by_id] if by_id else []) + g.index.persons_named(person.lower()))
    table = g.index.events
    found = []      # (sort key, person, contact, kind, (events, first, last))
    # ORDER BY person first: a person's rows all come before the next one's
    for p in sorted(persons, key=lambda key: _nulls_last(g.prop(key, "id"))):
        if len(found) >= limit:
            break
        # (p)-[:PARTY_TO]->(e)<-[:PARTY_TO]-(c), c <> p: one row per event and contact
        events = table.events_of([p])
        at, contact, _ = table.party_edges(events)
        others = contact != table.number(p)
        met, count, first, last = grouped(contact[others], table.day[events[at[others]]])
        person_id = g.prop(p, "id")
        # ORDER BY person, events DESC, ...: rows only for the contacts that can be first
        for place in most(count, limit - len(found)).tolist():
            c = table.party_keys[met[place]]
            kind = next((l for l in CONTACT_LABELS if g.has_label(c, l)), None)
            key = (_nulls_last(person_id), -int(count[place]), _nulls_last(kind), _nulls_last(g.prop(c, "id")))
            found.append((key, p, c, kind, (int(count[place]), day_of(first[place]), day_of(last[place]))))
    return [{
        "person": g.prop(p, "id"), "name": g.prop(p, "name"),
        "contact": g.prop(c, "id"), "contact_name": g.prop(c, "name"), "contact_kind": kind,
        "events": events, "first": first, "last": last,
    } for _, p, c, kind, (events, first, last) in heapq.nsmallest(limit, found, key=_first_item)]


def _first_item(item: tuple):
    return item[0]


def top_regions(graph, country: str | None = None, limit: int = 20) -> list[dict]:
    g = GraphView(graph)
    links = g.index.region_links
    # (r:Region)-[:PARTNER_OF]-(p), both ways, with coalesce(p.country, p.id) <> r.country
    home = links.home[links.region]
    chosen = (home >= 0) & (links.country[links.partner] != home)
    if country is not None:
        chosen &= home == links.codes.get(country, -2)
    region, partner = links.region[chosen], links.partner[chosen]
    nodes = len(links.keys)
    pairs = np.unique(region.astype(np.int64) * nodes + partner)       # count(DISTINCT p)
    regions, foreign = np.unique(pairs // nodes, return_counts=True)
    countries = np.unique(region.astype(np.int64) * len(links.names) + links.country[partner])
    kept = sorted(((-int(foreign[place]), _nulls_last(g.prop(links.keys[regions[place]], "id")), place)
                   for place in most(foreign, limit).tolist()))[:limit]
    rows = []
    for _, _, place in kept:
        r = int(regions[place])
        theirs = countries[(countries >= r * len(links.names)) & (countries < (r + 1) * len(links.names))]
        rows.append({
            "region": g.prop(links.keys[r], "id"), "name": g.prop(links.keys[r], "name"),
            "country": g.prop(links.keys[r], "country"), "foreign_partners": int(foreign[place]),
            "partner_countries": [links.names[code] for code in (theirs % len(links.names)).tolist()],
        })
    return rows


def commodity(graph, commodity: str, limit: int = 200) -> list[dict]:
    g = GraphView(graph)
    c = g.node("Commodity", commodity)
    if c is None:
        return []
    table = g.index.events
    events = table.where(np.flatnonzero(table.of_commodity(c)).astype(np.int32), type="trade")
    # (x)-[:PARTY_TO {role: 'exporter'}]->(e)<-[:PARTY_TO {role: 'importer'}]-(m): each
    # exporter of an event with each of its importers
    at, party, role = table.party_edges(events)
    exporting, importing = role == table.role("exporter"), role == table.role("importer")
    exporter_at, exporters = at[exporting], party[exporting]
    importer_at, importers = at[importing], party[importing]
    per_event = np.bincount(importer_at, minlength=len(events))
    firsts = np.cumsum(per_event) - per_event
    times = per_event[exporter_at]
    ends = np.cumsum(times)
    pair_at = np.repeat(exporter_at, times)
    partner = importers[np.repeat(firsts[exporter_at] - (ends - times), times) + np.arange(ends[-1] if len(ends) else 0)]
    pairs = np.repeat(exporters, times).astype(np.int64) * len(table.party_keys) + partner
    found, flows, first, last = grouped(pairs, table.day[events[pair_at]])
    statuses, codes = table.coded("status")
    planned_by_pair = np.bincount(np.searchsorted(found, pairs),
                                  weights=statuses[events[pair_at]] == codes.get("planned", -1),
                                  minlength=len(found))
    # ORDER BY flows DESC, exporter, importer LIMIT: names only for the pairs kept
    keys = table.party_keys
    candidates = []
    for place in most(flows, limit).tolist():
        x, m = divmod(int(found[place]), len(keys))
        candidates.append(((-int(flows[place]), _nulls_last(g.prop(keys[x], "id")), _nulls_last(g.prop(keys[m], "id"))),
                           keys[x], keys[m], place))
    return [{
        "exporter": g.prop(x, "id"), "exporter_name": g.prop(x, "name"),
        "importer": g.prop(m, "id"), "importer_name": g.prop(m, "name"),
        "flows": int(flows[place]), "planned": int(planned_by_pair[place]),
        "first": day_of(first[place]), "last": day_of(last[place]),
    } for _, x, m, place in heapq.nsmallest(limit, candidates, key=_first_item)]


def _sides_of_flow(parties: dict) -> tuple[list[str], list[str]]:
    """`(x)-[:PARTY_TO {role: 'exporter'}]->(e)<-[:PARTY_TO {role: 'importer'}]-(m)`, from
    the event's in-edges `parties`: (exporters, importers)."""
    exporters, importers = [], []
    for p, keys in parties.items():
        rel = keys.get("PARTY_TO")
        if rel is not None:
            role = rel.get("role")
            if role == "exporter":
                exporters.append(p)
            elif role == "importer":
                importers.append(p)
    return exporters, importers


def path(graph, region_a: str, region_b: str, max_hops: int = 4) -> list[dict]:
    """All shortest chains over PARTNER_OF, ignoring direction, sorted by their node ids."""
    g = GraphView(graph)
    a = g.node("Region", region_a)
    b = g.node("Region", region_b) or g.node("Country", region_b)
    if a is None or b is None or a == b:
        return []
    partner_graph = g.index.partner_graph
    if a not in partner_graph or b not in partner_graph:
        return []
    try:
        chains = list(nx.all_shortest_paths(partner_graph, a, b))
    except nx.NetworkXNoPath:
        return []
    rows = [{"hops": len(chain) - 1, "path": [g.prop(n, "id") for n in chain],
             "names": [g.prop(n, "name") for n in chain]}
            for chain in chains if len(chain) - 1 <= min(max_hops, PATH_BOUND)]
    return order_by(rows, ("path", False))


# The fixed bound of the variable-length pattern in path.cypher.
PATH_BOUND = 6


def topics(graph, region: str) -> list[dict]:
    g = GraphView(graph)
    sides = _sides(g, region)
    if not sides:
        return []
    table = g.index.events
    events = table.events_of(sides)
    rows = []
    for t in table.topics:      # an event has one ABOUT a topic: its events are distinct
        about = events[table.about(t)[events]]
        if len(about):
            first, last = when(table.day[about])
            rows.append({"topic": g.prop(t, "id"), "name": g.prop(t, "name"), "events": len(about),
                         "first": first, "last": last})
    return order_by(rows, ("events", True), ("topic", False))


def _sides(g: GraphView, place: str) -> list[str]:
    """The nodes a region parameter stands for: the region; a country and all its regions."""
    r = g.node("Region", place)
    if r is not None:
        return [r]
    c = g.node("Country", place)
    if c is None:
        return []
    return g.index.regions_of(c) + [c]


def sources(graph, event: str) -> list[dict]:
    g = GraphView(graph)
    e = g.node("Event", event)
    if e is None:
        return []
    rows = [{
        "document": g.prop(d, "id"), "outlet": g.prop(d, "outlet"), "town": g.prop(d, "town"),
        "published": g.prop(d, "published"), "url": g.prop(d, "url"), "title": g.prop(d, "title"),
        "date": report.get("date"), "sentence": report.get("sentence"), "start": report.get("start"),
    } for d, report in g.reports(e)]
    return order_by(rows, ("published", False), ("document", False), ("start", False),
                    ("sentence", False))


def new_partners(graph, since, limit: int = 200) -> list[dict]:
    columns = ("region", "region_name", "partner", "partner_name", "partner_country", "first",
               "last", "meetings", "agreements", "trade", "sources")
    rows = []
    for row in _pairs_in_order(graph, "by_first"):      # by first contact: stop at the limit
        if len(rows) >= limit:
            break
        if _on_or_after(row["first"], since):
            rows.append({c: row[c] for c in columns})
    return rows


def weakly_sourced(graph, min_sources: int = 2, limit: int = 200) -> list[dict]:
    g = GraphView(graph)
    rows = []
    for e in g.index.events_by_sources:      # by (sources, sort_key), until `limit` are found
        if len(rows) >= limit or g.prop(e, "sources") >= min_sources:
            break
        rows.append({"sources": g.prop(e, "sources"), "date": g.when(e), "event": g.prop(e, "id"), "_key": e})
    return [{
        "event": row["event"], "type": g.prop(e, "type"), "date": row["date"],
        "status": g.prop(e, "status"), "sources": row["sources"], "mentions": g.prop(e, "mentions"),
        "parties": distinct(g.prop(p, "id") for p in g.parties(e, *PARTY_LABELS)),
        "documents": distinct(g.prop(d, "id") for d, _ in g.reports(e)),
    } for row in rows for e in (row["_key"],)]


def event_types(graph) -> list[dict]:
    rows = [{"type": kind, "events": len(events)} for kind, events in index_of(graph).events_by_type.items()]
    return order_by(rows, ("events", True), ("type", False))


def outlets(graph, limit: int = 200) -> list[dict]:
    g = GraphView(graph)
    rows = [{"outlet": g.prop(o, "name"), "documents": g.prop(o, "documents"), "first": g.prop(o, "first"),
             "last": g.prop(o, "last"), "reports": g.prop(o, "reports")} for o in g.nodes("Outlet")]
    return order_by(rows, ("documents", True), ("outlet", False))[:limit]


def network(graph, country: str | None = None, since=None, limit: int = 200) -> list[dict]:
    rows = []
    for row in _pairs_in_order(graph, "by_ids"):        # by region and partner: stop at the limit
        if len(rows) >= limit:
            break
        if country is not None and country not in (row["region_country"], row["partner_country"]):
            continue
        if since is not None and not _on_or_after(row["last"], since):
            continue
        rows.append(dict(row))
    return rows


def _pairs_in_order(graph, order: str) -> list[dict]:
    """`_partner_pairs` sorted by ids ("by_ids") or by first contact ("by_first"), built once
    per graph and kept with its index (the network and new-partners queries then stop at
    their limit)."""
    index = index_of(graph)
    cached = index.sorted_pairs.get(order)
    if cached is None:
        rows = order_by(_partner_pairs(graph), ("region", False), ("partner", False))
        if order == "by_first":
            rows = order_by(list(rows), ("first", False))      # a stable sort: ids break ties
        cached = index.sorted_pairs[order] = rows
    return cached


def _partner_pairs(graph) -> list[dict]:
    """`MATCH (r:Region)-[k:PARTNER_OF]->(p)`, in the columns of network.cypher."""
    g = GraphView(graph)
    return [{
        "region": g.prop(r, "id"), "region_name": g.prop(r, "name"),
        "region_country": g.prop(r, "country"),
        "partner": g.prop(p, "id"), "partner_name": g.prop(p, "name"),
        "partner_country": g.country_of(p),
        "meetings": k.get("meetings"), "agreements": k.get("agreements"),
        "trade": k.get("trade"), "first": k.get("first"), "last": k.get("last"),
        "sources": k.get("sources"),
    } for r, p, k in g.index.partner_edges]


def _on_or_after(value, day) -> bool:
    """`value >= day`, false for a missing value as in Cypher."""
    return value is not None and value >= day


def _lower(value: str | None) -> str | None:
    return value.lower() if value is not None else None


def _without_helpers(row: dict) -> dict:
    """Drop the sort-only `_` columns (Cypher sorts on them without returning them)."""
    return {k: v for k, v in row.items() if not k.startswith("_")}


# Query name (as in the `// name:` line) → implementation.
QUERIES: dict[str, Callable[..., list[dict]]] = {
    "partners": partners,
    "region-profile": region_profile,
    "agreements": agreements,
    "trade": trade,
    "officials": officials,
    "timeline": timeline,
    "contacts": contacts,
    "top-regions": top_regions,
    "commodity": commodity,
    "path": path,
    "topics": topics,
    "sources": sources,
    "new-partners": new_partners,
    "weakly-sourced": weakly_sourced,
    "network": network,
    "outlets": outlets,
    "event-types": event_types,
}
