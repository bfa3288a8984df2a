"""Hardening: what a hostile or unlucky user can do to the processes, the store's folder,
the output paths, the Neo4j credentials, the ad-hoc Cypher and the parameters.

Each test is named after the item of the hardening list it keeps fixed:

- item 10: extraction workers die with a killed ingest; a writer waiting for the store's
  lock says whom it waits for;
- item 11: a read-only or full INTERREG_HOME is one line (checked before extracting);
- item 12: `view -o` and `report -o` never write into the store's folder nor through a
  symbolic link;
- item 14: a password or URI query never shows in a message, however the URI is written;
- item 15: `interreg cypher` (and an analyst's query file) runs reads only: no commands
  such as TERMINATE TRANSACTIONS, no procedures outside the allow-list; a time limit;
- item 16: commands that only read never create the Neo4j schema;
- item 17: integer parameters are range-checked; `interreg cypher` streams its rows.

The Neo4j tests use the session's server (tests/conftest.py); the mounts (read-only and
tiny tmpfs homes) need root, which CI has.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

from interreg import config
from interreg.cli import main
from interreg.errors import UserError
from interreg.graph import load
from interreg.graph.memory import GRAPH_FILE, MemoryStore
from tests.conftest import REPO_ROOT, free_port, unavailable
from tests.graph_samples import sample_batch

SUBPROCESS_TIMEOUT_S = 120


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """`interreg ARGS` in this process: (status, stdout, stderr)."""
    capsys.readouterr()
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def one_line(text: str) -> str:
    assert "Traceback" not in text, text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.fixture
def neo4j_ready(neo4j_env) -> str:
    """`neo4j_env` with the graph's schema in place (as after any ingest), so that readers
    have nothing to say about it."""
    from interreg.graph.neo4j_store import Neo4jStore

    store = Neo4jStore()
    try:
        store.upsert([])                    # a writer: sets the schema up
    finally:
        store.close()
    return neo4j_env


# --- item 10: processes -----------------------------------------------------------------------

# `interreg ingest` with an extractor that takes its time, so that the workers are busy when
# the parent is killed.
SLOW_INGEST = """
import sys, time
from interreg.cli import main
from interreg.graph import load
from interreg.ingest.facts import DocumentFacts

class SlowExtractor:
    def extract(self, document):
        time.sleep(0.5)
        return DocumentFacts(document)

load._extractor = SlowExtractor()
sys.exit(main(sys.argv[1:]))
"""


def write_jsonl(path: Path, count: int, text: str = "Омская область и Бухарская область.") -> Path:
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            out.write(json.dumps({"id": f"doc-{number}", "text": f"{text} Номер {number}."},
                                 ensure_ascii=False) + "\n")
    return path


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_item10_workers_die_with_a_killed_ingest_and_the_rerun_does_not_hang(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc")
    corpus = write_jsonl(tmp_path / "news.jsonl", 60)
    env = dict(os.environ, INTERREG_HOME=str(tmp_path / "home"), PYTHONPATH=str(REPO_ROOT))
    ingest = subprocess.Popen([sys.executable, "-c", SLOW_INGEST, "ingest", str(corpus), "--jobs", "2",
                               "--store", "memory"], env=env, cwd=REPO_ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + SUBPROCESS_TIMEOUT_S
        while time.monotonic() < deadline and len(workers) < 2 and ingest.poll() is None:
            workers = children_of(ingest.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the ingest never started its workers"
        time.sleep(0.5)                           # busy with their first documents
        ingest.send_signal(signal.SIGKILL)
        ingest.wait(timeout=30)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.05)
        assert not [pid for pid in workers if alive(pid)], "workers outlived the killed ingest"

        rerun = subprocess.run([sys.executable, "-c", SLOW_INGEST.replace("time.sleep(0.5)", "pass"),
                                "ingest", str(corpus), "--jobs", "2", "--store", "memory"],
                               env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
        assert rerun.returncode == 0, rerun.stderr
        assert len(MemoryStore(tmp_path / "home").document_hashes()) == 60
    finally:
        if ingest.poll() is None:
            ingest.kill()
        for pid in workers:                       # left over only when the test failed
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


HOLD_THE_LOCK = """
import sys, time
from pathlib import Path
from interreg.graph.memory import MemoryStore

store = MemoryStore(Path(sys.argv[1]))
with store.bulk():
    print("locked", flush=True)
    time.sleep(120)
"""


def test_item10_a_writer_waiting_for_the_lock_says_whom_it_waits_for(tmp_path):
    home = tmp_path / "home"
    env = dict(os.environ, INTERREG_HOME=str(home), PYTHONPATH=str(REPO_ROOT))
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THE_LOCK, str(home)], env=env, cwd=REPO_ROOT,
                              stdout=subprocess.PIPE, text=True)
    waiter = None
    try:
        assert holder.stdout.readline().strip() == "locked"
        waiter = subprocess.Popen([sys.executable, "-m", "interreg.cli", "delete", "--document", "x"],
                                  env=env, cwd=REPO_ROOT, stderr=subprocess.PIPE, text=True)
        first = waiter.stderr.readline()        # printed while it waits, not once it is done
        assert waiter.poll() is None
        assert first.startswith(f"interreg: waiting for another interreg process (pid {holder.pid})"), first
        assert str(home) in first
        holder.kill()
        _, rest = waiter.communicate(timeout=60)
        assert waiter.returncode == 2 and "no document 'x'" in rest        # it went on once free
    finally:
        for process in (holder, waiter):
            if process is not None and process.poll() is None:
                process.kill()


# --- item 11: a read-only or full home --------------------------------------------------------

@contextmanager
def mounted(folder: Path, options: str):
    """A tmpfs mounted on `folder` with `options` for the block (needs root)."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        unavailable(f"cannot mount a tmpfs ({options}): {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


class CountingExtractor:
    """Facts of nothing but the document itself, counting the documents it was given."""

    def __init__(self):
        self.calls = 0

    def extract(self, document):
        from interreg.ingest.facts import DocumentFacts
        self.calls += 1
        return DocumentFacts(document)


def test_item11_a_read_only_home_is_one_line_before_anything_is_extracted(tmp_path, monkeypatch, capsys):
    extractor = CountingExtractor()
    monkeypatch.setattr(load, "_extractor", extractor)
    corpus = write_jsonl(tmp_path / "news.jsonl", 5)
    with mounted(tmp_path / "readonly", "ro,size=64k") as home:
        monkeypatch.setenv("INTERREG_HOME", str(home))
        status, _, err = cli(capsys, "ingest", str(corpus), "--store", "memory")
    assert status == 2
    assert one_line(err) == (f"interreg: cannot write to {home} (the embedded store's folder, "
                             "INTERREG_HOME): the file system is read-only")
    assert extractor.calls == 0


def test_item11_a_full_disk_is_one_line_and_keeps_the_graph_saved_before(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(load, "_extractor", CountingExtractor())
    small = write_jsonl(tmp_path / "small.jsonl", 2)
    big = write_jsonl(tmp_path / "big.jsonl", 2000, text="Длинный текст новости. " * 20)
    with mounted(tmp_path / "tiny", "size=256k") as home:
        monkeypatch.setenv("INTERREG_HOME", str(home))
        status, _, err = cli(capsys, "ingest", str(small), "--store", "memory")
        assert status == 0, err

        status, _, err = cli(capsys, "ingest", str(big), "--store", "memory")
        assert status == 2
        assert one_line(err).startswith(f"interreg: cannot write to {home} (the embedded store's folder, "
                                        "INTERREG_HOME): no space left on the device; the graph saved "
                                        "before is kept")
        # every batch committed before the disk filled stays, whole; the one that failed left nothing
        kept = set(MemoryStore(home).document_hashes())
        assert {"doc-0", "doc-1"} <= kept
        assert len(kept) % load.BATCH_SIZE in (0, 2) and len(kept) < 2 + 2000


# --- item 12: output paths --------------------------------------------------------------------

@pytest.fixture
def stored_graph(interreg_home) -> Path:
    """An embedded store holding the sample reports; the path of its graph file."""
    MemoryStore(interreg_home).upsert(sample_batch())
    return interreg_home / GRAPH_FILE


def test_item12_view_onto_the_store_file_is_refused_and_the_store_kept(stored_graph, capsys):
    before = stored_graph.read_bytes()
    for target in (stored_graph, stored_graph.parent / "partners.html",
                   stored_graph.parent / "sub" / ".." / GRAPH_FILE):
        status, _, err = cli(capsys, "view", "network", "-o", str(target), "--store", "memory")
        assert status == 2
        assert "inside the store's folder" in one_line(err)
    assert stored_graph.read_bytes() == before
    assert MemoryStore(stored_graph.parent).counts()["nodes"]["Document"] == 4


def test_item12_view_and_report_never_write_through_a_symbolic_link(stored_graph, tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "page.html"
    link.symlink_to(victim)
    status, _, err = cli(capsys, "view", "network", "-o", str(link), "--store", "memory")
    assert status == 2 and "symbolic link" in one_line(err)

    report = tmp_path / "report"
    report.mkdir()
    (report / "index.html").symlink_to(victim)
    status, _, err = cli(capsys, "report", "-o", str(report), "--store", "memory")
    assert status == 2 and "symbolic link" in one_line(err)

    (report / "index.html").unlink()
    (report / "views").mkdir()
    (report / "views" / "network.html").symlink_to(victim)
    status, _, err = cli(capsys, "report", "-o", str(report), "--store", "memory")
    assert status == 2 and "symbolic link" in one_line(err)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "linked-report").symlink_to(elsewhere)
    status, _, err = cli(capsys, "report", "-o", str(tmp_path / "linked-report"), "--store", "memory")
    assert status == 2 and "symbolic link" in one_line(err)
    assert victim.read_text() == "precious" and not list(elsewhere.iterdir())


def test_item12_report_with_views_as_a_file_is_one_line(stored_graph, tmp_path, capsys):
    report = tmp_path / "report"
    report.mkdir()
    (report / "views").write_text("not a folder")
    status, _, err = cli(capsys, "report", "-o", str(report), "--store", "memory")
    assert status == 2
    assert "is a file where the report keeps a folder" in one_line(err)
    status, _, err = cli(capsys, "report", "-o", str(stored_graph.parent / "report"), "--store", "memory")
    assert status == 2 and "inside the store's folder" in one_line(err)
    status, _, _ = cli(capsys, "report", "-o", str(tmp_path / "fine"), "--store", "memory")
    assert status == 0 and (tmp_path / "fine" / "index.html").is_file()


# --- item 14: credentials ---------------------------------------------------------------------

# Passwords written into NEO4J_URI without percent-encoding, each with a character that ends
# a URI's authority (or starts its query or fragment).
UNENCODED_PASSWORDS = ("pa/ss-w0rd-1", "pa#ss-w0rd-2", "pa?ss-w0rd-3", "p@ss/w0rd?x#4", "s3cr/et@@host")


def secret_pieces(secret: str) -> list[str]:
    """The secret and every piece of it between URI delimiters, long enough to recognise."""
    return [secret] + [piece for piece in re.split(r"[/?#@:]", secret) if len(piece) >= 3]


@pytest.mark.parametrize("password", UNENCODED_PASSWORDS)
def test_item14_an_unencoded_password_is_never_printed(password):
    from interreg.graph.neo4j_store import Neo4jStore

    port = free_port()                      # nothing listens there
    with pytest.raises(UserError) as raised:
        Neo4jStore(f"bolt://neo4j:{password}@127.0.0.1:{port}")
    message = str(raised.value)
    assert "\n" not in message
    assert not [piece for piece in secret_pieces(password) if piece in message], message


@pytest.mark.parametrize("uri", ["bolt://127.0.0.1:{port}?token=t0psecretvalue",
                                 "neo4j://127.0.0.1:{port}/?token=t0psecretvalue",
                                 "neo4j://127.0.0.1:{port}/t0psecretvalue?x",
                                 "bolt://neo4j:t0psecretvalue@127.0.0.1:{port}/#frag",
                                 "bolt://neo4j:t0psecretvalue@[::1",
                                 "bolt://neo4j:t0psecretvalue@127.0.0.1:notaport"])
def test_item14_the_uri_query_and_a_malformed_uri_are_never_printed(uri):
    from interreg.graph.neo4j_store import Neo4jStore

    with pytest.raises(UserError) as raised:
        Neo4jStore(uri.format(port=free_port()))
    message = str(raised.value)
    assert "\n" not in message and "t0psecretvalue" not in message, message


def test_item14_redact_keeps_only_scheme_host_and_port():
    assert config.redact("neo4j://u:pa/ss@db.example:7687/?policy=secret#x") == "neo4j://db.example:7687"
    assert config.split_credentials("bolt://neo4j:pa/ss?#@db:7687") == ("bolt://db:7687", "neo4j", "pa/ss?#")
    encoded = quote("pa/ss?#@", safe="")
    assert config.split_credentials(f"bolt://neo4j:{encoded}@db:7687")[2] == "pa/ss?#@"


@pytest.mark.neo4j
def test_item14_an_unencoded_password_in_the_uri_connects_and_stays_unprinted(neo4j_ready, monkeypatch, capsys):
    monkeypatch.delenv("NEO4J_PASSWORD")
    monkeypatch.delenv("NEO4J_USER")
    password = "p@ss/w0rd?x#4"
    monkeypatch.setenv("NEO4J_URI", neo4j_ready.replace("bolt://", f"bolt://neo4j:{password}@"))
    status, out, err = cli(capsys, "cypher", "RETURN 6 * 7 AS answer", "--store", "neo4j", "--format", "csv")
    assert status == 0, err                 # the local server has authentication off
    assert out == "answer\n42\n"
    assert not [piece for piece in secret_pieces(password) if piece in out + err]


# --- item 15: ad-hoc Cypher reads only --------------------------------------------------------

@pytest.mark.neo4j
def test_item15_cypher_refuses_terminate_transactions(neo4j_ready, neo4j_driver, capsys):
    with neo4j_driver.session() as session:
        transaction = session.begin_transaction()
        transaction.run("CREATE (:HardeningProbe {n: 1})").consume()
        with neo4j_driver.session() as other:
            ids = [record["id"] for record in other.run(
                "SHOW TRANSACTIONS YIELD transactionId AS id, currentQuery "
                "WHERE currentQuery = '' OR currentQuery CONTAINS 'HardeningProbe' RETURN id")]
        assert ids
        for statement in (f"TERMINATE TRANSACTIONS {', '.join(repr(i) for i in ids)}",
                          "SHOW TRANSACTIONS YIELD transactionId AS t TERMINATE TRANSACTIONS t "
                          "YIELD transactionId RETURN transactionId"):
            status, out, err = cli(capsys, "cypher", statement, "--store", "neo4j")
            assert status == 2, out
            assert one_line(err).startswith("interreg: refused: `interreg cypher` runs in a read-only session")
        transaction.commit()               # not terminated
    with neo4j_driver.session() as session:
        assert session.run("MATCH (n:HardeningProbe) DETACH DELETE n RETURN count(*) AS n").single()["n"] == 1


REFUSED_STATEMENTS = ("CALL db.clearQueryCaches()", "CALL db.prepareForReplanning()", "CALL dbms.listConfig()",
                      "CALL dbms.listConfig() YIELD name RETURN name", "SHOW SETTINGS", "SHOW TRANSACTIONS",
                      "SHOW USERS", "CALL tx.setMetaData({a: 1})", "CALL db.awaitIndexes(1)",
                      "MATCH (n) WITH n LIMIT 1 CALL db.prepareForReplanning() RETURN 1",
                      "CREATE INDEX hardening IF NOT EXISTS FOR (n:X) ON (n.y)", "CREATE (n:X)")


@pytest.mark.neo4j
def test_item15_cypher_refuses_procedures_outside_the_allow_list(neo4j_ready, capsys):
    for statement in REFUSED_STATEMENTS:
        status, out, err = cli(capsys, "cypher", statement, "--store", "neo4j")
        assert status == 2, (statement, out)
        assert one_line(err).startswith("interreg: refused:"), (statement, err)
    for statement in ("CALL db.labels()", "MATCH (n) RETURN count(n) AS n", "RETURN 1 AS one"):
        status, _, err = cli(capsys, "cypher", statement, "--store", "neo4j", "--format", "csv")
        assert status == 0, (statement, err)


@pytest.mark.neo4j
def test_item15_an_analysts_query_file_is_held_to_the_same_rules(neo4j_ready, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "caches.cypher").write_text("// name: caches\n// description: clears caches\n"
                                          "CALL db.clearQueryCaches() YIELD value RETURN value\n")
    (folder / "forever.cypher").write_text("// name: forever\n// description: never ends\n"
                                           "UNWIND range(1, 10000000000) AS x WITH x WHERE x < 0 "
                                           "RETURN count(*) AS n\n")
    monkeypatch.setenv("INTERREG_QUERIES", str(folder))
    status, _, err = cli(capsys, "query", "caches", "--store", "neo4j")
    assert status == 2 and one_line(err).startswith("interreg: refused: query 'caches'")
    started = time.monotonic()
    status, _, err = cli(capsys, "query", "forever", "--store", "neo4j", "--timeout", "1")
    assert status == 2
    assert "ran longer than 1 s" in one_line(err)
    assert time.monotonic() - started < 30


@pytest.mark.neo4j
def test_item15_a_runaway_cypher_ends_at_the_timeout_with_one_line(neo4j_ready, capsys):
    started = time.monotonic()
    status, _, err = cli(capsys, "cypher", "UNWIND range(1, 10000000000) AS x WITH x WHERE x < 0 "
                                           "RETURN count(*) AS n", "--store", "neo4j", "--timeout", "1")
    assert status == 2
    assert one_line(err) == ("interreg: stopped: the statement of `interreg cypher` ran longer than 1 s "
                             "(--timeout SECONDS allows more, 0 none)")
    assert time.monotonic() - started < 30


# --- item 16: readers leave the schema alone --------------------------------------------------

def drop_schema(driver) -> None:
    with driver.session() as session:
        for record in list(session.run("SHOW CONSTRAINTS YIELD name")):
            session.run(f"DROP CONSTRAINT `{record['name']}`").consume()
        for record in list(session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'")):
            session.run(f"DROP INDEX `{record['name']}`").consume()


def schema_now(driver) -> set[str]:
    with driver.session() as session:
        return ({r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name")}
                | {r["name"] for r in session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'")})


@pytest.mark.neo4j
def test_item16_read_commands_never_write_the_schema(neo4j_env, neo4j_driver, interreg_home, capsys):
    from interreg.graph.neo4j_store import Neo4jStore, schema_names

    drop_schema(neo4j_driver)
    try:
        for command in (["cypher", "RETURN 1 AS one"], ["stats"], ["query", "partners", "--param", "region=UZ-BU"],
                        ["report", "-o", str(interreg_home.parent / "report")]):
            status, _, err = cli(capsys, *command, "--store", "neo4j")
            assert status == 0, (command, err)
            assert schema_now(neo4j_driver) == set(), command
            assert (f"lacks {len(schema_names())} of the {len(schema_names())} constraints and indexes"
                    in err), err
    finally:
        store = Neo4jStore()                # a writer: the first write sets the schema up
        try:
            store.upsert(sample_batch())
            assert store.missing_schema() == []
        finally:
            store.close()
    assert set(schema_names()) <= schema_now(neo4j_driver)


# --- item 17: huge numbers and huge answers ---------------------------------------------------

@pytest.mark.parametrize("value", ["9223372036854775807", "2147483648", "-1", "1" * 5000])
def test_item17_huge_integer_parameters_are_refused_in_one_line(value, interreg_home, capsys):
    status, _, err = cli(capsys, "query", "network", "--param", f"limit={value}", "--store", "memory")
    assert status == 2
    assert one_line(err).startswith("interreg: limit: expected a")


@pytest.mark.neo4j
def test_item17_a_huge_limit_on_neo4j_is_one_line(neo4j_ready, capsys):
    status, _, err = cli(capsys, "query", "network", "--param", "limit=9223372036854775807", "--store", "neo4j")
    assert status == 2
    assert one_line(err) == ("interreg: limit: expected a number of 0 or more, up to 2,147,483,647, "
                            "got 9223372036854775807")
    status, _, err = cli(capsys, "query", "network", "--param", "limit=2147483647", "--store", "neo4j")
    assert status == 0, err


# The `interreg` process's peak memory, measured by a parent of its own (pytest's other
# children, such as the Neo4j server, must not count).
PEAK_OF_CHILD = """
import resource, subprocess, sys
with open(sys.argv[1], "w") as out:
    status = subprocess.run(sys.argv[2:], stdout=out).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, status)
"""
MANY_ROWS = 200_000
# Held whole, these rows took the process to 200 MB (4 million: 2.5 GB); streamed, it stays
# near its size at start, about 90 MB.
STREAMED_PEAK_KB = 150_000


@pytest.mark.neo4j
def test_item17_cypher_streams_many_rows_in_bounded_memory(neo4j_ready, tmp_path):
    output = tmp_path / "rows.csv"
    statement = f"UNWIND range(1, {MANY_ROWS}) AS x RETURN x, 'row number ' + toString(x) AS label"
    done = subprocess.run([sys.executable, "-c", PEAK_OF_CHILD, str(output), sys.executable, "-m",
                           "interreg.cli", "cypher", statement, "--store", "neo4j", "--format", "csv",
                           "--limit", "0", "--timeout", "0"], capture_output=True, text=True, timeout=600, cwd=REPO_ROOT,
                          env=dict(os.environ, PYTHONPATH=str(REPO_ROOT)))
    peak_kb, status = (int(field) for field in done.stdout.split())
    assert status == 0, done.stderr
    with output.open() as rows:
        assert sum(1 for _ in rows) == MANY_ROWS + 1
    assert peak_kb < STREAMED_PEAK_KB, f"peak {peak_kb} kB"


@pytest.mark.neo4j
def test_item17_cypher_shows_a_capped_answer_and_says_so(neo4j_ready, capsys):
    status, out, err = cli(capsys, "cypher", "UNWIND range(1, 10005) AS x RETURN x", "--store", "neo4j",
                           "--format", "csv")
    assert status == 0
    assert out.splitlines()[1:] == [str(n) for n in range(1, 10_001)]
    assert err.strip().splitlines()[-1] == "showing the first 10000 rows; --limit 0 for all"
    status, out, err = cli(capsys, "cypher", "UNWIND range(1, 3) AS x RETURN x", "--store", "neo4j",
                           "--format", "json", "--limit", "2")
    assert json.loads(out) == [{"x": 1}, {"x": 2}]
