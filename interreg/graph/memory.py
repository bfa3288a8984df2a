"""The embedded store: a networkx `MultiDiGraph` kept in `graph.pickle` under
`config.home()` ($INTERREG_HOME), rewritten atomically after every change (inside
`MemoryStore.bulk()`, at checkpoints and at the end).

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

A write builds the new graph on a copy and swaps it in once it is saved, so read
``store.graph`` afresh after ``upsert``/``delete_document`` rather than keeping the old object.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, TypeVar

import networkx as nx

try:
    import fcntl
except ImportError:      # not on Windows: writes there are not serialised between processes
    fcntl = None

from interreg import config
from interreg.errors import UserError
from interreg.graph import identity, model
from interreg.graph.gc_pause import collector_paused
from interreg.graph.model import (EventParties, KnownEvent, NodeRef, Removal, Report, BatchRows,
                                  RelRow)
from interreg.graph.schema import EVENT_LABELS, NODES, RELATIONSHIPS
from interreg.graph.store import LoadSummary
from interreg.ingest.facts import DocumentFacts

GRAPH_FILE = "graph.pickle"
# A save writes `.graph-XXXX.tmp` beside the graph, then renames it over GRAPH_FILE.
TEMP_PREFIX, TEMP_SUFFIX = ".graph-", ".tmp"
# Inside `MemoryStore.bulk()`, the graph is saved at most this often (and at the end).
CHECKPOINT_SECONDS = 30.0
# The pid of the process holding the store's lock, so that another one can say whom it waits for.
LOCK_OWNER_FILE = ".lock-owner"
Result = TypeVar("Result")


class MemoryStore:
    kind = "memory"

    def __init__(self, home: Path | None = None):
        self.home = Path(home) if home is not None else config.home()
        self.path = self.home / GRAPH_FILE
        self.graph: nx.MultiDiGraph = self._load()
        self._bulk: _Bulk | None = None
        # The graph read here lives as long as the store: keep the garbage collector off its
        # millions of objects (the first collection would otherwise walk them all, adding
        # about 2 s of CPU to the first query on a 100,000-document graph). A write hands
        # them back first, so a replaced graph can still be collected.
        gc.freeze()

    # --- the Store interface ---------------------------------------------------------

    def upsert(self, batch: list[DocumentFacts]) -> LoadSummary:
        return self._apply(lambda writer: model.upsert_facts(writer, batch))

    def delete_document(self, doc_id: str) -> bool:
        return self._apply(lambda writer: model.delete_document(writer, doc_id))

    def document_hashes(self, doc_ids: Iterable[str] | None = None) -> dict[str, str]:
        if doc_ids is not None:
            nodes = self.graph.nodes
            return {doc_id: nodes[key]["hash"] for doc_id in doc_ids if (key := f"Document:{doc_id}") in nodes}
        return {data["id"]: data["hash"] for _, data in self.graph.nodes(data=True)
                if data["label"] == "Document"}

    def read(self, cypher: str, params: dict) -> list[dict]:
        raise NotImplementedError("the memory store does not run Cypher; use the canned queries "
                                  "(interreg.queries) or the neo4j store")

    def counts(self) -> dict[str, dict[str, int]]:
        return _MemoryWriter(self.graph).counts()

    def clear(self) -> None:
        self._apply(lambda writer: writer.graph.clear())

    def close(self) -> None:
        """Nothing to release: every change is already on disk."""

    @contextmanager
    def bulk(self, checkpoint_seconds: float = CHECKPOINT_SECONDS):
        """Many writes in a row, e.g. the batches of one ingest: the folder stays locked,
        the graph is copied once, changed in place and saved every `checkpoint_seconds`
        and at the end, instead of copied and saved whole after every batch (which made
        a long ingest quadratic: 100,000 documents took over ten minutes).

        A process killed inside leaves the last checkpoint on disk; each document's hash is
        saved with its facts, so the next ingest extracts exactly the documents after it.

        >>> with store.bulk():                     # doctest: +SKIP
        ...     for batch in batches:
        ...         store.upsert(batch)
        """
        if self._bulk is not None:          # nested: the outer one saves
            yield
            return
        gc.unfreeze()
        with self._exclusive():
            with collector_paused():
                if self._stamp() != self._loaded_stamp:
                    self.graph = self._load()
                self.graph = self.graph.copy()     # the saved graph's objects stay untouched
            gc.freeze()
            self._bulk = _Bulk(checkpoint_seconds, last_save=time.monotonic())
            try:
                yield
            finally:
                bulk, self._bulk = self._bulk, None
                # changes of complete writes are kept even when the caller stops on an error
                if bulk.unsaved and not bulk.broken:
                    self._checkpoint()
        gc.freeze()

    # --- persistence -----------------------------------------------------------------

    def _apply(self, work: Callable[[_MemoryWriter], Result]) -> Result:
        if self._bulk is not None:
            return self._apply_in_bulk(work)
        gc.unfreeze()
        with self._exclusive(), collector_paused():
            if self._stamp() != self._loaded_stamp:     # another process wrote in the meantime
                self.graph = self._load()
            # networkx copies attribute dicts; the writer never mutates a shared value in place
            working = self.graph.copy()
            result = work(_MemoryWriter(working))
            self._save(working)
            self.graph = working
            self._loaded_stamp = self._stamp()
        return result

    def _apply_in_bulk(self, work: Callable[[_MemoryWriter], Result]) -> Result:
        bulk = self._bulk
        if bulk.broken:
            raise UserError(f"an earlier write to {self.path} failed; the graph on disk is "
                            "the last checkpoint")
        try:
            result = work(_MemoryWriter(self.graph))
        except BaseException:
            # a write stopped half-way: nothing of it, nor of what followed the last
            # checkpoint, may be saved; readers get the checkpoint back
            bulk.broken = True
            with collector_paused():
                self.graph = self._load()
            raise
        bulk.unsaved = True
        if time.monotonic() - bulk.last_save >= bulk.checkpoint_seconds:
            self._checkpoint()
        return result

    def _checkpoint(self) -> None:
        with collector_paused():
            self._save(self.graph)
        self._loaded_stamp = self._stamp()
        if self._bulk is not None:
            self._bulk.unsaved = False
            self._bulk.last_save = time.monotonic()

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

    def _stamp(self) -> tuple | None:
        try:
            status = self.path.stat()
        except FileNotFoundError:
            return None
        return (status.st_ino, status.st_mtime_ns, status.st_size)

    def _load(self) -> nx.MultiDiGraph:
        self._loaded_stamp = self._stamp()
        if self._loaded_stamp is None:
            return nx.MultiDiGraph()
        try:
            with self.path.open("rb") as handle, collector_paused():
                graph = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError) as error:
            raise UserError(f"cannot read the graph in {self.path}: {error}") from error
        if not isinstance(graph, nx.MultiDiGraph):
            raise UserError(f"{self.path} does not hold an interreg graph")
        return graph

    def _save(self, graph: nx.MultiDiGraph) -> None:
        """Write to a temporary file beside the graph, then rename it over the old one.

        Crash-safe: the file is complete on disk (fsync) before the rename, and the folder
        is synced after it, so a process or machine dying at any point leaves either the
        old graph or the new one. Called with the folder locked (`_exclusive`)."""
        self.home.mkdir(parents=True, exist_ok=True)
        self._remove_stale_temporaries()
        handle = tempfile.NamedTemporaryFile(dir=self.home, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX,
                                             delete=False)
        try:
            with handle:
                pickle.dump(graph, handle, protocol=pickle.HIGHEST_PROTOCOL)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(handle.name, self.path)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
        _sync_folder(self.home)

    def _remove_stale_temporaries(self) -> None:
        """Temporary files a writer killed mid-save left behind. Only with the folder
        locked (POSIX): then no other writer can be using one."""
        if fcntl is None:
            return
        for stale in self.home.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
            stale.unlink(missing_ok=True)


@dataclass
class _Bulk:
    """The state of `MemoryStore.bulk()`."""

    checkpoint_seconds: float
    last_save: float
    unsaved: bool = False       # changes since the last save
    broken: bool = False        # a write failed half-way: the checkpoint on disk stands


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _sync_folder(folder: Path) -> None:
    """Make a rename inside `folder` durable; not possible (nor needed) on Windows."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _ref(graph: nx.MultiDiGraph, key: str) -> NodeRef:
    data = graph.nodes[key]
    return NodeRef(data["label"], data["id"])


class _MemoryWriter(model.StepwiseWriter):
    """The `model.GraphWriter` primitives on a networkx graph."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph

    def _nodes(self, label: str):
        return ((key, data) for key, data in self.graph.nodes(data=True) if data["label"] == label)

    def present_documents(self, doc_ids: list[str]) -> set[str]:
        return {doc_id for doc_id in doc_ids if f"Document:{doc_id}" in self.graph}

    def remove_document(self, doc_id: str) -> Removal:
        g = self.graph
        doc = f"Document:{doc_id}"
        events = [u for u, _, k in g.in_edges(doc, keys=True) if k == "REPORTED_IN"]
        mentioned = [v for _, v, k in g.out_edges(doc, keys=True) if k == "MENTIONS"]
        g.remove_node(doc)
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
            else:
                g.remove_edge(u, v, key=k)
                removal.candidates |= {_ref(g, u), _ref(g, v)}
        for event in events:
            if any(k == "REPORTED_IN" for _, _, k in g.out_edges(event, keys=True)):
                removal.events.add(g.nodes[event]["id"])
                continue
            neighbours = set(g.predecessors(event)) | set(g.successors(event))
            removal.candidates |= {_ref(g, key) for key in neighbours}
            g.remove_node(event)
        return removal

    def known_events(self, probes: list[model.EventProbe]) -> list[KnownEvent]:
        by_signature = defaultdict(list)
        for probe in probes:
            by_signature[probe.signature].append(probe)
        found = []
        for key, data in self._nodes("Event"):
            wanted = by_signature.get(data["signature"])
            if not wanted:
                continue
            reports = [(self.graph.nodes[doc]["id"], rel["sentence"],
                        rel["date"] is None and self.graph.nodes[doc]["published"] is None)
                       for _, doc, k, rel in self.graph.out_edges(key, keys=True, data=True) if k == "REPORTED_IN"]
            event = KnownEvent(data["id"], data["signature"], data["anchor"], data.get("last_anchor"),
                               frozenset(sentence for _, sentence, _ in reports),
                               tuple(sorted((doc, sentence) for doc, sentence, undated in reports if undated)))
            if any(probe.wants(event) for probe in wanted):
                found.append(event)
        return found

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
                data = dict(g.nodes[source])
                data["id"] = move.target
                g.add_node(target, **data)
            moving = None if move.docs is None else set(move.docs)
            for _, doc, k, rel in list(g.out_edges(source, keys=True, data=True)):
                if k == "REPORTED_IN" and (moving is None or g.nodes[doc]["id"] in moving):
                    self._merge_relationship(RelRow(k, _ref(g, target), _ref(g, doc), dict(rel)))
                    g.remove_edge(source, doc, key=k)
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
                else:
                    g.remove_edge(old_start, old_end, key=k)
            if not any(k == "REPORTED_IN" for _, _, k in g.out_edges(source, keys=True)):
                g.remove_node(source)

    def _merge_node(self, ref: NodeRef, properties: dict, **extra) -> None:
        if ref.key in self.graph:
            data = self.graph.nodes[ref.key]
            old = {name: data.get(name) for name in properties}
            data.update(model.merge_node_properties(old, properties))
            return
        names = NODES[ref.label].properties
        values = {name: properties.get(name) for name in names} | {"id": ref.id}
        self.graph.add_node(ref.key, label=ref.label, **extra, **values)

    def _merge_relationship(self, row: RelRow) -> None:
        start, end = row.start.key, row.end.key
        if self.graph.has_edge(start, end, key=row.type):
            data = self.graph.edges[start, end, row.type]
            old = {name: data.get(name) for name in RELATIONSHIPS[row.type].properties}
            data.update(model.merge_relationship_properties(row.type, old, row.properties))
            return
        values = {name: row.properties.get(name) for name in RELATIONSHIPS[row.type].properties}
        self.graph.add_edge(start, end, key=row.type, type=row.type, **values)

    def write(self, rows: BatchRows) -> None:
        for node in rows.nodes:
            self._merge_node(node.ref, node.properties)
        for event in rows.events:
            self._merge_node(NodeRef("Event", event.id), event.properties,
                             labels=("Event", EVENT_LABELS[event.type]))
        for rel in rows.relationships:
            self._merge_relationship(rel)

    def _sources_and_reports(self, event_key: str):
        for _, doc, key, data in self.graph.out_edges(event_key, keys=True, data=True):
            if key == "REPORTED_IN":
                document = self.graph.nodes[doc]
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
            self.graph.remove_node(key)
        return countries

    def _place_events(self, place_key: str) -> set[str]:
        """Keys of the events a place is a side of."""
        return {v for _, v, k, rel in self.graph.out_edges(place_key, keys=True, data=True)
                if k == "PARTY_TO" and rel["role"] in model.PLACE_ROLES}

    def _places(self, key: str) -> list[str]:
        g = self.graph
        return [g.nodes[u]["id"] for u, _, k, rel in g.in_edges(key, keys=True, data=True)
                if k == "PARTY_TO" and rel["role"] in model.PLACE_ROLES
                and g.nodes[u]["label"] in ("Region", "Country")]

    def event_places(self, event_ids: set[str]) -> list[list[str]]:
        keys = (f"Event:{event_id}" for event_id in sorted(event_ids))
        return [self._places(key) for key in keys if key in self.graph]

    def refresh_partners(self, pairs: set[tuple[str, str]]) -> None:
        g = self.graph
        linked: set[str] = set()
        for start, end in pairs:
            start_key, end_key = f"Region:{start}", f"{identity.place_label(end)}:{end}"
            if g.has_edge(start_key, end_key, key="PARTNER_OF"):
                g.remove_edge(start_key, end_key, key="PARTNER_OF")
            if start_key in g and end_key in g:
                linked |= self._place_events(start_key) & self._place_events(end_key)
        events = []
        for key in sorted(linked):
            sources = {source for _, _, source in self._sources_and_reports(key)}
            data = g.nodes[key]
            events.append(EventParties(data["id"], data["type"], data["date"] or data["anchor"],
                                       self._places(key), sources))
        for row in model.partner_rows(events):
            if (row.start.id, row.end.id) in pairs:      # an event's other pairs were not touched
                self._merge_relationship(row)

    def counts(self) -> dict[str, dict[str, int]]:
        counts = model.empty_counts()
        for _, data in self.graph.nodes(data=True):
            counts["nodes"][data["label"]] = counts["nodes"].get(data["label"], 0) + 1
        for _, _, key in self.graph.edges(keys=True):
            counts["relationships"][key] = counts["relationships"].get(key, 0) + 1
        return counts
