"""The canned queries on the embedded store, over a small corpus of facts written by hand.

The corpus (see `hand_built_corpus`), as the graph sees it:

- 2025-04-26, two outlets: the Omsk governor and the Bukhara hokim meet and sign an
  agreement; Uzbekistan ships textiles to the Omsk region (topic: industry);
- 2024-09-10: Tatarstan and Bukhara meet and plan a road map; Tatarstan is to ship
  machinery to Bukhara (topic: education);
- 2023-03-01: the Minsk region and Omsk meet; Minsk ships food to Omsk; Novosibirsk
  is mentioned without any cooperation;
- 2022-11-15: Tatarstan and the Minsk region approve a plan of events;
- 2025-06-02: Kurgan and Tyumen meet (a pair on its own, both Russian).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from interreg import cli
from interreg.errors import UserError
from interreg.graph.memory import MemoryStore
from interreg.ingest.facts import (AgreementFact, Document, DocumentFacts, Evidence, MeetingFact,
                                   PersonFact, TopicFact, TradeFact)
from interreg.ingest.entities.gazetteer import gazetteer
from interreg.queries import catalogue, memory, params, runner


class Article:
    """A document made of sentences; evidence is looked up by its sentence."""

    def __init__(self, doc_id: str, published: date, outlet: str, *sentences: str):
        self.text = " ".join(sentences)
        self.document = Document(id=doc_id, text=self.text, url=f"https://news.example/{doc_id}",
                                 title=sentences[0], outlet=outlet, published=published)

    def evidence(self, sentence: str) -> Evidence:
        start = self.text.index(sentence)
        return Evidence(self.document.id, sentence, start, start + len(sentence))


def places(*codes: str):
    return [gazetteer().get(code) for code in codes]


def hand_built_corpus() -> list[DocumentFacts]:
    omsk = Article(
        "omsk-1", date(2025, 4, 26), "Омск Информ",
        "Губернатор Омской области Виталий Хоценко встретился с хокимом Бухарской области Ботиром Зариповым.",
        "Стороны подписали соглашение о сотрудничестве.",
        "Узбекистан поставляет в Омскую область хлопковую пряжу на 1,5 миллиона долларов.",
    )
    bukhara = Article(
        "bukhara-1", date(2025, 4, 27), "Бухара Ньюс",
        "Вчера хоким Бухарской области провёл переговоры с делегацией Омской области.",
    )
    kazan = Article(
        "kazan-1", date(2024, 9, 10), "Казань 24",
        "Раис Татарстана Рустам Минниханов принял делегацию Бухарской области.",
        "Стороны планируют подписать дорожную карту.",
        "Татарстан намерен поставлять в Бухарскую область сельхозтехнику.",
    )
    minsk = Article(
        "minsk-1", date(2023, 3, 1), "Минск Сегодня",
        "Делегация Минской области провела переговоры в Омской области.",
        "Минская область поставляет в Омскую область молочную продукцию.",
        "На встрече присутствовали также гости из Новосибирской области.",
    )
    plan = Article(
        "kazan-2", date(2022, 11, 15), "Казань 24",
        "Татарстан и Минская область утвердили план мероприятий.",
    )
    kurgan = Article(
        "kurgan-1", date(2025, 6, 2), "Зауралье",
        "Губернаторы Курганской и Тюменской областей провели рабочую встречу.",
    )

    khotsenko = PersonFact("Виталий Хоценко", "Виталий", "Хоценко", None, "губернатор", "RU-OMS",
                           omsk.evidence(omsk.text.split(".")[0] + "."))
    zaripov = PersonFact("Ботир Зарипов", "Ботир", "Зарипов", None, "хоким", "UZ-BU",
                         khotsenko.evidence)
    minnikhanov = PersonFact("Рустам Минниханов", "Рустам", "Минниханов", None, "раис", "RU-TA",
                             kazan.evidence("Раис Татарстана Рустам Минниханов принял делегацию Бухарской области."))
    return [
        DocumentFacts(
            omsk.document, regions=places("RU-OMS", "UZ-BU"), persons=[khotsenko, zaripov],
            meetings=[MeetingFact(["RU-OMS", "UZ-BU"], ["Виталий Хоценко", "Ботир Зарипов"],
                                  date(2025, 4, 26), khotsenko.evidence)],
            agreements=[AgreementFact(["RU-OMS", "UZ-BU"], "соглашение о сотрудничестве", "signed",
                                      date(2025, 4, 26),
                                      omsk.evidence("Стороны подписали соглашение о сотрудничестве."))],
            trade=[TradeFact("UZ", "RU-OMS", "textiles", "XI", "actual", 1_500_000.0, "USD",
                             omsk.evidence("Узбекистан поставляет в Омскую область хлопковую пряжу "
                                           "на 1,5 миллиона долларов."))],
            topics=[TopicFact("industry", "промышленность", khotsenko.evidence)],
            partners=[("RU-OMS", "UZ"), ("RU-OMS", "UZ-BU")],
        ),
        DocumentFacts(
            bukhara.document, regions=places("RU-OMS", "UZ-BU"),
            meetings=[MeetingFact(["RU-OMS", "UZ-BU"], [], date(2025, 4, 26),
                                  bukhara.evidence(bukhara.text))],
            partners=[("RU-OMS", "UZ-BU")],
        ),
        DocumentFacts(
            kazan.document, regions=places("RU-TA", "UZ-BU"), persons=[minnikhanov],
            meetings=[MeetingFact(["RU-TA", "UZ-BU"], ["Рустам Минниханов"], date(2024, 9, 10),
                                  minnikhanov.evidence)],
            agreements=[AgreementFact(["RU-TA", "UZ-BU"], "дорожная карта", "planned", None,
                                      kazan.evidence("Стороны планируют подписать дорожную карту."))],
            trade=[TradeFact("RU-TA", "UZ-BU", "machinery", "XVI", "planned", None, None,
                             kazan.evidence("Татарстан намерен поставлять в Бухарскую область "
                                            "сельхозтехнику."))],
            topics=[TopicFact("education", "образование", minnikhanov.evidence)],
            partners=[("RU-TA", "UZ-BU")],
        ),
        DocumentFacts(
            minsk.document, regions=places("BY-MI", "RU-OMS", "RU-NVS"),
            meetings=[MeetingFact(["BY-MI", "RU-OMS"], [], date(2023, 3, 1),
                                  minsk.evidence("Делегация Минской области провела переговоры в Омской области."))],
            trade=[TradeFact("BY-MI", "RU-OMS", "food", "IV", "actual", None, None,
                             minsk.evidence("Минская область поставляет в Омскую область молочную продукцию."))],
            partners=[("BY-MI", "RU-OMS")],
        ),
        DocumentFacts(
            plan.document, regions=places("RU-TA", "BY-MI"),
            agreements=[AgreementFact(["BY-MI", "RU-TA"], "план мероприятий", "approved", None,
                                      plan.evidence(plan.text))],
            partners=[("BY-MI", "RU-TA")],
        ),
        DocumentFacts(
            kurgan.document, regions=places("RU-KGN", "RU-TYU"),
            meetings=[MeetingFact(["RU-KGN", "RU-TYU"], [], date(2025, 6, 2), kurgan.evidence(kurgan.text))],
            partners=[("RU-KGN", "RU-TYU")],
        ),
    ]


# Parameter sets run by the conformance tests too: every query, optional parameters set
# and unset, regions with and without partners.
PARAMETER_SETS: list[tuple[str, dict]] = [
    ("partners", {"region": "UZ-BU"}),
    ("partners", {"region": "Омская область"}),
    ("partners", {"region": "RU-NVS"}),
    ("region-profile", {"region": "RU-OMS"}),
    ("region-profile", {"region": "Бухарская область"}),
    ("region-profile", {"region": "RU-NVS"}),
    ("agreements", {}),
    ("agreements", {"region": "UZ-BU"}),
    ("agreements", {"status": "planned"}),
    ("agreements", {"since": "2024-01-01"}),
    ("agreements", {"region": "RU-TA", "status": "approved", "since": "2020-01-01"}),
    ("trade", {}),
    ("trade", {"party": "UZ"}),
    ("trade", {"party": "UZ", "direction": "export"}),
    ("trade", {"party": "RU", "direction": "import"}),
    ("trade", {"commodity": "food"}),
    ("officials", {"region": "RU-OMS"}),
    ("officials", {"region": "RU-NVS"}),
    ("timeline", {"region_a": "RU-OMS", "region_b": "UZ-BU"}),
    ("timeline", {"region_a": "RU-OMS", "region_b": "UZ"}),
    ("timeline", {"region_a": "RU-NVS", "region_b": "UZ-BU"}),
    ("contacts", {"person": "Хоценко"}),
    ("contacts", {"person": "рустам минниханов"}),
    ("contacts", {"person": "Никто Никтов"}),
    ("top-regions", {}),
    ("top-regions", {"country": "Узбекистан"}),
    ("top-regions", {"limit": "2"}),
    ("commodity", {"commodity": "textiles"}),
    ("commodity", {"commodity": "metals"}),
    ("path", {"region_a": "RU-OMS", "region_b": "RU-TA"}),
    ("path", {"region_a": "RU-TA", "region_b": "RU-KGN"}),
    ("path", {"region_a": "BY-MI", "region_b": "UZ", "max_hops": "1"}),
    ("path", {"region_a": "BY-MI", "region_b": "UZ", "max_hops": "2"}),
    ("topics", {"region": "UZ-BU"}),
    ("topics", {"region": "RU-KGN"}),
    ("new-partners", {"since": "2024-01-01"}),
    ("new-partners", {"since": "2030-01-01"}),
    ("weakly-sourced", {}),
    ("weakly-sourced", {"min_sources": "1"}),
    ("network", {}),
    ("network", {"country": "BY"}),
    ("network", {"since": "2025-01-01"}),
    ("network", {"country": "Узбекистан", "since": "2025-05-01"}),
    ("outlets", {}),
    ("outlets", {"limit": "1"}),
    ("event-types", {}),
    ("network", {"limit": "3"}),
    ("network", {"limit": "0"}),
    ("region-profile", {"region": "UZ-BU", "limit": "2"}),
    ("agreements", {"limit": "1"}),
    ("trade", {"limit": "2"}),
    ("weakly-sourced", {"min_sources": "3", "limit": "4"}),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = MemoryStore(tmp_path_factory.mktemp("queries-home"))
    store.upsert(hand_built_corpus())
    return store


def run(store, name, **given):
    return runner.run(store, name, given)


def column(rows, name):
    return [row[name] for row in rows]


def event_id(store, region_a, region_b, event_type):
    rows = run(store, "timeline", region_a=region_a, region_b=region_b)
    return next(row["event"] for row in rows if row["type"] == event_type)


def answers(store) -> list[list[dict]]:
    return [runner.run(store, name, given) for name, given in PARAMETER_SETS]


def test_answers_follow_every_write_to_the_same_store(tmp_path):
    """The indexes the queries read (memory.GraphIndex and its event table) are built
    from one graph object: after a write or a deletion the same store answers from the
    graph as it is now, as a store loaded with those documents alone does."""
    corpus = hand_built_corpus()
    growing = MemoryStore(tmp_path / "growing")
    growing.upsert(corpus[:2])
    before = answers(growing)              # builds the indexes of the first graph
    growing.upsert(corpus[2:])
    whole = MemoryStore(tmp_path / "whole")
    whole.upsert(corpus)
    assert answers(growing) == answers(whole) != before
    growing.delete_document(corpus[0].document.id)
    rest = MemoryStore(tmp_path / "rest")
    rest.upsert(corpus[1:])
    assert answers(growing) == answers(rest)


# --- the catalogue -----------------------------------------------------------------------

def test_every_builtin_query_has_a_networkx_twin_and_a_parameter_set():
    specs = catalogue.load()
    assert set(specs) == set(memory.QUERIES)
    assert set(specs) == {name for name, _ in PARAMETER_SETS} | {"sources"}
    assert all(spec.builtin and spec.description for spec in specs.values())


def test_header_declares_parameters_with_types_defaults_and_requirement():
    spec = catalogue.load()["path"]
    assert [(p.name, p.type, p.default, p.required) for p in spec.params] == [
        ("region_a", "region", None, True), ("region_b", "party", None, True),
        ("max_hops", "int", "4", False)]
    assert spec.ordered == ("path", "names")
    assert spec.cypher.startswith("MATCH")


def test_cypher_takes_parameters_never_pasted_values():
    for spec in catalogue.load().values():
        for param in spec.params:
            assert f"${param.name}" in spec.cypher, (spec.name, param.name)


def test_user_query_folder_is_listed_and_cannot_shadow_a_builtin(tmp_path):
    (tmp_path / "oblast-count.cypher").write_text(
        "// name: oblast-count\n// description: Regions per country\n// param: country: country\n"
        "MATCH (r:Region) WHERE $country IS NULL OR r.country = $country\n"
        "RETURN r.country AS country, count(*) AS regions ORDER BY country\n", encoding="utf-8")
    specs = catalogue.load(tmp_path)
    assert not specs["oblast-count"].builtin
    assert specs["oblast-count"].params[0].type == "country"

    (tmp_path / "mine.cypher").write_text("// name: partners\nMATCH (n) RETURN n\n", encoding="utf-8")
    with pytest.raises(UserError, match="already used"):
        catalogue.load(tmp_path)


def test_bad_header_lines_are_reported_with_file_and_line(tmp_path):
    path = tmp_path / "broken.cypher"
    path.write_text("// name: broken\n// param: region: place\nMATCH (n) RETURN n\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"broken.cypher:2: unknown parameter type 'place'"):
        catalogue.load(tmp_path)


# --- parameters --------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["UZ-BU", "Бухарская область", "Бухарской области", "Бухара"])
def test_a_region_may_be_written_in_any_form_the_gazetteer_knows(written):
    spec = catalogue.load()["partners"]
    assert params.resolve(spec, {"region": written}) == {"region": "UZ-BU"}


def test_an_unknown_region_gets_suggestions():
    spec = catalogue.load()["partners"]
    with pytest.raises(UserError) as raised:
        params.resolve(spec, {"region": "Бухарк"})
    assert str(raised.value).startswith("unknown region 'Бухарк': did you mean Бухарская область (UZ-BU)")


def test_a_country_is_not_a_region_but_is_a_party():
    with pytest.raises(UserError, match="Узбекистан .UZ. is a country, not a region"):
        params.resolve(catalogue.load()["officials"], {"region": "Узбекистан"})
    # partners declares that its region may be a whole country
    assert params.resolve(catalogue.load()["partners"], {"region": "Узбекистан"}) == {"region": "UZ"}
    resolved = params.resolve(catalogue.load()["trade"], {"party": "Узбекистан"})
    assert resolved == {"party": "UZ", "commodity": None, "direction": None, "limit": 200}


def test_parameters_are_typed_and_defaults_filled():
    spec = catalogue.load()["agreements"]
    assert params.resolve(spec, {"since": "2024-02-29", "status": "Signed"}) == {
        "region": None, "status": "signed", "since": date(2024, 2, 29), "limit": 200}
    assert params.resolve(catalogue.load()["top-regions"], {}) == {"country": None, "limit": 20}


@pytest.mark.parametrize("query, given, message", [
    ("partners", {}, "needs --param region=<region>"),
    ("partners", {"regoin": "UZ-BU"}, "has no parameter regoin .it takes region:region."),
    ("agreements", {"since": "26/04/2025"}, "expected a date as 2024, 2024-05, 2024-05-17 or 17.05.2024"),
    ("agreements", {"status": "done"}, "'done' is not one of held, signed"),
    ("top-regions", {"limit": "many"}, "expected a whole number"),
    ("top-regions", {"limit": "-1"}, "0 or more"),
    ("trade", {"direction": "both"}, "'both' is not one of export, import"),
    ("commodity", {"commodity": "cotton"}, "'cotton' is not one of food, textiles"),
])
def test_bad_parameters_are_user_errors(query, given, message):
    with pytest.raises(UserError, match=message):
        params.resolve(catalogue.load()[query], given)


def test_param_assignments_are_split_once_at_the_equals_sign():
    assert params.parse_assignments(["region=Бухарская область", "since=2025-01-01"]) == {
        "region": "Бухарская область", "since": "2025-01-01"}
    with pytest.raises(UserError, match="expected NAME=VALUE"):
        params.parse_assignments(["region"])
    with pytest.raises(UserError, match="given twice"):
        params.parse_assignments(["limit=1", "limit=2"])


def test_path_refuses_one_place_twice_and_hops_past_the_bound(store):
    with pytest.raises(UserError, match="same place"):
        run(store, "path", region_a="RU-OMS", region_b="Омская область")
    with pytest.raises(UserError, match="between 1 and 6"):
        run(store, "path", region_a="RU-OMS", region_b="RU-TA", max_hops="7")


# --- the queries on the embedded store -------------------------------------------------

def test_partners_of_bukhara(store):
    assert run(store, "partners", region="Бухарская область") == [
        {"partner": "RU-TA", "partner_name": "Республика Татарстан", "country": "RU",
         "meetings": 1, "agreements": 1, "trade": 1, "country_trade": 0,
         "first": "2024-09-10", "last": "2024-09-10", "sources": 1},
        {"partner": "RU-OMS", "partner_name": "Омская область", "country": "RU",
         "meetings": 1, "agreements": 1, "trade": 0, "country_trade": 1,
         "first": "2025-04-26", "last": "2025-04-26", "sources": 2},
    ]


def test_partners_include_a_country_standing_for_its_side(store):
    rows = run(store, "partners", region="RU-OMS")
    assert [(r["partner"], r["meetings"], r["agreements"], r["trade"]) for r in rows] == [
        ("BY-MI", 1, 0, 1), ("UZ-BU", 1, 1, 0), ("UZ", 0, 0, 1)]    # ties by partner id
    assert rows[0]["country"] == "BY" and rows[2]["partner_name"] == "Узбекистан"


def test_outlets_count_documents_and_their_reports(store):
    rows = run(store, "outlets")
    documents = store.graph.nodes
    assert sum(r["documents"] for r in rows) == sum(1 for _, d in documents(data=True) if d["label"] == "Document")
    assert [r["documents"] for r in rows] == sorted((r["documents"] for r in rows), reverse=True)
    omsk = next(r for r in rows if r["outlet"] == "Омск Информ")
    assert omsk["reports"] > 0 and omsk["first"] <= omsk["last"]


def test_a_region_without_partners_has_none(store):
    assert run(store, "partners", region="Новосибирская область") == []


def test_region_profile_lists_events_newest_first_with_evidence(store):
    rows = run(store, "region-profile", region="RU-OMS")
    assert column(rows, "date") == sorted(column(rows, "date"), reverse=True)
    assert sorted((r["date"], r["type"], r["counterparts"], r["document"]) for r in rows) == [
        ("2023-03-01", "meeting", ["BY-MI"], "minsk-1"),
        ("2023-03-01", "trade", ["BY-MI"], "minsk-1"),
        ("2025-04-26", "agreement", ["UZ-BU"], "omsk-1"),
        ("2025-04-26", "meeting", ["UZ-BU"], "bukhara-1"),
        ("2025-04-26", "meeting", ["UZ-BU"], "omsk-1"),
        ("2025-04-26", "trade", ["UZ"], "omsk-1"),
    ]
    meeting = [r for r in rows if r["type"] == "meeting" and r["date"] == "2025-04-26"]
    assert [r["outlet"] for r in meeting] == ["Бухара Ньюс", "Омск Информ"]
    assert meeting[0]["persons"] == ["Ботир Зарипов", "Виталий Хоценко"]
    assert meeting[1]["sentence"].startswith("Губернатор Омской области Виталий Хоценко встретился")


def test_agreements_filter_by_region_status_and_date(store):
    everything = run(store, "agreements")
    assert [(r["date"], r["kind"], r["status"], r["parties"]) for r in everything] == [
        ("2022-11-15", "план мероприятий", "approved", ["BY-MI", "RU-TA"]),
        ("2024-09-10", "дорожная карта", "planned", ["RU-TA", "UZ-BU"]),
        ("2025-04-26", "соглашение о сотрудничестве", "signed", ["RU-OMS", "UZ-BU"]),
    ]
    assert column(run(store, "agreements", region="Бухара"), "kind") == [
        "дорожная карта", "соглашение о сотрудничестве"]
    assert column(run(store, "agreements", status="planned"), "parties") == [["RU-TA", "UZ-BU"]]
    assert column(run(store, "agreements", since="2024-09-11"), "documents") == [["omsk-1"]]
    assert run(store, "agreements", region="RU-KGN") == []


def test_trade_by_party_direction_and_commodity(store):
    everything = run(store, "trade")
    assert [(r["exporter"], r["importer"], r["commodity"], r["status"]) for r in everything] == [
        ("BY-MI", "RU-OMS", "food", "actual"),
        ("RU-TA", "UZ-BU", "machinery", "planned"),
        ("UZ", "RU-OMS", "textiles", "actual"),
    ]
    textiles = everything[2]
    assert (textiles["hs_section"], textiles["amount"], textiles["currency"]) == ("XI", 1500000.0, "USD")
    # a country matches its regions too
    assert column(run(store, "trade", party="UZ"), "exporter") == ["RU-TA", "UZ"]
    assert column(run(store, "trade", party="UZ", direction="export"), "exporter") == ["UZ"]
    assert column(run(store, "trade", party="UZ", direction="import"), "importer") == ["UZ-BU"]
    assert column(run(store, "trade", party="Омская область", direction="export"), "event") == []
    assert column(run(store, "trade", commodity="food"), "exporter_name") == ["Минская область"]


def test_officials_and_their_events(store):
    rows = run(store, "officials", region="RU-OMS")
    assert [(r["name"], r["position"], len(r["events"]), r["first"]) for r in rows] == [
        ("Виталий Хоценко", "губернатор", 1, "2025-04-26")]
    assert rows[0]["events"] == [event_id(store, "RU-OMS", "UZ-BU", "meeting")]


def test_timeline_of_two_parties(store):
    rows = run(store, "timeline", region_a="Омская область", region_b="Бухарская область")
    assert sorted((r["type"], r["sources"], tuple(r["documents"])) for r in rows) == [
        ("agreement", 1, ("omsk-1",)), ("meeting", 2, ("bukhara-1", "omsk-1"))]
    assert column(run(store, "timeline", region_a="RU-OMS", region_b="Узбекистан"), "type") == ["trade"]


def test_contacts_of_a_person_by_last_name(store):
    rows = run(store, "contacts", person="хоценко")
    assert [(r["contact_kind"], r["contact"], r["events"]) for r in rows if r["contact_kind"] != "Person"] == [
        ("Region", "RU-OMS", 1), ("Region", "UZ-BU", 1)]
    assert [r["contact_name"] for r in rows if r["contact_kind"] == "Person"] == ["Ботир Зарипов"]
    assert {r["name"] for r in rows} == {"Виталий Хоценко"}


def test_top_regions_by_distinct_foreign_partners(store):
    rows = run(store, "top-regions")
    assert [(r["region"], r["foreign_partners"]) for r in rows] == [
        ("RU-OMS", 3), ("BY-MI", 2), ("RU-TA", 2), ("UZ-BU", 2)]
    assert rows[0]["partner_countries"] == ["BY", "UZ"]
    assert column(run(store, "top-regions", limit="2"), "region") == ["RU-OMS", "BY-MI"]
    assert column(run(store, "top-regions", country="Узбекистан"), "region") == ["UZ-BU"]


def test_commodity_flows(store):
    assert run(store, "commodity", commodity="machinery") == [
        {"exporter": "RU-TA", "exporter_name": "Республика Татарстан", "importer": "UZ-BU",
         "importer_name": "Бухарская область", "flows": 1, "planned": 1,
         "first": "2024-09-10", "last": "2024-09-10"}]
    assert run(store, "commodity", commodity="metals") == []


def test_path_returns_every_shortest_chain_sorted(store):
    assert run(store, "path", region_a="RU-OMS", region_b="RU-TA") == [
        {"hops": 2, "path": ["RU-OMS", "BY-MI", "RU-TA"],
         "names": ["Омская область", "Минская область", "Республика Татарстан"]},
        {"hops": 2, "path": ["RU-OMS", "UZ-BU", "RU-TA"],
         "names": ["Омская область", "Бухарская область", "Республика Татарстан"]},
    ]
    assert column(run(store, "path", region_a="BY-MI", region_b="UZ", max_hops="2"), "path") == [
        ["BY-MI", "RU-OMS", "UZ"]]
    assert run(store, "path", region_a="BY-MI", region_b="UZ", max_hops="1") == []
    assert run(store, "path", region_a="RU-TA", region_b="RU-KGN") == []


def test_topics_of_a_region(store):
    rows = run(store, "topics", region="UZ-BU")
    assert [(r["topic"], r["name"], r["events"]) for r in rows] == [
        ("education", "образование", 3), ("industry", "промышленность", 2)]


def test_sources_behind_one_event(store):
    rows = run(store, "sources", event=event_id(store, "RU-OMS", "UZ-BU", "meeting"))
    assert [(r["document"], r["outlet"], r["published"], r["date"]) for r in rows] == [
        ("omsk-1", "Омск Информ", "2025-04-26", "2025-04-26"),
        ("bukhara-1", "Бухара Ньюс", "2025-04-27", "2025-04-26")]
    assert rows[1]["sentence"] == "Вчера хоким Бухарской области провёл переговоры с делегацией Омской области."
    assert run(store, "sources", event="no-such-event") == []


def test_new_partners_since_a_day(store):
    rows = run(store, "new-partners", since="2024-01-01")
    assert [(r["first"], r["region"], r["partner"]) for r in rows] == [
        ("2024-09-10", "RU-TA", "UZ-BU"), ("2025-04-26", "RU-OMS", "UZ"),
        ("2025-04-26", "RU-OMS", "UZ-BU"), ("2025-06-02", "RU-KGN", "RU-TYU")]


def test_weakly_sourced_events(store):
    rows = run(store, "weakly-sourced")
    assert len(rows) == 9 and {r["sources"] for r in rows} == {1}     # 10 events, one twice reported
    assert event_id(store, "RU-OMS", "UZ-BU", "meeting") not in column(rows, "event")
    assert run(store, "weakly-sourced", min_sources="1") == []
    assert len(run(store, "weakly-sourced", min_sources="3")) == 10


def test_network_of_all_pairs_and_filters(store):
    rows = run(store, "network")
    assert [(r["region"], r["partner"]) for r in rows] == [
        ("BY-MI", "RU-OMS"), ("BY-MI", "RU-TA"), ("RU-KGN", "RU-TYU"), ("RU-OMS", "UZ"),
        ("RU-OMS", "UZ-BU"), ("RU-TA", "UZ-BU")]
    assert rows[0]["region_country"] == "BY" and rows[0]["partner_name"] == "Омская область"
    assert len(run(store, "network", country="BY")) == 2
    assert [(r["region"], r["partner"]) for r in run(store, "network", since="2025-05-01")] == [
        ("RU-KGN", "RU-TYU")]


def test_every_parameter_set_runs_and_keeps_its_columns(store):
    for name, given in PARAMETER_SETS:
        rows = runner.run(store, name, given)
        assert len({tuple(row) for row in rows}) <= 1, name


def test_user_query_on_the_embedded_store_needs_neo4j(store, tmp_path):
    (tmp_path / "count.cypher").write_text("// name: count\nMATCH (n) RETURN count(n) AS n\n",
                                           encoding="utf-8")
    with pytest.raises(UserError, match="runs on Neo4j only"):
        runner.run(store, "count", {}, extra_dir=tmp_path)


def test_normalised_values():
    row = runner.normalise_row({"d": date(2025, 4, 26), "x": 1 / 3, "l": ["b", None, "a"],
                                "p": ["b", "a"]}, ordered=("p",))
    assert row == {"d": "2025-04-26", "x": 0.333333, "l": ["a", "b", None], "p": ["b", "a"]}


# --- the command line --------------------------------------------------------------------

@pytest.fixture
def loaded_home(interreg_home, monkeypatch):
    monkeypatch.delenv("INTERREG_STORE", raising=False)
    monkeypatch.delenv("INTERREG_QUERIES", raising=False)
    MemoryStore(interreg_home).upsert(hand_built_corpus())
    return interreg_home


def test_cli_lists_queries_with_parameters(loaded_home, capsys, tmp_path, monkeypatch):
    assert cli.main(["queries"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.split() == ["partners", "region:region|country"] for line in lines)
    path = next(line for line in lines if line.startswith("path "))
    assert path.split()[1:] == ["region_a:region", "region_b:party", "[max_hops:int=4]"]
    assert not any("Neo4j only" in line for line in lines)

    (tmp_path / "count.cypher").write_text(
        "// name: count\n// description: Nodes by label\nMATCH (n) RETURN labels(n) AS l, count(*) AS n\n",
        encoding="utf-8")
    monkeypatch.setenv("INTERREG_QUERIES", str(tmp_path))
    assert cli.main(["queries"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("count") and line.endswith("[Neo4j only]") for line in lines)


def test_cli_query_as_json(loaded_home, capsys):
    assert cli.main(["query", "partners", "--param", "region=Бухарской области", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["partner"] for row in rows] == ["RU-TA", "RU-OMS"]


def test_cli_query_as_csv(loaded_home, capsys):
    assert cli.main(["query", "agreements", "-p", "status=signed", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 1
    assert rows[0]["parties"] == "RU-OMS; UZ-BU" and rows[0]["date"] == "2025-04-26"


def test_cli_query_as_table(loaded_home, capsys):
    assert cli.main(["query", "partners", "--param", "region=UZ-BU"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["partner", "partner_name", "country", "meetings", "agreements", "trade",
                                "country_trade", "first", "last", "sources"]
    assert lines[2].startswith("RU-TA ") and "Республика Татарстан" in lines[2]
    assert lines[-1] == "(2 rows)"


def test_cli_reports_user_mistakes_without_traceback(loaded_home, capsys):
    assert cli.main(["query", "partners", "--param", "region=Бухарк"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("interreg: unknown region 'Бухарк': did you mean") and "Traceback" not in err
    assert cli.main(["query", "partnrs"]) == 2
    assert "unknown query 'partnrs'" in capsys.readouterr().err


def test_cli_cypher_on_the_embedded_store_needs_neo4j(loaded_home, capsys):
    assert cli.main(["cypher", "MATCH (n) RETURN count(n)", "--store", "memory"]) == 2
    assert "ad-hoc Cypher needs Neo4j" in capsys.readouterr().err
