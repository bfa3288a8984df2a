"""What the queries read instead of aggregating per call, kept right on both stores:
the Outlet nodes (documents, reports, first and last publication per outlet) and each
event's `day` and `sort_key`, through loads, replacements and deletions."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date

import pytest

from graph_samples import bukhara_report, minsk_report, omsk_report, pavlodar_report, sample_batch
from interreg.graph.schema import event_sort_key, outlet_id
from interreg.queries import runner


def _documents(store) -> list[dict]:
    """Every document's outlet, publication date and number of reports, read from the documents."""
    if store.kind == "neo4j":
        return store.read("MATCH (d:Document) RETURN d.outlet AS outlet, d.published AS published, "
                          "COUNT { (d)<-[:REPORTED_IN]-() } AS reports", {})
    graph = store.graph
    return [{"outlet": data["outlet"], "published": data["published"],
             "reports": sum(1 for _, _, key in graph.in_edges(node, keys=True) if key == "REPORTED_IN")}
            for node, data in graph.nodes(data=True) if data["label"] == "Document"]


def outlets_from_documents(store) -> list[dict]:
    """The outlets answer aggregated over the documents, as the query did before the counters."""
    by_outlet: dict = defaultdict(lambda: {"documents": 0, "reports": 0, "dates": []})
    for row in _documents(store):
        entry = by_outlet[row["outlet"]]
        entry["documents"] += 1
        entry["reports"] += row["reports"]
        if row["published"] is not None:
            entry["dates"].append(row["published"])
    rows = [{"outlet": outlet, "documents": entry["documents"],
             "first": min(entry["dates"]).isoformat() if entry["dates"] else None,
             "last": max(entry["dates"]).isoformat() if entry["dates"] else None,
             "reports": entry["reports"]} for outlet, entry in by_outlet.items()]
    return sorted(rows, key=lambda row: (-row["documents"], row["outlet"] is None, row["outlet"] or ""))


def events(store) -> list[dict]:
    if store.kind == "neo4j":
        return store.read("MATCH (e:Event) RETURN e.id AS id, e.date AS date, e.anchor AS anchor, "
                          "e.day AS day, e.sort_key AS sort_key", {})
    return [{name: data.get(name) for name in ("id", "date", "anchor", "day", "sort_key")}
            for _, data in store.graph.nodes(data=True) if data["label"] == "Event"]


def assert_counters_right(store) -> None:
    assert runner.run(store, "outlets", {"limit": "0"}) == outlets_from_documents(store)
    for event in events(store):
        day = event["date"] or event["anchor"]
        assert event["day"] == day and event["sort_key"] == event_sort_key(day, event["id"]), event


def test_outlets_are_counted_at_load(store):
    store.upsert(sample_batch())

    assert_counters_right(store)
    rows = {row["outlet"]: row for row in runner.run(store, "outlets", {})}
    assert rows["Омская правда"] == {"outlet": "Омская правда", "documents": 1, "first": "2025-04-26",
                                     "last": "2025-04-26", "reports": 2}
    assert rows["pavlodar.example.kz"]["first"] is None       # pavlodar-4: undated


def without_outlet(facts):
    facts.document = dataclasses.replace(facts.document, outlet=None, url=None)
    return facts


def test_documents_without_an_outlet_are_counted_together(store):
    store.upsert([without_outlet(pavlodar_report()), without_outlet(minsk_report()), omsk_report()])
    assert_counters_right(store)
    rows = {row["outlet"]: row for row in runner.run(store, "outlets", {})}
    assert (rows[None]["documents"], rows[None]["first"], rows[None]["last"]) == (2, "2025-05-10", "2025-05-10")

    store.delete_document("minsk-3")        # the one that gave the dates

    assert_counters_right(store)
    rows = {row["outlet"]: row for row in runner.run(store, "outlets", {})}
    assert (rows[None]["documents"], rows[None]["first"]) == (1, None)


def test_a_second_document_of_an_outlet_extends_its_dates(store):
    store.upsert([omsk_report()])
    later = dataclasses.replace(minsk_report())
    later.document = dataclasses.replace(later.document, outlet="Омская правда")
    store.upsert([later])

    assert_counters_right(store)
    row = runner.run(store, "outlets", {})[0]
    assert (row["outlet"], row["documents"], row["first"], row["last"]) == \
        ("Омская правда", 2, "2025-04-26", "2025-05-10")


def test_replacing_a_document_moves_it_between_outlets(store):
    store.upsert(sample_batch())
    changed = omsk_report()
    changed.document = dataclasses.replace(changed.document, outlet="БелТА", published=date(2025, 3, 1),
                                           text=changed.document.text + " Ещё одна фраза.")
    store.upsert([changed])

    assert_counters_right(store)
    names = [row["outlet"] for row in runner.run(store, "outlets", {})]
    assert "Омская правда" not in names                   # its only document went to БелТА
    row = next(row for row in runner.run(store, "outlets", {}) if row["outlet"] == "БелТА")
    assert (row["documents"], row["first"], row["last"]) == (2, "2025-03-01", "2025-05-10")


def test_deleting_documents_keeps_the_counters_right(store):
    store.upsert(sample_batch())
    for doc_id in ("buhara-2", "minsk-3"):        # minsk-3 gives БелТА's only date
        assert store.delete_document(doc_id)
        assert_counters_right(store)
    store.delete_document("omsk-1")
    store.delete_document("pavlodar-4")

    assert runner.run(store, "outlets", {}) == []
    assert store.counts()["nodes"]["Outlet"] == 0


def test_an_event_that_loses_its_dated_report_changes_its_sort_key(store):
    store.upsert([omsk_report(), bukhara_report()])      # the meeting: dated by omsk-1 only
    store.delete_document("omsk-1")

    assert_counters_right(store)
    meeting = next(row for row in runner.run(store, "timeline", {"region_a": "RU-OMS", "region_b": "UZ-BU"})
                   if row["type"] == "meeting")
    assert meeting["date"] == "2025-04-27"                # now the publication date of buhara-2


def test_undated_events_come_last_in_the_listings(store):
    store.upsert(sample_batch())

    rows = runner.run(store, "trade", {"limit": "0"})
    dates = [row["date"] for row in rows]
    assert None in dates and dates == sorted(dates, key=lambda day: (day is None, day or ""))
    assert runner.run(store, "trade", {"limit": "2"}) == rows[:2]
    assert pavlodar_report().document.published is None


@pytest.mark.neo4j
def test_a_neo4j_graph_of_an_earlier_version_gets_the_counters_at_its_next_load(neo4j_store, neo4j_driver):
    from interreg.graph.neo4j_store import Neo4jStore

    neo4j_store.upsert([omsk_report(), bukhara_report(), pavlodar_report()])
    with neo4j_driver.session() as session:       # as an earlier version left it
        session.run("MATCH (o:Outlet) DELETE o").consume()
        session.run("MATCH (e:Event) REMOVE e.day, e.sort_key").consume()
    later = Neo4jStore()
    try:
        later.upsert([minsk_report()])
        assert_counters_right(later)
        assert len(runner.run(later, "outlets", {})) == 4
    finally:
        later.close()
