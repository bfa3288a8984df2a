"""`interreg queries`, `interreg query NAME` and `interreg cypher "MATCH ..."`."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from interreg.errors import UserError
from interreg.queries import catalogue, runner
from interreg.queries.params import parse_assignments, resolved_places

FORMATS = ("table", "csv", "json")
LIST_SEPARATOR = "; "


def register(subparsers) -> None:
    from interreg.cli import add_store_option

    listing = subparsers.add_parser("queries", help="list the canned queries and their parameters")
    listing.set_defaults(func=list_queries)

    query = subparsers.add_parser("query", help="run a canned query",
                                  description="Run a canned query; `interreg queries` lists them.")
    query.add_argument("name", help="query name, e.g. partners")
    _add_param_option(query, "a parameter, e.g. --param region=«Бухарская область» (repeatable)")
    _add_format_option(query)
    add_store_option(query)
    query.set_defaults(func=run_query)

    cypher = subparsers.add_parser("cypher", help="run read-only Cypher against Neo4j",
                                   description="Run ad-hoc Cypher in a read-only session (Neo4j only).")
    cypher.add_argument("statement", help='e.g. "MATCH (r:Region) RETURN r.id, r.name"')
    _add_param_option(cypher, "a string parameter for $NAME in the statement (repeatable)")
    _add_format_option(cypher)
    add_store_option(cypher)
    cypher.set_defaults(func=run_cypher)


def _add_param_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE", help=help_text)


def _add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format")


def list_queries(args) -> int:
    specs = catalogue.load()
    width = max((len(name) for name in specs), default=0)
    for spec in sorted(specs.values(), key=lambda s: (not s.builtin, s.name)):
        usage = " ".join(p.usage() for p in spec.params)
        marker = "" if spec.builtin else "  [Neo4j only]"
        print(f"{spec.name:<{width}}  {usage}{marker}")
        if spec.description:
            print(f"{'':<{width}}  {spec.description}")
    return 0


def run_query(args) -> int:
    from interreg.graph.store import open_store

    given = parse_assignments(args.param)
    store = open_store(args.store)
    try:
        result = runner.answer(store, args.name, given)
    finally:
        store.close()
    # which place each name was read as, once the query ran (an error stays one line)
    for line in resolved_places(catalogue.get(args.name), given):
        print(line, file=sys.stderr)
    write(result.rows, args.format, sys.stdout)
    if result.cut:
        print(cut_notice(result.limit), file=sys.stderr)
    return 0


def cut_notice(limit: int) -> str:
    """One line for stderr, so csv and json on stdout stay clean."""
    return f"showing the first {limit} rows; --param limit=0 for all"


def run_cypher(args) -> int:
    from interreg.graph.store import open_store

    store = open_store(args.store)
    try:
        if not runner.is_neo4j(store):
            raise UserError("ad-hoc Cypher needs Neo4j (use --store neo4j or INTERREG_STORE=neo4j); "
                            "the embedded store answers the canned queries: see `interreg queries`")
        rows = read_only(store, args.statement, parse_assignments(args.param))
    finally:
        store.close()
    write([runner.normalise_row(row, ordered=tuple(row)) for row in rows], args.format, sys.stdout)
    return 0


def read_only(store, statement: str, params: dict) -> list[dict]:
    """Run `statement` in the store's read-access session; a write is refused in plain words."""
    with runner.server_refusals("`interreg cypher`", "statement"):
        return store.read(statement, params)


# --- output ------------------------------------------------------------------------------

def write(rows: list[dict], fmt: str, out) -> None:
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        out.write(to_csv(rows))
    else:
        out.write(to_table(rows))


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def to_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    if rows:
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(list(rows[0]))
        for row in rows:
            writer.writerow([cell(v) for v in row.values()])
    return buffer.getvalue()


def to_table(rows: list[dict]) -> str:
    """Aligned columns under a header, and a closing count of rows."""
    if not rows:
        return "(no rows)\n"
    columns = list(rows[0])
    cells = [[cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(line[i]) for line in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(line, widths)).rstrip() for line in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
