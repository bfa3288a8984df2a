"""`interreg view NAME --param k=v -o FILE.html` and `interreg report -o DIR`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from interreg.errors import UserError
from interreg.outputs import safe_file, safe_folder
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
    view.add_argument("-o", "--output",
                      help="the HTML file to write (default: NAME and the parameter values, "
                           "e.g. partners-uz-bu.html, in the current folder)")
    view.add_argument("--open", action="store_true", help="open the page in the default browser")
    view.add_argument("--layout", choices=("auto", "geo"), default="auto",
                      help="auto: the force layout; geo: regions and countries where their capitals are")
    add_store_option(view)
    view.set_defaults(func=run_view)

    report = subparsers.add_parser(
        "report", help="write the static analyst report (every query, the views, the corpus)",
        description="Write a static site: index.html with every canned query's results as "
                    "sortable tables, the corpus summary, and the views. Opens offline.")
    report.add_argument("-o", "--output", required=True, help="the folder to write into")
    report.add_argument("--region", metavar="NAME",
                        help="build the report around one region (any form the gazetteer knows): "
                             "its queries, views and charts")
    add_store_option(report)
    report.set_defaults(func=run_report)


def run_view(args) -> int:
    from interreg.graph.store import open_store
    from interreg.queries.params import parse_assignments
    from interreg.viz import render

    params = parse_assignments(args.param)
    output = Path(args.output) if args.output else default_output(args.name, params)
    if output.is_dir() and not output.is_symlink():
        raise UserError(f"{output} is a folder; give the HTML file to write, e.g. {output / (args.name + '.html')}")
    safe_file(output)
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
    if args.open:
        open_page(output)
    return 0


def default_output(name: str, params: dict[str, str]) -> Path:
    """`partners-uz-bu.html` for `view partners --param region=UZ-BU`: the view's name and
    its parameter values (places as their codes), in the current folder."""
    from interreg.viz.report import slug

    parts = [name]
    for key, value in params.items():
        if key in ("region", "region_a", "region_b", "party", "country") and value:
            try:
                value = views.resolve_place(value, "country" if key == "country" else "party")
            except UserError:
                pass
        parts.append(str(value))
    return Path(slug("-".join(parts)) + ".html")


def open_page(path: Path) -> None:
    """Hand the page to the desktop's browser; say so when there is none."""
    import webbrowser

    if not webbrowser.open(path.resolve().as_uri()):
        print(f"no browser to open {path} with; open it yourself", file=sys.stderr)


def run_report(args) -> int:
    from interreg.graph.store import open_store
    from interreg.viz import report

    safe_folder(args.output, files=report.REPORT_FILES, folders=report.REPORT_FOLDERS)
    focus = [views.resolve_place(args.region)] if args.region else None
    store = open_store(args.store)
    try:
        written = report.write_report(views.through(store), Path(args.output), store_kind=store.kind,
                                      focus=focus)
    finally:
        store.close()
    print(f"report: {written.index}")
    print(f"  {written.queries} queries, {written.tables} tables, {len(written.views)} views")
    return 0
