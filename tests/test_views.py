"""The interactive views: built through the query layer on a real embedded store,
rendered as offline pages with every document text escaped."""

from __future__ import annotations

import json
import os
import re
import time
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from interreg.cli import main
from interreg.errors import UserError
from interreg.graph.memory import MemoryStore
from interreg.ingest.facts import (AgreementFact, Document, DocumentFacts, Evidence, MeetingFact,
                                   PersonFact, Place, TradeFact)
from interreg.viz import layout, markup, render, views
from interreg.viz.markup import external_resources
from interreg.viz.model import View, ViewEdge, ViewNode

OMSK = Place("RU-OMS", "Омская область", "RU", "region")
BUKHARA = Place("UZ-BU", "Бухарская область", "UZ", "region")
KARAGANDA = Place("KZ-35", "Карагандинская область", "KZ", "region")
GOMEL = Place("BY-HO", "Гомельская область", "BY", "region")

SCRIPT_PAYLOAD = "<script>document.title='pwned'</script>"
IMG_PAYLOAD = "<img src=x onerror=\"document.title='pwned'\">"


def evidence(doc: Document, sentence: str) -> Evidence:
    start = doc.text.index(sentence)
    return Evidence(doc.id, sentence, start, start + len(sentence))


def sample_facts() -> list[DocumentFacts]:
    """Three short reports written for these tests: Omsk–Bukhara talks (reported twice,
    by an outlet whose name carries a script), Karaganda–Bukhara trade, Gomel–Omsk."""
    first = Document("v1", "Губернатор Омской области Пётр Ветров встретился с хокимом Бухарской области. "
                           "Стороны договорились подписать соглашение. "
                           f"Бухарская область поставит в Омскую область хлопковую пряжу {IMG_PAYLOAD}.",
                     outlet=f"Вести {SCRIPT_PAYLOAD}", published=date(2025, 4, 26), url="https://example.org/v1")
    meeting = first.text.split(". ")[0] + "."
    agreement = "Стороны договорились подписать соглашение."
    trade = first.text[first.text.index("Бухарская область поставит"):]
    second = Document("v2", "Хоким Бухарской области провел переговоры с губернатором Омской области Петром Ветровым.",
                      outlet="Сибирский курьер", published=date(2025, 4, 27))
    third = Document("v3", "Карагандинская область поставляет уголь в Бухарскую область. "
                           "Гомельская область и Омская область подписали соглашение о сотрудничестве.",
                     outlet="Степной вестник", published=date(2025, 6, 3))
    coal = "Карагандинская область поставляет уголь в Бухарскую область."
    gomel = "Гомельская область и Омская область подписали соглашение о сотрудничестве."
    return [
        DocumentFacts(first, regions=[OMSK, BUKHARA],
                      persons=[PersonFact("Пётр Ветров", "Пётр", "Ветров", None, "губернатор", "RU-OMS",
                                          evidence(first, meeting))],
                      meetings=[MeetingFact(["RU-OMS", "UZ-BU"], ["Пётр Ветров"], date(2025, 4, 26),
                                            evidence(first, meeting))],
                      agreements=[AgreementFact(["RU-OMS", "UZ-BU"], "соглашение", "planned", None,
                                                evidence(first, agreement))],
                      trade=[TradeFact("UZ-BU", "RU-OMS", "textiles", "XI", "planned", None, None,
                                       evidence(first, trade))],
                      partners=[("RU-OMS", "UZ-BU")]),
        DocumentFacts(second, regions=[OMSK, BUKHARA],
                      persons=[PersonFact("Пётр Ветров", "Пётр", "Ветров", None, "губернатор", "RU-OMS",
                                          evidence(second, second.text))],
                      meetings=[MeetingFact(["RU-OMS", "UZ-BU"], ["Пётр Ветров"], date(2025, 4, 26),
                                            evidence(second, second.text))],
                      partners=[("RU-OMS", "UZ-BU")]),
        DocumentFacts(third, regions=[KARAGANDA, BUKHARA, GOMEL, OMSK],
                      trade=[TradeFact("KZ-35", "UZ-BU", "energy", "V", "actual", 2.5e6, "USD",
                                       evidence(third, coal))],
                      agreements=[AgreementFact(["BY-HO", "RU-OMS"], "соглашение о сотрудничестве",
                                                "signed", date(2025, 6, 3), evidence(third, gomel))],
                      partners=[("BY-HO", "RU-OMS"), ("KZ-35", "UZ-BU")]),
    ]


@pytest.fixture
def store(interreg_home):
    store = MemoryStore(home=interreg_home)
    store.upsert(sample_facts())
    yield store
    store.close()


@pytest.fixture
def query(store):
    return views.through(store)


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text of its scripts."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


def payload_of(page: str) -> dict:
    match = re.search(r'<script id="view-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def edge_between(view: View, a: str, b: str) -> ViewEdge:
    found = [e for e in view.edges if {e.source, e.target} == {a, b}]
    assert len(found) == 1, found
    return found[0]


# --- what each view shows ------------------------------------------------------------------------

def test_partners_view_colours_regions_by_country_and_lists_events_on_edges(query):
    view = views.build("partners", query, {"region": "Бухарская область"})
    assert view.title == "Партнёры: Бухарская область"
    assert view.node_ids() == {"UZ-BU", "RU-OMS", "KZ-35"}
    colours = {node.id: node.colour for node in view.nodes}
    assert len(set(colours.values())) == 3                       # three countries, three colours
    assert [entry.label for entry in view.legend] == ["Казахстан", "Россия", "Узбекистан"]
    omsk = edge_between(view, "UZ-BU", "RU-OMS")
    karaganda = edge_between(view, "UZ-BU", "KZ-35")
    assert omsk.weight == 3 and karaganda.weight == 1            # meeting + agreement + trade
    assert omsk.width > karaganda.width
    sizes = {node.id: node.size for node in view.nodes}
    assert sizes["UZ-BU"] > sizes["RU-OMS"] > sizes["KZ-35"]
    # the tooltip lists the events with dates and outlets, the outlet's markup escaped
    assert "2025-04-26 · встреча · состоялась" in omsk.tooltip
    assert "Сибирский курьер" in omsk.tooltip
    assert "Вести &lt;script&gt;" in omsk.tooltip and "<script>" not in omsk.tooltip


def test_partners_view_depth_two_adds_partners_of_partners(query):
    near = views.build("partners", query, {"region": "UZ-BU"})
    far = views.build("partners", query, {"region": "UZ-BU", "depth": "2"})
    assert "BY-HO" not in near.node_ids()
    assert far.node_ids() == near.node_ids() | {"BY-HO"}
    assert "Беларусь" in [entry.label for entry in far.legend]
    assert edge_between(far, "RU-OMS", "BY-HO").weight == 1


def test_network_view_has_every_pair_and_filters_by_country(query):
    whole = views.build("network", query, {})
    assert len(whole.edges) == 3
    assert whole.node_ids() == {"UZ-BU", "RU-OMS", "KZ-35", "BY-HO"}
    belarus = views.build("network", query, {"country": "Беларусь"})
    assert belarus.node_ids() == {"RU-OMS", "BY-HO"}


def test_trade_view_draws_directed_flows_coloured_by_commodity(query):
    view = views.build("trade", query, {})
    flows = {(e.source, e.target, e.category): e for e in view.edges}
    assert set(flows) == {("UZ-BU", "RU-OMS", "textiles"), ("KZ-35", "UZ-BU", "energy")}
    assert all(edge.arrow for edge in view.edges)
    assert flows[("UZ-BU", "RU-OMS", "textiles")].colour != flows[("KZ-35", "UZ-BU", "energy")].colour
    assert flows[("UZ-BU", "RU-OMS", "textiles")].dashed            # only planned
    assert not flows[("KZ-35", "UZ-BU", "energy")].dashed
    assert "2.5e+06 USD" in flows[("KZ-35", "UZ-BU", "energy")].tooltip
    commodity_legend = [entry.label for entry in view.legend if entry.mark == "edge"]
    assert sorted(commodity_legend) == ["текстиль", "энергоносители"]
    only_coal = views.build("trade", query, {"commodity": "energy"})
    assert [(e.source, e.target) for e in only_coal.edges] == [("KZ-35", "UZ-BU")]


def test_events_view_shows_people_events_dates_status_and_sentences(query):
    view = views.build("events", query, {"region_a": "UZ-BU", "region_b": "RU-OMS"})
    events = [node for node in view.nodes if node.id.startswith("event:")]
    assert sorted(node.category for node in events) == ["agreement", "meeting", "trade"]
    meeting = next(node for node in events if node.category == "meeting")
    assert "2025-04-26" in meeting.label
    assert "состоялась" in meeting.tooltip
    assert "Сибирский курьер: «Хоким Бухарской области провел переговоры" in meeting.tooltip
    person = next(node for node in view.nodes if node.category == "person")
    assert person.label == "Пётр Ветров"
    assert (person.id, meeting.id) in {(e.source, e.target) for e in view.edges}
    assert (person.id, "RU-OMS") in {(e.source, e.target) for e in view.edges if e.dashed}   # holds office
    trade = next(node for node in events if node.category == "trade")
    assert "&lt;img src=x" in trade.tooltip and "<img" not in trade.tooltip
    # the Karaganda coal flow is an event of Bukhara, but not one it shares with Omsk
    everything = views.build("events", query, {"region": "UZ-BU"})
    assert len([n for n in everything.nodes if n.id.startswith("event:")]) == 4


def test_view_parameters_are_checked(query):
    with pytest.raises(UserError, match="unknown view"):
        views.build("map", query, {})
    with pytest.raises(UserError, match="needs --param region"):
        views.build("partners", query, {})
    with pytest.raises(UserError, match="depth must be 1 or 2"):
        views.build("partners", query, {"region": "UZ-BU", "depth": "3"})
    with pytest.raises(UserError, match="no parameter colour"):
        views.build("network", query, {"colour": "red"})
    with pytest.raises(UserError, match="unknown region"):
        views.build("partners", query, {"region": "Атлантида"})


def test_empty_store_gives_a_page_that_says_so(interreg_home):
    store = MemoryStore(home=interreg_home)
    view = views.build("partners", views.through(store), {"region": "UZ-BU"})
    assert view.notes and not view.edges
    assert "Нет данных о партнёрах" in render.render(view)


def test_countries_without_a_set_colour_get_distinct_spare_ones():
    from interreg.viz import palette

    colours = palette.Colours("country")
    known = colours("UZ")
    spare = [colours(code) for code in ("AF", "IR", "TR")]
    assert known == palette.colour("country", "UZ")
    assert len(set(spare)) == 3 and known not in spare
    assert colours("IR") == spare[1]                                 # stable within a page


def test_events_view_keeps_an_event_without_counterpart(interreg_home):
    doc = Document("solo", "Хоким Бухарской области провел совещание с экспортёрами.",
                   outlet="Бухоро", published=date(2025, 2, 1))
    store = MemoryStore(home=interreg_home)
    store.upsert([DocumentFacts(doc, regions=[BUKHARA],
                                meetings=[MeetingFact(["UZ-BU"], [], date(2025, 2, 1), evidence(doc, doc.text))])])
    view = views.build("events", views.through(store), {"region": "UZ-BU"})
    events = [node for node in view.nodes if node.id.startswith("event:")]
    assert len(events) == 1 and "совещание с экспортёрами" in events[0].tooltip
    assert [(e.source, e.target) for e in view.edges] == [("UZ-BU", events[0].id)]


# --- the page ----------------------------------------------------------------------------------

def test_page_is_self_contained_and_offline(query):
    page = render.render(views.build("partners", query, {"region": "UZ-BU"}))
    assert external_resources(page) == []
    tags = parse(page)
    assert not [t for t, a in tags.tags if t == "link"]                       # no stylesheet links
    assert all("src" not in attrs for tag, attrs in tags.tags if tag == "script")
    library = [script for script in tags.scripts if "@version 9.1.2" in script]
    assert len(library) == 1 and len(library[0]) > 300_000                  # vis-network inlined


def test_offline_check_finds_remote_resources():
    page = ('<link rel="stylesheet" href="https://cdn.example.org/x.css">'
            '<script src="//cdn.example.org/x.js"></script><p>see https://example.org</p>')
    assert external_resources(page) == ["<link href=https://cdn.example.org/x.css>",
                                         "<script src=//cdn.example.org/x.js>"]


def test_document_text_cannot_inject_markup(query):
    page = render.render(views.build("events", query, {"region": "UZ-BU"}))
    tags = parse(page)
    assert not [tag for tag, _ in tags.tags if tag == "img"]
    assert len([tag for tag, _ in tags.tags if tag == "script"]) == 3       # vis, data, our script
    assert "document.title='pwned'" not in page.replace("\\u003c", "<").split("</script>")[0]
    # tooltips travel as plain data, which the page's script writes into elements as text
    # (the browser tests look at the result): the document's text is there whole, and
    # nowhere in the page as markup
    data = payload_of(page)
    tooltips = json.dumps([item.get("title") for item in data["nodes"] + data["edges"]], ensure_ascii=False)
    assert SCRIPT_PAYLOAD in tooltips
    assert SCRIPT_PAYLOAD not in page and IMG_PAYLOAD not in page


def test_page_carries_each_search_form_once(query):
    view = views.build("partners", query, {"region": "UZ-BU"})
    page = payload_of(render.render(view))
    given = {node.id: node for node in view.nodes}
    for node in page["nodes"]:
        # what the page's script matches: the label's words, the id, and the forms sent
        matched = {re.sub(r"\s+", " ", node["label"]).lower(), node["id"].lower(), *node.get("forms", [])}
        assert matched == set(given[node["id"]].forms) | {given[node["id"]].label.lower(), node["id"].lower()}
        assert node["id"].lower() not in node.get("forms", [])
    bukhara = next(node for node in page["nodes"] if node["id"] == "UZ-BU")
    assert "бухарской области" in bukhara["forms"] and "бухарская область" not in bukhara["forms"]


def test_page_leaves_out_the_styles_of_vis_network_parts_it_never_shows(query):
    page = render.render(views.build("partners", query, {"region": "UZ-BU"}))
    styles = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    assert "div.vis-tooltip{" in styles and "vis-manipulation" not in styles and "vis-edit-mode" not in styles
    full = markup.vendor_asset(f"{render.VIS_VERSION}/vis-network.css")
    assert "vis-manipulation" in full and len(styles) < len(full) / 5


def test_tooltips_travel_as_data_without_empty_parts():
    tip = views.tooltip("Омская область — Бухарская область", [("встреч", 2), ("период", ""), ("изданий", None)],
                        [f"строка {n}" for n in range(3)], more=4)
    assert tip.data() == ["Омская область — Бухарская область", [["встреч", "2"]],
                          ["строка 0", "строка 1", "строка 2"], "… и ещё 4"]
    assert views.tooltip("Только заголовок").data() == ["Только заголовок"]
    assert "<dd>2</dd>" in tip and "<p>… и ещё 4</p>" in tip.html()


def test_tooltip_labels_travel_once_and_read_back_whole(query):
    view = views.build("partners", query, {"region": "UZ-BU"})
    page = payload_of(render.render(view))
    labels = page["tipLabels"]
    assert len(labels) == len(set(labels)) and "встреч" in labels
    for given, sent in zip(view.nodes + view.edges, page["nodes"] + page["edges"]):
        expected = given.tooltip.data()
        if len(expected) > 1:
            expected[1] = [[labels.index(name), value] for name, value in expected[1]]
        assert sent["title"] == expected


def test_page_has_title_legend_and_controls(query):
    page = render.render(views.build("trade", query, {}))
    tags = parse(page)
    ids = {attrs.get("id") for _, attrs in tags.tags}
    assert {"graph", "legend", "search", "min-weight", "reset"} <= ids
    legend_boxes = [attrs for tag, attrs in tags.tags if tag == "input" and "data-category" in attrs]
    assert {box["data-category"] for box in legend_boxes} >= {"textiles", "energy", "UZ", "RU", "KZ"}
    assert "<title>Торговые потоки между регионами</title>" in page
    data = payload_of(page)
    assert all(edge["arrows"] == "to" for edge in data["edges"])
    assert data["options"]["physics"]["enabled"] is True


# --- big graphs --------------------------------------------------------------------------------

def synthetic_view(count: int) -> View:
    """`count` regions in hub-and-spoke groups of 20: hubs linked in a ring."""
    view = View("network", f"{count} узлов")
    for index in range(count):
        view.nodes.append(ViewNode(f"R-{index}", f"Регион {index}", "RU", "#d62728"))
        hub = index - index % 20
        if index != hub:
            view.edges.append(ViewEdge(f"R-{hub}", f"R-{index}"))
        elif index:
            view.edges.append(ViewEdge(f"R-{index - 20}", f"R-{index}"))
    return view


def test_big_graph_gets_fixed_positions_and_no_physics():
    small = payload_of(render.render(synthetic_view(100)))
    assert small["options"]["physics"]["enabled"] is True
    assert "x" not in small["nodes"][0]
    started = time.perf_counter()
    page = render.render(synthetic_view(2000))
    elapsed = time.perf_counter() - started
    big = payload_of(page)
    assert big["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in big["nodes"])
    assert len({(round(n["x"]), round(n["y"])) for n in big["nodes"]}) > 1900   # spread out
    assert elapsed < 20, f"2,000-node view took {elapsed:.1f} s"


def test_layout_keeps_satellites_near_their_hub_and_is_repeatable():
    import networkx as nx
    graph = nx.Graph()
    for hub in range(40):
        graph.add_edges_from((f"h{hub}", f"h{hub}-{leaf}") for leaf in range(12))
        graph.add_edge(f"h{hub}", f"h{(hub + 1) % 40}")
    graph.add_edge("island-a", "island-b")
    positions = layout.layout(graph, seed=3)
    assert positions == layout.layout(graph, seed=3)
    assert set(positions) == set(graph)

    def distance(a, b):
        (ax, ay), (bx, by) = positions[a], positions[b]
        return ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5

    def mean_distance(hub, leaves_of):
        return sum(distance(f"h{hub}", f"h{leaves_of}-{leaf}") for leaf in range(12)) / 12
    # a hub's own partners ring it: nearer than those of the hub across the ring (the
    # spring model may fold the ring of hubs once, so not every hub is asked)
    nearer = [mean_distance(hub, hub) < mean_distance(hub, (hub + 20) % 40) for hub in range(40)]
    assert sum(nearer) >= 36, f"{40 - sum(nearer)} hubs have their partners farther than the opposite hub's"


def test_layout_depends_on_the_graph_not_on_insertion_order_or_hash_seed(tmp_path):
    import subprocess
    import sys

    import networkx as nx
    view = clustered_view(400, ("RU", "UZ", "KZ"))
    sizes = {node.id: node.size for node in view.nodes}
    groups = {node.id: node.category for node in view.nodes}

    def graph_of(nodes, edges):
        graph = nx.Graph()
        graph.add_nodes_from(node.id for node in nodes)
        graph.add_edges_from((edge.source, edge.target) for edge in edges)
        return graph
    forwards = layout.layout(graph_of(view.nodes, view.edges), sizes=sizes, groups=groups)
    backwards = layout.layout(graph_of(view.nodes[::-1], view.edges[::-1]), sizes=sizes, groups=groups)
    assert forwards == backwards

    # networkx's subgraph views give a small subgraph's nodes in the order of a set of
    # names, which changes with PYTHONHASHSEED: two processes must agree all the same
    script = tmp_path / "positions.py"
    script.write_text("import json, sys\n"
                      "sys.path[:0] = [sys.argv[1]]\n"
                      "from test_views import clustered_view\n"
                      "from interreg.viz import render\n"
                      "view = clustered_view(400, ('RU', 'UZ', 'KZ'))\n"
                      "render.place(view)\n"
                      "print(json.dumps([(n.id, n.x, n.y) for n in view.nodes]))\n", encoding="utf-8")
    tests = str(Path(__file__).resolve().parent)
    runs = [subprocess.run([sys.executable, str(script), tests], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    assert runs[0] == runs[1] and len(json.loads(runs[0])) == 400


# --- the command -------------------------------------------------------------------------------

def test_view_command_writes_the_page(store, tmp_path, capsys):
    target = tmp_path / "bukhara.html"
    code = main(["view", "partners", "--param", "region=Бухарская", "-o", str(target)])
    assert code == 0
    assert "Партнёры: Бухарская область: 3 nodes, 2 edges" in capsys.readouterr().out
    page = target.read_text(encoding="utf-8")
    assert external_resources(page) == []
    assert {n["id"] for n in payload_of(page)["nodes"]} == {"UZ-BU", "RU-OMS", "KZ-35"}


def test_view_command_reports_a_bad_parameter_without_traceback(store, tmp_path, capsys):
    code = main(["view", "partners", "--param", "region", "-o", str(tmp_path / "x.html")])
    assert code == 2
    assert "expected NAME=VALUE" in capsys.readouterr().err


# --- the same views on Neo4j -----------------------------------------------------------------

def view_signature(view: View) -> tuple:
    nodes = sorted((n.id, n.label, n.category, n.colour, n.size, n.tooltip) for n in view.nodes)
    edges = sorted((e.source, e.target, e.category, e.weight, e.arrow, e.dashed, e.tooltip) for e in view.edges)
    return view.title, view.subtitle, nodes, edges, [(e.category, e.count) for e in view.legend]


@pytest.mark.neo4j
def test_views_are_the_same_on_neo4j(store, neo4j_uri):
    from interreg.graph.neo4j_store import Neo4jStore

    neo4j = Neo4jStore(uri=neo4j_uri)
    try:
        neo4j.clear()
        neo4j.upsert(sample_facts())
        for name, params in [("partners", {"region": "UZ-BU", "depth": "2"}), ("network", {}),
                             ("trade", {"party": "UZ-BU"}),
                             ("events", {"region_a": "UZ-BU", "region_b": "RU-OMS"})]:
            on_memory = views.build(name, views.through(store), params)
            on_neo4j = views.build(name, views.through(neo4j), params)
            assert on_memory.edges, name
            assert view_signature(on_neo4j) == view_signature(on_memory), name
    finally:
        neo4j.clear()
        neo4j.close()


# --- evidence, search forms, charts ----------------------------------------------------------

def test_edges_and_nodes_carry_their_reports_with_safe_urls(query):
    view = views.build("partners", query, {"region": "UZ-BU"})
    omsk = edge_between(view, "UZ-BU", "RU-OMS")
    outlets = {report.outlet for report in omsk.reports}
    assert outlets == {f"Вести {SCRIPT_PAYLOAD}", "Сибирский курьер"}
    assert {report.url for report in omsk.reports} == {"https://example.org/v1", None}
    assert any(r.event == "встреча" and r.status == "состоялась" and r.date == "2025-04-26" for r in omsk.reports)
    node = next(n for n in view.nodes if n.id == "KZ-35")
    assert [r.event for r in node.reports] == ["торговля: энергоносители"]
    data = payload_of(render.render(view))
    edge = next(e for e in data["edges"] if {e["from"], e["to"]} == {"UZ-BU", "RU-OMS"})
    assert {r["sentence"][:9] for r in edge["reports"]} >= {"Губернато", "Хоким Бух"}


def test_only_web_urls_become_links_and_the_host_stands_in_for_a_missing_outlet(interreg_home):
    from interreg.viz.markup import link, safe_url

    assert safe_url("javascript:alert(1)") is None and safe_url("data:text/html,x") is None
    assert safe_url(" https://example.org/a ") == "https://example.org/a"
    assert link('https://example.org/"onmouseover="x') .startswith('<a href="https://example.org/&quot;onmouseover')
    doc = Document("u1", "Хоким Бухарской области встретился с губернатором Омской области.",
                   url="https://www.bukhara-news.example/1", published=date(2025, 1, 5))
    bad = Document("u2", "Омская область и Бухарская область провели переговоры.",
                   url="javascript:alert(1)", outlet="Бухоро", published=date(2025, 2, 5))
    store = MemoryStore(home=interreg_home)
    store.upsert([DocumentFacts(d, regions=[OMSK, BUKHARA],
                                meetings=[MeetingFact(["RU-OMS", "UZ-BU"], [], d.published, evidence(d, d.text))])
                  for d in (doc, bad)])
    view = views.build("partners", views.through(store), {"region": "UZ-BU"})
    reports = edge_between(view, "UZ-BU", "RU-OMS").reports
    assert {(r.outlet, r.url) for r in reports} == {("bukhara-news.example", "https://www.bukhara-news.example/1"),
                                                    ("Бухоро", None)}


def test_search_forms_come_from_the_gazetteer(query):
    from interreg.ingest.entities.gazetteer import gazetteer

    view = views.build("partners", query, {"region": "UZ-BU"})
    forms = next(n for n in view.nodes if n.id == "UZ-BU").forms
    for name in gazetteer().names("UZ-BU"):              # whatever it holds, Latin names included
        assert name.lower() in forms, name
    assert {"бухарской области", "бухаре", "бухарой", "uz-bu"} <= set(forms)
    assert "омской области" in next(n for n in view.nodes if n.id == "RU-OMS").forms


def test_pair_events_view_is_a_timeline_in_date_order(query):
    view = views.build("events", query, {"region_a": "UZ-BU", "region_b": "RU-OMS"})
    assert view.positioned and [c.id for c in view.charts] == ["chart-timeline"]
    events = sorted((n for n in view.nodes if n.id.startswith("event:")), key=lambda n: n.x)
    dates = [n.label.split("\n")[-1] for n in events]
    assert [d for d in dates if d != "без даты"] == sorted(d for d in dates if d != "без даты")
    assert len({n.x for n in events}) == len(events)        # one column per event
    values = view.charts[0].spec["data"]["values"]
    assert [v["дата"] for v in values] == sorted(v["дата"] for v in values)
    assert {v["тип"] for v in values} == {"встреча", "соглашение", "торговля"}
    assert len(values) == len(events)                        # every event has a date (its report's)
    page = payload_of(render.render(view))
    assert page["options"]["physics"]["enabled"] is False
    assert all("x" in node for node in page["nodes"])


def test_partners_and_trade_views_carry_their_charts(query):
    partners = views.build("partners", query, {"region": "UZ-BU"})
    [bars] = partners.charts
    totals = {}
    for value in bars.spec["data"]["values"]:
        totals[value["партнёр"]] = totals.get(value["партнёр"], 0) + value["число"]
    assert totals == {"Омская область": 3, "Карагандинская область": 1}
    trade = views.build("trade", query, {"party": "UZ-BU"})
    values = trade.charts[0].spec["data"]["values"]
    assert {(v["товар"], v["направление"]) for v in values} == {("текстиль", "вывоз"), ("энергоносители", "ввоз")}
    page = render.render(trade)
    assert external_resources(page) == []
    assert page.count('data-chart="chart-trade"') == 1


# --- big graphs: spacing and country clusters ------------------------------------------------

def clustered_view(count: int, countries: tuple[str, ...]) -> View:
    """`count` regions of several countries in hub-and-spoke groups of 20, hubs in a ring,
    sized by their number of links as the views size them."""
    view = synthetic_view(count)
    degree: dict[str, int] = {}
    for edge in view.edges:
        degree[edge.source] = degree.get(edge.source, 0) + 1
        degree[edge.target] = degree.get(edge.target, 0) + 1
    for index, node in enumerate(view.nodes):
        node.category = countries[(index // 20) % len(countries)]
        node.size = views.activity_size(degree.get(node.id, 0))
    return view


def laid_out(view: View):
    import numpy as np

    render.place(view)
    points = np.array([(n.x, n.y) for n in view.nodes])
    radii = np.array([n.size for n in view.nodes])
    return points, radii


def test_a_400_node_view_has_no_stacked_nodes():
    view = clustered_view(400, ("RU", "UZ", "KZ"))
    points, radii = laid_out(view)
    assert layout.overlaps(points, radii) == 0
    sizes = sorted({n.size for n in view.nodes})
    assert sizes[0] < sizes[-1]                               # spacing had different sizes to respect


def test_a_2000_node_view_keeps_countries_apart():
    import numpy as np

    countries = ("RU", "UZ", "KZ", "BY", "KG", "CN")
    view = clustered_view(2000, countries)
    started = time.perf_counter()
    points, radii = laid_out(view)
    elapsed = time.perf_counter() - started
    groups = np.array([n.category for n in view.nodes])
    circles = {}
    for country in countries:
        mine = points[groups == country]
        centre = mine.mean(axis=0)
        circles[country] = (centre, float((np.sqrt(((mine - centre) ** 2).sum(axis=1)) + radii[groups == country]).max()))
    for a in countries:                                       # the countries' circles do not meet
        for b in countries:
            if a < b:
                (ca, ra), (cb, rb) = circles[a], circles[b]
                assert np.hypot(*(ca - cb)) > ra + rb, (a, b)
    assert layout.overlaps(points, radii) == 0
    assert elapsed < 20, f"laying out 2,000 nodes took {elapsed:.1f} s"


# --- the command: default file, --open -------------------------------------------------------

def test_view_command_writes_a_default_file_and_opens_it(store, tmp_path, capsys, monkeypatch):
    opened = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    assert main(["view", "partners", "--param", "region=Бухара", "--open"]) == 0
    written = tmp_path / "partners-uz-bu.html"
    assert written.is_file() and "partners-uz-bu.html" in capsys.readouterr().out
    assert opened == [written.resolve().as_uri()]
    assert main(["view", "events", "--param", "region_a=Омск", "--param", "region_b=Бухара"]) == 0
    assert (tmp_path / "events-ru-oms-uz-bu.html").is_file()
