"""Both stores answer every canned query with the same rows.

The same facts go into the embedded store and a real Neo4j; every query then runs
on both with many parameter sets (regions with and without partners, optional
parameters set and unset) and the normalised rows must be equal, order included.
Two corpora: facts written by hand (independent of extraction) and the shared
news corpus as the loader extracts it.
"""

from __future__ import annotations

import json

import pytest

from interreg import cli
from interreg.graph.memory import MemoryStore
from interreg.graph.neo4j_store import Neo4jStore
from interreg.queries import runner
from test_queries import PARAMETER_SETS, hand_built_corpus

pytestmark = pytest.mark.neo4j


@pytest.fixture
def neo4j_store(neo4j_uri):
    store = Neo4jStore(uri=neo4j_uri)
    store.clear()
    yield store
    store.close()


def differences(memory_store, neo4j_store, parameter_sets) -> list[str]:
    found = []
    for name, given in parameter_sets:
        on_memory = runner.run(memory_store, name, given)
        on_neo4j = runner.run(neo4j_store, name, given)
        if on_memory != on_neo4j:
            found.append(f"{name} {given}\n  memory: {on_memory}\n  neo4j:  {on_neo4j}")
    return found


def parameter_sets_from(memory_store) -> list[tuple[str, dict]]:
    """Parameter sets drawn from what is in the graph: every region, event, pair, person, commodity."""
    graph = memory_store.graph

    def ids(label):
        return sorted(data["id"] for _, data in graph.nodes(data=True) if data["label"] == label)

    regions = ids("Region")
    pairs = [(row["region"], row["partner"]) for row in runner.run(memory_store, "network", {"limit": "0"})]
    last_names = sorted({data["last"] for _, data in graph.nodes(data=True)
                         if data["label"] == "Person" and data.get("last")})
    sets: list[tuple[str, dict]] = []
    for region in regions:
        sets += [(name, {"region": region})
                 for name in ("partners", "region-profile", "officials", "topics", "agreements")]
        sets.append(("trade", {"party": region}))
    sets += [(name, {"region": country}) for country in ids("Country")          # a country and its regions
             for name in ("partners", "topics", "agreements")]
    sets += [("sources", {"event": event}) for event in ids("Event")]
    sets += [("timeline", {"region_a": a, "region_b": b}) for a, b in pairs]
    sets += [("path", {"region_a": a, "region_b": b}) for a in regions[:8] for b in regions[-8:] if a != b]
    sets += [("contacts", {"person": name}) for name in last_names]
    sets += [("commodity", {"commodity": c}) for c in ids("Commodity")]
    sets += [("top-regions", {"country": c}) for c in ("RU", "UZ", "KZ", "BY")]
    sets += [("network", {"since": day}) for day in ("2010-01-01", "2025-01-01")]
    sets += [("new-partners", {"since": day}) for day in ("2000-01-01", "2025-01-01")]
    return sets


def test_hand_built_facts_give_the_same_rows_on_both_stores(tmp_path, neo4j_store):
    memory_store = MemoryStore(tmp_path)
    memory_store.upsert(hand_built_corpus())
    neo4j_store.upsert(hand_built_corpus())
    assert neo4j_store.counts() == memory_store.counts()

    parameter_sets = PARAMETER_SETS + parameter_sets_from(memory_store)
    assert differences(memory_store, neo4j_store, parameter_sets) == []
    answered = sum(1 for name, given in parameter_sets if runner.run(neo4j_store, name, given))
    assert answered > len(parameter_sets) // 2      # mostly real rows, not agreement on nothing


def test_gathered_answers_are_the_records_in_their_order(neo4j_store):
    """`read_gathered` (the rows as one list) gives what `read` (a record a row) gives."""
    neo4j_store.upsert(hand_built_corpus())
    compared = 0
    for name, given in PARAMETER_SETS:
        spec, resolved, _ = runner.prepare(neo4j_store, name, given)
        records = neo4j_store.read(spec.cypher, resolved)
        assert neo4j_store.read_gathered(spec.cypher, resolved) == records, (name, given)
        compared += len(records) > 1
    assert compared > len(PARAMETER_SETS) // 3         # orders of several rows were compared
    odd = "UNWIND [3, 1, 2] AS n RETURN n AS `first date`, n * 2 AS `a``b` ORDER BY n DESC"
    assert neo4j_store.read_gathered(odd) == [{"first date": 3, "a`b": 6}, {"first date": 2, "a`b": 4},
                                              {"first date": 1, "a`b": 2}]
    assert neo4j_store.read_gathered("MATCH (n:Nothing) RETURN n.id AS id") == []


class ExtractOnce:
    """The real extractor, remembered per document: extraction is the slow part, and
    both stores then load the very same facts."""

    def __init__(self):
        from interreg.ingest.extract import Extractor

        self.extractor = Extractor()
        self.done: dict[tuple[str, str], object] = {}

    def extract(self, document):
        key = (document.id, document.content_hash)
        if key not in self.done:
            self.done[key] = self.extractor.extract(document)
        return self.done[key]


def test_shared_corpus_gives_the_same_rows_on_both_stores(shared_dir, tmp_path, neo4j_store):
    from interreg.graph.load import ingest

    paths = [shared_dir / "seeds" / "000_484d7a34880d4032.txt", shared_dir / "corpus" / "dev.jsonl"]
    extractor = ExtractOnce()
    memory_store = MemoryStore(tmp_path)
    ingest(paths, memory_store, progress=False, extractor=extractor)
    ingest(paths, neo4j_store, progress=False, extractor=extractor)
    assert neo4j_store.counts() == memory_store.counts()
    assert memory_store.counts()["relationships"]["PARTNER_OF"] > 10

    parameter_sets = PARAMETER_SETS + parameter_sets_from(memory_store)
    assert differences(memory_store, neo4j_store, parameter_sets) == []
    bukhara = runner.run(neo4j_store, "partners", {"region": "Бухарская область"})
    assert "RU-OMS" in [row["partner"] for row in bukhara]


# --- the query commands against Neo4j ----------------------------------------------------

@pytest.fixture
def loaded_neo4j(neo4j_env, monkeypatch):
    monkeypatch.delenv("INTERREG_QUERIES", raising=False)
    store = Neo4jStore()
    store.upsert(hand_built_corpus())
    yield store
    store.close()


def test_cypher_command_refuses_a_write(loaded_neo4j, capsys):
    before = loaded_neo4j.counts()
    code = cli.main(["cypher", "MATCH (r:Region {id: 'RU-OMS'}) SET r.name = 'Омск' RETURN r.id",
                     "--store", "neo4j"])
    assert code == 2
    assert "refused" in capsys.readouterr().err
    code = cli.main(["cypher", "CREATE (:Region {id: 'XX-YY'})", "--store", "neo4j"])
    assert code == 2
    assert "read-only" in capsys.readouterr().err
    assert loaded_neo4j.counts() == before
    names = loaded_neo4j.read("MATCH (r:Region {id: 'RU-OMS'}) RETURN r.name AS name", {})
    assert names == [{"name": "Омская область"}]


def test_cypher_command_reads_with_parameters(loaded_neo4j, capsys):
    code = cli.main(["cypher", "MATCH (r:Region {country: $country}) RETURN r.id AS id ORDER BY id",
                     "--param", "country=BY", "--store", "neo4j", "--format", "json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out) == [{"id": "BY-MI"}]
    assert cli.main(["cypher", "MATCH (r:Region RETURN r", "--store", "neo4j"]) == 2
    assert "Neo4j rejected the statement" in capsys.readouterr().err


def test_user_query_runs_on_neo4j(loaded_neo4j, tmp_path, monkeypatch, capsys):
    (tmp_path / "regions-of.cypher").write_text(
        "// name: regions-of\n// description: Regions of a country\n// param: country: country (required)\n"
        "MATCH (r:Region {country: $country}) RETURN r.id AS region, r.name AS name ORDER BY region\n",
        encoding="utf-8")
    monkeypatch.setenv("INTERREG_QUERIES", str(tmp_path))
    code = cli.main(["query", "regions-of", "--param", "country=Беларусь", "--store", "neo4j",
                     "--format", "json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out) == [{"region": "BY-MI", "name": "Минская область"}]
