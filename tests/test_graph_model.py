"""Facts → rows, ids, event identity and partner pairs, without any store."""

from __future__ import annotations

from datetime import date

import pytest

from graph_samples import bukhara_report, minsk_report, omsk_report, pavlodar_report
from interreg.graph import identity, model
from interreg.graph.model import EventParties, KnownEvent, NodeRef, Report
from interreg.graph.schema import NODES, RELATIONSHIPS
from interreg.ingest.facts import Document, DocumentFacts, Evidence, TopicFact, TradeFact


def rels_of(rows, rel_type):
    return {(r.start, r.end): r.properties for r in rows.relationships if r.type == rel_type}


# --- identity ------------------------------------------------------------------------------

def test_person_id_ignores_case_spacing_and_yo_but_not_the_office():
    assert identity.person_id("Пётр  Сёмин", "RU-OMS") == identity.person_id("петр семин", "RU-OMS")
    assert identity.person_id("Пётр Сёмин", "RU-OMS") != identity.person_id("Пётр Сёмин", "RU-NVS")
    assert identity.person_id("Пётр Сёмин", None) != identity.person_id("Пётр Сёмин", "RU-OMS")


def test_organization_id_ignores_quotes():
    assert identity.organization_id("АО «Омскшина»") == identity.organization_id("АО Омскшина")


@pytest.mark.parametrize("kind, family", [
    ("соглашение о сотрудничестве", "соглашение"),
    ("Соглашение о торгово-экономическом сотрудничестве", "соглашение"),
    ("меморандум о взаимопонимании", "меморандум"),
    ("дорожная карта", "дорожная карта"),
    ("план мероприятий", "план"),
    ("хартия дружбы", "хартия"),           # not in the lexicon: its first word
    (None, ""),
])
def test_agreement_families(kind, family):
    assert identity.agreement_family(kind) == family


def test_reports_match_within_three_days_and_undated_only_undated():
    day = date(2025, 4, 26)
    assert identity.same_event_dates(day, date(2025, 4, 29))
    assert not identity.same_event_dates(day, date(2025, 4, 30))
    assert not identity.same_event_dates(day, None)
    assert identity.same_event_dates(None, None)


def test_source_key_prefers_outlet_then_site():
    assert identity.source_key("ИА «Омск»", "https://a.example/x", "d") == identity.source_key("иа омск", None, "e")
    assert identity.source_key(None, "https://www.omsk.example.ru/1", "d") == "omsk.example.ru"
    assert identity.source_key(None, None, "d1") != identity.source_key(None, None, "d2")


# --- document rows ----------------------------------------------------------------------

def test_rows_of_a_report_with_a_meeting_and_an_agreement():
    facts = omsk_report()
    rows = model.document_rows(facts)

    nodes = {node.ref: node.properties for node in rows.nodes}
    assert nodes[NodeRef("Region", "UZ-BU")] == {"name": "Бухарская область", "country": "UZ"}
    assert nodes[NodeRef("Country", "UZ")]["name"] == "Узбекистан"        # from the gazetteer
    assert nodes[NodeRef("Document", "omsk-1")]["hash"] == facts.document.content_hash
    assert all(set(props) == set(NODES[ref.label].properties) - {"id"} for ref, props in nodes.items())

    assert [e.type for e in rows.events] == ["meeting", "agreement"]
    meeting, agreement = rows.events
    assert meeting.signature == "meeting|RU-OMS,UZ-BU" and meeting.anchor == date(2025, 4, 26)
    assert agreement.properties["kind"] == "соглашение о сотрудничестве"
    assert agreement.properties["status"] == "signed"

    party = rels_of(rows, "PARTY_TO")
    meeting_ref = NodeRef("Event", meeting.id)
    assert party[(NodeRef("Region", "RU-OMS"), meeting_ref)]["role"] == "party"
    hotsenko = NodeRef("Person", identity.person_id("Виталий Хоценко", "RU-OMS"))
    assert party[(hotsenko, meeting_ref)] == {"role": "participant", "docs": ["omsk-1"]}
    assert rels_of(rows, "HOLDS")[(hotsenko, NodeRef("Region", "RU-OMS"))] == {
        "position": "губернатор", "docs": ["omsk-1"], "positions": ["omsk-1\tгубернатор"]}
    assert (NodeRef("Region", "RU-OMS"), NodeRef("Country", "RU")) in rels_of(rows, "PART_OF")


def test_reports_keep_their_sentence_and_offsets():
    facts = omsk_report()
    rows = model.document_rows(facts)
    for report in rels_of(rows, "REPORTED_IN").values():
        assert facts.document.text[report["start"]:report["end"]] == report["sentence"]
    assert {r["date"] for r in rels_of(rows, "REPORTED_IN").values()} == {date(2025, 4, 26)}


def test_mentions_count_every_fact_naming_an_entity():
    rows = model.document_rows(omsk_report())
    mentions = rels_of(rows, "MENTIONS")
    doc = NodeRef("Document", "omsk-1")
    # the region list, the governor's office, the meeting and the agreement
    assert mentions[(doc, NodeRef("Region", "RU-OMS"))]["count"] == 4
    assert all(r.properties["count"] >= 1 for r in rows.relationships if r.type == "MENTIONS")


def test_topics_attach_to_the_documents_events_only():
    rows = model.document_rows(omsk_report())
    assert {end for (_, end) in rels_of(rows, "ABOUT")} == {NodeRef("Topic", "industry")}
    assert len(rels_of(rows, "ABOUT")) == 2                  # the meeting and the agreement

    eventless = DocumentFacts(Document(id="x", text="Про промышленность."))
    eventless.topics = [TopicFact("industry", "промышленность", Evidence("x", "Про промышленность.", 0, 19))]
    assert not [n for n in model.document_rows(eventless).nodes if n.ref.label == "Topic"]


def test_trade_rows_have_roles_and_a_commodity():
    rows = model.document_rows(minsk_report())
    trade = [e for e in rows.events if e.type == "trade"]
    assert [e.signature for e in trade] == ["trade|BY-MI|RU-OMS|food", "trade|RU-OMS|BY-MI|food"]
    roles = {(start.id, props["role"]) for (start, end), props in rels_of(rows, "PARTY_TO").items()
             if end == NodeRef("Event", trade[1].id)}
    assert roles == {("RU-OMS", "exporter"), ("BY-MI", "importer")}
    commodity = next(n for n in rows.nodes if n.ref == NodeRef("Commodity", "food"))
    assert commodity.properties["name"] == "продовольствие"


def test_trade_within_one_place_is_left_out():
    facts = minsk_report()
    facts.trade = [TradeFact("RU-OMS", "RU-OMS", "food", None, "actual", None, None, facts.trade[0].evidence)]
    assert not [e for e in model.document_rows(facts).events if e.type == "trade"]


def test_every_relationship_row_fits_the_schema():
    for facts in (omsk_report(), bukhara_report(), minsk_report(), pavlodar_report()):
        for rel in model.document_rows(facts).relationships:
            declared = RELATIONSHIPS[rel.type]
            assert rel.start.label in declared.start and rel.end.label in declared.end
            assert set(rel.properties) <= set(declared.properties)


# --- event identity ------------------------------------------------------------------------

def _report(local: str, signature: str, anchor, sentence: str = "s") -> model.EventRow:
    return model.EventRow(local, signature.split("|")[0], signature, anchor, {}, sentence)


def test_a_report_joins_a_known_event_within_the_window_and_starts_one_beyond_it():
    signature = "meeting|A-1,B-2"
    known = KnownEvent(identity.event_id("meeting", signature, date(2025, 4, 26)), signature, date(2025, 4, 26))
    plan = model.plan_events([_report("a", signature, date(2025, 4, 28)), _report("b", signature, date(2025, 5, 5)),
                              _report("c", signature, None, "other"), _report("d", "meeting|A-1,C-3", date(2025, 4, 26))],
                             [known])
    assert plan.ids["a"] == known.id and not plan.moves
    assert plan.ids["b"] == identity.event_id("meeting", signature, date(2025, 5, 5))
    assert plan.ids["c"] == identity.event_id("meeting", signature, None)       # undated is its own event
    assert plan.ids["d"] == identity.event_id("meeting", "meeting|A-1,C-3", date(2025, 4, 26))


def test_a_report_bridging_two_events_merges_them_under_the_earliest_anchor():
    signature = "meeting|A-1,B-2"
    first = KnownEvent(identity.event_id("meeting", signature, date(2025, 4, 1)), signature, date(2025, 4, 1))
    second = KnownEvent(identity.event_id("meeting", signature, date(2025, 4, 7)), signature, date(2025, 4, 7))
    plan = model.plan_events([_report("bridge", signature, date(2025, 4, 4))], [first, second])
    assert plan.ids["bridge"] == first.id
    assert [(m.source, m.target, m.docs) for m in plan.moves] == [(second.id, first.id, None)]


def test_the_plan_does_not_depend_on_the_order_reports_come_in():
    signature = "meeting|A-1,B-2"
    days = [date(2025, 4, d) for d in (1, 4, 7, 20, 22, 30)]
    sentences = ["x", "y", "z", "x", "w", "v"]

    def load(order):
        known: dict[str, list] = {}
        for day, sentence in order:     # one report a batch, as a store would see them
            events = [KnownEvent(eid, signature, min(a for a, _ in items), max(a for a, _ in items),
                                 frozenset(s for _, s in items)) for eid, items in known.items()]
            plan = model.plan_events([_report("r", signature, day, sentence)], events)
            for move in plan.moves:
                known.setdefault(move.target, []).extend(known.pop(move.source))
            known.setdefault(plan.ids["r"], []).append((day, sentence))
        return {eid: sorted(items) for eid, items in known.items()}

    reports = list(zip(days, sentences))
    assert load(reports) == load(reports[::-1]) == load(reports[2:] + reports[:2])
    assert len(load(reports)) == 3       # 1–7 April chain, 20–22 April, 30 April


def test_an_undated_copy_joins_the_dated_event_with_its_sentence_whenever_either_comes():
    signature = "meeting|A-1,B-2"
    dated_id = identity.event_id("meeting", signature, date(2025, 4, 26))
    undated_id = identity.event_id("meeting", signature, None)
    # the copy first: it waits in the undated event, then moves when its dated original comes
    undated = KnownEvent(undated_id, signature, None, None, frozenset({"same"}), (("copy", "same"), ("other", "no")))
    plan = model.plan_events([_report("orig", signature, date(2025, 4, 26), "same")], [undated])
    assert plan.ids["orig"] == dated_id
    assert [(m.source, m.target, m.docs) for m in plan.moves] == [(undated_id, dated_id, ("copy",))]
    # the original first: the copy goes straight to it
    dated = KnownEvent(dated_id, signature, date(2025, 4, 26), None, frozenset({"same"}))
    plan = model.plan_events([_report("copy", signature, None, "same")], [dated])
    assert plan.ids["copy"] == dated_id and not plan.moves


def test_removing_the_bridge_splits_an_event():
    signature = "meeting|A-1,B-2"
    eid = identity.event_id("meeting", signature, date(2025, 4, 1))
    moves = model.plan_splits([(eid, signature, "a", date(2025, 4, 1), "x"),
                               (eid, signature, "c", date(2025, 4, 7), "y"),
                               (eid, signature, "copy", None, "y")])
    later = identity.event_id("meeting", signature, date(2025, 4, 7))
    assert [(m.source, m.target, m.docs) for m in moves] == [(eid, later, ("c", "copy"))]


def test_one_meeting_reported_by_two_documents_is_one_event():
    documents = [model.document_rows(omsk_report()), model.document_rows(bukhara_report())]
    rows = model.resolve_events(documents, known=[])
    meetings = [e for e in rows.events if e.type == "meeting"]
    assert len(meetings) == 1
    assert (rows.events_new, rows.events_known) == (3, 1)    # meeting, agreement, trade; meeting again
    reports = [r for r in rows.relationships if r.type == "REPORTED_IN" and r.start.id == meetings[0].id]
    assert sorted(r.end.id for r in reports) == ["buhara-2", "omsk-1"]
    hotsenko = [r for r in rows.relationships if r.type == "PARTY_TO" and r.end.id == meetings[0].id
                and r.properties["role"] == "participant" and r.start.id == identity.person_id("Виталий Хоценко", "RU-OMS")]
    assert hotsenko[0].properties["docs"] == ["omsk-1", "buhara-2"]


def test_event_summaries():
    summaries = model.event_summaries([
        Report("e", None, date(2025, 4, 27), "a"),
        Report("e", date(2025, 4, 26), date(2025, 4, 26), "b"),
        Report("e", None, date(2025, 4, 28), "a"),
        Report("f", None, None, "c"),
    ])
    assert summaries["e"] == {"date": date(2025, 4, 26), "anchor": date(2025, 4, 26), "last_anchor": date(2025, 4, 28), "undated_reports": 0,
                              "day": date(2025, 4, 26), "sort_key": "2025-04-26 e", "mentions": 3, "sources": 2,
                              "status": None, "kind": None, "amount": None, "currency": None}
    assert summaries["f"] == {"date": None, "anchor": None, "last_anchor": None, "undated_reports": 1, "mentions": 1, "sources": 1,
                              "day": None, "sort_key": "~ f",
                              "status": None, "kind": None, "amount": None, "currency": None}


def test_event_details_come_from_the_earliest_report_that_gives_them():
    summaries = model.event_summaries([
        Report("t", None, date(2025, 5, 2), "a", "late", 0, {"status": "actual", "amount": 5.0, "currency": "USD"}),
        Report("t", None, date(2025, 5, 1), "b", "early", 0, {"status": "planned", "amount": None}),
    ])
    assert (summaries["t"]["status"], summaries["t"]["amount"], summaries["t"]["currency"]) == ("planned", 5.0, "USD")


# --- partners ------------------------------------------------------------------------------

def test_partner_pairs_skip_country_pairs_and_own_country():
    assert model.partner_pairs(["RU", "UZ"]) == []
    assert model.partner_pairs(["RU-OMS", "RU"]) == []
    assert model.partner_pairs(["UZ-BU", "RU-OMS"]) == [("RU-OMS", "UZ-BU")]


def test_partner_rows_count_events_by_type():
    rows = model.partner_rows([
        EventParties("m1", "meeting", date(2025, 4, 26), ["RU-OMS", "UZ-BU"], {"a"}),
        EventParties("a1", "agreement", date(2025, 4, 26), ["UZ-BU", "RU-OMS"], {"b"}),
        EventParties("t1", "trade", date(2024, 1, 10), ["UZ-BU", "RU-OMS"], {"a"}),
        EventParties("t2", "trade", None, ["RU-OMS", "KZ"], {"c"}),
    ])
    by_pair = {(r.start.id, r.end.id): r for r in rows}
    assert by_pair[("RU-OMS", "UZ-BU")].properties == {
        "meetings": 1, "agreements": 1, "trade": 1, "first": date(2024, 1, 10), "last": date(2025, 4, 26),
        "sources": 2, "publishers": ["a", "b"]}
    assert by_pair[("RU-OMS", "KZ")].end == NodeRef("Country", "KZ")
    assert by_pair[("RU-OMS", "KZ")].properties["first"] is None


# --- merging -------------------------------------------------------------------------------

def test_merging_keeps_known_values_and_unites_provenance():
    assert model.merge_node_properties({"name": "А", "title": None}, {"name": "Б", "title": "Т"}) == {
        "name": "А", "title": "Т"}
    merged = model.merge_relationship_properties("PARTY_TO", {"role": "party", "docs": ["d1"]},
                                                 {"role": "party", "docs": ["d2", "d1"]})
    assert merged == {"role": "party", "docs": ["d1", "d2"]}
    assert model.merge_relationship_properties("MENTIONS", {"count": 2}, {"count": 1}) == {"count": 3}


def test_neo4j_schema_statements_cover_every_label():
    from interreg.graph.neo4j_store import schema_statements
    statements = schema_statements()
    for label, node in NODES.items():
        assert any(f"FOR (n:{label}) REQUIRE n.{node.key} IS UNIQUE" in s for s in statements)
    assert any("FOR (n:Event) ON (n.signature)" in s for s in statements)
    assert all("IF NOT EXISTS" in s for s in statements)
