"""`interreg export`: GraphML, GEXF with time intervals, CSV tables; the same from both stores."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ElementTree

import networkx as nx
import pytest

from interreg import cli
from interreg.demo import news_path
from interreg.graph import export
from interreg.graph.load import ingest
from interreg.graph.memory import MemoryStore
from test_queries import hand_built_corpus

GEXF = "{http://www.gexf.net/1.2draft}"


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory):
    """The embedded store with the bundled demo news in it (extracted once for the module)."""
    home = tmp_path_factory.mktemp("export-demo")
    store = MemoryStore(home)
    ingest([news_path()], store, progress=False)
    store.close()
    return home


@pytest.fixture
def demo_env(demo_home, monkeypatch):
    monkeypatch.setenv("INTERREG_HOME", str(demo_home))
    monkeypatch.setenv("INTERREG_STORE", "memory")
    return demo_home


def totals(home) -> tuple[int, int]:
    counts = MemoryStore(home).counts()
    return sum(counts["nodes"].values()), sum(counts["relationships"].values())


def test_gexf_of_the_demo_graph_reads_back_with_the_same_counts(demo_env, tmp_path, capsys):
    path = tmp_path / "demo.gexf"
    assert cli.main(["export", "--format", "gexf", "-o", str(path)]) == 0
    nodes, edges = totals(demo_env)
    assert nodes > 20 and edges > 40
    back = nx.read_gexf(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (nodes, edges)
    assert f"wrote {nodes} nodes and {edges} relationships" in capsys.readouterr().err


def test_gexf_is_dynamic_with_dated_events_and_partner_links(demo_env, tmp_path):
    path = tmp_path / "demo.gexf"
    export.write(MemoryStore(demo_env), "gexf", path)
    root = ElementTree.parse(path).getroot()
    graph = root.find(f"{GEXF}graph")
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    back = nx.read_gexf(path)
    partner_links = [d for _, _, d in back.edges(data=True) if d.get("relation") == "PARTNER_OF"]
    assert partner_links
    for link in partner_links:
        if "first" in link:
            assert (link["start"], link["end"]) == (link["first"], link["last"])
    events = [d for _, d in back.nodes(data=True) if d.get("kind") == "Event" and "date" in d]
    assert events and all(d["start"] == d["end"] == d["date"] for d in events)
    # a region lives from its first to its last dated relationship
    bukhara = back.nodes["Region:UZ-BU"]
    assert bukhara["start"] <= bukhara["end"]
    assert (bukhara["lat"], bukhara["lon"]) == (39.77, 64.42)
    assert bukhara["label"] == "Бухарская область"


def test_graphml_keeps_every_node_and_relationship_with_coordinates(demo_env, tmp_path):
    path = tmp_path / "demo.graphml"
    assert cli.main(["export", "--format", "graphml", "-o", str(path)]) == 0
    back = nx.read_graphml(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == totals(demo_env)
    regions = [d for _, d in back.nodes(data=True) if d["kind"] == "Region"]
    assert regions and all(-90 <= d["lat"] <= 90 and -180 <= d["lon"] <= 180 for d in regions)
    relations = {d["relation"] for _, _, d in back.edges(data=True)}
    assert {"PARTY_TO", "REPORTED_IN", "PARTNER_OF", "PART_OF"} <= relations


def test_csv_gives_a_node_table_and_an_edge_table(demo_env, tmp_path):
    folder = tmp_path / "tables"
    assert cli.main(["export", "--format", "csv", "-o", str(folder)]) == 0
    with (folder / "nodes.csv").open(encoding="utf-8") as f:
        nodes = list(csv.DictReader(f))
    with (folder / "edges.csv").open(encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    assert (len(nodes), len(edges)) == totals(demo_env)
    keys = {row["key"] for row in nodes}
    assert all(row["source"] in keys and row["target"] in keys for row in edges)
    omsk = next(row for row in nodes if row["key"] == "Region:RU-OMS")
    assert (omsk["name"], omsk["lat"], omsk["lon"]) == ("Омская область", "54.99", "73.37")


def test_an_unwritable_path_is_one_clear_line(demo_env, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert cli.main(["export", "--format", "gexf", "-o", str(blocker / "out.gexf")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("interreg: cannot write") and err.count("\n") == 1


@pytest.mark.neo4j
def test_both_stores_export_the_same_graph(tmp_path, neo4j_uri):
    from interreg.graph.neo4j_store import Neo4jStore

    memory_store = MemoryStore(tmp_path / "memory")
    memory_store.upsert(hand_built_corpus())
    neo4j_store = Neo4jStore(uri=neo4j_uri)
    try:
        neo4j_store.clear()
        neo4j_store.upsert(hand_built_corpus())
        on_memory, on_neo4j = export.snapshot(memory_store), export.snapshot(neo4j_store)
        assert len(on_memory.nodes) > 10 and len(on_memory.edges) > 20
        assert on_neo4j == on_memory
        for fmt, name in (("gexf", "g.gexf"), ("graphml", "g.graphml")):
            export.write(memory_store, fmt, tmp_path / f"memory-{name}")
            export.write(neo4j_store, fmt, tmp_path / f"neo4j-{name}")
            assert (tmp_path / f"memory-{name}").read_bytes() == (tmp_path / f"neo4j-{name}").read_bytes()
    finally:
        neo4j_store.close()


# --- the geographic layout of views ------------------------------------------------------------

def view_payload(path) -> dict:
    """The nodes, edges and options the page hands to vis-network."""
    page = path.read_text(encoding="utf-8")
    match = re.search(r'<script id="view-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def test_geo_layout_puts_places_where_their_capitals_are(demo_env, tmp_path, capsys):
    path = tmp_path / "network.html"
    assert cli.main(["view", "network", "--layout", "geo", "-o", str(path)]) == 0
    payload = view_payload(path)
    assert payload["options"]["physics"]["enabled"] is False
    nodes = {node["id"]: node for node in payload["nodes"]}
    assert all("x" in node and "y" in node for node in nodes.values())
    from interreg.ingest.entities.gazetteer import gazetteer
    places = [i for i in nodes if gazetteer().coordinates(i)]
    assert len(places) >= 5
    # the further north, the higher (smaller y); the further east, the more to the right
    for a in places:
        for b in places:
            (lat_a, lon_a), (lat_b, lon_b) = gazetteer().coordinates(a), gazetteer().coordinates(b)
            if lat_a > lat_b + 3:
                assert nodes[a]["y"] < nodes[b]["y"], (a, b)
            if lon_a > lon_b + 3:
                assert nodes[a]["x"] > nodes[b]["x"], (a, b)
    points = [(round(n["x"]), round(n["y"])) for n in nodes.values()]
    assert len(set(points)) == len(points)          # places sharing a capital are nudged apart


def test_geo_layout_places_people_and_events_next_to_their_places(tmp_path):
    from interreg.viz import geo
    from interreg.viz.model import View, ViewEdge, ViewNode

    view = View("events", "t", nodes=[ViewNode("RU-OMS", "Омск", "RU", "#000"),
                                      ViewNode("UZ-BU", "Бухара", "UZ", "#000"),
                                      ViewNode("meeting-1", "встреча", "meeting", "#000"),
                                      ViewNode("person-1", "Хоценко", "person", "#000")],
                edges=[ViewEdge("RU-OMS", "meeting-1"), ViewEdge("person-1", "RU-OMS")])
    assert geo.apply(view)
    at = {node.id: (node.x, node.y) for node in view.nodes}
    near = lambda a, b: ((at[a][0] - at[b][0]) ** 2 + (at[a][1] - at[b][1]) ** 2) ** 0.5
    assert near("meeting-1", "RU-OMS") < near("meeting-1", "UZ-BU")
    assert near("person-1", "RU-OMS") < 4 * geo.SEPARATION
    assert not geo.apply(View("x", "t", nodes=[ViewNode("person-2", "Кто-то", "person", "#000")]))
