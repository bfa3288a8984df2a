"""The embedded store's file: SQLite tables that hold data and nothing that runs.

- a crafted pickle where earlier versions kept the graph runs nothing: commands say to run
  `interreg migrate`, and `migrate` itself builds only what a graph file is made of;
- a crafted or damaged store file gives one line, never a traceback;
- the file holds exactly the graph in memory after any mix of writes (every change reaches it),
  and every canned query answers the same from a reopened store;
- a graph file of earlier versions is migrated, with a warning.
"""

from __future__ import annotations

import pickle
import sqlite3
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from bench.synthetic import SyntheticNews
from interreg import cli
from interreg.graph import sqlite_tables
from interreg.graph.memory import GRAPH_FILE, OLD_GRAPH_FILE, EventIndex, MemoryStore
from interreg.queries import runner
from test_conformance import parameter_sets_from
from test_queries import PARAMETER_SETS, hand_built_corpus

REPO_ROOT = Path(__file__).resolve().parents[1]


class RunsCode:
    """Unpickled, it writes `marker`: what a hostile graph.pickle would do."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return exec, (f"open({str(self.marker)!r}, 'w').write('ran')",)


def crafted_pickle(home: Path, marker: Path) -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("Region:RU-OMS", label="Region", id="RU-OMS", name=RunsCode(marker), country="RU")
    (home / OLD_GRAPH_FILE).write_bytes(pickle.dumps(graph))


def interreg(home: Path, *args: str) -> subprocess.CompletedProcess:
    """The real command in its own process, as an analyst runs it."""
    return subprocess.run([sys.executable, "-m", "interreg.cli", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=300, env={"INTERREG_HOME": str(home), "PATH": "/usr/bin:/bin"})


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- a crafted old store file ------------------------------------------------------------

def test_item13_crafted_store_file_runs_no_code(tmp_path):
    home, marker = tmp_path / "home", tmp_path / "ran"
    home.mkdir()
    crafted_pickle(home, marker)
    assert not marker.exists()
    for command in (["stats"], ["query", "partners", "--param", "region=RU-OMS"], ["delete", "--document", "x"]):
        line = one_line_error(interreg(home, *command))
        assert "interreg migrate" in line and OLD_GRAPH_FILE in line
        assert not marker.exists(), command
    assert sorted(p.name for p in home.iterdir()) == [OLD_GRAPH_FILE]     # nothing written beside it


def test_item13_migrate_refuses_a_crafted_pickle_without_running_it(tmp_path):
    home, marker = tmp_path / "home", tmp_path / "ran"
    home.mkdir()
    crafted_pickle(home, marker)
    result = interreg(home, "migrate")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "warning" in result.stderr and "builtins.exec" in result.stderr
    assert not marker.exists()
    assert not (home / GRAPH_FILE).exists()


# --- crafted or damaged new store files --------------------------------------------------

def a_store(home: Path) -> Path:
    MemoryStore(home).upsert(hand_built_corpus())
    return home / GRAPH_FILE


def tamper(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        connection.execute(statement)
    connection.close()


DAMAGE = {
    "not a database": lambda path: path.write_bytes(b"garbled " * 1000),
    "cut short": lambda path: path.write_bytes(path.read_bytes()[:5000]),
    "pages overwritten": lambda path: path.write_bytes(path.read_bytes()[:8192] + b"\xff" * 4096
                                                       + path.read_bytes()[12288:]),
    "a trigger": lambda path: tamper(path, "CREATE TRIGGER t AFTER INSERT ON node_Region "
                                           "BEGIN DELETE FROM node_Document; END"),
    "a view": lambda path: tamper(path, "CREATE VIEW v AS SELECT * FROM node_Region"),
    "another table": lambda path: tamper(path, "CREATE TABLE extra (x)"),
    "a table missing": lambda path: tamper(path, "DROP TABLE rel_ABOUT"),
    "a newer version": lambda path: tamper(path, "UPDATE meta SET value = 99 WHERE key = 'version'"),
    "another format": lambda path: tamper(path, "UPDATE meta SET value = 'x' WHERE key = 'format'"),
    "no meta": lambda path: tamper(path, "DROP TABLE meta"),
    "a bad date": lambda path: tamper(path, "UPDATE node_Document SET published = '2025-13-45'"),
    "an unknown event type": lambda path: tamper(path, "UPDATE node_Event SET type = 'party'"),
    "a dangling relationship": lambda path: tamper(path, "DELETE FROM node_Region WHERE id = 'RU-OMS'"),
    "bad provenance": lambda path: tamper(path, "UPDATE rel_PARTY_TO SET docs = '[1, 2]'"),
    "a number as text": lambda path: tamper(path, "PRAGMA writable_schema = ON",
                                            "UPDATE sqlite_master SET sql = replace(sql, 'STRICT', '') "
                                            "WHERE name = 'node_Event'"),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_item13_a_crafted_or_damaged_store_file_gives_one_line(tmp_path, damage):
    home = tmp_path / "home"
    path = a_store(home)
    DAMAGE[damage](path)
    line = one_line_error(interreg(home, "stats"))
    assert line.startswith("interreg: ") and str(path) in line, line


def test_a_store_of_an_earlier_format_says_so_and_what_to_do(tmp_path):
    home = tmp_path / "home"
    path = a_store(home)
    tamper(path, "UPDATE meta SET value = 1 WHERE key = 'version'")
    line = one_line_error(interreg(home, "stats"))
    assert "earlier interreg" in line and "ingest its documents again" in line, line


def test_item13_values_of_the_wrong_type_are_refused(tmp_path):
    home = tmp_path / "home"
    path = a_store(home)
    # a table made by hand to look like the store's, without its type checks
    connection = sqlite3.connect(path, isolation_level=None)
    sql = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'node_Event'").fetchone()[0]
    connection.executescript(f"""PRAGMA writable_schema = ON;
        UPDATE sqlite_master SET sql = replace(sql, ') STRICT', ')')
            WHERE name = 'node_Event';""")
    connection.close()
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("UPDATE node_Event SET mentions = 'many'")
    connection.executescript(f"""PRAGMA writable_schema = ON;
        UPDATE sqlite_master SET sql = {sql!r} WHERE name = 'node_Event';""")
    connection.close()
    line = one_line_error(interreg(home, "stats"))
    assert "node_Event.mentions" in line and "damaged" in line


def test_an_empty_file_is_an_empty_store(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / GRAPH_FILE).write_bytes(b"")          # a creation killed before its first commit
    store = MemoryStore(home)
    assert store.graph.number_of_nodes() == 0
    store.upsert(hand_built_corpus())
    assert MemoryStore(home).counts() == store.counts()


# --- what the file holds -----------------------------------------------------------------

def graph_dump(graph: nx.MultiDiGraph) -> tuple[dict, dict]:
    nodes = {key: dict(data) for key, data in graph.nodes(data=True)}
    edges = {(u, v, k): dict(data) for u, v, k, data in graph.edges(keys=True, data=True)}
    return nodes, edges


@pytest.fixture(scope="module")
def written_and_reopened(tmp_path_factory):
    """A store after new documents, replaced ones, deleted ones and re-added ones, and the
    same store opened again from its file."""
    home = tmp_path_factory.mktemp("format-home")
    corpus = list(SyntheticNews(seed=11).documents(300))
    store = MemoryStore(home)
    store.upsert(hand_built_corpus())
    with store.bulk():
        for start in range(0, 200, 50):
            store.upsert(corpus[start:start + 50])
    changed = list(SyntheticNews(seed=12).documents(40))      # other facts under the same ids
    for facts, old in zip(changed, corpus[:40]):
        facts.document.id = old.document.id
    store.upsert(changed)
    for facts in corpus[40:70]:
        store.delete_document(facts.document.id)
    store.upsert(corpus[60:65] + corpus[200:300])
    return store, MemoryStore(home)


def test_the_file_holds_the_graph_in_memory_after_every_kind_of_write(written_and_reopened):
    store, reopened = written_and_reopened
    assert store.counts()["nodes"]["Document"] > 250
    assert graph_dump(reopened.graph) == graph_dump(store.graph)


def test_the_index_of_events_by_signature_follows_every_kind_of_write(written_and_reopened):
    store, _ = written_and_reopened
    kept = store._events._keys                    # built by the first batch, kept in step since
    fresh = EventIndex()
    fresh.of(store.graph, "")                     # built from the graph as it is now
    assert kept is not None and len(kept) > 50
    assert {s: sorted(keys) for s, keys in kept.items()} == {s: sorted(keys) for s, keys in fresh._keys.items()}


def test_every_canned_query_answers_the_same_from_a_reopened_store(written_and_reopened):
    store, reopened = written_and_reopened
    parameter_sets = PARAMETER_SETS + parameter_sets_from(store)
    different = [(name, given) for name, given in parameter_sets
                 if runner.run(store, name, given) != runner.run(reopened, name, given)]
    assert different == []


def test_the_graph_for_readers_is_read_only_and_new_after_a_write(tmp_path):
    store = MemoryStore(tmp_path)
    store.upsert(hand_built_corpus()[:1])
    before = store.graph
    with pytest.raises(nx.NetworkXError):
        before.add_node("Region:XX")
    store.upsert(hand_built_corpus()[1:])
    assert store.graph is not before
    assert store.graph.number_of_nodes() > 0


def test_a_store_file_holds_only_its_tables(tmp_path):
    path = a_store(tmp_path)
    connection = sqlite3.connect(path)
    objects = {(kind, name) for kind, name in connection.execute("SELECT type, name FROM sqlite_master")}
    connection.close()
    assert {kind for kind, _ in objects} == {"table"}
    assert {name for _, name in objects} == ({"meta"} | {t.name for t in sqlite_tables.NODE_TABLES.values()}
                                             | {t.name for t in sqlite_tables.REL_TABLES.values()})


# --- migrating a graph file of earlier versions -----------------------------------------

def test_migrate_converts_a_graph_file_of_earlier_versions(tmp_path, capsys, monkeypatch):
    built = MemoryStore(tmp_path / "built")
    built.upsert(hand_built_corpus())
    expected = graph_dump(built.graph)
    home = tmp_path / "home"
    home.mkdir()
    graph = nx.MultiDiGraph(built.graph)          # a plain graph object, as earlier versions pickled
    graph.nodes, graph.edges, graph.adj                     # with the views they cached
    (home / OLD_GRAPH_FILE).write_bytes(pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL))
    monkeypatch.setenv("INTERREG_HOME", str(home))

    assert cli.main(["migrate"]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "run code" in err
    assert graph_dump(MemoryStore(home).graph) == expected
    assert (home / OLD_GRAPH_FILE).exists()                   # left as it was
    assert cli.main(["stats"]) == 0
    assert cli.main(["migrate"]) == 2                         # a second time: the new store is there
    assert "exists already" in capsys.readouterr().err


def test_migrate_without_an_old_file_says_so(interreg_home, capsys):
    assert cli.main(["migrate"]) == 2
    assert "nothing to migrate" in capsys.readouterr().err


def test_a_new_store_file_is_its_owners_only(tmp_path):
    path = a_store(tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600
