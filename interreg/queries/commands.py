"""`interreg queries`, `interreg query NAME` and `interreg cypher "MATCH ..."`."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from interreg.errors import UserError
from interreg.queries import catalogue, runner
from interreg.queries.params import parse_assignments

FORMATS = ("table", "csv", "json")
LIST_SEPARATOR = "; "
# Rows `interreg cypher` shows unless asked for more (`--limit 0`: every row, streamed).
CYPHER_ROW_LIMIT = 10_000
# A streamed table is aligned block by block, on the widths of its first block.
TABLE_BLOCK = 1_000


def register(subparsers) -> None:
    from interreg.cli import add_store_option

    listing = subparsers.add_parser("queries", help="list the canned queries and their parameters")
    listing.set_defaults(func=list_queries)

    query = subparsers.add_parser("query", help="run a canned query",
                                  description="Run a canned query; `interreg queries` lists them.")
    query.add_argument("name", help="query name, e.g. partners")
    _add_param_option(query, "a parameter, e.g. --param region=«Бухарская область» (repeatable)")
    _add_format_option(query)
    _add_timeout_option(query)
    add_store_option(query)
    query.set_defaults(func=run_query)

    cypher = subparsers.add_parser("cypher", help="run read-only Cypher against Neo4j",
                                   description="Run ad-hoc Cypher in a read-only session (Neo4j only).")
    cypher.add_argument("statement", help='e.g. "MATCH (r:Region) RETURN r.id, r.name"')
    _add_param_option(cypher, "a string parameter for $NAME in the statement (repeatable)")
    _add_format_option(cypher)
    _add_timeout_option(cypher)
    cypher.add_argument("--limit", type=_whole_number, default=CYPHER_ROW_LIMIT, metavar="N",
                        help=f"show at most N rows (default: {CYPHER_ROW_LIMIT:,}); 0 streams every row")
    add_store_option(cypher)
    cypher.set_defaults(func=run_cypher)


def _add_param_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE", help=help_text)


def _whole_number(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more, got {text!r}")
    return number


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds, 0 for no limit, got {text!r}")
    return seconds


def _add_timeout_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=_seconds, default=runner.DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"on Neo4j, stop the query after this long (default: {runner.DEFAULT_TIMEOUT:g}; "
                             "0: no limit)")


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

    store = open_store(args.store)
    try:
        result = runner.answer(store, args.name, parse_assignments(args.param), timeout=args.timeout)
    finally:
        store.close()
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
        rows = read_only(store, args.statement, parse_assignments(args.param), args.timeout)
        shown = Counted(rows, args.limit)
        try:
            write((runner.normalise_row(row, ordered=tuple(row)) for row in shown), args.format, sys.stdout)
        finally:
            rows.close()              # ends the server's transaction when rows were left unread
    finally:
        store.close()
    if shown.cut:
        print(f"showing the first {args.limit} rows; --limit 0 for all", file=sys.stderr)
    return 0


def read_only(store, statement: str, params: dict, timeout: float | None = None):
    """The rows of `statement`, one at a time, once the server's plan shows it only reads
    (`runner.check_read_only`); it runs in a read-access session with `timeout`, and a
    refusal or a timeout is one line."""
    runner_name = "`interreg cypher`"
    with runner.server_refusals(runner_name, "statement", timeout):
        runner.check_read_only(store, statement, params, runner_name, "statement")
        rows = store.stream(statement, params, timeout=timeout)
        first = next(rows, None)          # errors of planning and starting surface here
    if first is None:
        return
    yield first
    with runner.server_refusals(runner_name, "statement", timeout):
        yield from rows


class Counted:
    """The first `limit` items of `items` (all of them for 0); `cut` says whether more followed."""

    def __init__(self, items, limit: int):
        self.items, self.limit, self.cut = items, limit, False

    def __iter__(self):
        for number, item in enumerate(self.items):
            if self.limit and number == self.limit:
                self.cut = True
                return
            yield item


# --- output ------------------------------------------------------------------------------

def write(rows, fmt: str, out) -> None:
    """`rows` (a list, or any iterable: written as they come) in `fmt` to `out`."""
    if fmt == "json":
        write_json(rows, out)
    elif fmt == "csv":
        write_csv(rows, out)
    else:
        write_table(rows, out)


def write_json(rows, out) -> None:
    """The same text as `json.dump(list(rows), out, indent=2)`, one row at a time."""
    count = 0
    for row in rows:
        text = json.dumps(row, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        out.write(("[\n  " if not count else ",\n  ") + text)
        count += 1
    out.write("\n]\n" if count else "[]\n")


def write_csv(rows, out) -> None:
    writer = csv.writer(out, lineterminator="\n")
    for number, row in enumerate(rows):
        if not number:
            writer.writerow(list(row))
        writer.writerow([cell(v) for v in row.values()])


def write_table(rows, out) -> None:
    """`to_table`, block by block: a long answer is aligned on the widths of its first block."""
    rows = iter(rows)
    columns, widths, count = None, None, 0
    while block := [row for _, row in zip(range(TABLE_BLOCK), rows)]:
        if columns is None:
            columns = list(block[0])
            widths = [max(len(c), *(len(cell(row.get(c))) for row in block)) for c in columns]
            out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
            out.write("  ".join("-" * w for w in widths) + "\n")
        for row in block:
            out.write("  ".join(cell(row.get(c)).ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
        count += len(block)
    out.write(f"({count} row{'s' if count != 1 else ''})\n" if count else "(no rows)\n")


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
