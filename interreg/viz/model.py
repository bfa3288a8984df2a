"""What a view is, before it becomes a page: nodes, edges, a legend, a title,
the reports behind each item and the charts shown beside the graph.

Tooltips (`Tooltip`, made by `tooltip()`) and reports (`Report`) travel to the page
as plain data: its script builds their elements with text nodes, never from markup,
so a document's text shows as text. `Tooltip.html()` gives the same tooltip as escaped
HTML, for reading it in Python.

In Jupyter a `View` shows itself (`_repr_html_`): the page sits in an iframe of
its own, so its styles and element ids never meet the notebook's or another view's.

>>> tip = tooltip("Бухарская область", [("страна", "UZ"), ("код", None)], ["<b>не жирный</b>"])
>>> tip.html()
'<div class="tip"><b>Бухарская область</b><dl><dt>страна</dt><dd>UZ</dd></dl><ul><li>&lt;b&gt;не жирный&lt;/b&gt;</li></ul></div>'
>>> tip.data()
['Бухарская область', [['страна', 'UZ']], ['<b>не жирный</b>']]
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
    tooltip: Tooltip | None = None
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
    tooltip: Tooltip | None = None
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


@dataclass(frozen=True)
class Tooltip:
    """What shows when the pointer rests on an item: a bold heading, label/value pairs,
    a list of lines, and a closing note (how many lines were left out)."""

    heading: str
    facts: tuple[tuple[str, str], ...] = ()
    items: tuple[str, ...] = ()
    note: str = ""

    def data(self) -> list:
        """The tooltip as the page's script reads it: [heading, [[label, value], ...],
        lines, note], the empty parts at the end left out (a big page has thousands)."""
        parts = [self.heading, [list(fact) for fact in self.facts], list(self.items), self.note]
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        return parts

    def html(self) -> str:
        """The same tooltip as HTML, every text escaped."""
        parts = [f'<div class="tip"><b>{escape(self.heading)}</b>']
        if self.facts:
            parts.append("<dl>" + "".join(f"<dt>{escape(name)}</dt><dd>{escape(value)}</dd>"
                                          for name, value in self.facts) + "</dl>")
        if self.items:
            parts.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in self.items) + "</ul>")
        if self.note:
            parts.append(f"<p>{escape(self.note)}</p>")
        parts.append("</div>")
        return "".join(parts)

    def __str__(self) -> str:
        return self.html()

    def __contains__(self, text: str) -> bool:
        return text in self.html()


def tooltip(heading: str, facts: list[tuple[str, object]] = (), items: list[str] = (),
            more: int = 0) -> Tooltip:
    """A tooltip: a bold heading, label/value pairs (those without a value left out),
    then a list of lines. `more` says how many further lines were left out."""
    shown = tuple((str(name), _text(value)) for name, value in facts if value not in (None, "", []))
    return Tooltip(str(heading), shown, tuple(str(item) for item in items),
                   f"… и ещё {more}" if more else "")


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
