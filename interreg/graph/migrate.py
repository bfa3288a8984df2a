"""`interreg migrate`: convert the embedded store of earlier versions (`graph.pickle`, a
Python pickle) into the SQLite tables the store keeps now (`graph.sqlite`).

A pickle can run code while it is read, which is why the store no longer opens one. This
is the one place that still reads it, when asked to. The unpickler accepts only what a
graph file of earlier versions is made of (a networkx MultiDiGraph, its cached views, dates):
a file naming any other callable stops with an error before anything of it runs. The old
file is left where it was.

>>> migrate(Path("/nonexistent"))           # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
interreg.errors.UserError: no graph.pickle in /nonexistent: nothing to migrate
"""

from __future__ import annotations

import io
import pickle
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from interreg.errors import UserError
from interreg.graph.schema import NODES, RELATIONSHIPS

# What a graph.pickle of earlier versions names: (module, name), or a module all of whose
# classes may be named (networkx keeps views of a graph, pickled with it, in these two).
ALLOWED_GLOBALS = {("networkx.classes.multidigraph", "MultiDiGraph"), ("datetime", "date")}
ALLOWED_VIEW_MODULES = {"networkx.classes.reportviews", "networkx.classes.coreviews"}


@dataclass
class Migrated:
    nodes: int
    relationships: int
    path: Path


class _GraphUnpickler(pickle.Unpickler):
    """An unpickler that builds only the classes a graph file is made of."""

    def find_class(self, module: str, name: str):
        if (module, name) in ALLOWED_GLOBALS:
            return super().find_class(module, name)
        if module in ALLOWED_VIEW_MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"it names {module}.{name}, which a graph file does not hold")


def read_old_graph(path: Path) -> nx.MultiDiGraph:
    try:
        graph = _GraphUnpickler(io.BytesIO(path.read_bytes())).load()
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError,
            IndexError, KeyError) as error:
        raise UserError(f"cannot migrate {path}: {error}") from error
    if not isinstance(graph, nx.MultiDiGraph):
        raise UserError(f"cannot migrate {path}: it does not hold an interreg graph")
    return _checked(graph, path)


def _checked(old: nx.MultiDiGraph, path: Path) -> nx.MultiDiGraph:
    """The graph rebuilt from plain keys and the properties the schema declares: what
    else the old file held is not carried over."""
    graph = nx.MultiDiGraph()
    for key, data in old.nodes(data=True):
        label = data.get("label") if isinstance(data, dict) else None
        if not isinstance(key, str) or label not in NODES or key != f"{label}:{data.get('id')}":
            raise UserError(f"cannot migrate {path}: node {key!r} is not one of an interreg graph")
        extra = {"labels": data["labels"]} if "labels" in data else {}
        graph.add_node(key, label=label, **extra, **{name: data.get(name) for name in NODES[label].properties})
    for start, end, rel_type, data in old.edges(keys=True, data=True):
        if rel_type not in RELATIONSHIPS:
            raise UserError(f"cannot migrate {path}: relationship {rel_type!r} is not one of an interreg graph")
        graph.add_edge(start, end, key=rel_type, type=rel_type,
                       **{name: data.get(name) for name in RELATIONSHIPS[rel_type].properties})
    return graph


def migrate(home: Path) -> Migrated:
    """Read `home`/graph.pickle and write its graph as `home`/graph.sqlite, which must not
    hold a graph yet. Values the tables cannot hold stop it with one line (see sqlite_tables)."""
    from interreg.graph.memory import GRAPH_FILE, OLD_GRAPH_FILE, MemoryStore

    old, new = home / OLD_GRAPH_FILE, home / GRAPH_FILE
    if not old.is_file():
        raise UserError(f"no {OLD_GRAPH_FILE} in {home}: nothing to migrate")
    if new.exists():
        raise UserError(f"{new} exists already: move it away to migrate {old} again")
    graph = read_old_graph(old)
    store = MemoryStore.from_graph(graph, home)
    return Migrated(graph.number_of_nodes(), graph.number_of_edges(), store.path)
