"""Row limits of the canned queries: a default, `limit=0` for all, the same rows on both
stores, and a one-line notice on stderr when the CLI shows a cut answer.

The graph is a small synthetic one (bench/synthetic.py): large enough that the listings
have more rows than the default limit.
"""

from __future__ import annotations

import json

import pytest

from bench.synthetic import SyntheticNews
from interreg import cli
from interreg.graph.memory import MemoryStore
from interreg.graph.neo4j_store import Neo4jStore
from interreg.queries import catalogue, runner
from interreg.queries.commands import cut_notice

DOCUMENTS = 600
DEFAULT_LIMIT = 200
NEWS = SyntheticNews(7)

# Queries whose answer grows with the corpus, each with parameters that give a long answer.
LIMITED = {
    "region-profile": {"region": NEWS.popular_regions("RU", 1)[0]},
    "agreements": {},
    "trade": {},
    "weakly-sourced": {},
    "network": {},
    "new-partners": {"since": "2000-01-01"},
    "outlets": {},
    "commodity": {"commodity": "food"},
    "contacts": {"person": NEWS.officials[NEWS.popular_regions("RU", 1)[0]][0].last},
    "timeline": {"region_a": NEWS.popular_regions("RU", 1)[0], "region_b": "UZ"},
}


@pytest.fixture(scope="module")
def memory_store(tmp_path_factory):
    store = MemoryStore(tmp_path_factory.mktemp("limits-home"))
    for batch in NEWS.batches(DOCUMENTS, 300):
        store.upsert(batch)
    return store


def test_every_query_growing_with_the_corpus_takes_a_limit_of_200_by_default():
    specs = catalogue.load()
    for name in LIMITED:
        limit = specs[name].param("limit")
        assert limit is not None and limit.type == "int" and limit.default == str(DEFAULT_LIMIT), name
    assert specs["top-regions"].param("limit").default == "20"


def test_the_default_limit_cuts_a_long_answer_and_limit_0_gives_all(memory_store):
    for name in ("network", "weakly-sourced", "region-profile", "new-partners"):
        whole = runner.answer(memory_store, name, {**LIMITED[name], "limit": "0"})
        assert not whole.cut and whole.limit is None
        assert len(whole.rows) > DEFAULT_LIMIT, name          # else the test proves nothing
        bounded = runner.answer(memory_store, name, LIMITED[name])
        assert bounded.cut and bounded.limit == DEFAULT_LIMIT
        assert bounded.rows == whole.rows[:DEFAULT_LIMIT], name


def test_an_answer_exactly_as_long_as_the_limit_is_not_cut(memory_store):
    every = runner.run(memory_store, "outlets", {"limit": "0"})
    exact = runner.answer(memory_store, "outlets", {"limit": str(len(every))})
    assert exact.rows == every and not exact.cut
    shorter = runner.answer(memory_store, "outlets", {"limit": str(len(every) - 1)})
    assert shorter.rows == every[:-1] and shorter.cut


def test_region_profile_keeps_the_newest_events(memory_store):
    region = LIMITED["region-profile"]["region"]
    rows = runner.run(memory_store, "region-profile", {"region": region, "limit": "30"})
    every = runner.run(memory_store, "region-profile", {"region": region, "limit": "0"})
    dates = [row["date"] for row in rows]
    assert dates == sorted(dates, reverse=True)
    assert min(dates) >= sorted((row["date"] for row in every), reverse=True)[29]


def test_event_types_count_every_event(memory_store):
    rows = runner.run(memory_store, "event-types", {})
    every = runner.run(memory_store, "weakly-sourced", {"min_sources": "1000", "limit": "0"})
    assert {row["type"]: row["events"] for row in rows} == {
        kind: sum(1 for event in every if event["type"] == kind) for kind in {e["type"] for e in every}}


@pytest.mark.neo4j
def test_both_stores_give_the_same_rows_under_any_limit(memory_store, neo4j_uri):
    neo4j = Neo4jStore(uri=neo4j_uri)
    try:
        neo4j.clear()
        for batch in NEWS.batches(DOCUMENTS, 300):
            neo4j.upsert(batch)
        popular = NEWS.popular_regions("RU", 1)[0]
        # a popular region's agreements and trade flows are read from the walk of their
        # type's index under small limits, and from its own under large ones
        anchored = [("agreements", {"region": popular}), ("agreements", {"region": popular, "status": "planned"}),
                    ("agreements", {"region": popular, "since": "2025-06-01"}), ("trade", {"party": popular}),
                    ("trade", {"party": popular, "direction": "export"}),
                    ("trade", {"party": "UZ", "commodity": "food"}),
                    ("trade", {"party": "KZ", "commodity": "metals", "direction": "import"})]
        for name, given in [*LIMITED.items(), ("top-regions", {}), *anchored]:
            for limit in ("0", "1", "7", None):
                asked = given if limit is None else {**given, "limit": limit}
                on_memory = runner.answer(memory_store, name, asked)
                on_neo4j = runner.answer(neo4j, name, asked)
                assert on_memory == on_neo4j, f"{name} {asked}"
    finally:
        neo4j.clear()
        neo4j.close()


@pytest.fixture
def synthetic_home(interreg_home, monkeypatch):
    monkeypatch.delenv("INTERREG_STORE", raising=False)
    monkeypatch.delenv("INTERREG_QUERIES", raising=False)
    store = MemoryStore(interreg_home)
    for batch in NEWS.batches(DOCUMENTS, 300):
        store.upsert(batch)
    return interreg_home


def test_cli_says_on_stderr_when_rows_were_left_out(synthetic_home, capsys):
    assert cli.main(["query", "network", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert len(json.loads(out)) == DEFAULT_LIMIT
    assert err.strip() == cut_notice(DEFAULT_LIMIT) == \
        "showing the first 200 rows; --param limit=0 for all"

    assert cli.main(["query", "network", "--format", "json", "--param", "limit=0"]) == 0
    out, err = capsys.readouterr()
    assert len(json.loads(out)) > DEFAULT_LIMIT and err == ""

    assert cli.main(["query", "network", "-p", "limit=5", "-p", "country=BY", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1 + 5 and err.strip() == cut_notice(5)


def test_cli_says_nothing_when_the_answer_is_whole(synthetic_home, capsys):
    assert cli.main(["query", "top-regions", "--param", "country=UZ", "--param", "limit=0"]) == 0
    assert capsys.readouterr().err == ""
