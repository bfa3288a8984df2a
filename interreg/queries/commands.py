"""`interreg queries`, `interreg query NAME` and `interreg cypher "MATCH ..."`."""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from interreg.errors import UserError
from interreg.queries import catalogue, runner
from interreg.queries.params import parse_assignments, resolved_places

FORMATS = ("table", "csv", "json")
LIST_SEPARATOR = "; "
# A cut table cell ends in this; columns are never cut below MIN_COLUMN characters.
ELLIPSIS = "…"
MIN_COLUMN = 10


def register(subparsers) -> None:
    from interreg.cli import add_store_option

    listing = subparsers.add_parser("queries", help="list the canned queries and their parameters")
    listing.set_defaults(func=list_queries)

    query = subparsers.add_parser("query", help="run a canned query",
                                  description="Run a canned query; `interreg queries` lists them.")
    query.add_argument("name", help="query name, e.g. partners")
    _add_param_option(query, "a parameter, e.g. --param region=«Бухарская область» (repeatable)")
    _add_format_option(query)
    _add_output_options(query)
    add_store_option(query)
    query.set_defaults(func=run_query)

    cypher = subparsers.add_parser("cypher", help="run read-only Cypher against Neo4j",
                                   description="Run ad-hoc Cypher in a read-only session (Neo4j only).")
    cypher.add_argument("statement", help='e.g. "MATCH (r:Region) RETURN r.id, r.name"')
    _add_param_option(cypher, "a string parameter for $NAME in the statement (repeatable)")
    _add_format_option(cypher)
    _add_output_options(cypher)
    add_store_option(cypher)
    cypher.set_defaults(func=run_cypher)


def _add_param_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE", help=help_text)


def _add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format")


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help="write the rows to FILE instead of the terminal")
    parser.add_argument("--excel", action="store_true",
                        help="with --format csv: UTF-8 with a byte-order mark, ';' between cells and "
                             "decimal commas, as spreadsheets in Russian settings open directly")


def list_queries(args) -> int:
    specs = catalogue.load()
    width = max((len(name) for name in specs), default=0)
    for spec in sorted(specs.values(), key=lambda s: (not s.builtin, s.name)):
        usage = " ".join(p.usage().replace(":region", ":region|country") if p.name in spec.countries else p.usage()
                         for p in spec.params)
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
    emit(result.rows, args)
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
    emit([runner.normalise_row(row, ordered=tuple(row)) for row in rows], args)
    return 0


def read_only(store, statement: str, params: dict) -> list[dict]:
    """Run `statement` in the store's read-access session; a write is refused in plain words."""
    with runner.server_refusals("`interreg cypher`", "statement"):
        return store.read(statement, params)


# --- output ------------------------------------------------------------------------------

def emit(rows: list[dict], args) -> None:
    """The rows to -o FILE or to stdout; a table on a terminal is cut to its width."""
    excel = getattr(args, "excel", False)
    if excel and args.format != "csv":
        raise UserError("--excel goes with --format csv")
    output = getattr(args, "output", None)
    if output:
        with _output_file(output, excel) as out:
            write(rows, args.format, out, excel=excel)
        print(f"interreg: wrote {len(rows)} row{'s' if len(rows) != 1 else ''} to {output}", file=sys.stderr)
        return
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    write(rows, args.format, sys.stdout, excel=excel, width=width)


@contextmanager
def _output_file(path: str, excel: bool):
    try:
        # utf-8-sig writes the byte-order mark spreadsheets look for; newline="" keeps csv's \r\n
        with Path(path).open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as out:
            yield out
    except OSError as error:
        raise UserError(f"cannot write {path}: {error.strerror or error}") from None


def write(rows: list[dict], fmt: str, out, excel: bool = False, width: int | None = None) -> None:
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        if excel and out.encoding.lower().replace("_", "-") != "utf-8-sig":
            out.write("\ufeff")
        out.write(to_csv(rows, excel=excel))
    else:
        out.write(to_table(rows, width=width))


def cell(value, excel: bool = False) -> str:
    """A value as one csv cell: lists joined, whole floats without «.0» (67000000, not 67000000.0)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(cell(v, excel) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
        return text.replace(".", ",") if excel else text
    return str(value)


def table_cell(value) -> str:
    """A value as a table shows it: amounts grouped by thousands (67 000 000; 1 234,5)."""
    if isinstance(value, float):
        digits = 0 if value.is_integer() else 2
        return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:,}".replace(",", " ")
    if isinstance(value, list):
        return LIST_SEPARATOR.join(table_cell(v) for v in value)
    return cell(value)


def to_csv(rows: list[dict], excel: bool = False) -> str:
    """Comma-separated with a header; `excel`: ';'-separated, decimal commas, CRLF lines."""
    buffer = io.StringIO()
    if rows:
        writer = csv.writer(buffer, delimiter=";" if excel else ",",
                            lineterminator="\r\n" if excel else "\n")
        writer.writerow(list(rows[0]))
        for row in rows:
            writer.writerow([cell(v, excel) for v in row.values()])
    return buffer.getvalue()


def to_table(rows: list[dict], width: int | None = None) -> str:
    """Aligned columns under a header, and a closing count of rows.

    With `width` (the terminal's), the widest columns are narrowed until a line fits,
    their long cells cut with «…»; numbers are never cut.
    """
    if not rows:
        return "(no rows)\n"
    columns = list(rows[0])
    cells = [[table_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(line[i]) for line in cells)) for i, c in enumerate(columns)]
    if width:
        widths = _fit(widths, width, [_numeric(rows, c) for c in columns])
    lines = ["  ".join(_cut(c, w).ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_cut(v, w).ljust(w) for v, w in zip(line, widths)).rstrip() for line in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _fit(widths: list[int], total: int, numeric: list[bool]) -> list[int]:
    """Narrow the widest text column, one character at a time, until the line fits."""
    widths = list(widths)
    while sum(widths) + 2 * (len(widths) - 1) > total:
        candidates = [i for i, w in enumerate(widths) if w > MIN_COLUMN and not numeric[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + ELLIPSIS


def _numeric(rows: list[dict], column: str) -> bool:
    values = [row.get(column) for row in rows if row.get(column) is not None]
    return bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
