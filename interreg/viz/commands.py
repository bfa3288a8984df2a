"""`interreg view NAME --param k=v -o FILE.html` and `interreg report -o DIR`."""

from __future__ import annotations

import argparse
from pathlib import Path

from interreg.errors import UserError
from interreg.viz import views


def register(subparsers) -> None:
    from interreg.cli import add_store_option

    listing = "\n".join(f"  {spec.name:<9} {spec.usage:<34} {spec.description}"
                        for spec in views.VIEWS.values())
    view = subparsers.add_parser(
        "view", help="write an interactive HTML view of the graph",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write one self-contained, offline HTML view (opens with no network).\n\n"
                    f"views and their --param names:\n{listing}\n\n"
                    "example: interreg view partners --param region=Бухарская -o bukhara.html")
    view.add_argument("name", choices=sorted(views.VIEWS), metavar="NAME",
                      help=", ".join(sorted(views.VIEWS)))
    view.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                      help="a view parameter, e.g. --param region=UZ-BU (repeatable)")
    view.add_argument("-o", "--output", required=True, help="the HTML file to write")
    view.add_argument("--layout", choices=("auto", "geo"), default="auto",
                      help="auto: the force layout; geo: regions and countries where their capitals are")
    add_store_option(view)
    view.set_defaults(func=run_view)

    report = subparsers.add_parser(
        "report", help="write the static analyst report (every query, the views, the corpus)",
        description="Write a static site: index.html with every canned query's results as "
                    "sortable tables, the corpus summary, and the views. Opens offline.")
    report.add_argument("-o", "--output", required=True, help="the folder to write into")
    add_store_option(report)
    report.set_defaults(func=run_report)


def run_view(args) -> int:
    from interreg.graph.store import open_store
    from interreg.queries.params import parse_assignments
    from interreg.viz import render

    params = parse_assignments(args.param)
    output = Path(args.output)
    if output.is_dir():
        raise UserError(f"{output} is a folder; give the HTML file to write, e.g. {output / (args.name + '.html')}")
    store = open_store(args.store)
    try:
        view = views.build(args.name, views.through(store), params)
    finally:
        store.close()
    if getattr(args, "layout", "auto") == "geo":
        from interreg.viz import geo
        geo.apply(view)                 # fixed positions: render keeps them
    render.write(view, output)
    print(f"{view.title}: {len(view.nodes)} nodes, {len(view.edges)} edges → {output}")
    return 0


def run_report(args) -> int:
    from interreg.graph.store import open_store
    from interreg.viz import report

    store = open_store(args.store)
    try:
        written = report.write_report(views.through(store), Path(args.output), store_kind=store.kind)
    finally:
        store.close()
    print(f"report: {written.index}")
    print(f"  {written.queries} queries, {written.tables} tables, {len(written.views)} views")
    return 0
