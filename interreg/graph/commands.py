"""`interreg ingest` (extract and load), `interreg poll` (the same for what is new on the
outlets' feeds), `interreg delete --document ID` and `interreg stats`."""

from __future__ import annotations

import argparse
import json
import sys

from interreg.errors import UserError


def register(subparsers) -> None:
    from interreg.cli import add_store_option
    from interreg.ingest.web.commands import POLL_DESCRIPTION, POLL_HELP, add_poll_options, add_web_inputs

    ingest = subparsers.add_parser(
        "ingest", help="extract facts from news and load them into the graph",
        description="Read news (files, folders, globs, web pages, feeds, sitemaps), extract facts and "
                    "load them. Documents already loaded with the same content are skipped; changed "
                    "ones are replaced.")
    ingest.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="file, folder, glob, or the http(s) URL of a news page")
    add_web_inputs(ingest)
    _add_load_options(ingest)
    ingest.set_defaults(func=run_ingest)

    poll = subparsers.add_parser("poll", help=POLL_HELP, description=POLL_DESCRIPTION)
    add_poll_options(poll)
    _add_load_options(poll)
    poll.set_defaults(func=run_ingest)

    delete = subparsers.add_parser(
        "delete", help="remove what one document contributed to the graph",
        description="Remove a document, its reports and mentions; facts only it supported go too.")
    delete.add_argument("--document", required=True, metavar="ID", help="the document id")
    add_store_option(delete)
    delete.set_defaults(func=run_delete)

    stats = subparsers.add_parser("stats", help="count nodes by label and relationships by type")
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")
    add_store_option(stats)
    stats.set_defaults(func=run_stats)


def _add_load_options(parser: argparse.ArgumentParser) -> None:
    from interreg.cli import add_store_option
    from interreg.graph.load import BATCH_SIZE
    from interreg.ingest.commands import add_max_chars_option
    from interreg.ingest.workers import jobs_option

    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE,
                        help=f"documents per load transaction (default: {BATCH_SIZE})")
    parser.add_argument("--jobs", type=jobs_option, default=1, metavar="N",
                        help="processes that extract facts: 0 for one per CPU (default: 1)")
    add_max_chars_option(parser)
    add_store_option(parser)


def _open(kind: str | None):
    from interreg.graph.store import open_store
    return open_store(kind)


def run_ingest(args: argparse.Namespace) -> int:
    """`interreg ingest`, and `interreg poll` (the same with the outlets of the sources file)."""
    from interreg.graph.load import ingest
    from interreg.ingest.readers.limits import max_chars_setting
    from interreg.ingest.readers.outcome import batch_exit_status
    from interreg.ingest.web.commands import reading_summary, web_reading

    if args.batch_size < 1:
        raise UserError("--batch-size must be at least 1")
    max_chars = max_chars_setting(args.max_chars)
    with web_reading(args, max_chars) as (paths, web):
        store = _open(args.store)
        try:
            report = ingest(paths, store, progress=True, batch_size=args.batch_size, max_chars=max_chars,
                            jobs=args.jobs, items=web.documents() if web else None)
            counts = store.counts()
        finally:
            store.close()
        report.notes += web.notes if web else []
    for line in report.summary() + (reading_summary(web) if web else []):
        print(f"interreg: {line}", file=sys.stderr)
    nodes = ", ".join(f"{label} {n}" for label, n in counts["nodes"].items() if n)
    print(f"interreg: graph ({store.kind}): {nodes or 'empty'}", file=sys.stderr)
    for line in report.input_lines():
        print(line, file=sys.stderr)
    loaded = report.new + report.changed + report.unchanged
    return batch_exit_status(loaded, len(report.skipped))


def run_delete(args: argparse.Namespace) -> int:
    store = _open(args.store)
    try:
        if not store.delete_document(args.document):
            raise UserError(f"no document {args.document!r} in the {store.kind} store")
    finally:
        store.close()
    print(f"interreg: deleted document {args.document} and what only it supported", file=sys.stderr)
    return 0


def run_stats(args: argparse.Namespace) -> int:
    store = _open(args.store)
    try:
        counts = store.counts()
    finally:
        store.close()
    if args.json:
        print(json.dumps(counts, ensure_ascii=False, indent=2))
        return 0
    for title, section in (("nodes", counts["nodes"]), ("relationships", counts["relationships"])):
        print(f"{title}:")
        width = max(len(name) for name in section)
        for name, count in section.items():
            print(f"  {name:<{width}}  {count:>8}")
        print(f"  {'total':<{width}}  {sum(section.values()):>8}")
    return 0
