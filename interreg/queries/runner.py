"""Run a catalogue query on either store and return plain rows.

On Neo4j the query's Cypher runs in a read-only session with the resolved
parameters as driver parameters (never formatted into the text) and a
transaction timeout (`DEFAULT_TIMEOUT`), and the server's refusal of a write
becomes a one-line error; Cypher that is not the package's own (an analyst's
query file, `interreg cypher`) must first pass `check_read_only`. On the
embedded store its networkx twin runs on the graph. Both
answers are normalised the same way, so they can be compared row by row:
dates become ISO strings, floats are rounded, list columns are sorted (except
the `ordered` ones, such as a path).

A built-in query with a `limit: int` parameter returns at most that many rows, the first
ones of its ORDER BY; `limit=0` means all of them. One row more is asked of the store, so
`answer` can tell a cut answer from one that happens to have exactly `limit` rows.

>>> rows = run(store, "partners", {"region": "Бухарская область"})   # doctest: +SKIP
>>> rows[0]["partner"], rows[0]["meetings"]                           # doctest: +SKIP
('RU-OMS', 2)
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from interreg.errors import UserError
from interreg.queries import catalogue, memory, params as query_params
from interreg.queries.catalogue import QuerySpec

FLOAT_DIGITS = 6
# Neo4j error codes that mean "a write was attempted in a read-only session".
WRITE_REFUSED_CODES = ("Neo.ClientError.Statement.AccessMode",
                       "Neo.ClientError.Transaction.ForbiddenDueToTransactionType")
# The row limit of the catalogue's queries; 0 asks for every row.
LIMIT_PARAM = "limit"
# What `limit=0` becomes for the store: more rows than any graph has, and a valid
# Cypher LIMIT (a Java long).
NO_LIMIT = 2 ** 62
# Seconds a query may run on Neo4j before the server ends it (`--timeout`).
DEFAULT_TIMEOUT = 60.0
TIMEOUT_CODES = ("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
                 "Neo.ClientError.Transaction.TransactionTimedOut")
# The only procedures Cypher from outside the package may call: they read the graph's
# own vocabulary. Everything else (db.clearQueryCaches, db.prepareForReplanning,
# dbms.listConfig, ...) changes the server's state or shows its settings.
ALLOWED_PROCEDURES = ("db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
                      "db.schema.nodeTypeProperties", "db.schema.relTypeProperties")
# Plan operators of commands rather than queries: SHOW ..., TERMINATE TRANSACTIONS,
# user, role, database and schema administration. The server calls several of them reads.
COMMAND_OPERATORS = re.compile(r"(Show|Terminate|AdministrationCommand|Create(Index|Constraint)"
                               r"|Drop|Alter|Grant|Deny|Revoke|DoNothingIf|Enable|Start|Stop)")
QUERY_TYPES = {"w": "a write", "rw": "a read and a write", "s": "a schema or system change"}


@dataclass
class Answer:
    """The rows of a query run and whether there were more than its limit let through."""

    rows: list[dict]
    limit: int | None = None        # the row limit applied; None when there was none
    cut: bool = False               # True: rows beyond the first `limit` were left out


def run(store, name: str, params: dict[str, object] | None = None,
        extra_dir: Path | str | None = None) -> list[dict]:
    """Rows of query `name` on `store`; `params` are raw values (usually strings) by name."""
    return answer(store, name, params, extra_dir).rows


def answer(store, name: str, params: dict[str, object] | None = None,
           extra_dir: Path | str | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> Answer:
    """`run`, also saying whether the row limit cut the answer short.

    >>> answer(store, "network", {"limit": "5"}).cut        # doctest: +SKIP
    True
    """
    spec, resolved, limit = prepare(store, name, params, extra_dir)
    rows = _rows(store, spec, resolved, timeout)
    if not limit:
        return Answer(rows, None)
    return Answer(rows[:limit], limit, cut=len(rows) > limit)


def prepare(store, name: str, params: dict[str, object] | None = None,
            extra_dir: Path | str | None = None) -> tuple[QuerySpec, dict[str, object], int | None]:
    """The query, the parameters the store gets (resolved, checked, the limit one row
    over) and the row limit asked for (None: no limit parameter; 0: all rows)."""
    spec = catalogue.get(name, extra_dir)
    resolved = query_params.resolve(spec, params)
    resolved.update(complete_event_ids(store, spec, resolved))
    check(spec, resolved)
    limit = resolved.get(LIMIT_PARAM) if spec.builtin and spec.param(LIMIT_PARAM) else None
    if limit is not None:
        resolved[LIMIT_PARAM] = limit + 1 if limit else NO_LIMIT
    return spec, resolved, limit


def _rows(store, spec: QuerySpec, resolved: dict[str, object], timeout: float | None) -> list[dict]:
    if is_neo4j(store):
        runner_name = f"query {spec.name!r} from {spec.path}"
        with server_refusals(runner_name, "Cypher", timeout):
            if not spec.builtin:
                check_read_only(store, spec.cypher, resolved, runner_name, "Cypher")
            if spec.builtin and resolved.get(LIMIT_PARAM) != NO_LIMIT:
                # the package's own queries, answers of a few hundred rows: as one record
                rows = store.read_gathered(spec.cypher, resolved, timeout=timeout)
            else:
                rows = store.read(spec.cypher, resolved, timeout=timeout)
    else:
        implementation = memory.QUERIES.get(spec.name) if spec.builtin else None
        if implementation is None:
            raise UserError(f"query {spec.name!r} ({spec.path}) is user Cypher: it runs on Neo4j "
                            "only (use --store neo4j); the embedded store answers the built-in queries")
        rows = implementation(store.graph, **resolved)
    return [normalise_row(row, spec.ordered) for row in rows]


# How many candidates an ambiguous event id prefix lists.
PREFIX_CANDIDATES = 5


def complete_event_ids(store, spec: QuerySpec, resolved: dict[str, object]) -> dict[str, str]:
    """Event parameters given as the start of an id («meeting-4167») completed to the one
    event id they begin; an id of the graph stays as it is, an unknown one too (no rows).
    A prefix that several events begin with is an error listing some of them."""
    completed = {}
    for param in spec.params:
        value = resolved.get(param.name)
        if param.type != "event" or not isinstance(value, str) or not value:
            continue
        if not is_neo4j(store) and memory.GraphView(store.graph).node("Event", value):
            continue            # an id of the graph: no need to look through every event
        candidates = _events_starting(store, value, PREFIX_CANDIDATES + 1)
        if value in candidates or not candidates:
            continue
        if len(candidates) > 1:
            shown = ", ".join(candidates[:PREFIX_CANDIDATES]) + (", ..." if len(candidates) > PREFIX_CANDIDATES else "")
            raise UserError(f"{param.name}: {value!r} begins several event ids ({shown}); give more of it")
        completed[param.name] = candidates[0]
    return completed


def _events_starting(store, prefix: str, limit: int) -> list[str]:
    """Up to `limit` event ids beginning with `prefix`, the exact id first when there is one."""
    if is_neo4j(store):
        rows = store.read("MATCH (e:Event) WHERE e.id STARTS WITH $prefix "
                          "RETURN e.id AS id ORDER BY size(e.id), id LIMIT $limit",
                          {"prefix": prefix, "limit": limit})
        return [row["id"] for row in rows]
    graph = store.graph
    ids = sorted((graph.nodes[key]["id"] for key in memory.index_of(graph).by_label.get("Event", ())
                  if str(graph.nodes[key].get("id", "")).startswith(prefix)), key=lambda i: (len(i), i))
    return ids[:limit]


def is_neo4j(store) -> bool:
    return getattr(store, "kind", None) == "neo4j"


def check_read_only(store, cypher: str, params: dict, runner_name: str, what: str) -> None:
    """Refuse, before it runs, Cypher that the server would not run as a plain read: its
    plan (EXPLAIN) must be of query type 'r', hold no command (SHOW, TERMINATE, ...) and
    call no procedure outside ALLOWED_PROCEDURES. A read-access session alone lets
    `TERMINATE TRANSACTIONS` end other clients' work, and `CALL db.clearQueryCaches()` run."""
    query_type, operators = store.plan(cypher, params)
    refused = f"refused: {runner_name} runs in a read-only session, for reads only"
    if query_type != "r":
        kind = QUERY_TYPES.get(query_type, f"of type {query_type!r}")
        raise UserError(f"{refused}, and the server plans this {what} as {kind}")
    for operator, details in operators:
        if COMMAND_OPERATORS.match(operator):
            raise UserError(f"{refused}, and this {what} is an administration command ({operator})")
        if operator == "ProcedureCall":
            procedure = details.partition("(")[0].strip().strip("`")
            if procedure not in ALLOWED_PROCEDURES:
                raise UserError(f"{refused}, and this {what} calls {procedure or details}: the procedures "
                                f"allowed are {', '.join(ALLOWED_PROCEDURES)}")


@contextmanager
def server_refusals(runner_name: str, what: str, timeout: float | None = None):
    """Neo4j's errors inside the block as one-line user errors; a write says it was refused,
    a query the server ended at `timeout` says so.

    `runner_name` names what ran the Cypher («query 'wipe' from …/wipe.cypher»), `what`
    the Cypher itself («Cypher», «statement»).
    """
    from neo4j.exceptions import Neo4jError

    try:
        yield
    except Neo4jError as error:
        if getattr(error, "code", None) in TIMEOUT_CODES:
            limit = f"{timeout:g} s" if timeout else "the server's time limit"
            raise UserError(f"stopped: the {what} of {runner_name} ran longer than {limit} "
                            "(--timeout SECONDS allows more, 0 none)") from None
        if is_write_refusal(error):
            raise UserError(f"refused: {runner_name} runs in a read-only session and this {what} "
                            "writes to the graph (CREATE, MERGE, SET, DELETE ...)") from None
        raise UserError(f"Neo4j rejected the {what} of {runner_name}: {error.message or error}") from None


def is_write_refusal(error: Exception) -> bool:
    code = getattr(error, "code", None) or ""
    text = str(error).lower()
    return code in WRITE_REFUSED_CODES or "read access mode" in text or "accessmode" in text


def check(spec: QuerySpec, resolved: dict[str, object]) -> None:
    """Rules that tie parameters together, for the queries that have them."""
    if spec.name in ("path", "timeline") and resolved.get("region_a") == resolved.get("region_b"):
        raise UserError(f"{spec.name}: region_a and region_b are the same place "
                        f"({resolved.get('region_a')})")
    if spec.name == "path" and not 1 <= resolved["max_hops"] <= memory.PATH_BOUND:
        raise UserError(f"path: max_hops must be between 1 and {memory.PATH_BOUND}")


def normalise_row(row: dict, ordered: tuple[str, ...] = ()) -> dict:
    """Values both stores write the same way: ISO dates, rounded floats, sorted sets."""
    return {column: normalise(value, keep_order=column in ordered) for column, value in row.items()}


def normalise(value, keep_order: bool = False):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "iso_format"):          # a neo4j.time value not yet converted
        return value.iso_format()
    if isinstance(value, float):
        return round(value, FLOAT_DIGITS)
    if isinstance(value, (list, tuple)):
        items = [normalise(v) for v in value]
        return items if keep_order else sorted(items, key=_sort_key)
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    return value


def _sort_key(value):
    """Nulls last; values of different kinds apart, by kind name."""
    return (value is None, type(value).__name__ if value is not None else "",
            value if isinstance(value, (str, int, float)) else repr(value))
