"""Both stores against the same hand-written facts: the embedded one on disk,
Neo4j over Bolt (a real server, see the `neo4j_env` fixture)."""

from __future__ import annotations

from datetime import date

import pytest

from graph_samples import bukhara_report, minsk_report, omsk_report, pavlodar_report, sample_batch
from interreg.errors import UserError
from interreg.graph.memory import GRAPH_FILE, MemoryStore
from interreg.graph.schema import NODES, RELATIONSHIPS
from interreg.ingest.facts import AgreementFact

NODE_LABELS = set(NODES)


# --- canonical dumps: every node and relationship with its non-null properties -------

def _clean(properties: dict) -> dict:
    cleaned = {k: v for k, v in properties.items() if v is not None}
    if "docs" in cleaned:
        cleaned["docs"] = sorted(cleaned["docs"])
    return cleaned


def memory_dump(store: MemoryStore) -> dict:
    nodes = {}
    for key, data in store.graph.nodes(data=True):
        properties = _clean({k: v for k, v in data.items() if k not in ("label", "labels")})
        nodes[key] = (tuple(sorted(data.get("labels", (data["label"],)))), properties)
    rels = {(k, u, v): _clean({n: x for n, x in data.items() if n != "type"})
            for u, v, k, data in store.graph.edges(keys=True, data=True)}
    return {"nodes": nodes, "relationships": rels}


def neo4j_dump(store) -> dict:
    def key(labels, node_id):
        return f"{next(label for label in labels if label in NODE_LABELS)}:{node_id}"
    nodes = {key(row["labels"], row["p"]["id"]): (tuple(sorted(row["labels"])), _clean(row["p"]))
             for row in store.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS p", {})}
    rels = {(row["type"], key(row["a"], row["aid"]), key(row["b"], row["bid"])): _clean(row["p"])
            for row in store.read("MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a) AS a, a.id AS aid, "
                                  "labels(b) AS b, b.id AS bid, properties(r) AS p", {})}
    return {"nodes": nodes, "relationships": rels}


def dump(store) -> dict:
    return memory_dump(store) if store.kind == "memory" else neo4j_dump(store)


def without_event_ids(snapshot: dict) -> dict:
    """Name events by signature and anchor: which document created an event first
    decides its id (and so its sort_key), and that may differ between two ways of reaching one graph."""
    names = {key: f"Event:{props['signature']}@{props.get('anchor')}"
             for key, (_, props) in snapshot["nodes"].items() if key.startswith("Event:")}
    nodes = {names.get(key, key): (labels, {k: v for k, v in props.items()
                                            if not (key in names and k in ("id", "sort_key"))})
             for key, (labels, props) in snapshot["nodes"].items()}
    rels = {(t, names.get(a, a), names.get(b, b)): props for (t, a, b), props in snapshot["relationships"].items()}
    return {"nodes": nodes, "relationships": rels}


# --- stores -----------------------------------------------------------------------------

def reference(tmp_path, batch) -> MemoryStore:
    """A fresh embedded store holding only `batch`."""
    store = MemoryStore(tmp_path / f"reference-{len(list(tmp_path.iterdir()))}")
    store.upsert(batch)
    return store


# --- both stores ------------------------------------------------------------------------

@pytest.mark.neo4j
def test_both_stores_build_the_same_graph(memory_store, neo4j_store):
    memory_summary = memory_store.upsert(sample_batch())
    neo4j_summary = neo4j_store.upsert(sample_batch())

    assert memory_store.counts() == neo4j_store.counts()
    assert memory_dump(memory_store) == neo4j_dump(neo4j_store)
    assert memory_summary == neo4j_summary
    assert memory_store.document_hashes() == neo4j_store.document_hashes()


def test_counts_by_label_and_type(store):
    store.upsert(sample_batch())
    counts = store.counts()

    assert set(counts["nodes"]) == set(NODES) and set(counts["relationships"]) == set(RELATIONSHIPS)
    # the Omsk–Bukhara meeting reported twice is one event: 4 meetings/agreements + 5 trade flows
    assert counts["nodes"]["Event"] == 9
    assert counts["nodes"]["Document"] == 4
    assert counts["nodes"]["Region"] == 4            # RU-OMS, UZ-BU, BY-MI, KZ-PAV
    assert counts["nodes"]["Country"] == 4           # RU, UZ, BY, KZ
    assert counts["nodes"]["Person"] == 3
    assert counts["relationships"]["REPORTED_IN"] == 10
    assert counts["relationships"]["PARTNER_OF"] == 4


def test_loading_twice_changes_nothing(store):
    store.upsert(sample_batch())
    first = dump(store)

    store.upsert(sample_batch())

    assert dump(store) == first


def test_two_reports_of_one_meeting_are_one_event(store):
    summary = store.upsert([omsk_report()])
    assert summary.events_new == 2 and summary.events_known == 0

    summary = store.upsert([bukhara_report()])
    assert summary.events_known == 1                 # the meeting, already known
    assert summary.events_new == 1                   # the textile flow

    snapshot = dump(store)
    meetings = [props for key, (labels, props) in snapshot["nodes"].items() if "Meeting" in labels]
    assert len(meetings) == 1
    meeting = meetings[0]
    assert (meeting["mentions"], meeting["sources"]) == (2, 2)
    assert meeting["date"] == date(2025, 4, 26)      # only the first report gives a date
    reports = [(a, b) for (t, a, b) in snapshot["relationships"] if t == "REPORTED_IN" and a == f"Event:{meeting['id']}"]
    assert sorted(b for _, b in reports) == ["Document:buhara-2", "Document:omsk-1"]
    participants = sorted(a for (t, a, b), p in snapshot["relationships"].items()
                          if t == "PARTY_TO" and b == f"Event:{meeting['id']}" and p["role"] == "participant")
    assert len(participants) == 2                    # Хоценко (in both reports) and Зарипов


def test_reports_a_week_apart_are_two_events(store):
    later = bukhara_report()
    later.document.published = date(2025, 5, 3)
    store.upsert([omsk_report(), later])

    assert store.counts()["nodes"]["Event"] == 4     # two meetings, the agreement, the trade flow


def test_an_event_shows_what_its_earliest_report_says(store):
    first = omsk_report()                                  # 26 April: «соглашение о сотрудничестве»
    later = bukhara_report()                               # 27 April: same family, longer name
    later.agreements = [AgreementFact(["RU-OMS", "UZ-BU"], "соглашение о торгово-экономическом сотрудничестве",
                                      "signed", None, later.meetings[0].evidence)]

    def agreement():
        rows = store.read("MATCH (e:Agreement) RETURN e.kind AS kind, e.mentions AS mentions", {}) \
            if store.kind == "neo4j" else \
            [{"kind": d["kind"], "mentions": d["mentions"]} for _, d in store.graph.nodes(data=True)
             if d.get("labels") == ("Event", "Agreement")]
        assert len(rows) == 1
        return rows[0]

    store.upsert([later])
    store.upsert([first])                                  # loaded second, reported first
    assert agreement() == {"kind": "соглашение о сотрудничестве", "mentions": 2}

    store.delete_document("omsk-1")
    assert agreement() == {"kind": "соглашение о торгово-экономическом сотрудничестве", "mentions": 1}


def test_partners_sum_up_events_by_type(store):
    store.upsert(sample_batch())
    rels = dump(store)["relationships"]

    omsk_bukhara = rels[("PARTNER_OF", "Region:RU-OMS", "Region:UZ-BU")]
    assert omsk_bukhara == {"meetings": 1, "agreements": 1, "trade": 1, "sources": 2,
                            "publishers": ["бухоро хабарлари", "омская правда"],
                            "first": date(2025, 4, 26), "last": date(2025, 4, 27)}
    assert rels[("PARTNER_OF", "Region:BY-MI", "Region:RU-OMS")]["trade"] == 2     # food both ways
    # a region–country pair only where the country itself is a party
    assert rels[("PARTNER_OF", "Region:RU-OMS", "Country:KZ")]["meetings"] == 1
    assert not [key for key in rels if key[0] == "PARTNER_OF" and key[1].startswith("Country:")]


def test_provenance_lists_the_supporting_documents(store):
    store.upsert(sample_batch())
    rels = dump(store)["relationships"]

    person = next(a for (t, a, b) in rels if t == "HOLDS" and b == "Region:RU-OMS")
    holds = dict(rels[("HOLDS", person, "Region:RU-OMS")])
    assert sorted(holds.pop("positions")) == ["buhara-2\tгубернатор", "omsk-1\tгубернатор"]
    assert holds == {"position": "губернатор", "docs": ["buhara-2", "omsk-1"]}
    assert {p["docs"][0] for (t, a, b), p in rels.items() if t == "PARTY_TO" and a == "Region:KZ-PAV"} == {"pavlodar-4"}


@pytest.mark.parametrize("doc_id", ["omsk-1", "buhara-2", "minsk-3", "pavlodar-4"])
def test_deleting_a_document_leaves_what_the_others_support(store, tmp_path, doc_id):
    store.upsert(sample_batch())

    assert store.delete_document(doc_id) is True

    others = [facts for facts in sample_batch() if facts.document.id != doc_id]
    assert without_event_ids(dump(store)) == without_event_ids(memory_dump(reference(tmp_path, others)))


def test_deleting_every_document_empties_the_graph(store):
    store.upsert(sample_batch())
    for facts in sample_batch():
        store.delete_document(facts.document.id)

    counts = store.counts()
    assert sum(counts["nodes"].values()) == 0 and sum(counts["relationships"].values()) == 0


def test_deleting_an_unknown_document_says_so(store):
    store.upsert([omsk_report()])
    before = dump(store)

    assert store.delete_document("no-such-document") is False
    assert dump(store) == before


def test_a_changed_document_replaces_its_old_facts(store, tmp_path):
    store.upsert(sample_batch())
    changed = minsk_report()
    changed.document.text += " Подписание назначено на июнь."
    changed.agreements = [AgreementFact(["BY-MI", "RU-OMS"], "соглашение о сотрудничестве", "signed",
                                        date(2025, 6, 2), changed.agreements[0].evidence)]
    changed.trade = changed.trade[:1]

    store.upsert([changed])

    expected = [omsk_report(), bukhara_report(), pavlodar_report(), changed]
    assert without_event_ids(dump(store)) == without_event_ids(memory_dump(reference(tmp_path, expected)))
    assert store.document_hashes()["minsk-3"] == changed.document.content_hash


def test_document_hashes(store):
    store.upsert(sample_batch())
    assert store.document_hashes() == {f.document.id: f.document.content_hash for f in sample_batch()}


def test_clear_removes_everything(store):
    store.upsert(sample_batch())
    store.clear()
    assert store.document_hashes() == {}
    assert sum(store.counts()["nodes"].values()) == 0


# --- the embedded store -------------------------------------------------------------------

def test_memory_store_persists_across_reopen(tmp_path):
    home = tmp_path / "home"
    store = MemoryStore(home)
    store.upsert(sample_batch())
    saved = memory_dump(store)
    store.close()

    assert memory_dump(MemoryStore(home)) == saved
    assert sorted(p.name for p in home.iterdir()) == [GRAPH_FILE]    # no temporary file left


def test_memory_store_keeps_the_old_graph_when_a_write_fails(tmp_path, monkeypatch):
    home = tmp_path / "home"
    store = MemoryStore(home)
    store.upsert([omsk_report()])
    saved = memory_dump(store)

    # a file that may not grow: SQLite fails the write half-way, as on a full disk
    from interreg.graph import sqlite_tables
    connect = sqlite_tables.connect

    def full_disk(path, create=False):
        connection = connect(path, create)
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")
        return connection
    monkeypatch.setattr(sqlite_tables, "connect", full_disk)
    from bench.synthetic import SyntheticNews
    with pytest.raises(UserError, match="no space left"):
        store.upsert([bukhara_report(), *SyntheticNews(seed=3).documents(40)])
    monkeypatch.undo()

    assert memory_dump(store) == saved
    assert memory_dump(MemoryStore(home)) == saved
    assert sorted(p.name for p in home.iterdir()) == [GRAPH_FILE]


def test_memory_stores_sharing_a_home_do_not_lose_each_others_documents(tmp_path):
    home = tmp_path / "home"
    first, second = MemoryStore(home), MemoryStore(home)     # e.g. two ingest processes
    first.upsert([omsk_report()])
    second.upsert([minsk_report()])                           # opened before the first wrote

    assert set(MemoryStore(home).document_hashes()) == {"omsk-1", "minsk-3"}


def test_memory_store_reads_its_home_from_the_environment(interreg_home):
    store = MemoryStore()
    store.upsert([omsk_report()])
    assert (interreg_home / GRAPH_FILE).is_file()


def test_memory_store_layout(memory_store):
    memory_store.upsert(sample_batch())
    graph = memory_store.graph

    region = graph.nodes["Region:UZ-BU"]
    assert region["label"] == "Region" and region["name"] == "Бухарская область" and region["country"] == "UZ"
    meeting = next(data for _, data in graph.nodes(data=True) if data.get("labels") == ("Event", "Meeting"))
    assert isinstance(meeting["date"], date)
    edge = graph.edges["Region:UZ-BU", "Country:UZ", "PART_OF"]
    assert edge["type"] == "PART_OF"


def test_memory_store_reports_an_unreadable_graph(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / GRAPH_FILE).write_bytes(b"not a graph")
    with pytest.raises(UserError, match=GRAPH_FILE):
        MemoryStore(home)


# --- Neo4j specifics ----------------------------------------------------------------------

@pytest.mark.neo4j
def test_neo4j_has_constraints_for_every_key(neo4j_store):
    neo4j_store.upsert(sample_batch())          # a writer sets the schema up
    rows = neo4j_store.read("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type "
                            "RETURN labelsOrTypes[0] AS label, properties[0] AS key, type", {})
    unique = {(row["label"], row["key"]) for row in rows if row["type"] == "UNIQUENESS"}
    assert {(label, node.key) for label, node in NODES.items()} <= unique


@pytest.mark.neo4j
def test_neo4j_stores_dates_and_event_labels(neo4j_store):
    neo4j_store.upsert(sample_batch())
    rows = neo4j_store.read("MATCH (e:Meeting) WHERE e.date IS NOT NULL "
                            "RETURN e.date AS date, labels(e) AS labels, valueType(e.date) AS kind", {})
    assert rows == [{"date": date(2025, 4, 26), "labels": ["Event", "Meeting"], "kind": "DATE NOT NULL"}]


@pytest.mark.neo4j
def test_neo4j_read_refuses_writes(neo4j_store):
    with pytest.raises(Exception, match="read"):
        neo4j_store.read("CREATE (:Region {id: 'XX-YY'})", {})
    assert neo4j_store.read("MATCH (n:Region {id: 'XX-YY'}) RETURN n", {}) == []


def test_neo4j_unreachable_is_a_user_error_naming_the_uri_not_the_password(monkeypatch):
    from interreg.graph.neo4j_store import Neo4jStore
    import socket
    with socket.socket() as sock:              # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    uri = f"bolt://127.0.0.1:{port}"
    with pytest.raises(UserError) as raised:
        Neo4jStore(uri, user="neo4j", password="s3cret-pass")
    assert uri in str(raised.value) and "s3cret-pass" not in str(raised.value)


@pytest.mark.neo4j
def test_neo4j_unknown_database_is_a_user_error(neo4j_env):
    from interreg.graph.neo4j_store import Neo4jStore
    with pytest.raises(UserError, match="no database 'nosuchdb'"):
        Neo4jStore(database="nosuchdb")
