"""`interreg ingest` (extract and load), `interreg poll` (the same for what is new on the
outlets' feeds), `interreg load` (facts extracted before), `interreg delete --document ID`,
`interreg stats` and `interreg migrate` (an embedded store of earlier versions into today's format)."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from pathlib import Path

from interreg.errors import UserError


def register(subparsers) -> None:
    from interreg.cli import add_store_option
    from interreg.graph.load import BATCH_SIZE
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

    load = subparsers.add_parser(
        "load", help="load a folder of extracted facts (extract --scheduler … -o DIR) into the graph",
        description="Load the partitions of facts that `interreg extract --scheduler … -o DIR` wrote, "
                    "in their order; documents already loaded with the same content are skipped.")
    load.add_argument("folder", metavar="FACTS_DIR", help="a folder of part-NNNNNN.jsonl files")
    load.add_argument("--batch-size", type=int, default=BATCH_SIZE,
                      help=f"documents per load transaction (default: {BATCH_SIZE})")
    load.add_argument("--bulk", action="store_true",
                      help="a first import into an empty local Neo4j with its bulk importer "
                           "(neo4j-admin database import); needs --neo4j-home")
    load.add_argument("--neo4j-home", metavar="DIR",
                      help="with --bulk: the folder of a stopped local server (scripts/neo4j-local's "
                           "NEO4J_LOCAL_HOME) whose database is still empty")
    add_store_option(load)
    load.set_defaults(func=run_load)

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

    migrate = subparsers.add_parser(
        "migrate", help="convert the embedded store of earlier versions (graph.pickle) to graph.sqlite",
        description="Read graph.pickle in $INTERREG_HOME, the embedded store's file in earlier "
                    "versions, and write the same graph as graph.sqlite. A pickle can run code "
                    "when read: migrate only a file your own interreg wrote. The old file is left "
                    "in place.")
    migrate.set_defaults(func=run_migrate)


def run_load(args: argparse.Namespace) -> int:
    from interreg.graph.load import load_facts
    from interreg.ingest.factfiles import partitions, read_partitions

    folder = Path(args.folder)
    if not folder.is_dir() or not partitions(folder):
        raise UserError(f"{folder}: no partitions of facts (part-NNNNNN.jsonl) there")
    if args.batch_size < 1:
        raise UserError("--batch-size must be at least 1")
    if args.bulk:
        return _run_bulk(folder, args.neo4j_home)
    store = _open(args.store)
    try:
        with _writing(store, check_first=True):
            loaded, unchanged = load_facts(read_partitions(folder), store, args.batch_size)
        counts = store.counts()
    finally:
        store.close()
    nodes = ", ".join(f"{label} {n}" for label, n in counts["nodes"].items() if n)
    print(f"interreg: loaded {loaded} document(s), {unchanged} unchanged; graph ({store.kind}): "
          f"{nodes or 'empty'}", file=sys.stderr)
    return 0


def _run_bulk(folder: Path, neo4j_home: str | None) -> int:
    import tempfile

    from interreg.graph.bulk import bulk_load
    from interreg.ingest.factfiles import read_partitions

    if not neo4j_home:
        raise UserError("load --bulk needs --neo4j-home DIR: the folder of the local server to import into")
    home = Path(neo4j_home)
    with tempfile.TemporaryDirectory(prefix="interreg-bulk-") as work:
        report = bulk_load(read_partitions(folder), home, Path(work))
    print(f"interreg: imported {report.documents} document(s): {report.nodes} nodes, "
          f"{report.relationships} relationships into {home}; start it with "
          f"NEO4J_LOCAL_HOME={home} scripts/neo4j-local start", file=sys.stderr)
    return 0


def _add_load_options(parser: argparse.ArgumentParser) -> None:
    from interreg.cli import add_store_option
    from interreg.graph.load import BATCH_SIZE
    from interreg.ingest.commands import add_max_chars_option, add_scheduler_option
    from interreg.ingest.workers import jobs_option

    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE,
                        help=f"documents per load transaction (default: {BATCH_SIZE})")
    parser.add_argument("--jobs", type=jobs_option, default=1, metavar="N",
                        help="processes that extract facts: 0 for one per CPU (default: 1)")
    add_max_chars_option(parser)
    add_scheduler_option(parser)
    add_store_option(parser)


def _open(kind: str | None):
    from interreg.graph.store import open_store
    return open_store(kind)


@contextmanager
def _writing(store, check_first: bool = False):
    """A command that writes. Neo4j: the schema set up first (so the reads before the first
    write have nothing to say about it). The embedded store: its folder checked writable
    first (`check_first`), and a write failing for lack of space or permission as one line
    naming the folder."""
    from interreg import config

    home = getattr(store, "home", None)
    if home is None:                  # Neo4j: the server reports its own disk
        store.ensure_schema()
        yield
        return
    what = "the embedded store's folder, INTERREG_HOME"
    if check_first:
        config.check_writable(home, what)
    with config.writing_to(home, what, after="; the graph saved before is kept: make room and run "
                                              "the command again"):
        yield


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
            with _writing(store, check_first=True):      # a full or read-only disk, before extracting
                report = ingest(paths, store, progress=True, batch_size=args.batch_size, max_chars=max_chars,
                                jobs=args.jobs, scheduler=args.scheduler,
                                items=web.documents() if web else None)
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
        with _writing(store):
            deleted = store.delete_document(args.document)
        if not deleted:
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


def run_migrate(args: argparse.Namespace) -> int:
    from interreg import config
    from interreg.graph.memory import OLD_GRAPH_FILE
    from interreg.graph.migrate import migrate

    home = config.home()
    if (home / OLD_GRAPH_FILE).is_file():
        print(f"interreg: warning: reading {home / OLD_GRAPH_FILE}, a Python pickle: such a file can "
              "run code when read. Migrate only a file your own interreg wrote, never one you were "
              "given; only the classes a graph file is made of are accepted.", file=sys.stderr)
    done = migrate(home)
    print(f"interreg: wrote {done.nodes} nodes and {done.relationships} relationships to {done.path}; "
          f"{OLD_GRAPH_FILE} is left as it was: delete it once `interreg stats` shows the graph",
          file=sys.stderr)
    return 0
