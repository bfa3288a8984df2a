"""Security guarantees, each proved against the real thing (docs/security.md lists them).

1. Read access: canned queries, analysts' query files and `interreg cypher` run in
   read-access sessions; the server refuses any write and the graph stays as it was.
2. Injection: parameter values travel as driver parameters, never inside Cypher text;
   a value such as «x' }) DETACH DELETE n //» is data on both stores.
3. Credentials: against a local Neo4j with authentication on (started by this module),
   no password reaches stdout, stderr, logs, error messages or written reports.

Escaping of document text in views and the report is tested in test_views_browser.py.
"""

from __future__ import annotations

import ast
import logging
import os
import re
import secrets
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import quote

import neo4j
import pytest

from conftest import NEO4J_LOCAL, REPO_ROOT, free_port, run_neo4j_local, unavailable
from interreg import cli, config
from interreg.errors import UserError
from interreg.graph.memory import MemoryStore
from interreg.graph.neo4j_store import Neo4jStore
from interreg.ingest.facts import (Document, DocumentFacts, Evidence, MeetingFact,
                                   OrganizationFact, PersonFact, TopicFact)
from interreg.ingest.entities.gazetteer import gazetteer
from interreg.queries import catalogue, runner
from test_conformance import loaded_neo4j  # noqa: F401  (a fixture: the hand-built corpus in Neo4j)
from test_queries import hand_built_corpus

PACKAGE = REPO_ROOT / "interreg"
# Read before any fixture sets it: the session's server is then someone else's.
EXTERNAL_NEO4J = bool(os.environ.get("NEO4J_URI"))

# --- what the graph looks like, to prove it unchanged ------------------------------------------


def neo4j_snapshot(driver) -> dict:
    """Everything a write could touch: data, tokens, schema, users."""
    def rows(cypher: str, database: str | None = None) -> list:
        with driver.session(database=database) as session:
            return sorted(repr(record.values()) for record in session.run(cypher))
    return {
        "nodes": rows("MATCH (n) RETURN labels(n), properties(n)"),
        "relationships": rows("MATCH (a)-[r]->(b) RETURN a.id, type(r), properties(r), b.id"),
        "labels": rows("CALL db.labels()"),
        "types": rows("CALL db.relationshipTypes()"),
        "keys": rows("CALL db.propertyKeys()"),
        "indexes": rows("SHOW INDEXES YIELD name, labelsOrTypes, properties RETURN *"),
        "constraints": rows("SHOW CONSTRAINTS YIELD name RETURN name"),
        "users": rows("SHOW USERS YIELD user RETURN user", database="system"),
    }


def memory_snapshot(store: MemoryStore) -> list:
    return sorted(repr((key, sorted(data.items()))) for key, data in store.graph.nodes(data=True)) + \
        sorted(repr((a, b, sorted(data.items()))) for a, b, data in store.graph.edges(data=True))


@pytest.fixture
def loaded_memory(interreg_home, monkeypatch):
    monkeypatch.delenv("INTERREG_QUERIES", raising=False)
    store = MemoryStore(home=interreg_home)
    store.upsert(hand_built_corpus())
    yield store
    store.close()


# --- 1. read access ------------------------------------------------------------------------------

# Writes of every kind Cypher has. Plain CREATE and SET through `interreg cypher` are in
# test_conformance.py; this list adds the rest, and runs them as query files too.
WRITES = {
    "merge": "MERGE (r:Region {id: 'XX-YY'}) RETURN r.id AS id",
    "set": "MATCH (r:Region) SET r.name = 'x' RETURN r.id AS id",
    "remove": "MATCH (r:Region) REMOVE r.name RETURN r.id AS id",
    "delete": "MATCH (d:Document) DELETE d",
    "detach-delete": "MATCH (n) DETACH DELETE n",
    "in-transactions": "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS RETURN count(*) AS c",
    "load-csv": "LOAD CSV FROM 'file:///regions.csv' AS row CREATE (:Region {id: row[0]})",
    "create-index": "CREATE INDEX leak IF NOT EXISTS FOR (n:Region) ON (n.leak)",
    "drop-constraint": "DROP CONSTRAINT region_id",
    "create-user": "CREATE USER mallory SET PASSWORD 'mallory-password'",
    "create-label": "CALL db.createLabel('Leak')",
    "create-type": "CALL db.createRelationshipType('LEAK')",
    "create-property": "CALL db.createProperty('leak')",
}


@pytest.mark.neo4j
def test_every_canned_query_runs_in_read_access_sessions(loaded_neo4j, monkeypatch):
    opened = []
    original = neo4j.Driver.session

    def session(driver, **options):
        opened.append(options.get("default_access_mode"))
        return original(driver, **options)

    monkeypatch.setattr(neo4j.Driver, "session", session)
    specs = catalogue.load()
    for spec in specs.values():
        runner.run(loaded_neo4j, spec.name, valid_params(spec))
    assert len(opened) >= len(specs)
    assert set(opened) == {neo4j.READ_ACCESS}


@pytest.mark.neo4j
@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_query_file_that_writes_is_refused_and_the_graph_is_unchanged(
        name, loaded_neo4j, neo4j_driver, tmp_path, monkeypatch, capsys):
    (tmp_path / f"{name}.cypher").write_text(
        f"// name: {name}\n// description: tries to write\n{WRITES[name]}\n", encoding="utf-8")
    monkeypatch.setenv("INTERREG_QUERIES", str(tmp_path))
    before = neo4j_snapshot(neo4j_driver)
    assert cli.main(["query", name, "--store", "neo4j"]) == 2
    err = capsys.readouterr().err
    assert f"refused: query '{name}'" in err and "read-only session" in err
    assert len(err.strip().splitlines()) == 1
    assert neo4j_snapshot(neo4j_driver) == before


@pytest.mark.neo4j
@pytest.mark.parametrize("name", sorted(WRITES))
def test_ad_hoc_cypher_that_writes_is_refused_and_the_graph_is_unchanged(
        name, loaded_neo4j, neo4j_driver, capsys):
    before = neo4j_snapshot(neo4j_driver)
    assert cli.main(["cypher", WRITES[name], "--store", "neo4j"]) == 2
    err = capsys.readouterr().err
    assert "refused: `interreg cypher`" in err and "read-only session" in err
    assert neo4j_snapshot(neo4j_driver) == before


@pytest.mark.neo4j
def test_the_report_shows_a_refused_query_file_and_goes_on(loaded_neo4j, neo4j_driver, tmp_path,
                                                           monkeypatch, capsys):
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "wipe.cypher").write_text(f"// name: wipe\n{WRITES['detach-delete']}\n", encoding="utf-8")
    monkeypatch.setenv("INTERREG_QUERIES", str(queries))
    before = neo4j_snapshot(neo4j_driver)
    assert cli.main(["report", "-o", str(tmp_path / "report"), "--store", "neo4j"]) == 0
    index = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "refused: query &#39;wipe&#39;" in index or "refused: query 'wipe'" in index
    assert "Бухарская область" in index                    # the canned queries still ran
    assert neo4j_snapshot(neo4j_driver) == before


def test_local_server_reads_files_from_its_import_folder_only():
    """LOAD CSV in a read-only query reads, so the launcher must confine file URLs."""
    launcher = (REPO_ROOT / "scripts" / "neo4j-launcher" / "src" / "LocalNeo4j.java").read_text()
    assert re.search(r"load_csv_file_url_root,\s*home\.resolve\(\"import\"\)", launcher)


@pytest.mark.neo4j
def test_load_csv_cannot_read_files_outside_the_import_folder(loaded_neo4j, capsys):
    if EXTERNAL_NEO4J:
        pytest.skip("an external server's LOAD CSV settings are its owner's")
    code = cli.main(["cypher", "LOAD CSV FROM 'file:///etc/hostname' AS row RETURN row",
                     "--store", "neo4j"])
    assert code == 2
    assert "Neo4j rejected the statement" in capsys.readouterr().err


# --- 2. injection ------------------------------------------------------------------------------

# Values that would change the query if they were pasted into its text.
PAYLOADS = [
    "x' }) DETACH DELETE n //",
    'x" }) DETACH DELETE n //',
    "x`) DETACH DELETE n //",
    "UZ-BU'}) MATCH (n) DETACH DELETE n RETURN 1 AS x //",
    "$region",
    "1; MATCH (n) DETACH DELETE n",
    "2025-01-01' OR 1=1 //",
]

# A valid value per parameter type, for the parameters not under attack.
VALID = {"region": "UZ-BU", "party": "RU-OMS", "country": "UZ", "person": "Виталий Хоценко",
         "event": "no-such-event", "string": "x", "int": "2", "date": "2020-01-01",
         "commodity": "textiles", "status": "signed", "direction": "export"}

# The one kind of error a wrong value of each type may give.
CLEAR_ERRORS = {"region": r"^unknown region ", "party": r"^unknown region or country ",
                "country": r"^unknown country ", "int": r"expected a whole number",
                "date": r"expected a date as 2024, 2024-05", "commodity": r"is not one of",
                "status": r"is not one of", "direction": r"is not one of"}


def valid_params(spec) -> dict:
    params = {p.name: VALID[p.type] for p in spec.params if p.required}
    if spec.name in ("path", "timeline"):
        params.update(region_a="UZ-BU", region_b="RU-OMS")
    return params


def attacks() -> list:
    return [pytest.param(spec.name, param.name, id=f"{spec.name}.{param.name}")
            for spec in sorted(catalogue.load().values(), key=lambda s: s.name)
            for param in spec.params]


def run_attack(store, query: str, param: str) -> None:
    """Every payload as `param` of `query`: rows, or the clear error of that parameter's type."""
    spec = catalogue.get(query)
    kind = spec.param(param).type
    for payload in PAYLOADS:
        params = {**valid_params(spec), param: payload}
        try:
            rows = runner.run(store, query, params)
        except UserError as error:
            assert kind in CLEAR_ERRORS, f"{query} {param}={payload!r}: {error}"
            assert re.search(CLEAR_ERRORS[kind], str(error)), f"{query} {param}={payload!r}: {error}"
        else:
            assert isinstance(rows, list)


@pytest.mark.parametrize("query, param", attacks())
def test_injected_values_are_data_on_the_memory_store(query, param, loaded_memory):
    before = memory_snapshot(loaded_memory)
    run_attack(loaded_memory, query, param)
    assert memory_snapshot(MemoryStore(home=loaded_memory.home)) == before


@pytest.mark.neo4j
def test_injected_values_are_data_on_neo4j(loaded_neo4j, neo4j_driver):
    before = neo4j_snapshot(neo4j_driver)
    for spec in catalogue.load().values():
        for param in spec.params:
            run_attack(loaded_neo4j, spec.name, param.name)
    assert neo4j_snapshot(neo4j_driver) == before


@pytest.mark.parametrize("store", ["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def test_query_command_names_an_injected_region_unknown(store, request, capsys):
    request.getfixturevalue("loaded_neo4j" if store == "neo4j" else "loaded_memory")
    code = cli.main(["query", "partners", "--param", "region=x' }) DETACH DELETE n //",
                     "--store", store])
    assert code == 2
    err = capsys.readouterr().err
    # named literally as an unknown region (a closest-name hint may follow), on one line
    assert err.startswith("interreg: unknown region \"x' }) DETACH DELETE n //\"") and err.count("\n") == 1


MARKER = "INJ' }) DETACH DELETE n //"


def payload_document() -> DocumentFacts:
    """A document whose every free-text field carries MARKER."""
    text = f"Губернатор {MARKER} встретился с делегацией. {MARKER} подписали."
    doc = Document(id=f"doc-{MARKER}", text=text, url=f"https://x.example/{MARKER}",
                   title=MARKER, outlet=MARKER, town=MARKER, published=date(2025, 1, 2),
                   source=MARKER)
    evidence = Evidence(doc.id, text, 0, len(text))
    omsk, bukhara = gazetteer().get("RU-OMS"), gazetteer().get("UZ-BU")
    person = PersonFact(f"Иван {MARKER}", "Иван", MARKER, None, MARKER, "RU-OMS", evidence)
    return DocumentFacts(doc, regions=[omsk, bukhara], persons=[person],
                         organizations=[OrganizationFact(MARKER, evidence)],
                         meetings=[MeetingFact(["RU-OMS", "UZ-BU"], [person.name], None, evidence)],
                         topics=[TopicFact(MARKER, MARKER, evidence)],
                         partners=[("RU-OMS", "UZ-BU")])


@pytest.mark.neo4j
def test_no_data_reaches_the_cypher_text_sent_to_neo4j(neo4j_env, monkeypatch):
    """Loading, querying and deleting data full of Cypher: the text the server gets never holds it."""
    sent = []

    def recording(original):
        def run(self, query, *args, **kwargs):
            sent.append(getattr(query, "text", query))
            return original(self, query, *args, **kwargs)
        return run

    from neo4j._sync.work.transaction import TransactionBase
    monkeypatch.setattr(TransactionBase, "run", recording(TransactionBase.run))
    monkeypatch.setattr(neo4j.Session, "run", recording(neo4j.Session.run))
    store = Neo4jStore()
    try:
        store.upsert([payload_document()])
        assert store.counts()["nodes"]["Document"] == 1
        for spec in catalogue.load().values():
            for param in spec.params:
                if spec.param(param.name).type in ("person", "event", "string"):
                    runner.run(store, spec.name, {**valid_params(spec), param.name: MARKER})
        commands_cypher = ["cypher", "MATCH (d:Document) WHERE d.outlet = $outlet RETURN d.id AS id",
                           "--param", f"outlet={MARKER}", "--store", "neo4j", "--format", "json"]
        assert cli.main(commands_cypher) == 0
        assert store.delete_document(f"doc-{MARKER}")
        assert store.counts()["nodes"]["Document"] == 0
    finally:
        store.close()
    assert len(sent) > 10
    assert not [text for text in sent if "INJ" in text]


# Modules allowed to build query text: labels, types and property names there come from
# interreg/graph/schema.py (the test above proves no data gets in). The embedded store's
# SQL reads like Cypher to the scan; its table and column names come from the schema too.
CYPHER_BUILDERS = {"interreg/graph/neo4j_store.py", "interreg/graph/sqlite_tables.py"}
CYPHER_CLAUSE = re.compile(r"\b(MATCH|MERGE|CREATE|UNWIND|RETURN|DELETE|SET|REMOVE|CALL|WHERE)\s+[\w($`{:]")


def built_strings(tree: ast.AST):
    """String expressions assembled at run time: f-strings, `+`, `%` and `.format` on literals."""
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
            yield node, "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            for side in (node.left, node.right):
                if isinstance(side, ast.Constant) and isinstance(side.value, str):
                    yield node, side.value
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "format" and isinstance(node.func.value, ast.Constant)
              and isinstance(node.func.value.value, str)):
            yield node, node.func.value.value


def test_only_the_neo4j_store_builds_cypher_text():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(REPO_ROOT).as_posix()
        if relative in CYPHER_BUILDERS:
            continue
        for node, literal in built_strings(ast.parse(path.read_text(encoding="utf-8"))):
            if CYPHER_CLAUSE.search(literal):
                offenders.append(f"{relative}:{node.lineno}: {literal[:60]!r}")
    assert offenders == [], "Cypher built from values outside the store: pass them as parameters"


def test_the_scan_finds_cypher_built_from_a_value():
    """The scan above would catch the mistake it guards against."""
    code = 'def q(name):\n    return store.read(f"MATCH (r:Region {{name: \'{name}\'}}) RETURN r")\n'
    assert [CYPHER_CLAUSE.search(literal) is not None
            for _, literal in built_strings(ast.parse(code))] == [True]
    code = 'def q(name):\n    return store.read("MATCH (r:Region) WHERE r.id = " + name)\n'
    assert any(CYPHER_CLAUSE.search(literal) for _, literal in built_strings(ast.parse(code)))


def test_canned_queries_take_values_only_as_parameters():
    """Every declared parameter is used as $NAME, and nothing else varies in the text."""
    for spec in catalogue.load().values():
        used = set(re.findall(r"\$(\w+)", spec.cypher))
        assert used == {p.name for p in spec.params}, spec.name
        assert "{{" not in spec.cypher and "%s" not in spec.cypher, spec.name


# --- 3. credentials ----------------------------------------------------------------------------

# Characters a URI must escape, so user info in NEO4J_URI is tested with them.
PASSWORD = f"Pw@{secrets.token_hex(6)}:/ x%"
START_TIMEOUT_S = 900


def run_local_server(action: str, home: Path, port: int) -> subprocess.CompletedProcess:
    return run_neo4j_local(action, home, port, START_TIMEOUT_S, password=PASSWORD)


@pytest.fixture(scope="module")
def auth_server(tmp_path_factory):
    """A local Neo4j with authentication on: (bolt URI, its home folder, start output)."""
    if not os.access(NEO4J_LOCAL, os.X_OK):
        unavailable(f"{NEO4J_LOCAL} is missing or not executable")
    home = tmp_path_factory.mktemp("neo4j-auth-home")
    port = free_port()
    started = run_local_server("start", home, port)
    if started.returncode != 0:
        run_local_server("stop", home, port)
        unavailable(f"scripts/neo4j-local start with a password failed: {started.stderr[-1500:]}")
    try:
        yield f"bolt://127.0.0.1:{port}", home, started.stdout + started.stderr
    finally:
        run_local_server("stop", home, port)


@pytest.fixture
def auth_env(auth_server, interreg_home, monkeypatch):
    uri = auth_server[0]
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("NEO4J_USER", "neo4j")
    monkeypatch.setenv("NEO4J_PASSWORD", PASSWORD)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    monkeypatch.delenv("INTERREG_QUERIES", raising=False)
    return uri


def leaks(text: str) -> bool:
    return PASSWORD in text or quote(PASSWORD, safe="") in text


def run_cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "interreg.cli", *args], env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.neo4j
def test_the_local_server_requires_the_password(auth_server):
    uri, home, output = auth_server
    with neo4j.GraphDatabase.driver(uri, auth=None) as anonymous:
        with pytest.raises(neo4j.exceptions.AuthError):
            anonymous.verify_connectivity()
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", PASSWORD)) as driver:
        assert driver.execute_query("RETURN 1 AS one").records[0]["one"] == 1
    assert not leaks(output)
    pid = (home / "neo4j.pid").read_text().strip()
    command_line = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    assert "LocalNeo4j" in command_line and not leaks(command_line)


@pytest.mark.neo4j
def test_commands_with_the_right_password_never_show_it(auth_env, auth_server, tmp_path, capsys,
                                                         caplog):
    caplog.set_level(logging.DEBUG, logger="neo4j")
    caplog.set_level(logging.DEBUG, logger="interreg")
    news = tmp_path / "news.txt"
    news.write_text("Губернатор Омской области встретился в Бухаре с хокимом Бухарской области. "
                    "Стороны подписали соглашение о сотрудничестве.", encoding="utf-8")
    report = tmp_path / "report"
    runs = [["ingest", str(news)], ["stats"], ["query", "partners", "--param", "region=UZ-BU"],
            ["cypher", "MATCH (r:Region) RETURN r.id AS id ORDER BY id"],
            ["report", "-o", str(report)]]
    output = []
    for args in runs:
        assert cli.main([*args, "--store", "neo4j"]) == 0, capsys.readouterr().err
        captured = capsys.readouterr()
        output += [captured.out, captured.err]
    assert "RU-OMS" in output[4] and "UZ-BU" in output[6]          # the commands did their work
    assert any(record.name.startswith("neo4j") for record in caplog.records)   # logging was on
    assert any("LOGON" in record.getMessage() for record in caplog.records)
    written = [path.read_text(encoding="utf-8", errors="replace")
               for path in report.rglob("*") if path.is_file()]
    assert written
    assert not [text for text in output + [caplog.text] + written if leaks(text)]


@pytest.mark.neo4j
def test_user_info_in_the_uri_is_used_and_never_echoed(auth_server, interreg_home):
    uri = auth_server[0]
    with_user_info = uri.replace("bolt://", f"bolt://neo4j:{quote(PASSWORD, safe='')}@")
    env = {**os.environ, "NEO4J_URI": with_user_info, "INTERREG_HOME": str(interreg_home)}
    for name in ("NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        env.pop(name, None)
    done = run_cli("cypher", "RETURN 6 * 7 AS answer", "--store", "neo4j", "--format", "csv", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "answer\n42\n"                     # connected with the URI's password
    assert not leaks(done.stdout + done.stderr)


@pytest.mark.neo4j
def test_server_logs_never_hold_the_password(auth_server):
    home = auth_server[1]
    logs = [path for path in home.rglob("*.log")]
    assert logs
    assert not [path for path in logs if leaks(path.read_text(errors="replace"))]


# Wrong passwords last: three failures in a row lock the user for a few seconds.

@pytest.mark.neo4j
def test_a_wrong_password_is_one_clear_line_naming_neither_password(auth_server, interreg_home):
    wrong = f"wrong-{secrets.token_hex(6)}"
    env = {**os.environ, "NEO4J_URI": auth_server[0], "NEO4J_USER": "neo4j",
           "NEO4J_PASSWORD": wrong, "INTERREG_HOME": str(interreg_home)}
    done = run_cli("stats", "--store", "neo4j", env=env)
    assert done.returncode == 2
    assert done.stderr == (f"interreg: Neo4j at {auth_server[0]} refused the credentials of user "
                           "'neo4j' (check NEO4J_USER and NEO4J_PASSWORD)\n")
    assert wrong not in done.stdout + done.stderr and not leaks(done.stdout + done.stderr)


@pytest.mark.neo4j
def test_a_wrong_password_in_the_uri_is_not_echoed(auth_server, interreg_home):
    wrong = f"wrong-{secrets.token_hex(6)}"
    env = {**os.environ, "NEO4J_URI": auth_server[0].replace("bolt://", f"bolt://neo4j:{wrong}@"),
           "INTERREG_HOME": str(interreg_home)}
    for name in ("NEO4J_USER", "NEO4J_PASSWORD"):
        env.pop(name, None)
    done = run_cli("query", "partners", "--param", "region=UZ-BU", "--store", "neo4j", env=env)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and f"Neo4j at {auth_server[0]} refused" in done.stderr
    assert wrong not in done.stdout + done.stderr


# --- without a server ---------------------------------------------------------------------------

def test_an_unreachable_uri_with_user_info_is_not_echoed():
    port = free_port()                      # nothing listens there
    with pytest.raises(UserError) as raised:
        Neo4jStore(f"bolt://neo4j:{quote(PASSWORD, safe='')}@127.0.0.1:{port}")
    assert str(raised.value).startswith(f"cannot reach Neo4j at bolt://127.0.0.1:{port}:")
    assert not leaks(str(raised.value))


@pytest.mark.parametrize("uri", ["http://neo4j:{secret}@127.0.0.1:7474",
                                 "bolt://neo4j:{secret}@127.0.0.1:notaport",
                                 "neo4j+s://neo4j:{secret}@/"])
def test_an_unusable_uri_with_user_info_is_one_line_without_it(uri):
    secret = quote(PASSWORD, safe="")
    with pytest.raises(UserError) as raised:
        Neo4jStore(uri.format(secret=secret))
    assert "\n" not in str(raised.value) and not leaks(str(raised.value))


def test_settings_take_credentials_from_the_uri_and_hand_back_a_uri_without_them(monkeypatch):
    for name in ("NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NEO4J_URI", f"neo4j+s://reader:{quote(PASSWORD, safe='')}@db.example:7687/?a=b")
    settings = config.neo4j_settings()
    assert settings == {"uri": "neo4j+s://db.example:7687/?a=b", "user": "reader",
                        "password": PASSWORD, "database": None}
    monkeypatch.setenv("NEO4J_PASSWORD", "from-the-environment")
    assert config.neo4j_settings()["password"] == "from-the-environment"
    assert config.redact("bolt://u:p@h:1") == "bolt://h:1"
    assert config.redact("bolt://h:1") == "bolt://h:1"
