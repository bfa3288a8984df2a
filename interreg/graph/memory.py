"""The embedded store: a networkx `MultiDiGraph` in memory, kept on disk as SQLite tables
(`graph.sqlite` under `config.home()`, $INTERREG_HOME; see sqlite_tables.py and docs/store.md).

Layout of `MemoryStore.graph` (the canned queries read it directly, so it is stable):

- node key ``"Label:id"``, e.g. ``"Region:UZ-BU"``, ``"Event:meeting-3f2a…"``;
  node attributes: ``label`` (``"Region"``), then every property schema.py declares
  for that label, ``id`` included (``None`` when unknown); an event also has
  ``labels``, e.g. ``("Event", "Meeting")``;
- edge key = the relationship type (so at most one edge of a type between two
  nodes); edge attributes: ``type`` then every property the schema declares for it;
- dates are ``datetime.date``.

>>> import tempfile
>>> store = MemoryStore(Path(tempfile.mkdtemp()))
>>> store.counts()["nodes"]["Region"]
0

A write changes the graph in place and sends the rows it touched to the file in one
transaction. `store.graph` is a read-only view of the graph, a new one after every write:
read it afresh after ``upsert``/``delete_document`` rather than keeping the old object.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import sys
from collections import defaultdict
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Callable, Iterable, TypeVar

import networkx as nx

try:
    import fcntl
except ImportError:      # not on Windows: writes there are not serialised between processes
    fcntl = None

from interreg import config
from interreg.errors import UserError
from interreg.graph import identity, model, sqlite_tables
from interreg.graph.gc_pause import collector_paused
from interreg.graph.model import (EventParties, EventState, KnownEvent, NodeRef, Removal, Report, BatchRows,
                                  RelRow)
from interreg.graph.schema import EVENT_LABELS, NODES, RELATIONSHIPS
from interreg.graph.sqlite_tables import Changes
from interreg.graph.store import LoadSummary
from interreg.ingest.facts import DocumentFacts

GRAPH_FILE = "graph.sqlite"
# The file earlier versions kept the graph in: a Python pickle, which can run code when
# read. It is never opened, except by `interreg migrate` (interreg/graph/migrate.py).
OLD_GRAPH_FILE = "graph.pickle"
# The pid of the process holding the store's lock, so that another one can say whom it waits for.
LOCK_OWNER_FILE = ".lock-owner"
Result = TypeVar("Result")


class MemoryStore:
    kind = "memory"

    def __init__(self, home: Path | None = None):
        self.home = Path(home) if home is not None else config.home()
        self.path = self.home / GRAPH_FILE
        self._stamp: tuple | None = None      # (file id, generation) of what _graph holds
        self._numbers = sqlite_tables.NodeNumbers()     # the nodes' numbers in the file
        self._events = EventIndex()                     # the events' keys by signature
        self._graph: nx.MultiDiGraph = self._load()
        self._view: nx.MultiDiGraph | None = None
        self._bulk: sqlite3.Connection | None = None      # the connection bulk() holds
        # The graph read here lives as long as the store: keep the garbage collector off its
        # millions of objects (the first collection would otherwise walk them all, adding
        # about 2 s of CPU to the first query on a 100,000-document graph).
        gc.freeze()

    @classmethod
    def from_graph(cls, graph: nx.MultiDiGraph, home: Path | None = None) -> MemoryStore:
        """A new store in `home` holding the whole `graph` (`interreg migrate`); a home that
        holds a store already is refused."""
        store = cls.__new__(cls)
        store.home = Path(home) if home is not None else config.home()
        store.path = store.home / GRAPH_FILE
        store._graph, store._view, store._bulk = graph, None, None
        store._numbers, store._events = sqlite_tables.NodeNumbers(), EventIndex()
        with store._exclusive():
            if store.path.exists():
                raise UserError(f"{store.path} exists already: move it away first")
            connection = sqlite_tables.connect(store.path, create=True)
            try:
                sqlite_tables.create(connection)
                store._stamp = sqlite_tables.write_changes(connection, graph, Changes(everything=True),
                                                           store._numbers)
            except BaseException:
                connection.close()
                store.path.unlink(missing_ok=True)
                raise
            connection.close()
        gc.freeze()
        return store

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The graph to read (the canned queries take it): a read-only view, a new object
        after each write, so that what a reader derived from an older one (an index of
        nodes by label, say) is not taken for the current graph."""
        if self._view is None:
            self._view = nx.graphviews.generic_graph_view(self._graph)
        return self._view

    # --- the Store interface ---------------------------------------------------------

    def upsert(self, batch: list[DocumentFacts]) -> LoadSummary:
        return self._apply(lambda writer: model.upsert_facts(writer, batch))

    def delete_document(self, doc_id: str) -> bool:
        return self._apply(lambda writer: model.delete_document(writer, doc_id))

    def document_hashes(self, doc_ids: Iterable[str] | None = None) -> dict[str, str]:
        if doc_ids is not None:
            nodes = self._graph.nodes
            return {doc_id: nodes[key]["hash"] for doc_id in doc_ids if (key := f"Document:{doc_id}") in nodes}
        return {data["id"]: data["hash"] for _, data in self._graph.nodes(data=True)
                if data["label"] == "Document"}

    def read(self, cypher: str, params: dict) -> list[dict]:
        raise NotImplementedError("the memory store does not run Cypher; use the canned queries "
                                  "(interreg.queries) or the neo4j store")

    def counts(self) -> dict[str, dict[str, int]]:
        return _MemoryWriter(self._graph).counts()

    def clear(self) -> None:
        self._apply(lambda writer: writer.clear())

    def close(self) -> None:
        """Nothing to release: every change is already on disk."""

    @contextmanager
    def bulk(self):
        """Many writes in a row, e.g. the batches of one ingest: the folder stays locked and
        one connection to the file stays open; each write is still its own transaction, of
        the rows it touched, so a process killed inside keeps every write that finished
        (each document's hash is saved with its facts: the next ingest extracts exactly the
        documents after them).

        >>> with store.bulk():                     # doctest: +SKIP
        ...     for batch in batches:
        ...         store.upsert(batch)
        """
        if self._bulk is not None:          # nested: the outer one holds the connection
            yield
            return
        with self._exclusive(), self._writing() as connection:
            self._bulk = connection
            try:
                yield
            finally:
                self._bulk = None

    # --- persistence -----------------------------------------------------------------

    def _apply(self, work: Callable[[_MemoryWriter], Result]) -> Result:
        if self._bulk is not None:
            return self._write(self._bulk, work)
        with self._exclusive(), self._writing() as connection:
            return self._write(connection, work)

    def _write(self, connection: sqlite3.Connection, work: Callable[[_MemoryWriter], Result]) -> Result:
        """Run `work` on the graph and send what it changed to the file, in one transaction.
        When either fails half-way the graph is read back from the file, which holds the
        state before `work`."""
        writer = _MemoryWriter(self._graph, self._events)
        try:
            with collector_paused():
                result = work(writer)
                if writer.changes:
                    self._stamp = sqlite_tables.write_changes(connection, self._graph, writer.changes,
                                                              self._numbers)
        except sqlite3.Error as error:       # e.g. the disk is full
            self._reload(connection)
            if getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
                raise UserError(f"cannot write to {self.home} (the embedded store's folder, INTERREG_HOME): "
                                "no space left on the device; the graph saved before is kept") from None
            raise UserError(f"cannot write the graph in {self.path}: {error}") from error
        except BaseException:
            self._reload(connection)
            raise
        finally:
            self._view = None
        gc.freeze()
        return result

    @contextmanager
    def _writing(self):
        """A connection to the file for writing (created, with its tables, if missing),
        with the graph in memory brought up to date if another process wrote since it was read."""
        old = self.home / OLD_GRAPH_FILE
        if not self.path.exists() and old.exists():
            raise _old_format(old)
        connection = sqlite_tables.connect(self.path, create=True)
        try:
            with _read_errors(self.path):
                if sqlite_tables.is_empty(connection):
                    sqlite_tables.create(connection)
                else:
                    sqlite_tables.check_schema(connection, self.path)
                if sqlite_tables.stamp(connection) != self._stamp:
                    self._reload(connection)
            yield connection
        finally:
            connection.close()

    @contextmanager
    def _exclusive(self):
        """Hold a lock on the store's folder while writing, so two processes loading
        at once take turns instead of one overwriting the other's documents."""
        self.home.mkdir(parents=True, exist_ok=True)
        if fcntl is None:
            yield
            return
        folder = os.open(self.home, os.O_RDONLY)
        owner = self.home / LOCK_OWNER_FILE
        try:
            try:
                fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                # say who holds it, then wait: a silent wait looks like a hang
                holder = _read_pid(owner) or "unknown"
                print(f"interreg: waiting for another interreg process (pid {holder}) to finish "
                      f"writing to {self.home} …", file=sys.stderr, flush=True)
                fcntl.flock(folder, fcntl.LOCK_EX)
            with suppress(OSError):   # it only serves the message above
                owner.write_text(f"{os.getpid()}\n")
            try:
                yield
            finally:
                with suppress(OSError):
                    owner.unlink()
        finally:
            os.close(folder)          # closing releases the lock

    def _load(self) -> nx.MultiDiGraph:
        if not self.path.exists():
            old = self.home / OLD_GRAPH_FILE
            if old.exists():
                raise _old_format(old)
            self._stamp = None
            return nx.MultiDiGraph()
        connection = sqlite_tables.connect(self.path)
        try:
            return self._read(connection)
        finally:
            connection.close()

    def _read(self, connection: sqlite3.Connection) -> nx.MultiDiGraph:
        with _read_errors(self.path), collector_paused():
            if sqlite_tables.is_empty(connection):       # a file whose creation was cut short
                self._stamp, self._numbers = None, sqlite_tables.NodeNumbers()
                return nx.MultiDiGraph()
            graph, self._numbers, self._stamp = sqlite_tables.read_checked(connection, self.path)
            return graph

    def _reload(self, connection: sqlite3.Connection) -> None:
        """Replace the graph in memory by the file's. The old one is collected first: its
        objects were frozen out of the garbage collector's reach (see __init__)."""
        self._graph = self._view = None
        self._events = EventIndex()
        gc.unfreeze()
        gc.collect()
        self._graph = self._read(connection)
        gc.freeze()


def _old_format(path: Path) -> UserError:
    return UserError(f"{path} is a graph in the format of earlier versions, which is not opened any "
                     "more because reading it can run code; if it is your own, convert it once with "
                     "`interreg migrate` (see docs/store.md)")


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


@contextmanager
def _read_errors(path: Path):
    """SQLite's errors on a damaged or foreign file as one line."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        raise UserError(f"cannot read the graph in {path}: {error}") from error


def _ref(graph: nx.MultiDiGraph, key: str) -> NodeRef:
    data = graph.nodes[key]
    return NodeRef(data["label"], data["id"])


class EventIndex:
    """The keys of the graph's events by signature, so that matching a batch's reports to
    stored events reads the events of those signatures only, not every node of the graph.
    Made from the graph on first use, then kept in step by the writer (`add`, `discard`).

    >>> graph = nx.MultiDiGraph()
    >>> graph.add_node("Event:m-1", label="Event", signature="meeting|A,B")
    >>> index = EventIndex()
    >>> index.of(graph, "meeting|A,B"), index.of(graph, "trade|A,B")
    (['Event:m-1'], [])
    """

    def __init__(self):
        self._keys: dict[str, set[str]] | None = None

    def of(self, graph: nx.MultiDiGraph, signature: str) -> list[str]:
        if self._keys is None:
            self._keys = defaultdict(set)
            for key, data in graph.nodes(data=True):
                if data["label"] == "Event":
                    self._keys[data["signature"]].add(key)
        return sorted(self._keys.get(signature, ()))

    def add(self, key: str, signature: str) -> None:
        if self._keys is not None:
            self._keys[signature].add(key)

    def discard(self, key: str, signature: str) -> None:
        if self._keys is not None and signature in self._keys:
            self._keys[signature].discard(key)
            if not self._keys[signature]:
                del self._keys[signature]

    def clear(self) -> None:
        self._keys = None


class _MemoryWriter(model.StepwiseWriter):
    """The `model.GraphWriter` primitives on a networkx graph, noting in `changes` every
    node and relationship they add, change or remove, and keeping `events` in step."""

    def __init__(self, graph: nx.MultiDiGraph, events: EventIndex | None = None):
        self.graph = graph
        self.events = events if events is not None else EventIndex()
        self.changes = Changes()

    # Every change to the graph goes through these four, which note what they touched: the
    # store writes exactly those rows to the file.

    def _node_changed(self, key: str) -> None:
        self.changes.nodes.add(key)
        data = self.graph.nodes[key]
        if data["label"] == "Event":
            self.events.add(key, data["signature"])

    def _edge_changed(self, start: str, end: str, rel_type: str) -> None:
        self.changes.edges.add((start, end, rel_type))

    def _remove_node(self, key: str) -> None:
        """The node and its relationships."""
        self.changes.edges.update(self.graph.in_edges(key, keys=True))
        self.changes.edges.update(self.graph.out_edges(key, keys=True))
        self.changes.nodes.add(key)
        data = self.graph.nodes[key]
        if data["label"] == "Event":
            self.events.discard(key, data["signature"])
        self.graph.remove_node(key)

    def _remove_edge(self, start: str, end: str, rel_type: str) -> None:
        self.changes.edges.add((start, end, rel_type))
        self.graph.remove_edge(start, end, key=rel_type)

    def clear(self) -> None:
        self.graph.clear()
        self.events.clear()
        self.changes.everything = True

    def present_documents(self, doc_ids: list[str]) -> set[str]:
        return {doc_id for doc_id in doc_ids if f"Document:{doc_id}" in self.graph}

    def remove_document(self, doc_id: str) -> Removal:
        g = self.graph
        doc = f"Document:{doc_id}"
        events = [u for u, _, k in g.in_edges(doc, keys=True) if k == "REPORTED_IN"]
        mentioned = [v for _, v, k in g.out_edges(doc, keys=True) if k == "MENTIONS"]
        self._remove_node(doc)
        places_before = [self._places(event) for event in events]   # before sides are stripped

        supported = []
        for event in events:
            supported += [(u, v, k) for u, v, k in g.in_edges(event, keys=True) if k == "PARTY_TO"]
            supported += [(u, v, k) for u, v, k in g.out_edges(event, keys=True) if k in ("OF_COMMODITY", "ABOUT")]
        for node in mentioned:
            supported += [(u, v, k) for u, v, k in g.out_edges(node, keys=True) if k == "HOLDS"]
        removal = Removal(candidates={_ref(g, key) for key in mentioned})
        removal.add_pairs(places_before)
        for u, v, k in supported:
            docs = [d for d in g.edges[u, v, k]["docs"] if d != doc_id]
            if docs:
                g.edges[u, v, k]["docs"] = docs
                if k == "HOLDS":
                    votes = [vote for vote in g.edges[u, v, k]["positions"] or []
                             if not vote.startswith(doc_id + model.POSITION_SEPARATOR)]
                    g.edges[u, v, k].update(positions=votes, position=model.shown_position(votes))
                self._edge_changed(u, v, k)
            else:
                self._remove_edge(u, v, k)
                removal.candidates |= {_ref(g, u), _ref(g, v)}
        for event in events:
            if any(k == "REPORTED_IN" for _, _, k in g.out_edges(event, keys=True)):
                removal.events.add(g.nodes[event]["id"])
                continue
            neighbours = set(g.predecessors(event)) | set(g.successors(event))
            removal.candidates |= {_ref(g, key) for key in neighbours}
            self._remove_node(event)
        return removal

    def known_events(self, probes: list[model.EventProbe]) -> list[KnownEvent]:
        by_signature = defaultdict(list)
        for probe in probes:
            by_signature[probe.signature].append(probe)
        found = []
        for signature, wanted in sorted(by_signature.items()):
            for key in self.events.of(self.graph, signature):
                event = self._known_event(key)
                if any(probe.wants(event) for probe in wanted):
                    found.append(event)
        return found

    def _known_event(self, key: str) -> KnownEvent:
        nodes = self.graph.nodes
        data = nodes[key]
        reports = [(nodes[doc]["id"], rel["sentence"], rel["date"] is None and nodes[doc]["published"] is None)
                   for _, doc, k, rel in self.graph.out_edges(key, keys=True, data=True) if k == "REPORTED_IN"]
        return KnownEvent(data["id"], data["signature"], data["anchor"], data.get("last_anchor"),
                          frozenset(sentence for _, sentence, _ in reports),
                          tuple(sorted((doc, sentence) for doc, sentence, undated in reports if undated)))

    def event_reports(self, event_ids: set[str]) -> list[tuple]:
        found = []
        for event_id in sorted(event_ids):
            key = f"Event:{event_id}"
            if key not in self.graph:
                continue
            signature = self.graph.nodes[key]["signature"]
            for _, doc, k, rel in self.graph.out_edges(key, keys=True, data=True):
                if k == "REPORTED_IN":
                    document = self.graph.nodes[doc]
                    found.append((event_id, signature, document["id"], rel["date"] or document["published"],
                                  rel["sentence"]))
        return found

    def move_reports(self, moves: list[model.Move]) -> None:
        g = self.graph
        for move in moves:
            source, target = f"Event:{move.source}", f"Event:{move.target}"
            if source not in g:
                continue
            if target not in g:
                g.add_node(target, **(dict(g.nodes[source]) | {"id": move.target}))
                self._node_changed(target)
            moving = None if move.docs is None else set(move.docs)
            for _, doc, k, rel in list(g.out_edges(source, keys=True, data=True)):
                if k == "REPORTED_IN" and (moving is None or g.nodes[doc]["id"] in moving):
                    self._merge_relationship(RelRow(k, _ref(g, target), _ref(g, doc), dict(rel)))
                    self._remove_edge(source, doc, k)
            shared = [(u, target, k, rel, (u, source)) for u, _, k, rel in g.in_edges(source, keys=True, data=True)]
            shared += [(target, v, k, rel, (source, v)) for _, v, k, rel in g.out_edges(source, keys=True, data=True)
                       if k != "REPORTED_IN"]
            for start, end, k, rel, (old_start, old_end) in shared:
                docs = [d for d in rel.get("docs") or [] if moving is None or d in moving]
                if not docs:
                    continue
                properties = {name: rel.get(name) for name in RELATIONSHIPS[k].properties} | {"docs": docs}
                self._merge_relationship(RelRow(k, _ref(g, start), _ref(g, end), properties))
                left = [d for d in rel["docs"] if d not in docs]
                if left:
                    g.edges[old_start, old_end, k]["docs"] = left
                    self._edge_changed(old_start, old_end, k)
                else:
                    self._remove_edge(old_start, old_end, k)
            if not any(k == "REPORTED_IN" for _, _, k in g.out_edges(source, keys=True)):
                self._remove_node(source)

    def _merge_node(self, ref: NodeRef, properties: dict, **extra) -> None:
        if ref.key in self.graph:
            data = self.graph.nodes[ref.key]
            old = {name: data.get(name) for name in properties}
            merged = model.merge_node_properties(old, properties)
            if merged != old:
                data.update(merged)
                self._node_changed(ref.key)
            return
        names = NODES[ref.label].properties
        values = {name: properties.get(name) for name in names} | {"id": ref.id}
        self.graph.add_node(ref.key, label=ref.label, **extra, **values)
        self._node_changed(ref.key)

    def _merge_relationship(self, row: RelRow) -> None:
        start, end = row.start.key, row.end.key
        if self.graph.has_edge(start, end, key=row.type):
            data = self.graph.edges[start, end, row.type]
            old = {name: data.get(name) for name in RELATIONSHIPS[row.type].properties}
            merged = model.merge_relationship_properties(row.type, old, row.properties)
            if merged != old:
                data.update(merged)
                self._edge_changed(start, end, row.type)
            return
        values = {name: row.properties.get(name) for name in RELATIONSHIPS[row.type].properties}
        self.graph.add_edge(start, end, key=row.type, type=row.type, **values)
        self._edge_changed(start, end, row.type)

    def write(self, rows: BatchRows) -> None:
        for node in rows.nodes:
            self._merge_node(node.ref, node.properties)
        for event in rows.events:
            self._merge_node(NodeRef("Event", event.id), event.properties,
                             labels=("Event", EVENT_LABELS[event.type]))
        for rel in rows.relationships:
            self._merge_relationship(rel)

    # The helpers of refresh_partners read networkx's adjacency dicts directly: they run for
    # every event of every pair a batch touches, and the views cost several times more.

    def _sources_and_reports(self, event_key: str):
        nodes = self.graph._node
        for doc, by_type in self.graph._succ[event_key].items():
            data = by_type.get("REPORTED_IN")
            if data is not None:
                document = nodes[doc]
                yield data, document, identity.source_key(document["outlet"], document["url"], document["id"])

    def reports(self, event_ids: set[str]) -> list[Report]:
        found = []
        for event_id in event_ids:
            key = f"Event:{event_id}"
            if key in self.graph:
                found += [Report(event_id, rel["date"], document["published"], source, document["id"],
                                 rel["start"], {name: rel[name] for name in model.REPORTED_DETAILS})
                          for rel, document, source in self._sources_and_reports(key)]
        return found

    def set_event_summaries(self, summaries: dict[str, dict]) -> None:
        for event_id, summary in summaries.items():
            self.graph.nodes[f"Event:{event_id}"].update(summary)
            self._node_changed(f"Event:{event_id}")

    def collect(self, label: str, ids: set[str]) -> set[str]:
        ignored = model.IGNORED_WHEN_COLLECTING.get(label, model.DEFAULT_IGNORED)
        countries: set[str] = set()
        for node_id in ids:
            key = f"{label}:{node_id}"
            if key not in self.graph:
                continue
            edges = list(self.graph.in_edges(key, keys=True)) + list(self.graph.out_edges(key, keys=True))
            if any(k not in ignored for _, _, k in edges):
                continue
            countries |= {self.graph.nodes[v]["id"] for _, v, k in edges if k == "PART_OF"}
            self._remove_node(key)
        return countries

    def _place_events(self, place_key: str) -> set[str]:
        """Keys of the events a place is a side of."""
        return {event for event, by_type in self.graph._succ[place_key].items()
                if (rel := by_type.get("PARTY_TO")) is not None and rel["role"] in model.PLACE_ROLES}

    def _shared_events(self, one: str, other: str) -> set[str]:
        """Keys of the events two places are both sides of, found among the events of the one
        with fewer neighbours (a pair of a busy region and a rare one costs what the rare one has)."""
        succ = self.graph._succ
        fewer, more = sorted((one, other), key=lambda key: len(succ[key]))
        theirs = succ[more]
        return {event for event in self._place_events(fewer)
                if (rel := theirs.get(event, {}).get("PARTY_TO")) is not None and rel["role"] in model.PLACE_ROLES}

    def _places(self, key: str) -> list[str]:
        nodes = self.graph._node
        return [nodes[place]["id"] for place, by_type in self.graph._pred[key].items()
                if (rel := by_type.get("PARTY_TO")) is not None and rel["role"] in model.PLACE_ROLES
                and nodes[place]["label"] in ("Region", "Country")]

    def event_states(self, event_ids: set[str]) -> dict[str, EventState]:
        g = self.graph
        states = {}
        for event_id in event_ids:
            key = f"Event:{event_id}"
            if key in g:
                data = g.nodes[key]
                states[event_id] = EventState(data["type"], data["date"] or data["anchor"], tuple(self._places(key)))
        return states

    @staticmethod
    def _partner_keys(pair: tuple[str, str]) -> tuple[str, str, str]:
        start, end = pair
        return f"Region:{start}", f"{identity.place_label(end)}:{end}", "PARTNER_OF"

    def partner_summaries(self, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], dict]:
        edges = self.graph.edges
        names = RELATIONSHIPS["PARTNER_OF"].properties
        found = {}
        for pair in pairs:
            key = self._partner_keys(pair)
            if key in edges:
                data = edges[key]
                found[pair] = {name: data.get(name) for name in names}
        return found

    def write_partners(self, rows: list[RelRow], gone: set[tuple[str, str]]) -> None:
        for pair in gone:
            self._remove_edge(*self._partner_keys(pair))
        names = RELATIONSHIPS["PARTNER_OF"].properties
        for row in rows:
            start, end, key = self._partner_keys((row.start.id, row.end.id))
            values = {name: row.properties.get(name) for name in names}
            if self.graph.has_edge(start, end, key=key):
                self.graph.edges[start, end, key].update(values)
            else:
                self.graph.add_edge(start, end, key=key, type=key, **values)
            self._edge_changed(start, end, key)

    def refresh_partners(self, pairs: set[tuple[str, str]]) -> None:
        g = self.graph
        linked: set[str] = set()
        for pair in pairs:
            start_key, end_key, key = self._partner_keys(pair)
            if g.has_edge(start_key, end_key, key=key):
                self._remove_edge(start_key, end_key, key)
            if start_key in g and end_key in g:
                linked |= self._shared_events(start_key, end_key)
        events = []
        for key in sorted(linked):
            sources = {source for _, _, source in self._sources_and_reports(key)}
            data = g.nodes[key]
            events.append(EventParties(data["id"], data["type"], data["date"] or data["anchor"],
                                       self._places(key), sources))
        for row in model.partner_rows(events):
            if (row.start.id, row.end.id) in pairs:      # an event's other pairs were not touched
                self._merge_relationship(row)

    def document_outlets(self, doc_ids) -> list[tuple]:
        g = self.graph
        found = []
        for doc_id in doc_ids:
            key = f"Document:{doc_id}"
            if key in g:
                reports = sum(1 for keys in g._pred[key].values() if "REPORTED_IN" in keys)
                found.append((g.nodes[key]["outlet"], g.nodes[key]["published"], reports))
        return found

    def update_outlets(self, changes: list[model.OutletChange]) -> None:
        g = self.graph
        for change in changes:
            row, key = change.row(), f"Outlet:{change.id}"
            if key not in g:
                self._merge_node(NodeRef("Outlet", change.id),
                                 {"name": change.name, "documents": 0, "reports": 0})
            outlet = g.nodes[key]
            outlet["documents"] += row["documents"]
            outlet["reports"] += row["reports"]
            if outlet["documents"] <= 0:
                self._remove_node(key)
                continue
            if set(row["removed"]) & {outlet["first"], outlet["last"]}:
                # a document giving first or last left: read them again (rare, so a scan)
                dates = [data["published"] for _, data in self.graph.nodes(data=True)
                         if data["label"] == "Document" and data["outlet"] == change.name
                         and data["published"] is not None]
                outlet.update(first=min(dates, default=None), last=max(dates, default=None))
            else:
                outlet.update(first=model.least(outlet["first"], row["first"]),
                              last=model.greatest(outlet["last"], row["last"]))
            self._node_changed(key)

    def counts(self) -> dict[str, dict[str, int]]:
        counts = model.empty_counts()
        for _, data in self.graph.nodes(data=True):
            counts["nodes"][data["label"]] = counts["nodes"].get(data["label"], 0) + 1
        for _, _, key in self.graph.edges(keys=True):
            counts["relationships"][key] = counts["relationships"].get(key, 0) + 1
        return counts
