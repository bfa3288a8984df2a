"""The embedded store's file: one SQLite database of plain tables, one per node label and
one per relationship type, their columns the properties `schema.py` declares.

A store file holds data and nothing that runs: opening one checks that its tables are
exactly the ones below (no triggers, no views, no other tables or indexes) and that every
value has its column's type, and reads rows into a networkx `MultiDiGraph` (the layout
`memory.py` describes). Writing sends only the rows a change touched, in one SQLite
transaction (rollback journal, synchronous): a process killed at any point leaves the
last committed state.

>>> import sqlite3
>>> connection = sqlite3.connect(":memory:", isolation_level=None)
>>> create(connection)
>>> graph, numbers = read_graph(connection)
>>> graph.number_of_nodes(), stamp(connection)[1]
(0, 0)
>>> graph.add_node("Region:UZ-BU", label="Region", id="UZ-BU", name="Бухарская область", country="UZ")
>>> write_changes(connection, graph, Changes(nodes={"Region:UZ-BU"}), numbers)[1]
1
>>> read_graph(connection)[0].nodes["Region:UZ-BU"]["name"]
'Бухарская область'
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import urllib.parse
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path

import networkx as nx

from interreg.errors import UserError
from interreg.graph.schema import EVENT_LABELS, NODES, RELATIONSHIPS

FORMAT = "interreg graph"
# 2: Outlet nodes and the events' day and sort key, kept at load time for the listings.
VERSION = 2
# Seconds a write waits for readers of the file to finish (SQLite's busy timeout).
BUSY_SECONDS = 60.0
# SQLite's page cache per connection, in KiB (its default is 2 MiB).
CACHE_KIB = 64 * 1024

# The kinds of value a column holds: its SQLite type, and how a Python value is written.
TEXT, INTEGER, NUMBER, DATE, DOCS = "text", "integer", "number", "date", "docs"
COLUMN_TYPES = {TEXT: "TEXT", INTEGER: "INTEGER", NUMBER: "ANY", DATE: "TEXT", DOCS: "TEXT"}

# Properties that are not plain text, by label or relationship type. Every other property
# schema.py declares is text.
KINDS: dict[str, dict[str, str]] = {
    "Event": {"date": DATE, "anchor": DATE, "last_anchor": DATE, "undated_reports": INTEGER,
              "mentions": INTEGER, "sources": INTEGER, "amount": NUMBER, "day": DATE},
    "Document": {"published": DATE},
    "Outlet": {"documents": INTEGER, "reports": INTEGER, "first": DATE, "last": DATE},
    "HOLDS": {"docs": DOCS, "positions": DOCS},
    "PARTY_TO": {"docs": DOCS},
    "OF_COMMODITY": {"docs": DOCS},
    "ABOUT": {"docs": DOCS},
    "REPORTED_IN": {"start": INTEGER, "end": INTEGER, "date": DATE, "amount": NUMBER},
    "MENTIONS": {"count": INTEGER},
    "PARTNER_OF": {"meetings": INTEGER, "agreements": INTEGER, "trade": INTEGER, "first": DATE,
                   "last": DATE, "sources": INTEGER, "publishers": DOCS},
}
# A node's number in the file, and a relationship's ends by number: an integer is smaller
# to store and cheaper to read than a 'Label:id' key.
NODE, START, END = "node", "start_node", "end_node"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class Table:
    """The table of one label or relationship type."""

    name: str                   # 'node_Region', 'rel_PARTY_TO'
    owner: str                  # 'Region', 'PARTY_TO'
    keys: tuple[str, ...]       # primary key columns: (NODE,) or (START, END)
    properties: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return self.keys + self.properties

    def kind(self, column: str) -> str:
        return INTEGER if column in self.keys else KINDS.get(self.owner, {}).get(column, TEXT)

    def create_sql(self) -> str:
        if self.keys == (NODE,):     # the node number is the row id; a node's id may not be missing
            columns = [f"{_quoted(NODE)} INTEGER PRIMARY KEY"]
            columns += [f"{_quoted(c)} {COLUMN_TYPES[self.kind(c)]}" + (" NOT NULL" if c == "id" else "")
                        for c in self.properties]
            return f"CREATE TABLE {_quoted(self.name)} ({', '.join(columns)}) STRICT"
        columns = [f"{_quoted(c)} INTEGER NOT NULL" for c in self.keys]
        columns += [f"{_quoted(c)} {COLUMN_TYPES[self.kind(c)]}" for c in self.properties]
        primary = ", ".join(_quoted(k) for k in self.keys)
        return f"CREATE TABLE {_quoted(self.name)} ({', '.join(columns)}, PRIMARY KEY ({primary})) STRICT, WITHOUT ROWID"


NODE_TABLES = {label: Table(f"node_{label}", label, (NODE,), node.properties) for label, node in NODES.items()}
REL_TABLES = {rel_type: Table(f"rel_{rel_type}", rel_type, (START, END), rel.properties)
              for rel_type, rel in RELATIONSHIPS.items()}
META_SQL = "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value ANY) STRICT, WITHOUT ROWID"


def schema_sql() -> list[str]:
    return [META_SQL] + [table.create_sql() for table in (*NODE_TABLES.values(), *REL_TABLES.values())]


class NodeNumbers:
    """The number of each node in the file, by node key; a new node takes the next one.

    >>> numbers = NodeNumbers({"Region:UZ-BU": 4})
    >>> numbers.number("Region:UZ-BU"), numbers.number("Country:UZ")
    (4, 5)
    """

    def __init__(self, of: dict[str, int] | None = None):
        self.of = of if of is not None else {}
        self.next = max(self.of.values(), default=-1) + 1

    def number(self, key: str) -> int:
        number = self.of.get(key)
        if number is None:
            number = self.of[key] = self.next
            self.next += 1
        return number

    def restart(self) -> None:
        self.of.clear()
        self.next = 0


@dataclass
class Changes:
    """What a write touched: node keys, (start, end, type) of relationships; `everything`
    when the whole graph is to be written again (a cleared store, a migrated one)."""

    nodes: set[str] = field(default_factory=set)
    edges: set[tuple[str, str, str]] = field(default_factory=set)
    everything: bool = False

    def __bool__(self) -> bool:
        return bool(self.nodes or self.edges or self.everything)


# --- connections -------------------------------------------------------------------------

def connect(path: Path, create: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit). Without `create`, a
    missing file is an error rather than a new empty database."""
    mode = "rwc" if create else "rw"
    uri = f"file:{urllib.parse.quote_from_bytes(os.fsencode(path))}?mode={mode}"
    try:
        if create and not path.exists():
            # readable by its owner only, as the store always was; SQLite gives its journal the same
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_SECONDS,
                                     detect_types=sqlite3.PARSE_COLNAMES)
        # the schema is checked before anything is read, and nothing in it may call a function
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("PRAGMA cell_size_check = ON")
        # pages a run of writes keeps touching (regions, people, recent events) stay in memory
        connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except (sqlite3.Error, OSError) as error:
        raise UserError(f"cannot open the graph in {path}: {error}") from error
    return connection


def create(connection: sqlite3.Connection) -> None:
    """Create the tables in an empty database, in one transaction."""
    with transaction(connection):
        for statement in schema_sql():
            connection.execute(statement)
        connection.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                               [("format", FORMAT), ("version", VERSION), ("store", uuid.uuid4().hex),
                                ("generation", 0)])


class transaction:
    """`with transaction(connection):` one write transaction, committed at the end, rolled
    back on any error. BEGIN IMMEDIATE: the write lock is taken before anything is read."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def __enter__(self):
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.connection.execute("COMMIT")
        elif self.connection.in_transaction:
            self.connection.execute("ROLLBACK")
        return False


def is_empty(connection: sqlite3.Connection) -> bool:
    """True for a database with no tables at all (a new file, or one whose creation was killed)."""
    return connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def stamp(connection: sqlite3.Connection) -> tuple:
    """(the store's id, how many writes it has seen): another process wrote, or the file was
    replaced, when it changed."""
    meta = dict(connection.execute("SELECT key, value FROM meta WHERE key IN ('store', 'generation')"))
    return meta.get("store"), meta.get("generation")


# --- checking a file ---------------------------------------------------------------------

def _expected_objects() -> set[tuple]:
    """sqlite_master of a fresh store: made here rather than written out, so it is the very
    text SQLite keeps."""
    fresh = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for statement in schema_sql():
            fresh.execute(statement)
        return set(fresh.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    finally:
        fresh.close()


def check(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse a file that is not a store of this version, is damaged, or holds anything but
    its tables and values of their types. Raises UserError with one line saying why.

    SQLite's quick_check reads every page and, the tables being STRICT, checks each value
    against its column's type, even in a file edited to slip wrong ones in; columns of
    numbers (ANY) are checked here."""
    check_schema(connection, path)
    check_values(connection, path)


def check_values(connection: sqlite3.Connection, path: Path) -> None:
    """The part of `check` that reads every page of the file."""
    problem = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
    if problem != "ok":
        _refuse(path, f"damaged ({' '.join(problem.split())})")      # on one line
    for table in (*NODE_TABLES.values(), *REL_TABLES.values()):
        numbers = [c for c in table.properties if table.kind(c) == NUMBER]
        if numbers:
            condition = " OR ".join(f"typeof({_quoted(c)}) NOT IN ('integer', 'real', 'null')" for c in numbers)
            keys = ", ".join(_quoted(k) for k in table.keys)
            bad = connection.execute(f"SELECT {keys} FROM {_quoted(table.name)} WHERE {condition} LIMIT 1").fetchone()
            if bad is not None:
                _refuse(path, f"{table.name} {bad!r} holds a value of the wrong type")


def check_schema(connection: sqlite3.Connection, path: Path) -> None:
    """The tables of a store of this version and nothing else (no trigger, view, other
    table or index), the cheap part of `check`."""
    objects = set(connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    expected = _expected_objects()
    has_meta = ("table", "meta", "meta", META_SQL) in objects
    meta = dict(connection.execute("SELECT key, value FROM meta")) if has_meta else {}
    if meta.get("format") != FORMAT:
        _refuse(path, "no interreg tables in it")
    if isinstance(meta.get("version"), int) and meta["version"] < VERSION:
        raise UserError(f"{path} was written by an earlier interreg (store format {meta['version']}, this one "
                        f"reads {VERSION}): ingest its documents again into a new INTERREG_HOME")
    if meta.get("version") != VERSION:
        _refuse(path, f"format version {meta.get('version')!r}, this interreg reads version {VERSION}")
    if objects != expected:
        unexpected = sorted(f"{kind} {name}" for kind, name, _, _ in objects - expected)
        missing = sorted(f"{kind} {name}" for kind, name, _, _ in expected - objects)
        _refuse(path, "; ".join(filter(None, [f"unexpected {', '.join(unexpected)}" if unexpected else "",
                                              f"missing or changed {', '.join(missing)}" if missing else ""])))
    if not isinstance(meta.get("generation"), int) or not isinstance(meta.get("store"), str):
        _refuse(path, "its store id or write counter is missing")


def read_checked(connection: sqlite3.Connection, path: Path) -> tuple[nx.MultiDiGraph, NodeNumbers, tuple]:
    """`check` the file and `read_graph` it; also its `stamp`, taken before the read (a
    write landing in between makes the stamp older than the graph, never newer). The schema
    is checked first; the values' check runs on a connection of its own in a thread while
    the graph is read (SQLite does that work without holding Python's lock, so a second
    core takes it). A file the check refuses is refused, whatever the read made of it."""
    check_schema(connection, path)
    stamped = stamp(connection)
    checking = _ValuesCheck(path)
    checking.start()
    try:
        read = read_graph(connection, path)
    except Exception:
        checking.join()
        checking.raise_problem()        # the check's verdict says best what is wrong
        raise
    checking.join()
    checking.raise_problem()
    return (*read, stamped)


class _ValuesCheck(threading.Thread):
    def __init__(self, path: Path):
        super().__init__(name="interreg-store-check", daemon=True)
        self.path = path
        self.problem: BaseException | None = None

    def run(self) -> None:
        try:
            connection = connect(self.path)
            try:
                check_values(connection, self.path)
            finally:
                connection.close()
        except BaseException as problem:       # handed to the reading thread
            self.problem = problem

    def raise_problem(self) -> None:
        if self.problem is not None:
            raise self.problem


def _refuse(path: Path, why: str):
    raise UserError(f"{path} is not an interreg graph store: {why}")


# --- values ------------------------------------------------------------------------------

DOCS_SEPARATOR = "\x1f"


def encode_docs(docs: list[str]) -> str:
    """Document ids in one text: joined by U+001F, or as JSON when an id could be misread
    that way (it contains the separator, or the list is empty or starts with '[').

    >>> encode_docs(["d1", "d2"]), encode_docs(["[odd", "x"])
    ('d1\\x1fd2', '["[odd", "x"]')
    >>> decode_docs(encode_docs(["d1", "d2"])), decode_docs('["[odd", "x"]')
    (['d1', 'd2'], ['[odd', 'x'])
    """
    if docs and not docs[0].startswith("[") and not any(DOCS_SEPARATOR in d for d in docs):
        return DOCS_SEPARATOR.join(docs)
    return json.dumps(docs, ensure_ascii=False)


def decode_docs(text: str) -> list[str]:
    if not text.startswith("["):
        return text.split(DOCS_SEPARATOR)
    docs = json.loads(text)
    if not isinstance(docs, list) or not all(isinstance(d, str) for d in docs):
        raise ValueError(f"not a list of document ids: {text[:80]!r}")
    return docs


def _encoder(kind: str):
    def checked(accepts, convert=lambda v: v):
        def encode(value, where):
            if value is None:
                return None
            if not accepts(value):
                raise UserError(f"cannot store {where} = {value!r}: not {kind}")
            return convert(value)
        return encode

    return {
        TEXT: checked(lambda v: isinstance(v, str)),
        INTEGER: checked(lambda v: isinstance(v, int) and not isinstance(v, bool)),
        NUMBER: checked(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)),
        DATE: checked(lambda v: type(v) is date, date.isoformat),
        DOCS: checked(lambda v: isinstance(v, list) and all(isinstance(d, str) for d in v), encode_docs),
    }[kind]


_ENCODERS = {kind: _encoder(kind) for kind in COLUMN_TYPES}


# Converters sqlite3 applies to a column as it builds each row, so that no Python loop runs
# per value: a date is parsed once per distinct day, text that repeats across rows (an
# outlet, a role, a status) is decoded once per distinct value and shared, an event's
# labels come from its type. Selected as `column AS "name [converter]"` (PARSE_COLNAMES),
# so they apply only where the reader asks for them.
DATE_CONVERTER, TEXT_CONVERTER, DOCS_CONVERTER, LABELS_CONVERTER = (
    "interreg_date", "interreg_text", "interreg_docs", "interreg_labels")


class _Decoded(dict):
    """Raw column bytes → value, each distinct one decoded once."""

    def __init__(self, decode):
        super().__init__()
        self.decode = decode

    def __missing__(self, raw: bytes):
        value = self[raw] = self.decode(raw)
        return value


def _event_labels(raw: bytes) -> tuple[str, str]:
    event_type = raw.decode("utf-8", "replace")
    if event_type not in EVENT_LABELS:
        raise ValueError(f"unknown event type {event_type!r}")
    return "Event", EVENT_LABELS[event_type]


_DATES = _Decoded(lambda raw: date.fromisoformat(raw.decode()))
_TEXTS = _Decoded(bytes.decode)
_LABELS = _Decoded(_event_labels)


def _docs(raw: bytes) -> list[str]:
    return decode_docs(raw.decode())


sqlite3.register_converter(DATE_CONVERTER, _DATES.__getitem__)
sqlite3.register_converter(TEXT_CONVERTER, _TEXTS.__getitem__)
sqlite3.register_converter(DOCS_CONVERTER, _docs)
sqlite3.register_converter(LABELS_CONVERTER, _LABELS.__getitem__)

# Text columns whose values repeat across many rows; the others (names, ids, sentences,
# titles) are mostly distinct and are read as they are.
REPEATED: dict[str, tuple[str, ...]] = {
    "Region": ("country",),
    "Person": ("first", "middle"),
    "Event": ("type", "status", "kind", "currency"),
    "Commodity": ("hs_section",),
    "Document": ("outlet", "town", "source", "publisher"),
    "HOLDS": ("position",),
    "PARTY_TO": ("role",),
    "REPORTED_IN": ("status", "kind", "currency"),
}


# --- reading -----------------------------------------------------------------------------

def read_graph(connection: sqlite3.Connection, path: Path | str = "the store") -> tuple[nx.MultiDiGraph, NodeNumbers]:
    """Every table into one networkx graph, inside one read transaction (so a writer's
    commit never lands half-way), with the nodes' numbers. The adjacency dicts are filled
    directly, as networkx keeps them (`add_edge` costs several times more for the same result)."""
    graph = nx.MultiDiGraph()
    nodes: dict[str, dict] = {}
    succ: dict[str, dict] = {}
    pred: dict[str, dict] = {}
    numbered: dict[str, int] = {}
    connection.execute("BEGIN")
    try:
        by_number = _by_number(connection)
        for label, table in NODE_TABLES.items():
            _read_nodes(connection, label, table, path, (nodes, succ, pred, numbered), by_number)
        for rel_type, table in REL_TABLES.items():
            _read_relationships(connection, rel_type, table, path, by_number)
    finally:
        connection.execute("COMMIT")
        _TEXTS.clear()          # shared within one graph; nothing kept between reads
        _DATES.clear()
    graph._node = nodes
    graph._adj = succ          # networkx keeps _adj and _succ as one dict
    graph._pred = pred
    return graph, NodeNumbers(numbered)


class _ByNumber:
    """A node's key and adjacency dicts by its number: lists while the numbers are dense
    (indexing a list is the cheapest lookup there is), dicts when deletions left them sparse."""

    def __init__(self, highest: int, count: int):
        size = highest + 1
        if size <= 4 * count + 100_000:
            self.keys, self.succ, self.pred = [None] * size, [None] * size, [None] * size
        else:
            self.keys, self.succ, self.pred = {}, {}, {}


def _by_number(connection) -> _ByNumber:
    highest, count = -1, 0
    for table in NODE_TABLES.values():
        most, rows = connection.execute(f"SELECT max({NODE}), count(*) FROM {_quoted(table.name)}").fetchone()
        highest, count = max(highest, most if most is not None else -1), count + rows
    return _ByNumber(highest, count)


def _selected(table: Table, column: str) -> str:
    """A property column as the reader selects it, with its converter if it has one."""
    converter = {DATE: DATE_CONVERTER, DOCS: DOCS_CONVERTER}.get(table.kind(column))
    if converter is None and column in REPEATED.get(table.owner, ()):
        converter = TEXT_CONVERTER
    return f'{_quoted(column)} AS "{column} [{converter}]"' if converter else _quoted(column)


def _read_select(table: Table, first: list[str]) -> str:
    """SELECT of `first` (constants the attributes start with), the properties, then the keys."""
    columns = first + [_selected(table, c) for c in table.properties] + [_quoted(k) for k in table.keys]
    return f"SELECT {', '.join(columns)} FROM {_quoted(table.name)}"


def _read_nodes(connection, label: str, table: Table, path, into: tuple[dict, ...],
                by_number: _ByNumber) -> None:
    """Rows of a node table into (nodes, succ, pred, numbers), all by node key, and `by_number`.
    A row is (label, [labels,] properties..., number): its attributes are the row but its last."""
    nodes, succ, pred, numbered = into
    first = [f"'{label}' AS \"label [{TEXT_CONVERTER}]\""]
    names = ("label",) + table.properties
    if label == "Event":
        first.append(f'"type" AS "labels [{LABELS_CONVERTER}]"')
        names = ("label", "labels") + table.properties
    keys, succs, preds = by_number.keys, by_number.succ, by_number.pred
    try:
        rows = connection.execute(_read_select(table, first)).fetchall()
    except ValueError as error:      # a date that is none, an unknown event type
        _refuse(path, f"{table.name} holds a value it cannot hold ({error})")
    for row in rows:
        attrs = dict(zip(names, row))
        key = f"{label}:{attrs['id']}"
        number = row[-1]
        if key in nodes:
            _refuse(path, f"{table.name} holds {attrs['id']!r} twice")
        if number < 0:
            _refuse(path, f"{table.name} {attrs['id']!r} holds a value it cannot hold (node number {number})")
        nodes[key] = attrs
        numbered[key] = number
        keys[number] = key
        succ[key] = succs[number] = {}
        pred[key] = preds[number] = {}


def _read_relationships(connection, rel_type: str, table: Table, path, by_number: _ByNumber) -> None:
    """A row is (type, properties..., start number, end number)."""
    names = ("type",) + table.properties
    keys, succs, preds = by_number.keys, by_number.succ, by_number.pred
    try:
        rows = connection.execute(_read_select(table, [f"'{rel_type}' AS \"type [{TEXT_CONVERTER}]\""])).fetchall()
    except ValueError as error:      # a date that is none, provenance that is not a list of ids
        _refuse(path, f"{table.name} holds a value it cannot hold ({error})")
    start = end = None
    try:
        for row in rows:
            start, end = row[-2], row[-1]
            if start < 0 or end < 0:          # a list would read those from its end
                raise IndexError(start)
            end_key = keys[end]
            out = succs[start]
            by_type = out.get(end_key)
            if by_type is None:
                out[end_key] = preds[end][keys[start]] = {rel_type: dict(zip(names, row))}
            else:
                by_type[rel_type] = dict(zip(names, row))
    except (KeyError, IndexError, AttributeError, TypeError):     # a number no node has
        _refuse(path, f"{table.name} ({start!r}, {end!r}) joins a node the file does not hold")


# --- writing -----------------------------------------------------------------------------

def write_changes(connection: sqlite3.Connection, graph: nx.MultiDiGraph, changes: Changes,
                  numbers: NodeNumbers) -> tuple:
    """Write what `changes` names as the graph has it now (a row present is inserted or
    replaced, one gone is deleted), in one transaction; return the file's new `stamp`.
    `numbers` gains the new nodes' numbers and loses those of the nodes gone."""
    if changes.everything:
        numbers.restart()
    nodes, succ, known = graph._node, graph._succ, numbers.of
    node_rows: dict[str, list] = defaultdict(list)
    node_gone: dict[str, list] = defaultdict(list)
    gone_keys = []
    for key in (nodes if changes.everything else changes.nodes):
        label = key.split(":", 1)[0]
        if key in nodes:
            node_rows[label].append(_node_row(NODE_TABLES[label], nodes[key], numbers.number(key), key))
        elif key in known:                  # else it came and went within this write
            node_gone[label].append((known[key],))
            gone_keys.append(key)
    edge_rows: dict[str, list] = defaultdict(list)
    edge_gone: dict[str, list] = defaultdict(list)
    for start, end, rel_type in (graph.edges(keys=True) if changes.everything else changes.edges):
        attrs = succ.get(start, {}).get(end, {}).get(rel_type)
        if attrs is not None:
            ends = numbers.number(start), numbers.number(end)
            edge_rows[rel_type].append(_edge_row(REL_TABLES[rel_type], attrs, ends, start, end))
        elif start in known and end in known:
            edge_gone[rel_type].append((known[start], known[end]))
    with transaction(connection):
        if changes.everything:
            for table in (*NODE_TABLES.values(), *REL_TABLES.values()):
                connection.execute(f"DELETE FROM {_quoted(table.name)}")
        for tables, gone, rows in ((NODE_TABLES, node_gone, node_rows), (REL_TABLES, edge_gone, edge_rows)):
            # in key order: each B-tree page is visited once, not once per row that lands on it
            for owner, keys in gone.items():
                table = tables[owner]
                condition = " AND ".join(f"{_quoted(k)} = ?" for k in table.keys)
                connection.executemany(f"DELETE FROM {_quoted(table.name)} WHERE {condition}", sorted(keys))
            for owner, values in rows.items():
                table = tables[owner]
                marks = ", ".join("?" for _ in table.columns)
                values.sort(key=_key_of[len(table.keys)])
                connection.executemany(f"INSERT OR REPLACE INTO {_quoted(table.name)} "
                                       f"({', '.join(_quoted(c) for c in table.columns)}) VALUES ({marks})", values)
        connection.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
        written = stamp(connection)
    for key in gone_keys:
        del known[key]
    return written


_key_of = {1: itemgetter(0), 2: itemgetter(0, 1)}     # a row's key, by the number of key columns


def _node_row(table: Table, attrs: dict, number: int, key: str) -> tuple:
    return (number, *(_ENCODERS[table.kind(c)](attrs.get(c), f"{key}.{c}") for c in table.properties))


def _edge_row(table: Table, attrs: dict, ends: tuple[int, int], start: str, end: str) -> tuple:
    where = f"({start})-[{table.owner}]->({end})"
    return (*ends, *(_ENCODERS[table.kind(c)](attrs.get(c), f"{where}.{c}") for c in table.properties))
