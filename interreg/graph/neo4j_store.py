"""The Neo4j store: the same rows as the embedded store, written over Bolt.

Every load or deletion is one managed write transaction (`session.execute_write`,
so the driver retries it on transient errors), made of `UNWIND $rows` batches
built from `interreg.graph.model`; labels and relationship types in the Cypher
text come from schema.py, never from data. Reads run in read transactions.
Uniqueness constraints on every label's key and the indexes schema.py asks for
are created on first connection (`IF NOT EXISTS`, so idempotently).

>>> store = Neo4jStore("bolt://127.0.0.1:7687")       # doctest: +SKIP
>>> store.read("MATCH (r:Region) RETURN r.id AS id", {})  # doctest: +SKIP
[{'id': 'RU-OMS'}, {'id': 'UZ-BU'}]
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from typing import Any, Callable, TypeVar

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import (AuthError, ClientError, ConfigurationError, ServiceUnavailable,
                              SessionExpired)

from interreg import config
from interreg.errors import UserError
from interreg.graph import identity, model
from interreg.graph.model import (BatchRows, EventParties, KnownEvent, NodeRef, RelRow, Removal,
                                  Report)
from interreg.graph.schema import EVENT_LABELS, NODES, RELATIONSHIPS
from interreg.graph.store import LoadSummary
from interreg.ingest.facts import DocumentFacts

Result = TypeVar("Result")
# Nodes deleted per transaction by clear(), so a large graph never needs one huge transaction.
CLEAR_CHUNK = 10_000
# The store speaks Bolt; the driver's other schemes (its preview HTTP API) are not for it.
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def to_python(value: Any) -> Any:
    """Neo4j temporal values → datetime values, inside lists and maps too."""
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime, neo4j.time.Time)):
        return value.to_native()
    if isinstance(value, dict):
        return {key: to_python(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_python(item) for item in value]
    return value


def schema_statements() -> list[str]:
    """Constraints and indexes the model asks for, each safe to run again."""
    statements = []
    for label, node in NODES.items():
        statements.append(f"CREATE CONSTRAINT {label.lower()}_{node.key} IF NOT EXISTS "
                          f"FOR (n:{label}) REQUIRE n.{node.key} IS UNIQUE")
        statements += [f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
                       for prop in node.indexed]
    return statements


class Neo4jStore:
    kind = "neo4j"

    def __init__(self, uri: str | None = None, user: str | None = None,
                 password: str | None = None, database: str | None = None):
        settings = config.neo4j_settings(uri, user, password, database)
        # without user info, so every message may name it; the password goes to the driver only
        self.uri = settings["uri"]
        user, password, self.database = settings["user"], settings["password"], settings["database"]
        # an empty password means a server with authentication switched off
        auth = (user, password) if password else None
        if self.uri.partition("://")[0].lower() not in BOLT_SCHEMES:
            raise UserError(f"cannot use the Neo4j URI {self.uri}: it must start with "
                            f"{', '.join(s + '://' for s in BOLT_SCHEMES)} (check NEO4J_URI)")
        try:
            # the server's hints (e.g. "this label does not exist yet" on an empty graph) are noise here
            self.driver = GraphDatabase.driver(self.uri, auth=auth, notifications_min_severity="OFF")
            self.driver.verify_connectivity()
        except AuthError as error:
            raise UserError(f"Neo4j at {self.uri} refused the credentials of user {user!r} "
                            "(check NEO4J_USER and NEO4J_PASSWORD)") from error
        except ConfigurationError as error:
            raise UserError(f"cannot use the Neo4j URI {self.uri}: {error} (check NEO4J_URI)") from None
        except (ServiceUnavailable, SessionExpired, OSError, ValueError) as error:
            raise UserError(f"cannot reach Neo4j at {self.uri}: is the server running? "
                            "(set NEO4J_URI, or start one with scripts/neo4j-local start)") from error
        try:
            self._create_schema()
        except ClientError as error:
            self.driver.close()
            if error.code == "Neo.ClientError.Database.DatabaseNotFound":
                raise UserError(f"Neo4j at {self.uri} has no database {self.database!r} "
                                "(check NEO4J_DATABASE)") from error
            raise

    # --- the Store interface ---------------------------------------------------------

    def upsert(self, batch: list[DocumentFacts]) -> LoadSummary:
        return self._write(lambda writer: model.upsert_facts(writer, batch))

    def delete_document(self, doc_id: str) -> bool:
        return self._write(lambda writer: model.delete_document(writer, doc_id))

    def document_hashes(self) -> dict[str, str]:
        rows = self.read("MATCH (d:Document) RETURN d.id AS id, d.hash AS hash", {})
        return {row["id"]: row["hash"] for row in rows}

    def read(self, cypher: str, params: dict | None = None) -> list[dict]:
        """Run Cypher in a read-only session; rows as dicts, dates as `datetime.date`."""
        def work(tx):
            return [to_python(record.data()) for record in tx.run(cypher, params or {})]
        with self._session(neo4j.READ_ACCESS) as session:
            return self._guard(lambda: session.execute_read(work))

    def counts(self) -> dict[str, dict[str, int]]:
        with self._session(neo4j.READ_ACCESS) as session:
            return self._guard(lambda: session.execute_read(lambda tx: _Neo4jWriter(tx).counts()))

    def clear(self) -> None:
        def delete_some(tx) -> int:
            return tx.run("MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted",
                          limit=CLEAR_CHUNK).single()["deleted"]
        with self._session(neo4j.WRITE_ACCESS) as session:
            while self._guard(lambda: session.execute_write(delete_some)):
                pass

    def close(self) -> None:
        self.driver.close()

    # --- plumbing ----------------------------------------------------------------------

    def _session(self, access_mode: str):
        return self.driver.session(database=self.database, default_access_mode=access_mode)

    def _guard(self, call: Callable[[], Result]) -> Result:
        try:
            return call()
        except (ServiceUnavailable, SessionExpired) as error:
            raise UserError(f"lost the connection to Neo4j at {self.uri}: {error}") from error

    def _write(self, work: Callable[[_Neo4jWriter], Result]) -> Result:
        with self._session(neo4j.WRITE_ACCESS) as session:
            return self._guard(lambda: session.execute_write(lambda tx: work(_Neo4jWriter(tx))))

    def _create_schema(self) -> None:
        # schema changes cannot share a transaction with data, so each runs on its own
        with self._session(neo4j.WRITE_ACCESS) as session:
            for statement in schema_statements():
                self._guard(lambda: session.run(statement).consume())


def _fill(variable: str, names: list[str]) -> str:
    """SET clauses keeping known values and filling unknown ones from `row`."""
    return ", ".join(f"{variable}.{name} = coalesce({variable}.{name}, row.{name})" for name in names)


def _relationship_set(rel_type: str) -> str:
    clauses = []
    for name in RELATIONSHIPS[rel_type].properties:
        if name == "docs":
            clauses.append("r.docs = coalesce(r.docs, []) + [d IN row.props.docs WHERE NOT d IN coalesce(r.docs, [])]")
        elif rel_type == "MENTIONS" and name == "count":
            clauses.append("r.count = coalesce(r.count, 0) + row.props.count")
        else:
            clauses.append(f"r.{name} = coalesce(r.{name}, row.props.{name})")
    return ("SET " + ", ".join(clauses)) if clauses else ""


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
        return Removal(events=set(events) - {row["id"] for row in orphaned}, candidates=candidates)

    def known_events(self, signatures: set[str]) -> list[KnownEvent]:
        rows = self._run("MATCH (e:Event) WHERE e.signature IN $signatures "
                         "RETURN e.id AS id, e.signature AS signature, e.anchor AS anchor",
                         signatures=sorted(signatures))
        return [KnownEvent(row["id"], row["signature"], row["anchor"]) for row in rows]

    def write(self, rows: BatchRows) -> None:
        nodes_by_label = defaultdict(list)
        for node in rows.nodes:
            nodes_by_label[node.ref.label].append({"id": node.ref.id, **node.properties})
        for label, batch in nodes_by_label.items():
            names = [p for p in NODES[label].properties if p != NODES[label].key]
            self._run(f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET {_fill('n', names)}",
                      rows=batch)

        events_by_type = defaultdict(list)
        for event in rows.events:
            events_by_type[event.type].append({"id": event.id, **event.properties})
        names = [p for p in NODES["Event"].properties if p != "id"]
        for event_type, batch in events_by_type.items():
            self._run(f"UNWIND $rows AS row MERGE (n:Event {{id: row.id}}) "
                      f"SET n:{EVENT_LABELS[event_type]}, {_fill('n', names)}", rows=batch)

        self._merge_relationships(rows.relationships)

    def _merge_relationships(self, relationships: list[RelRow], create: bool = False) -> None:
        grouped = defaultdict(list)
        for rel in relationships:
            grouped[(rel.type, rel.start.label, rel.end.label)].append(
                {"start": rel.start.id, "end": rel.end.id, "props": rel.properties})
        for (rel_type, start, end), batch in grouped.items():
            self._run(f"UNWIND $rows AS row MATCH (a:{start} {{id: row.start}}) MATCH (b:{end} {{id: row.end}}) "
                      f"{'CREATE' if create else 'MERGE'} (a)-[r:{rel_type}]->(b) {_relationship_set(rel_type)}",
                      rows=batch)

    def reports(self, event_ids: set[str]) -> list[Report]:
        rows = self._run("""
            UNWIND $ids AS id
            MATCH (e:Event {id: id})-[r:REPORTED_IN]->(d:Document)
            RETURN id, r.date AS date, d.published AS published, d.outlet AS outlet, d.url AS url,
                   d.id AS doc, r.start AS start, r {.status, .kind, .amount, .currency} AS details""",
                         ids=sorted(event_ids))
        return [Report(row["id"], row["date"], row["published"],
                       identity.source_key(row["outlet"], row["url"], row["doc"]),
                       row["doc"], row["start"], row["details"]) for row in rows]

    def set_event_summaries(self, summaries: dict[str, dict]) -> None:
        rows = [{"id": event_id, **summary} for event_id, summary in summaries.items()]
        self._run("UNWIND $rows AS row MATCH (e:Event {id: row.id}) "
                  "SET e.date = row.date, e.anchor = row.anchor, e.mentions = row.mentions, "
                  "e.sources = row.sources, e.status = row.status, e.kind = row.kind, "
                  "e.amount = row.amount, e.currency = row.currency", rows=rows)

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

    def event_parties(self) -> list[EventParties]:
        rows = self._run("""
            MATCH (e:Event)
            OPTIONAL MATCH (p)-[r:PARTY_TO]->(e)
            WHERE (p:Region OR p:Country) AND r.role IN $roles
            WITH e, collect(p.id) AS places
            OPTIONAL MATCH (e)-[:REPORTED_IN]->(d:Document)
            RETURN e.id AS id, e.type AS type, coalesce(e.date, e.anchor) AS when, places,
                   collect(d {.outlet, .url, .id}) AS documents""", roles=list(model.PLACE_ROLES))
        return [EventParties(row["id"], row["type"], row["when"], row["places"],
                             {identity.source_key(d["outlet"], d["url"], d["id"]) for d in row["documents"]})
                for row in rows]

    def replace_partners(self, rows: list[RelRow]) -> None:
        self._run("MATCH ()-[r:PARTNER_OF]->() DELETE r")
        self._merge_relationships(rows, create=True)

    def counts(self) -> dict[str, dict[str, int]]:
        counts = model.empty_counts()
        for label in counts["nodes"]:
            counts["nodes"][label] = self._run(f"MATCH (n:{label}) RETURN count(n) AS n")[0]["n"]
        for rel_type in counts["relationships"]:
            counts["relationships"][rel_type] = self._run(
                f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS n")[0]["n"]
        return counts
