"""The Neo4j store: the same rows as the embedded store, written over Bolt.

Every load or deletion is one managed write transaction (`session.execute_write`,
so the driver retries it on transient errors), made of `UNWIND $rows` batches
built from `interreg.graph.model`; labels and relationship types in the Cypher
text come from schema.py, never from data. Reads run in read transactions.
Uniqueness constraints on every label's key and the indexes schema.py asks for
are created before the store's first write (`IF NOT EXISTS`, so idempotently); a
store that only reads never changes the schema: it checks it once and says on
stderr what is missing.

>>> store = Neo4jStore("bolt://127.0.0.1:7687")       # doctest: +SKIP
>>> store.read("MATCH (r:Region) RETURN r.id AS id", {})  # doctest: +SKIP
[{'id': 'RU-OMS'}, {'id': 'UZ-BU'}]
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from functools import lru_cache
from typing import Any, Callable, Iterable, TypeVar

import logging

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import (AuthError, ClientError, ConfigurationError, IncompleteCommit,
                              ServiceUnavailable, SessionExpired)

from interreg import config
from interreg.errors import UserError
from interreg.graph import identity, model
from interreg.graph.gc_pause import collector_paused
from interreg.graph.model import BatchRows, KnownEvent, NodeRef, Removal
from interreg.graph.schema import DERIVED, EVENT_LABELS, NODES, RELATIONSHIPS, UNDATED_SORT, outlet_id
from interreg.graph.store import LoadSummary
from interreg.ingest.facts import DocumentFacts

Result = TypeVar("Result")
# How long the driver keeps retrying a transaction the server or the network failed.
DEFAULT_RETRY_SECONDS = 30.0

# The driver logs each retry as a warning; without a handler Python prints those (with
# multi-line details) on stderr. The final failure reaches the user as one line instead.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


def retry_seconds() -> float:
    """$NEO4J_RETRY_SECONDS, else DEFAULT_RETRY_SECONDS: how long a failed transaction is retried."""
    return max(config.env_number("NEO4J_RETRY_SECONDS", DEFAULT_RETRY_SECONDS, float,
                                 "number of seconds"), 0.0)
# Nodes deleted per transaction by clear(), so a large graph never needs one huge transaction.
CLEAR_CHUNK = 10_000
# The store speaks Bolt; the driver's other schemes (its preview HTTP API) are not for it.
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


# Values the driver hands over ready to use: nothing to convert, nothing to look into.
_PLAIN = frozenset({str, int, float, bool, type(None)})
_TEMPORAL = (neo4j.time.Date, neo4j.time.DateTime, neo4j.time.Time)


def to_python(value: Any) -> Any:
    """Neo4j temporal values → datetime values, inside lists and maps too; nodes,
    relationships and paths as `Record.data()` gives them (properties, triples, lists).

    >>> to_python([neo4j.time.Date(2025, 4, 26), "UZ-BU"])
    [datetime.date(2025, 4, 26), 'UZ-BU']
    """
    if type(value) in _PLAIN:
        return value
    if isinstance(value, _TEMPORAL):
        return value.to_native()
    if isinstance(value, dict):
        return {key: to_python(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [item if type(item) in _PLAIN else to_python(item) for item in value]
    if isinstance(value, neo4j.graph.Node):
        return {key: to_python(item) for key, item in value.items()}
    if isinstance(value, neo4j.graph.Relationship):
        return (to_python(value.start_node), type(value).__name__, to_python(value.end_node))
    if isinstance(value, neo4j.graph.Path):
        steps = [to_python(value.start_node)]
        for relationship, node in zip(value.relationships, value.nodes[1:]):
            steps += [type(relationship).__name__, to_python(node)]
        return steps
    return value


def rows_of(keys: list[str], records: list[list]) -> list[dict]:
    """Rows as dicts. Only the columns holding something other than plain values (dates,
    lists, maps) are converted: most columns of a large answer are strings and numbers.

    >>> rows_of(["id", "day"], [["UZ-BU", neo4j.time.Date(2025, 4, 26)], ["RU-OMS", None]])
    [{'id': 'UZ-BU', 'day': datetime.date(2025, 4, 26)}, {'id': 'RU-OMS', 'day': None}]
    """
    plain = _PLAIN
    mixed = [column for column in range(len(keys))
             if any(type(values[column]) not in plain for values in records)]
    for values in records if mixed else ():
        for column in mixed:
            values[column] = to_python(values[column])
    return [dict(zip(keys, values)) for values in records]


def quoted_name(name: str) -> str:
    """A column or variable name as Cypher reads it whatever its characters.

    >>> quoted_name("first date")
    '`first date`'
    """
    return "`" + name.replace("`", "``") + "`"


def schema_statements() -> list[str]:
    """Constraints and indexes the model asks for, each safe to run again."""
    statements = []
    for label, node in NODES.items():
        statements.append(f"CREATE CONSTRAINT {label.lower()}_{node.key} IF NOT EXISTS "
                          f"FOR (n:{label}) REQUIRE n.{node.key} IS UNIQUE")
        statements += [f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
                       for prop in node.indexed]
        statements += [f"CREATE INDEX {label.lower()}_{'_'.join(props)} IF NOT EXISTS FOR (n:{label}) "
                       f"ON ({', '.join(f'n.{prop}' for prop in props)})" for props in node.composite]
    return statements


def schema_names() -> list[str]:
    """The name of each constraint and index of `schema_statements`, in the same order."""
    return [statement.split()[2] for statement in schema_statements()]


# How many missing constraints and indexes a reader's note names.
MISSING_SHOWN = 3


class Neo4jStore:
    kind = "neo4j"

    def __init__(self, uri: str | None = None, user: str | None = None,
                 password: str | None = None, database: str | None = None):
        settings = config.neo4j_settings(uri, user, password, database)
        # what the driver gets: no user info (the password goes to the driver only), no path or fragment
        address = config.driver_address(settings["uri"])
        # what messages show: scheme, host and port, never user info, path or query
        self.uri = config.redact(address)
        user, password, self.database = settings["user"], settings["password"], settings["database"]
        self._publishers_filled = False
        self._schema_checked = False      # readers look at the schema once
        self._schema_ready = False        # writers set it up once
        self._columns: dict[str, list[str]] = {}     # read_gathered: the columns of a query text
        # an empty password means a server with authentication switched off
        auth = (user, password) if password else None
        if address.partition("://")[0].lower() not in BOLT_SCHEMES:
            raise UserError(f"cannot use the Neo4j URI {self.uri}: it must start with "
                            f"{', '.join(s + '://' for s in BOLT_SCHEMES)} (check NEO4J_URI)")
        try:
            # the server's hints (e.g. "this label does not exist yet" on an empty graph) are noise here
            with warnings.catch_warnings():      # the driver's warnings quote the URI
                warnings.simplefilter("ignore")
                self.driver = GraphDatabase.driver(address, auth=auth, notifications_min_severity="OFF",
                                                   max_transaction_retry_time=retry_seconds())
            self.driver.verify_connectivity()
        except AuthError as error:
            raise UserError(f"Neo4j at {self.uri} refused the credentials of user {user!r} "
                            "(check NEO4J_USER and NEO4J_PASSWORD)") from None
        except ConfigurationError as error:
            detail = config.scrub(" ".join(str(error).split()), address)
            raise UserError(f"cannot use the Neo4j URI {self.uri}: {detail} (check NEO4J_URI)") from None
        except (ServiceUnavailable, SessionExpired, OSError, ValueError):
            raise UserError(f"cannot reach Neo4j at {self.uri}: is the server running? "
                            "(set NEO4J_URI, or start one with scripts/neo4j-local start)") from None
        self._address = address
        try:
            with self._database_named(), self._session(neo4j.READ_ACCESS) as session:
                self._guard(lambda: session.run("RETURN 1").consume())    # the database is there
        except BaseException:
            self.driver.close()
            raise

    # --- the Store interface ---------------------------------------------------------

    def upsert(self, batch: list[DocumentFacts]) -> LoadSummary:
        with collector_paused():
            return self._write(lambda writer: model.upsert_facts(writer, batch))

    def delete_document(self, doc_id: str) -> bool:
        return self._write(lambda writer: model.delete_document(writer, doc_id))

    def document_hashes(self, doc_ids: Iterable[str] | None = None) -> dict[str, str]:
        if doc_ids is not None:       # an index seek a document, not every document of the graph
            rows = self.read("UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d.id AS id, d.hash AS hash",
                             {"ids": list(doc_ids)})
        else:
            rows = self.read("MATCH (d:Document) RETURN d.id AS id, d.hash AS hash", {})
        return {row["id"]: row["hash"] for row in rows}

    def read(self, cypher: str, params: dict | None = None, timeout: float | None = None) -> list[dict]:
        """Run Cypher in a read-only session; rows as dicts, dates as `datetime.date`.
        With `timeout` (seconds) the server ends the transaction when it runs longer."""
        @neo4j.unit_of_work(timeout=timeout)
        def work(tx):
            result = tx.run(cypher, params or {})
            return result.keys(), [record.values() for record in result]
        keys, records = self._execute_read(work)
        return rows_of(keys, records)

    def read_gathered(self, cypher: str, params: dict | None = None,
                      timeout: float | None = None) -> list[dict]:
        """`read` for an answer of hundreds of rows, not millions (a catalogue query with
        its row limit): the server gathers the rows into one list, in the query's order,
        and sends it as one record. The driver handles records one at a time in Python,
        some 50 µs each, so 200 rows cost 10 ms as records and under 1 ms as one list.
        The query's columns come from its plan (EXPLAIN), once per query text."""
        columns = self._columns.get(cypher)
        if columns is None:
            columns = self._columns[cypher] = list(self._execute_read(
                lambda tx: tx.run("EXPLAIN " + cypher, params or {}).keys()))
        gathered = (f"CALL () {{\n{cypher}\n}}\n"
                    f"RETURN collect([{', '.join(quoted_name(column) for column in columns)}]) AS rows")

        @neo4j.unit_of_work(timeout=timeout)
        def work(tx):
            return tx.run(gathered, params or {}).single(strict=True)[0]
        return rows_of(columns, self._execute_read(work))

    def stream(self, cypher: str, params: dict | None = None,
               timeout: float | None = None) -> Iterator[dict]:
        """`read`, one row at a time: the driver fetches records in batches as they are
        consumed, so an answer of millions of rows never sits in memory whole. Not retried
        (rows may already have been handed on), so for ad-hoc queries."""
        self._check_schema()
        with self._session(neo4j.READ_ACCESS) as session:
            result = self._guard(lambda: session.run(neo4j.Query(cypher, timeout=timeout), params or {}))
            keys = self._guard(result.keys)
            records = iter(result)
            while True:
                record = self._guard(lambda: next(records, None))
                if record is None:
                    return
                yield rows_of(keys, [record.values()])[0]

    def plan(self, cypher: str, params: dict | None = None) -> tuple[str, list[tuple[str, str]]]:
        """What the server would do with `cypher`, without running it (EXPLAIN): its query
        type ('r' read, 'w' write, 'rw', 's' schema or system) and the operators of its plan
        as (name, details), e.g. ('ProcedureCall', 'db.labels() :: (label :: STRING)')."""
        def operators(step: dict) -> list[tuple[str, str]]:
            found = [(step["operatorType"].partition("@")[0], str(step.get("args", {}).get("Details", "")))]
            for child in step.get("children", ()):
                found += operators(child)
            return found
        self._check_schema()
        with self._session(neo4j.READ_ACCESS) as session:
            summary = self._guard(lambda: session.run("EXPLAIN " + cypher, params or {}).consume())
        return summary.query_type or "", operators(summary.plan) if summary.plan else []

    def db_hits(self, cypher: str, params: dict | None = None) -> int:
        """The database hits of running `cypher` (PROFILE), in a read-only session: what
        the server's plan reads, the measure of a query's work that load does not blur."""
        def total(step) -> int:
            return step.get("dbHits", 0) + sum(total(child) for child in step.get("children", ()))
        self._check_schema()
        with self._session(neo4j.READ_ACCESS) as session:
            summary = self._guard(lambda: session.run("PROFILE " + cypher, params or {}).consume())
        return total(summary.profile) if summary.profile else 0

    def counts(self) -> dict[str, dict[str, int]]:
        return self._execute_read(lambda tx: _Neo4jWriter(tx).counts())

    def clear(self) -> None:
        def delete_some(tx) -> int:
            return tx.run("MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted",
                          limit=CLEAR_CHUNK).single()["deleted"]
        self._check_schema()
        with self._session(neo4j.WRITE_ACCESS) as session:
            while self._guard(lambda: session.execute_write(delete_some)):
                pass

    def bulk(self):
        """Nothing to gather: every batch is its own transaction already."""
        return nullcontext()

    def close(self) -> None:
        self.driver.close()

    # --- plumbing ----------------------------------------------------------------------

    def _session(self, access_mode: str):
        return self.driver.session(database=self.database, default_access_mode=access_mode)

    def _execute_read(self, work: Callable[[Any], Result]) -> Result:
        """`work(tx)` in a managed read transaction (retried by the driver), the schema
        checked first and connection failures as one line."""
        self._check_schema()
        with self._session(neo4j.READ_ACCESS) as session:
            return self._guard(lambda: session.execute_read(work))

    def _guard(self, call: Callable[[], Result]) -> Result:
        """Connection failures (after the driver's retries) as a one-line UserError. A load
        is one transaction per batch, so what was committed stays and a rerun skips it."""
        try:
            return call()
        except IncompleteCommit as error:
            raise UserError(f"lost the connection to Neo4j at {self.uri} while a batch was being "
                            "committed; it may or may not be in: run the command again (documents "
                            "already loaded are skipped)") from error
        except (ServiceUnavailable, SessionExpired) as error:
            detail = config.scrub(" ".join(str(error).split()), self._address)
            raise UserError(f"lost the connection to Neo4j at {self.uri} ({detail}); what was loaded "
                            "before stays: run the command again once the server is back") from error

    def _write(self, work: Callable[[_Neo4jWriter], Result]) -> Result:
        self.ensure_schema()
        if not self._publishers_filled:     # once per store, before its first write: reads never need it
            self._fill_publishers()
            self._fill_query_keys()
            self._publishers_filled = True
        with self._session(neo4j.WRITE_ACCESS) as session:
            return self._guard(lambda: session.execute_write(lambda tx: work(_Neo4jWriter(tx))))

    def _fill_publishers(self) -> None:
        """Give `publisher` to documents loaded before it existed (PARTNER_OF counts sources by it)."""
        def work(tx):
            missing = [to_python(r.data()) for r in tx.run(
                "MATCH (d:Document) WHERE d.publisher IS NULL RETURN d.id AS id, d.outlet AS outlet, d.url AS url")]
            rows = [{"id": r["id"], "publisher": identity.source_key(r["outlet"], r["url"], r["id"])}
                    for r in missing]
            tx.run("UNWIND $rows AS row MATCH (d:Document {id: row.id}) SET d.publisher = row.publisher",
                   rows=rows).consume()
        with self._session(neo4j.WRITE_ACCESS) as session:
            self._guard(lambda: session.execute_write(work))

    def _fill_query_keys(self) -> None:
        """Give `day` and `sort_key` to events, and Outlet nodes to documents, of a graph
        loaded before they existed (the queries read them instead of aggregating)."""
        def work(tx):
            tx.run("MATCH (e:Event) WHERE e.sort_key IS NULL "
                   "SET e.day = coalesce(e.date, e.anchor), "
                   "e.sort_key = coalesce(toString(coalesce(e.date, e.anchor)), $undated) + ' ' + e.id",
                   undated=UNDATED_SORT).consume()
            tx.run("""
                CALL () {
                    MATCH (o:Outlet) RETURN count(o) AS outlets
                }
                WITH outlets WHERE outlets = 0
                MATCH (d:Document)
                WITH d.outlet AS name, count(*) AS documents, min(d.published) AS first,
                     max(d.published) AS last, sum(COUNT { (d)<-[:REPORTED_IN]-() }) AS reports
                CREATE (:Outlet {id: CASE WHEN name IS NULL THEN $none ELSE $prefix + name END, name: name,
                                 documents: documents, reports: reports, first: first, last: last})""",
                   none=outlet_id(None), prefix=outlet_id("")).consume()
        with self._session(neo4j.WRITE_ACCESS) as session:
            self._guard(lambda: session.execute_write(work))

    def ensure_schema(self) -> None:
        """Create the constraints and indexes the model asks for (once per store; writers only)."""
        if self._schema_ready:
            return
        # schema changes cannot share a transaction with data, so each runs on its own
        with self._database_named(), self._session(neo4j.WRITE_ACCESS) as session:
            for statement in schema_statements():
                self._guard(lambda: session.run(statement).consume())
        self._schema_ready = self._schema_checked = True

    def missing_schema(self) -> list[str]:
        """Names of the constraints and indexes of `schema_statements` the database lacks."""
        def work(tx):
            return ({record["name"] for record in tx.run("SHOW CONSTRAINTS YIELD name")}
                    | {record["name"] for record in tx.run("SHOW INDEXES YIELD name")})
        with self._database_named(), self._session(neo4j.READ_ACCESS) as session:
            present = self._guard(lambda: session.execute_read(work))
        return [name for name in schema_names() if name not in present]

    def _check_schema(self) -> None:
        """Once per store, before its first read: one line on stderr when the schema is
        incomplete (reads still work, more slowly). Reading never creates it."""
        if self._schema_checked:
            return
        self._schema_checked = True
        missing = self.missing_schema()
        if missing:
            shown = ", ".join(missing[:MISSING_SHOWN]) + (", …" if len(missing) > MISSING_SHOWN else "")
            print(f"interreg: note: the Neo4j database at {self.uri} lacks {len(missing)} of the "
                  f"{len(schema_names())} constraints and indexes of the graph ({shown}); reads work "
                  "but may be slow, and `interreg ingest` creates them", file=sys.stderr)

    @contextmanager
    def _database_named(self):
        try:
            yield
        except ClientError as error:
            if error.code == "Neo.ClientError.Database.DatabaseNotFound":
                raise UserError(f"Neo4j at {self.uri} has no database {self.database!r} "
                                "(check NEO4J_DATABASE)") from None
            raise


def _fill(variable: str, names: list[str]) -> str:
    """SET clauses keeping known values and filling unknown ones from `row.props`."""
    return ", ".join(f"{variable}.{name} = coalesce({variable}.{name}, row.props.{name})" for name in names)


def _relationship_set(rel_type: str) -> str:
    """How a relationship merged again takes the row's properties (model.merge_relationship_properties)."""
    clauses = []
    for name in RELATIONSHIPS[rel_type].properties:
        if name in ("docs", "positions"):
            clauses.append(f"r.{name} = coalesce(r.{name}, []) + "
                           f"[d IN row.props.{name} WHERE NOT d IN coalesce(r.{name}, [])]")
        elif rel_type == "MENTIONS" and name == "count":
            clauses.append("r.count = coalesce(r.count, 0) + row.props.count")
        else:
            clauses.append(f"r.{name} = coalesce(r.{name}, row.props.{name})")
    return ("ON MATCH SET " + ", ".join(clauses)) if clauses else ""


def _write_groups() -> dict[str, str]:
    """What a batch writes, by group of rows: nodes by label, events by their extra label,
    relationships by type, start and end labels (PARTNER_OF apart: it is derived). A node
    or relationship new to the graph takes the row as it is; one already there keeps what
    it knows and fills in the rest (docs united), as model.merge_*_properties do."""
    groups = {}
    for label, node in NODES.items():
        if label != "Event":
            names = [p for p in node.properties if p != node.key]
            groups[label] = (f"MERGE (n:{label} {{id: row.id}}) ON CREATE SET n += row.props "
                             f"ON MATCH SET {_fill('n', names)}")
    names = [p for p in NODES["Event"].properties if p != "id"]
    for label in EVENT_LABELS.values():
        groups[label] = (f"MERGE (n:Event {{id: row.id}}) ON CREATE SET n:{label}, n += row.props "
                         f"ON MATCH SET n:{label}, {_fill('n', names)}")
    for rel_type, rel in RELATIONSHIPS.items():
        if rel_type in DERIVED:
            continue
        for start in rel.start:
            for end in rel.end:
                groups[f"{rel_type}_{start}_{end}"] = (
                    f"MATCH (a:{start} {{id: row.start}}) MATCH (b:{end} {{id: row.end}}) "
                    f"MERGE (a)-[r:{rel_type}]->(b) ON CREATE SET r += row.props {_relationship_set(rel_type)}"
                    + (_MERGED_POSITION if rel_type == "HOLDS" else ""))
    return groups


# HOLDS.position from HOLDS.positions, as model.shown_position: the position most
# documents give, ties alphabetically first (needs `r`).
_SHOWN_POSITION = """
    WITH r
    CALL {
        WITH r
        UNWIND coalesce(r.positions, []) AS vote
        WITH last(split(vote, '\\t')) AS position
        WITH position, count(*) AS votes WHERE position <> ''
        WITH position, votes ORDER BY votes DESC, position
        RETURN collect(position)[0] AS shown
    }
    SET r.position = shown"""

# The same after a merge of `row` into `r` (needs both), skipped when every vote the row
# adds is for the position shown already or for none: more votes for the leader keep it
# the leader, so an office named in thousands of documents is not recounted per batch.
_MERGED_POSITION = """
    WITH r, row
    WHERE r.position IS NULL OR r.position = ''
       OR any(vote IN row.props.positions WHERE NOT last(split(vote, '\\t')) IN ['', r.position])""" + _SHOWN_POSITION


_WRITE_GROUPS = _write_groups()


@lru_cache(maxsize=None)
def _write_statement() -> str:
    """Every group of `_WRITE_GROUPS` as a subquery over `$groups[name]` (empty when the
    batch has none): nodes, events, then the relationships between them. One round trip
    writes a batch, where a statement per group cost some 25, and the text never changes,
    so the server plans it once. Planning it takes a quarter to a whole second, and the
    plan only seeks nodes by their unique keys, which graph statistics cannot improve:
    `replan=skip` keeps the server from planning it again as the graph grows."""
    subqueries = "\n".join(f"CALL {{ UNWIND $groups.{name} AS row {body} }}"
                            for name, body in _WRITE_GROUPS.items())
    return "CYPHER replan=skip\n" + subqueries


@lru_cache(maxsize=None)
def _refresh_statement() -> str:
    """model.partner_rows as one aggregation inside the server, so that a popular pair
    tied by thousands of events costs index lookups, not thousands of rows to the client.
    Sources are counted over the documents' `publisher` (identity.source_key). One text
    for every batch, pairs by end label in `$pairs`: the old PARTNER_OF go, then the new
    ones are made."""
    counts = ", ".join(f"count(CASE WHEN e.type = '{event_type}' THEN 1 END) AS {name}"
                       for event_type, name in model.PARTNER_COUNTS.items())
    properties = ", ".join(f"{name}: {name}" for name in model.PARTNER_COUNTS.values())
    ends = RELATIONSHIPS["PARTNER_OF"].end
    deletes = [f"""
        CALL {{
            UNWIND $pairs.{end} AS pair
            MATCH (:Region {{id: pair.start}})-[r:PARTNER_OF]->(:{end} {{id: pair.end}})
            DELETE r
        }}""" for end in ends]
    creates = [f"""
        CALL {{
            UNWIND $pairs.{end} AS pair
            MATCH (a:Region {{id: pair.start}})-[ra:PARTY_TO]->(e:Event)<-[rb:PARTY_TO]-(b:{end} {{id: pair.end}})
            WHERE ra.role IN $roles AND rb.role IN $roles
            WITH a, b, e, [(e)-[:REPORTED_IN]->(d:Document) | d.publisher] AS publishers
            WITH a, b, {counts}, min(coalesce(e.date, e.anchor)) AS first,
                 max(coalesce(e.date, e.anchor)) AS last, collect(publishers) AS publisher_lists
            CALL {{
                WITH publisher_lists
                UNWIND publisher_lists AS publishers
                UNWIND publishers AS publisher
                WITH DISTINCT publisher ORDER BY publisher
                RETURN collect(publisher) AS publishers
            }}
            CREATE (a)-[:PARTNER_OF {{{properties}, first: first, last: last,
                                      sources: size(publishers), publishers: publishers}}]->(b)
        }}""" for end in ends]
    return "".join(deletes + creates)


# The stored PARTNER_OF of pairs (`$pairs`, by end label), with their properties.
_PARTNER_SUMMARIES = " UNION ALL ".join(f"""
    UNWIND $pairs.{end} AS pair
    MATCH (:Region {{id: pair.start}})-[r:PARTNER_OF]->(:{end} {{id: pair.end}})
    RETURN pair.start AS start, pair.end AS end, properties(r) AS properties"""
                                        for end in RELATIONSHIPS["PARTNER_OF"].end)


@lru_cache(maxsize=None)
def _write_partners_statement() -> str:
    """PARTNER_OF rows set as they are (`$written`, made when missing) and deleted
    (`$removed`), both by end label as `_refresh_statement` takes them."""
    parts = []
    for end in RELATIONSHIPS["PARTNER_OF"].end:
        parts.append(f"""
        CALL {{
            UNWIND $removed.{end} AS pair
            MATCH (:Region {{id: pair.start}})-[r:PARTNER_OF]->(:{end} {{id: pair.end}})
            DELETE r
        }}
        CALL {{
            UNWIND $written.{end} AS row
            MATCH (a:Region {{id: row.start}}) MATCH (b:{end} {{id: row.end}})
            MERGE (a)-[r:PARTNER_OF]->(b)
            SET r = row.props
        }}""")
    return "".join(parts)


@lru_cache(maxsize=None)
def _move_statement(label: str) -> str:
    """model.Move rows of one event type (`$moves`): the reports, then the moved documents'
    share of each relationship with `docs`; a source left without reports goes."""
    def share(pattern: str, merge: str) -> str:
        return f"""
            CALL {{
                WITH src, dst, m
                MATCH {pattern}
                WITH dst, m, x, r, [d IN r.docs WHERE m.docs IS NULL OR d IN m.docs] AS moving
                WHERE size(moving) > 0
                MERGE {merge} ON CREATE SET r2 = properties(r), r2.docs = moving
                    ON MATCH SET r2.docs = r2.docs + [d IN moving WHERE NOT d IN r2.docs]
                SET r.docs = [d IN r.docs WHERE NOT d IN moving]
                WITH r WHERE size(r.docs) = 0
                DELETE r
            }}"""
    copied = ", ".join(f".{name}" for name in NODES["Event"].properties if name != "id")
    shares = [share(f"(x)-[r:{rel}]->(src)", f"(x)-[r2:{rel}]->(dst)") for rel in ("PARTY_TO",)]
    shares += [share(f"(src)-[r:{rel}]->(x)", f"(dst)-[r2:{rel}]->(x)") for rel in ("OF_COMMODITY", "ABOUT")]
    return f"""
        UNWIND $moves AS m
        MATCH (src:Event {{id: m.source}})
        MERGE (dst:Event {{id: m.target}})
            ON CREATE SET dst += src {{{copied}}}, dst:{label}
        WITH src, dst, m
        CALL {{
            WITH src, dst, m
            MATCH (src)-[r:REPORTED_IN]->(d:Document) WHERE m.docs IS NULL OR d.id IN m.docs
            MERGE (dst)-[r2:REPORTED_IN]->(d) ON CREATE SET r2 = properties(r)
            DELETE r
        }}{"".join(shares)}
        WITH src WHERE NOT (src)-[:REPORTED_IN]->()
        DETACH DELETE src"""


# The party places (iso codes) of event `e`; needs $roles.
_PLACES = "[(p)-[r:PARTY_TO]->(e) WHERE (p:Region OR p:Country) AND r.role IN $roles | p.id]"
_RETURN_PLACES = f"RETURN {_PLACES} AS places"
# model.EventState of event `e`, as `id`, `type`, `when`, `places`.
_RETURN_STATE = f"RETURN e.id AS id, e.type AS type, coalesce(e.date, e.anchor) AS when, {_PLACES} AS places"


class _Neo4jWriter:
    """The `model.GraphWriter` primitives, as Cypher inside one transaction."""

    def __init__(self, tx):
        self.tx = tx

    def _run(self, cypher: str, **params) -> list[dict]:
        return [to_python(record.data()) for record in self.tx.run(cypher, **params)]

    def present_documents(self, doc_ids: list[str]) -> set[str]:
        rows = self._run("UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d.id AS id", ids=doc_ids)
        return {row["id"] for row in rows}

    def remove_document(self, doc_id: str) -> Removal:
        entity_labels = list(model.COLLECTION_ORDER)
        found = self._run("""
            MATCH (d:Document {id: $id})
            OPTIONAL MATCH (e:Event)-[:REPORTED_IN]->(d)
            WITH d, collect(DISTINCT e.id) AS events
            OPTIONAL MATCH (d)-[:MENTIONS]->(m)
            WITH d, events, collect(DISTINCT {label: [l IN labels(m) WHERE l IN $labels][0], id: m.id}) AS mentioned
            DETACH DELETE d
            RETURN events, mentioned""", id=doc_id, labels=entity_labels)
        if not found:
            return Removal()
        events, mentioned = found[0]["events"], found[0]["mentioned"]
        places_before = self.event_places(set(events))     # before sides are stripped
        # a relationship left without documents goes; its far end may then be unreferenced
        strip = """
            WHERE $doc IN r.docs
            SET r.docs = [d IN r.docs WHERE d <> $doc]
            WITH r, other WHERE size(r.docs) = 0
            DELETE r
            RETURN DISTINCT [l IN labels(other) WHERE l IN $labels][0] AS label, other.id AS id"""
        persons = [m["id"] for m in mentioned if m["label"] == "Person"]
        released = self._run("UNWIND $ids AS id MATCH (:Event {id: id})<-[r:PARTY_TO]-(other)" + strip,
                             ids=events, doc=doc_id, labels=entity_labels)
        released += self._run("UNWIND $ids AS id MATCH (:Event {id: id})-[r:OF_COMMODITY|ABOUT]->(other)"
                              + strip, ids=events, doc=doc_id, labels=entity_labels)
        self._run("""
            UNWIND $ids AS id
            MATCH (:Person {id: id})-[r:HOLDS]->() WHERE $doc IN r.docs AND size(r.docs) > 1
            SET r.positions = [v IN coalesce(r.positions, []) WHERE NOT v STARTS WITH $doc + '\\t']
            """ + _SHOWN_POSITION, ids=persons, doc=doc_id)
        released += self._run("UNWIND $ids AS id MATCH (:Person {id: id})-[r:HOLDS]->(other)" + strip,
                              ids=persons, doc=doc_id, labels=entity_labels)
        orphaned = self._run("""
            UNWIND $events AS id
            MATCH (e:Event {id: id}) WHERE NOT (e)-[:REPORTED_IN]->()
            OPTIONAL MATCH (e)--(n)
            WITH e, e.id AS id, collect(DISTINCT {label: [l IN labels(n) WHERE l IN $labels][0], id: n.id}) AS neighbours
            DETACH DELETE e
            RETURN id, neighbours""", events=events, labels=entity_labels)
        candidates = {NodeRef(m["label"], m["id"]) for m in mentioned + released if m["id"] is not None}
        for row in orphaned:
            candidates |= {NodeRef(n["label"], n["id"]) for n in row["neighbours"] if n["label"]}
        removal = Removal(events=set(events) - {row["id"] for row in orphaned}, candidates=candidates)
        removal.add_pairs(places_before)
        return removal

    # the stored events some probe wants (model.EventProbe): those of its signature whose
    # span comes near its anchor, the signature's undated event by id, and for an undated
    # report the dated events holding its sentence
    _KNOWN_EVENTS = """
        CALL {
            CALL {
                UNWIND $probes AS p
                WITH p WHERE p.dated
                MATCH (e:Event {signature: p.signature})
                WHERE e.anchor <= p.high AND coalesce(e.last_anchor, e.anchor) >= p.low
                RETURN e
                UNION
                UNWIND $probes AS p
                MATCH (e:Event {id: p.undated})
                RETURN e
                UNION
                UNWIND $probes AS p
                WITH p WHERE NOT p.dated
                MATCH (e:Event {signature: p.signature})-[r:REPORTED_IN]->()
                WHERE e.anchor IS NOT NULL AND r.sentence = p.sentence
                RETURN DISTINCT e
                UNION
                UNWIND $probes AS p
                WITH p WHERE p.dated
                MATCH (e:Event {signature: p.signature}) WHERE e.undated_reports > 0 AND e.anchor IS NOT NULL
                MATCH (e)-[r:REPORTED_IN]->(d:Document)
                WHERE r.sentence = p.sentence AND r.date IS NULL AND d.published IS NULL
                RETURN DISTINCT e
            }
            WITH e, [(e)-[r:REPORTED_IN]->(d:Document) | [d.id, r.sentence, r.date IS NULL AND d.published IS NULL]]
                 AS reports
            RETURN collect(e {.id, .signature, .anchor, .last_anchor, reports: reports}) AS events
        }"""

    @staticmethod
    def _probe_rows(probes: list[model.EventProbe]) -> list[dict]:
        return [{"signature": p.signature, "low": p.low, "high": p.high, "dated": p.anchor is not None,
                 "undated": p.undated_id, "sentence": p.sentence} for p in probes]

    @staticmethod
    def _known(rows: list[dict]) -> list[KnownEvent]:
        events = []
        for row in rows:
            reports = row["reports"]
            events.append(KnownEvent(row["id"], row["signature"], row["anchor"], row["last_anchor"],
                                     frozenset(sentence for _, sentence, _ in reports),
                                     tuple(sorted((doc, sentence) for doc, sentence, undated in reports if undated))))
        return events

    def known_events(self, probes: list[model.EventProbe]) -> list[KnownEvent]:
        row = self._run(self._KNOWN_EVENTS + " RETURN events", probes=self._probe_rows(probes))[0]
        return self._known(row["events"])

    def event_reports(self, event_ids: set[str]) -> list[tuple]:
        rows = self._run("""
            UNWIND $ids AS id
            MATCH (e:Event {id: id})-[r:REPORTED_IN]->(d:Document)
            RETURN e.id AS event, e.signature AS signature, d.id AS doc,
                   coalesce(r.date, d.published) AS anchor, r.sentence AS sentence""", ids=sorted(event_ids))
        return [(r["event"], r["signature"], r["doc"], r["anchor"], r["sentence"]) for r in rows]

    def move_reports(self, moves: list[model.Move]) -> None:
        by_type: dict[str, list[dict]] = {}
        for move in moves:
            by_type.setdefault(move.type, []).append(
                {"source": move.source, "target": move.target,
                 "docs": list(move.docs) if move.docs is not None else None})
        for event_type, rows in sorted(by_type.items()):
            self.tx.run(_move_statement(EVENT_LABELS[event_type]), moves=rows).consume()

    def present_and_known(self, doc_ids: list[str],
                          probes: list[model.EventProbe]) -> tuple[set[str], list[KnownEvent]]:
        row = self._run("""
            CALL {
                UNWIND $ids AS id
                MATCH (d:Document {id: id})
                RETURN collect(d.id) AS present
            }""" + self._KNOWN_EVENTS + " RETURN present, events",
                        ids=doc_ids, probes=self._probe_rows(probes))[0]
        return set(row["present"]), self._known(row["events"])

    def write(self, rows: BatchRows) -> None:
        """The whole batch in one statement (`_write_statement`), its rows in one map by group."""
        groups: dict[str, list[dict]] = {name: [] for name in _WRITE_GROUPS}
        for node in rows.nodes:
            groups[node.ref.label].append({"id": node.ref.id, "props": node.properties})
        for event in rows.events:
            groups[EVENT_LABELS[event.type]].append({"id": event.id, "props": event.properties})
        for rel in rows.relationships:
            groups[f"{rel.type}_{rel.start.label}_{rel.end.label}"].append(
                {"start": rel.start.id, "end": rel.end.id, "props": rel.properties})
        self.tx.run(_write_statement(), groups=groups).consume()

    def summarise_events(self, event_ids: set[str]) -> dict[str, model.EventState]:
        """model.event_summaries inside the server: the reports ordered as it orders them
        (stated date, else publication date, missing last; then document, offset), so that
        `collect(...)[0]` is the earliest report giving each detail (collect skips nulls).
        Sources are counted over the documents' `publisher` (identity.source_key)."""
        details = ", ".join(f"collect(r.{name})[0] AS {name}" for name in model.REPORTED_DETAILS)
        set_details = ", ".join(f"e.{name} = {name}" for name in model.REPORTED_DETAILS)
        rows = self._run(f"""
            UNWIND $ids AS id
            MATCH (e:Event {{id: id}})
            CALL {{
                WITH e
                MATCH (e)-[r:REPORTED_IN]->(d:Document)
                WITH r, d ORDER BY coalesce(r.date, d.published), d.id, r.start
                RETURN min(r.date) AS date, min(coalesce(r.date, d.published)) AS anchor,
                       max(coalesce(r.date, d.published)) AS last_anchor,
                       count(CASE WHEN r.date IS NULL AND d.published IS NULL THEN 1 END) AS undated_reports,
                       count(r) AS mentions, count(DISTINCT d.publisher) AS sources, {details}
            }}
            SET e.date = date, e.anchor = anchor, e.last_anchor = last_anchor, e.day = coalesce(date, anchor),
                e.sort_key = coalesce(toString(coalesce(date, anchor)), $undated) + ' ' + e.id,
                e.undated_reports = undated_reports, e.mentions = mentions,
                e.sources = sources, {set_details}
            {_RETURN_STATE}""",
                         ids=sorted(event_ids), roles=list(model.PLACE_ROLES), undated=UNDATED_SORT)
        return self._states(rows)

    @staticmethod
    def _states(rows: list[dict]) -> dict[str, model.EventState]:
        return {row["id"]: model.EventState(row["type"], row["when"], tuple(row["places"])) for row in rows}

    def event_states(self, event_ids: set[str]) -> dict[str, model.EventState]:
        if not event_ids:
            return {}
        rows = self._run("UNWIND $ids AS id MATCH (e:Event {id: id}) " + _RETURN_STATE,
                         ids=sorted(event_ids), roles=list(model.PLACE_ROLES))
        return self._states(rows)

    def collect(self, label: str, ids: set[str]) -> set[str]:
        if not ids:
            return set()
        ignored = list(model.IGNORED_WHEN_COLLECTING.get(label, model.DEFAULT_IGNORED))
        rows = self._run(f"""
            UNWIND $ids AS id
            MATCH (n:{label} {{id: id}})
            WHERE NOT EXISTS {{ MATCH (n)-[r]-() WHERE NOT type(r) IN $ignored }}
            OPTIONAL MATCH (n)-[:PART_OF]->(c:Country)
            WITH n, collect(c.id) AS countries
            DETACH DELETE n
            RETURN countries""", ids=sorted(ids), ignored=ignored)
        return {country for row in rows for country in row["countries"]}

    def event_places(self, event_ids: set[str]) -> list[list[str]]:
        if not event_ids:
            return []
        rows = self._run("""
            UNWIND $ids AS id
            MATCH (e:Event {id: id})
            """ + _RETURN_PLACES,
                         ids=sorted(event_ids), roles=list(model.PLACE_ROLES))
        return [row["places"] for row in rows]

    @staticmethod
    def _by_end_label(rows: Iterable[dict]) -> dict[str, list[dict]]:
        """Rows with a pair's `start` and `end`, grouped by the end's label (what the statements take)."""
        grouped: dict[str, list[dict]] = {label: [] for label in RELATIONSHIPS["PARTNER_OF"].end}
        for row in rows:
            grouped[identity.place_label(row["end"])].append(row)
        return grouped

    def refresh_partners(self, pairs: set[tuple[str, str]]) -> None:
        grouped = self._by_end_label({"start": start, "end": end} for start, end in sorted(pairs))
        self.tx.run(_refresh_statement(), pairs=grouped, roles=list(model.PLACE_ROLES)).consume()

    def document_outlets(self, doc_ids) -> list[tuple]:
        rows = self._run("""
            UNWIND $ids AS id
            MATCH (d:Document {id: id})
            RETURN d.outlet AS outlet, d.published AS published,
                   COUNT { (d)<-[:REPORTED_IN]-() } AS reports""", ids=list(doc_ids))
        return [(row["outlet"], row["published"], row["reports"]) for row in rows]

    def update_outlets(self, changes: list[model.OutletChange]) -> None:
        # first and last are read again from the outlet's documents only when a document
        # giving one of them left (through the Document.outlet index; documents without
        # an outlet have no index entry, so theirs is a scan, rare as such removals are)
        self.tx.run("""
            UNWIND $changes AS c
            MERGE (o:Outlet {id: c.id})
                ON CREATE SET o.name = c.name, o.documents = 0, o.reports = 0
            SET o.documents = o.documents + c.documents, o.reports = o.reports + c.reports
            WITH o, c
            CALL (o, c) {
                WITH o, c WHERE any(day IN c.removed WHERE day = o.first OR day = o.last)
                CALL (c) {
                    WITH c WHERE c.name IS NOT NULL
                    MATCH (d:Document {outlet: c.name})
                    RETURN d.published AS published
                    UNION ALL
                    WITH c WHERE c.name IS NULL
                    MATCH (d:Document) WHERE d.outlet IS NULL
                    RETURN d.published AS published
                }
                WITH o, min(published) AS first, max(published) AS last
                SET o.first = first, o.last = last
                RETURN count(*) AS recomputed
            }
            SET o.first = CASE WHEN o.first IS NULL OR c.first < o.first THEN coalesce(c.first, o.first)
                               ELSE o.first END,
                o.last = CASE WHEN o.last IS NULL OR c.last > o.last THEN coalesce(c.last, o.last)
                              ELSE o.last END
            WITH o WHERE o.documents <= 0
            DELETE o""",
                    changes=[change.row() for change in changes]).consume()

    def partner_summaries(self, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], dict]:
        grouped = self._by_end_label({"start": start, "end": end} for start, end in sorted(pairs))
        rows = self._run(_PARTNER_SUMMARIES, pairs=grouped)
        return {(row["start"], row["end"]): row["properties"] for row in rows}

    def write_partners(self, rows: list[model.RelRow], gone: set[tuple[str, str]]) -> None:
        names = RELATIONSHIPS["PARTNER_OF"].properties
        written = self._by_end_label({"start": row.start.id, "end": row.end.id,
                                      "props": {name: row.properties.get(name) for name in names}}
                                     for row in rows)
        removed = self._by_end_label({"start": start, "end": end} for start, end in sorted(gone))
        self.tx.run(_write_partners_statement(), written=written, removed=removed).consume()

    def counts(self) -> dict[str, dict[str, int]]:
        # One round trip, each count a subquery of its own so that the server reads it from
        # its count store instead of scanning. (`CALL {` without a scope clause: every Neo4j 5.)
        counts = model.empty_counts()
        columns = {f"node_{label}": ("nodes", label) for label in NODES}
        columns |= {f"rel_{rel_type}": ("relationships", rel_type) for rel_type in RELATIONSHIPS}
        parts = [f"CALL {{ MATCH (n:{label}) RETURN count(n) AS node_{label} }}" for label in NODES]
        parts += [f"CALL {{ MATCH ()-[r:{rel_type}]->() RETURN count(r) AS rel_{rel_type} }}"
                  for rel_type in RELATIONSHIPS]
        row = self._run(" ".join(parts) + " RETURN *")[0]
        for column, (kind, name) in columns.items():
            counts[kind][name] = row[column]
        return counts
