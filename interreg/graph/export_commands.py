"""`interreg export --format graphml|gexf|csv -o PATH`: the whole graph for other tools."""

from __future__ import annotations

import argparse
import sys

from interreg.errors import UserError

DEFAULT_PATHS = {"graphml": "interreg.graphml", "gexf": "interreg.gexf", "csv": "interreg-csv"}


def register(subparsers) -> None:
    from interreg.cli import add_store_option
    from interreg.graph.export import FORMATS

    export = subparsers.add_parser(
        "export", help="write the whole graph as GraphML, GEXF or CSV tables",
        description="Write every node and relationship with their properties: GraphML (yEd, "
                    "Cytoscape), GEXF with time intervals (Gephi's timeline), or a folder with "
                    "nodes.csv and edges.csv. Regions and countries carry lat/lon of their capital.")
    export.add_argument("--format", "-f", choices=FORMATS, default="gexf", help="file format (default: gexf)")
    export.add_argument("-o", "--output", metavar="PATH",
                        help="file to write (a folder for csv); default interreg.gexf, interreg.graphml "
                             "or interreg-csv/ in the current folder")
    add_store_option(export)
    export.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from interreg.graph.export import write
    from interreg.graph.store import open_store

    path = args.output or DEFAULT_PATHS[args.format]
    store = open_store(args.store)
    try:
        try:
            summary = write(store, args.format, path)
        except OSError as error:
            raise UserError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        store.close()
    print(f"interreg: wrote {summary.nodes} nodes and {summary.edges} relationships to {summary.path}"
          f" ({args.format})", file=sys.stderr)
    return 0
