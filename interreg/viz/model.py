"""What a view is, before it becomes a page: nodes, edges, a legend, a title,
the reports behind each item and the charts shown beside the graph.

Tooltips are HTML fragments built by `tooltip()`, which escapes every value, so
the renderer can hand them to the browser as markup. Reports (`Report`) travel
as plain data: the page builds their panel with text nodes, never as markup.

In Jupyter a `View` shows itself (`_repr_html_`): the page sits in an iframe of
its own, so its styles and element ids never meet the notebook's or another view's.

>>> tooltip("Бухарская область", [("страна", "UZ")], ["<b>не жирный</b>"])
'<div class="tip"><b>Бухарская область</b><dl><dt>страна</dt><dd>UZ</dd></dl><ul><li>&lt;b&gt;не жирный&lt;/b&gt;</li></ul></div>'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interreg.viz.markup import escape


@dataclass
class Report:
    """One document reporting an event: what the side panel lists when an item is clicked."""

    event: str                 # what happened, in words: «встреча», «соглашение о …»
    date: str | None = None    # the event's date (else the document's)
    status: str = ""           # in words: «состоялась», «подписано»
    outlet: str = ""
    sentence: str = ""
    url: str | None = None     # only http/https URLs; anything else is dropped
    title: str = ""


@dataclass
class Chart:
    """A Vega-Lite chart drawn beside a view or in the report (see `charts.py`)."""

    id: str                    # element id on the page, e.g. "chart-timeline"
    title: str
    spec: dict                 # the Vega-Lite specification, data included
    note: str = ""


@dataclass
class ViewNode:
    id: str
    label: str
    category: str              # legend entry it belongs to (and is filtered by)
    colour: str
    size: float = 16.0
    tooltip: str = ""          # HTML from tooltip()
    shape: str = "dot"
    x: float | None = None
    y: float | None = None
    reports: list[Report] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)    # what the search box matches (search.py)


@dataclass
class ViewEdge:
    source: str
    target: str
    category: str = ""         # legend entry (commodity, status); "" for none
    colour: str = "#9aa5b1"
    width: float = 1.5
    weight: int = 1            # number of events behind the edge (the weight filter)
    tooltip: str = ""
    arrow: bool = False
    dashed: bool = False
    curve: float = 0.0         # bend, so parallel edges between one pair stay apart
    reports: list[Report] = field(default_factory=list)


@dataclass
class LegendEntry:
    category: str              # as in ViewNode.category / ViewEdge.category
    label: str
    colour: str
    mark: str = "node"         # node | edge (how the swatch is drawn)
    count: int = 0


@dataclass
class View:
    name: str                  # the view's name, e.g. "partners"
    title: str
    subtitle: str = ""
    nodes: list[ViewNode] = field(default_factory=list)
    edges: list[ViewEdge] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)    # shown under the title, e.g. "no data"
    # what sizes, shapes and line styles mean, under the legend
    key_note: str = "Размер узла — активность, толщина связи — число событий."
    # what the legend's node and edge colours stand for
    legend_headings: dict[str, str] = field(default_factory=lambda: {"node": "Узлы", "edge": "Связи"})
    charts: list[Chart] = field(default_factory=list)
    # what the evidence panel says for an item without reports
    no_reports: str = "Сообщений с цитатами нет."
    # True when the nodes carry positions of their own (the timeline of a pair)
    positioned: bool = False

    def node_ids(self) -> set[str]:
        return {node.id for node in self.nodes}

    def _repr_html_(self) -> str:
        from interreg.viz.notebook import frame   # the page renderer sits above the model

        return frame(self)


def tooltip(heading: str, facts: list[tuple[str, object]] = (), items: list[str] = (),
            more: int = 0) -> str:
    """A tooltip: a bold heading, label/value pairs, then a list of lines.
    `more` says how many further lines were left out."""
    parts = [f'<div class="tip"><b>{escape(heading)}</b>']
    shown = [(name, value) for name, value in facts if value not in (None, "", [])]
    if shown:
        parts.append("<dl>" + "".join(f"<dt>{escape(name)}</dt><dd>{escape(_text(value))}</dd>"
                                      for name, value in shown) + "</dl>")
    if items:
        parts.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>")
    if more:
        parts.append(f"<p>… и ещё {more}</p>")
    parts.append("</div>")
    return "".join(parts)


def _text(value) -> str:
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value)
    return str(value)


def legend_from(view: View, labels: dict[str, str], mark: str = "node") -> list[LegendEntry]:
    """Legend entries for the categories used by the view's nodes (mark="node") or edges,
    in order of frequency, with counts."""
    counts: dict[str, int] = {}
    colours: dict[str, str] = {}
    items = view.nodes if mark == "node" else view.edges
    for item in items:
        if not item.category:
            continue
        counts[item.category] = counts.get(item.category, 0) + 1
        colours[item.category] = item.colour
    ordered = sorted(counts, key=lambda c: (-counts[c], labels.get(c, c)))
    return [LegendEntry(c, labels.get(c, c), colours[c], mark, counts[c]) for c in ordered]
