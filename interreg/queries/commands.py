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
# Rows `interreg cypher` shows unless asked for more (`--limit 0`: every row, streamed).
CYPHER_ROW_LIMIT = 10_000
# A streamed table is aligned block by block, on the widths of its first block.
TABLE_BLOCK = 1_000
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
    _add_timeout_option(query)
    _add_output_options(query)
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
    _add_output_options(cypher)
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
        result = runner.answer(store, args.name, given, timeout=args.timeout)
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
        rows = read_only(store, args.statement, parse_assignments(args.param), args.timeout)
        shown = Counted(rows, args.limit)
        try:
            emit((runner.normalise_row(row, ordered=tuple(row)) for row in shown), args)
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

def emit(rows, args) -> None:
    """The rows (a list, or any iterable: written as they come) to -o FILE or to stdout;
    a table on a terminal is cut to its width."""
    excel = getattr(args, "excel", False)
    if excel and args.format != "csv":
        raise UserError("--excel goes with --format csv")
    output = getattr(args, "output", None)
    if output:
        written = [0]

        def counted():
            for row in rows:
                written[0] += 1
                yield row
        with _output_file(output, excel) as out:
            write(counted(), args.format, out, excel=excel)
        print(f"interreg: wrote {written[0]} row{'s' if written[0] != 1 else ''} to {output}", file=sys.stderr)
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


def write(rows, fmt: str, out, excel: bool = False, width: int | None = None) -> None:
    """`rows` (a list, or any iterable: written as they come) in `fmt` to `out`; a list as a
    table is fitted to `width`, any other iterable aligned block by block."""
    if fmt == "json":
        write_json(rows, out)
    elif fmt == "csv":
        # the byte-order mark spreadsheets look for, unless the file's encoding writes it
        encoding = (getattr(out, "encoding", "") or "").lower().replace("_", "-")
        write_csv(rows, out, excel=excel, mark=excel and encoding != "utf-8-sig")
    elif isinstance(rows, list):
        out.write(to_table(rows, width=width))
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


def write_csv(rows, out, excel: bool = False, mark: bool = False) -> None:
    """Comma-separated with a header; `excel`: ';'-separated, decimal commas, CRLF lines;
    `mark`: a byte-order mark first."""
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")
    for number, row in enumerate(rows):
        if not number:
            if mark:
                out.write("\ufeff")
            writer.writerow(list(row))
        writer.writerow([cell(v, excel) for v in row.values()])


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
    """`write_csv` into a string."""
    buffer = io.StringIO()
    write_csv(rows, buffer, excel=excel)
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
