"""The synthetic corpus of the benchmarks (bench/synthetic.py): its shape, and that the
canned queries answer sensibly on it, the same on both stores."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.synthetic import PARTNER_COUNTRIES, SyntheticNews
from interreg.graph.memory import MemoryStore
from interreg.queries import catalogue, runner

DOCUMENTS = 400


@pytest.fixture(scope="module")
def news() -> SyntheticNews:
    return SyntheticNews(seed=11)


@pytest.fixture(scope="module")
def corpus(news):
    return list(news.documents(DOCUMENTS))


@pytest.fixture(scope="module")
def store(corpus, tmp_path_factory):
    store = MemoryStore(tmp_path_factory.mktemp("synthetic-home"))
    for start in range(0, len(corpus), 100):
        store.upsert(corpus[start:start + 100])
    return store


def test_same_seed_same_documents_other_seed_others(corpus):
    again = list(SyntheticNews(seed=11).documents(50))
    assert [d.to_record() for d in again] == [d.to_record() for d in corpus[:50]]
    other = list(SyntheticNews(seed=12).documents(50))
    assert [d.to_record() for d in other] != [d.to_record() for d in corpus[:50]]


def test_batches_stream_the_same_documents(news, corpus):
    batches = list(news.batches(DOCUMENTS, size=150))
    assert [len(b) for b in batches] == [150, 150, 100]
    assert [d.document.id for b in batches for d in b] == [d.document.id for d in corpus]


def test_every_fact_has_its_sentence_at_its_offsets(corpus):
    for facts in corpus:
        text = facts.document.text
        assert 0 < len(text) < 800
        evidence = [f.evidence for kind in ("persons", "organizations", "meetings", "agreements",
                                            "trade", "topics") for f in getattr(facts, kind)]
        assert evidence
        for item in evidence:
            assert item.doc_id == facts.document.id
            assert text[item.start:item.end] == item.sentence


def test_shaped_like_the_news(news, corpus):
    abroad = Counter(p.country for facts in corpus for p in facts.regions if p.country != "RU")
    assert set(abroad) <= set(PARTNER_COUNTRIES)
    assert abroad.most_common(1)[0][0] in ("UZ", "KZ")
    russian = Counter(p.iso for facts in corpus for p in facts.regions if p.iso.startswith("RU-"))
    counts = sorted(russian.values(), reverse=True)
    assert counts[0] > 5 * counts[len(counts) // 2]          # a few regions are in the news a lot
    assert news.popular_regions("RU", 1)[0] == russian.most_common(1)[0][0]
    outlets = {facts.document.outlet for facts in corpus}
    assert 50 < len(outlets) <= 300
    years = {facts.document.published.year for facts in corpus}
    assert len(years) >= 5
    kinds = Counter(kind for facts in corpus for kind in ("meetings", "agreements", "trade")
                    if getattr(facts, kind))
    assert min(kinds.values()) > DOCUMENTS // 10
    statuses = {a.status for facts in corpus for a in facts.agreements}
    assert statuses == {"signed", "planned", "approved"}
    officials = Counter(p.name for facts in corpus for p in facts.persons)
    assert officials.most_common(1)[0][1] >= 5                # officials recur


def test_reports_of_one_story_merge_into_one_event(corpus, store):
    counts = store.counts()
    reports = sum(len(f.meetings) + len(f.agreements) + len(f.trade) for f in corpus)
    assert counts["nodes"]["Document"] == DOCUMENTS
    assert counts["nodes"]["Event"] < reports * 0.8
    sourced = [data["sources"] for _, data in store.graph.nodes(data=True) if data["label"] == "Event"]
    assert max(sourced) >= 3


def sensible_parameters(news: SyntheticNews, store) -> dict[str, list[dict]]:
    from bench.queries import parameter_samples

    return parameter_samples(store, news)


def test_every_canned_query_answers_on_the_synthetic_graph(news, store):
    samples = sensible_parameters(news, store)
    assert set(samples) == {spec.name for spec in catalogue.load().values() if spec.builtin}
    answered = {}
    for name, parameter_sets in samples.items():
        answered[name] = [len(runner.run(store, name, given)) for given in parameter_sets]
    # every query has rows for most of its parameter sets (rare places may have none)
    for name, sizes in answered.items():
        assert sum(1 for size in sizes if size) >= len(sizes) / 2, (name, sizes)

    top = news.popular_regions("RU", 1)[0]
    partners = runner.run(store, "partners", {"region": top})
    assert len(partners) >= 10
    assert all(row["partner"] != top for row in partners)
    ranked = runner.run(store, "top-regions", {"country": "RU", "limit": "3"})
    assert top in [row["region"] for row in ranked]
    outlets = runner.run(store, "outlets", {})
    assert sum(row["documents"] for row in outlets) == DOCUMENTS


@pytest.mark.neo4j
def test_both_stores_give_the_same_rows_on_a_synthetic_graph(neo4j_uri, tmp_path):
    from interreg.graph.neo4j_store import Neo4jStore
    from test_conformance import differences, parameter_sets_from

    news = SyntheticNews(seed=5)
    memory = MemoryStore(tmp_path)
    neo4j = Neo4jStore(uri=neo4j_uri)
    try:
        neo4j.clear()
        for batch in news.batches(2_000, size=500):
            memory.upsert(batch)
            neo4j.upsert(batch)
        assert neo4j.counts() == memory.counts()
        drawn = parameter_sets_from(memory)
        by_query: dict[str, list[dict]] = {}
        for name, given in drawn:
            by_query.setdefault(name, []).append(given)
        # every query, with at most 25 parameter sets each, spread over what the graph holds
        chosen = [(name, given) for name, sets in by_query.items() for given in sets[::max(1, len(sets) // 25)]]
        chosen += [(name, given) for name, sets in sensible_parameters(news, memory).items() for given in sets]
        assert {name for name, _ in chosen} == {spec.name for spec in catalogue.load().values() if spec.builtin}
        assert differences(memory, neo4j, chosen) == []
    finally:
        neo4j.close()
