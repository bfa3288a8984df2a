"""Turn a `View` into one self-contained HTML page.

The graph data goes through pyvis (its `Network`, `Node` and `Edge`), the page is
our own template: pyvis' stock page loads Bootstrap and tom-select from a CDN,
this one inlines vis-network (shipped inside the pyvis package) and a small
stylesheet and script from `assets/`, so it opens with no network at all.

Text goes into the page escaped: as HTML text, or as data the page's script writes as text.

>>> from interreg.viz.model import View, ViewNode
>>> page = render(View("demo", "<i>Пример</i>", nodes=[ViewNode("a", "<b>A</b>", "x", "#000")]))
>>> "&lt;i&gt;Пример&lt;/i&gt;" in page, "\\\\u003cb\\\\u003eA\\\\u003c/b\\\\u003e" in page, "<b>A</b>" in page
(True, True, False)
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from interreg.viz import layout
from interreg.viz.markup import (inline_script, inline_style, own_asset, script_json, vendor_asset,
                                 without_rules)
from interreg.viz.model import Chart, Tooltip, View

VIS_VERSION = "vis-9.1.2"
# vega and vega-lite, vendored in assets/ (see assets/vega-LICENSE.txt)
CHART_LIBRARIES = ("vega.min.js", "vega-lite.min.js")
# vis-network's stylesheet styles parts of its own the views never turn on (the editing
# toolbar, navigation buttons, the configurator, the colour picker): nine tenths of its
# 220 kB are the toolbar's icons, inlined into every page for nothing
UNUSED_VIS_PARTS = frozenset({"vis-manipulation", "vis-edit-mode", "vis-navigation", "vis-configuration",
                              "vis-color-picker"})
# characters of a node label's line before it wraps: about 190 px in the page's 14 px font
LABEL_WIDTH = 24
# Fields pyvis fills in whatever the item, left out of the page when they hold these values
# (nothing, or what vis-network assumes anyway): a 2,000-node page is read faster without them.
UNSET = {"title": None, "category": "", "arrows": "", "dashes": False}
# Canvas units a fixed position is rounded to: a tenth is far below a pixel at any zoom
# the page allows, and the digits past it were most of the positions' share of the page.
POSITION_DECIMALS = 1


@lru_cache(maxsize=None)
def _environment() -> Environment:
    # one per process: the report renders a page per view, and each new Environment
    # compiled the templates again
    return Environment(loader=PackageLoader("interreg.viz", "templates"),
                       autoescape=select_autoescape(["html"]), keep_trailing_newline=True)


def place(view: View, seed: int = 7) -> bool:
    """Give every node fixed x/y when the view is too big for in-browser physics (or keep
    the positions the view set itself: the pair timeline, --layout geo). Returns True when
    positions are fixed."""
    if view.positioned or (view.nodes and all(node.x is not None and node.y is not None
                                               for node in view.nodes)):
        return True
    if not layout.needs_fixed_layout(len(view.nodes)):
        return False
    import networkx as nx
    graph = nx.Graph()
    graph.add_nodes_from(node.id for node in view.nodes)
    graph.add_edges_from((edge.source, edge.target) for edge in view.edges)
    positions = layout.layout(graph, seed=seed, sizes={node.id: node.size for node in view.nodes},
                              groups={node.id: node.category for node in view.nodes})
    for node in view.nodes:
        node.x, node.y = positions[node.id]
    return True


@lru_cache(maxsize=None)
def vis_stylesheet() -> str:
    return without_rules(vendor_asset(f"{VIS_VERSION}/vis-network.css"), UNUSED_VIS_PARTS)


def chart_json(chart: Chart) -> Markup:
    return Markup(script_json(chart.spec))


def charts_section(charts: list[Chart]) -> Markup:
    """The figures of `charts` (with their specifications), for a view or the report."""
    template = _environment().get_template("charts.html")
    return Markup(template.render(charts=charts, chart_json=chart_json))


def chart_scripts(charts: list[Chart]) -> Markup:
    """vega, vega-lite and the script that draws the charts, inlined; nothing without charts."""
    if not charts:
        return Markup("")
    return Markup("\n".join(inline_script(own_asset(name)) for name in (*CHART_LIBRARIES, "charts.js")))


def to_network(view: View, fixed: bool, tip_labels: dict[str, int] | None = None) -> Network:
    """The view as a pyvis Network. Every edge says whether it has an arrow; the network
    is declared directed because pyvis then skips its duplicate-edge scan.

    Nodes and edges are made with pyvis' own `Node` and `Edge`, as `Network.add_node` and
    `add_edge` make them, but with the ids kept in a set: those two look every id up in a
    list, which is quadratic, and most of the time a 2,000-node view took to build.

    Tooltips go in as data, their labels as numbers in `tip_labels` (see `_tip`).
    """
    tip_labels = {} if tip_labels is None else tip_labels
    net = Network(directed=True)
    known: set[str] = set()
    for node in view.nodes:
        if node.id in known:
            continue                # add_node keeps the first of two nodes with one id
        extra = {"x": _coordinate(node.x), "y": _coordinate(node.y)} if fixed else {}
        if node.reports:
            extra["reports"] = [asdict(report) for report in node.reports]
        label = wrapped(node.label) or node.id
        forms = _search_forms(node, label)
        if forms:
            extra["forms"] = forms
        made = Node(node.id, node.shape, label=label, font_color=net.font_color,
                    color=node.colour, size=node.size, title=_tip(node.tooltip, tip_labels), category=node.category,
                    **extra).options
        net.nodes.append(made)
        net.node_ids.append(node.id)
        net.node_map[node.id] = made
        known.add(node.id)
    for index, edge in enumerate(view.edges):
        if edge.source not in known or edge.target not in known:
            raise ValueError(f"edge {edge.source} → {edge.target}: one end is not a node of the view")
        extra = {"smooth": {"type": "curvedCW", "roundness": edge.curve}} if edge.curve else {}
        if edge.reports:
            extra["reports"] = [asdict(report) for report in edge.reports]
        net.edges.append(Edge(edge.source, edge.target, net.directed, id=f"e{index}", width=edge.width,
                              color=edge.colour, title=_tip(edge.tooltip, tip_labels), category=edge.category,
                              weight=edge.weight, dashes=edge.dashed,
                              arrows="to" if edge.arrow else "", **extra).options)
    return net


def _tip(tip: Tooltip | None, labels: dict[str, int]) -> list | None:
    """`tip.data()` with each label as its number in `labels`, which it extends: a view
    repeats a handful of labels («встреч», «период», …) on thousands of items.

    >>> labels = {}
    >>> _tip(Tooltip("A — B", (("встреч", "2"), ("период", "2024"))), labels), labels
    (['A — B', [[0, '2'], [1, '2024']]], {'встреч': 0, 'период': 1})
    """
    if not tip:
        return None
    data = tip.data()
    if len(data) > 1:
        data[1] = [[labels.setdefault(name, len(labels)), value] for name, value in data[1]]
    return data


_OTHER_WHITESPACE = re.compile(r"[^\S \n]")


def _search_forms(node, label: str) -> list[str]:
    """The node's search forms less its id and its `label` (as the page gets it), which
    the page's script adds itself: lower-cased, each run of whitespace one space."""
    given = {node.id.lower()}
    if not _OTHER_WHITESPACE.search(label):        # spaces and line breaks only: \s reads them alike
        given.add(re.sub("[ \n]+", " ", label).lower())
    return [form for form in node.forms if form not in given]


def _coordinate(value: float) -> float:
    return float(round(value, POSITION_DECIMALS))


def compact(item: dict) -> dict:
    """A node's or edge's options (changed in place) without pyvis' fill-ins that hold
    nothing (`UNSET`) and without its font, which the page's options give.

    >>> compact({"id": "e1", "title": None, "arrows": "", "dashes": False, "width": 1.0})
    {'id': 'e1', 'width': 1.0}
    """
    item.pop("font", None)
    for key, unset in UNSET.items():
        if key in item and item[key] == unset:
            del item[key]
    return item


def wrapped(label: str) -> str:
    """A node label with its long lines broken at spaces, `LABEL_WIDTH` characters a line.

    vis-network can wrap labels itself (`widthConstraint`), but then measures every word of
    every label on the canvas when the page starts, a good part of a big page's start-up.

    >>> wrapped("Ханты-Мансийский автономный округ — Югра")
    'Ханты-Мансийский\\nавтономный округ — Югра'
    """
    return "\n".join(textwrap.fill(line, LABEL_WIDTH, break_long_words=False, break_on_hyphens=False)
                     if len(line) > LABEL_WIDTH else line for line in label.split("\n"))


def options(fixed: bool, node_count: int) -> dict:
    """vis-network options; big graphs drop the curved edges, which cost most to draw."""
    return {
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif"}, "borderWidth": 1},  # see wrapped()
        "edges": {"smooth": False if fixed else {"type": "continuous"},
                  "color": {"inherit": False}, "selectionWidth": 2},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": node_count > 500,
                        "multiselect": True},
        "physics": {"enabled": not fixed, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -90, "springLength": 150,
                                         "avoidOverlap": 0.6},
                    "stabilization": {"enabled": True, "iterations": 300}},
        "layout": {"randomSeed": 7, "improvedLayout": node_count <= 150},
    }


def render(view: View, seed: int = 7) -> str:
    """The page as a string."""
    fixed = place(view, seed)
    tip_labels: dict[str, int] = {}
    net = to_network(view, fixed, tip_labels)
    # pyvis fills in defaults we do not use (its font among them); keep the payload small and literal
    payload = {"nodes": [compact(node) for node in net.nodes], "edges": [compact(edge) for edge in net.edges],
               "tipLabels": list(tip_labels), "options": options(fixed, len(view.nodes)),
               "noReports": view.no_reports}
    template = _environment().get_template("view.html")
    return template.render(
        view=view,
        styles=Markup(inline_style(vis_stylesheet())
                      + "\n" + inline_style(own_asset("view.css"))),
        vis_script=Markup(inline_script(vendor_asset(f"{VIS_VERSION}/vis-network.min.js"))),
        view_script=Markup(inline_script(own_asset("view.js"))),
        data_json=Markup(script_json(payload)),
        charts_section=charts_section(view.charts),
        chart_scripts=chart_scripts(view.charts),
        size_note=view.key_note + (" Положение узлов рассчитано заранее (большой граф)."
                                   if fixed and not view.positioned else ""),
    )


def write(view: View, path: Path | str, seed: int = 7) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(view, seed), encoding="utf-8")
    return path
