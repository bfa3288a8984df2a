"""A first import into an empty Neo4j through Neo4j's own bulk importer.

    interreg load --bulk FACTS_DIR --neo4j-home DIR

The facts (partitions written by `interreg extract --scheduler … -o FACTS_DIR`) become the
graph `upsert` would build, `PARTNER_OF` included, in one pass over them with every rule
run once over the whole input (`bulk_graph.build`: no stored events to probe, no
per-batch re-summaries). That graph is written as `neo4j-admin database import` CSV files
— one file of nodes per label and one of relationships per type, headers typed from the
schema's values — and imported into the stopped, empty database of the local server at
DIR (`scripts/neo4j-local import`, its report kept in the work folder); the same JVM then
opens the database without any connector, creates the constraints and indexes and waits
until they are online. Later loads go through `upsert` as usual.

>>> column_type([date(2025, 4, 26), None])
'date'
>>> column_type([1, 2.5]), column_type([["a", "b"]])
('double', 'string[]')
"""

from __future__ import annotations

import csv
import os
import re
import socket
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from interreg.errors import UserError
from interreg.graph import bulk_graph
from interreg.graph.schema import NODES, RELATIONSHIPS
from interreg.ingest.facts import DocumentFacts

REPO_ROOT = Path(__file__).resolve().parents[2]
NEO4J_LOCAL = REPO_ROOT / "scripts" / "neo4j-local"
ARRAY_DELIMITER = "\x1e"           # between list items: never in ids, names or sentences
IMPORT_REPORT = "import.report"    # the importer's list of skipped rows (none expected), in the work folder
SCHEMA_FILE = "schema.cypher"      # the schema statements for the importing JVM, beside the report
# what the importing JVM prints after each of its steps: "IMPORTED 12.345", "SCHEMA 3.210"
STEP_LINE = re.compile(r"^(IMPORTED|SCHEMA) ([0-9.]+)$", re.MULTILINE)
STEP_LINES = {"IMPORTED": "import", "SCHEMA": "schema"}


@dataclass
class BulkReport:
    documents: int = 0
    nodes: int = 0
    relationships: int = 0
    seconds: dict[str, float] = field(default_factory=dict)   # by step: graph, csv, import, schema


def column_type(values: Iterable) -> str:
    """The import tool's type for a column holding `values` (None: no value)."""
    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return "string"
    if kinds <= {date}:
        return "date"
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "long"
    if kinds <= {int, float}:
        return "double"
    if kinds <= {list, tuple}:
        return "string[]"
    return "string"


def _cell(value):
    """A value as the importer reads it; None is an empty field (no property). An empty
    string is one too: the importer cannot tell them apart, and no fact has one."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ARRAY_DELIMITER.join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_import_files(graph: bulk_graph.BulkGraph, folder: Path) -> tuple[list[str], int, int]:
    """CSV files of the graph for the importer; its --nodes/--relationships arguments and counts."""
    folder.mkdir(parents=True, exist_ok=True)
    arguments: list[str] = []
    by_label: dict[str, list[tuple[str, dict]]] = {label: [] for label in NODES}
    for key, data in graph.node_items():
        by_label[data["label"]].append((key, data))
    for label, nodes in by_label.items():
        if not nodes:
            continue
        names = list(NODES[label].properties)
        types = {name: column_type(data.get(name) for _, data in nodes) for name in names}
        path = folder / f"nodes-{label}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            rows = csv.writer(out, quoting=csv.QUOTE_MINIMAL)
            rows.writerow([":ID", *(f"{name}:{types[name]}" for name in names), ":LABEL"])
            for key, data in nodes:
                labels = data.get("labels") or (label,)
                rows.writerow([key, *(_cell(data.get(name)) for name in names), ARRAY_DELIMITER.join(labels)])
        arguments.append(f"--nodes={path}")
    by_type: dict[str, list] = {rel_type: [] for rel_type in RELATIONSHIPS}
    for start, end, rel_type, data in graph.edge_items():
        by_type[rel_type].append((start, end, data))
    for rel_type, edges in by_type.items():
        if not edges:
            continue
        names = list(RELATIONSHIPS[rel_type].properties)
        types = {name: column_type(data.get(name) for _, _, data in edges) for name in names}
        path = folder / f"relationships-{rel_type}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            rows = csv.writer(out, quoting=csv.QUOTE_MINIMAL)
            rows.writerow([":START_ID", ":END_ID", ":TYPE", *(f"{name}:{types[name]}" for name in names)])
            for start, end, data in edges:
                rows.writerow([start, end, rel_type, *(_cell(data.get(name)) for name in names)])
        arguments.append(f"--relationships={path}")
    return arguments, len(graph.nodes), len(graph.edges)


def run_import(home: Path, arguments: list[str], report: Path,
               schema: list[str] | None = None) -> dict[str, float]:
    """`neo4j-admin database import full` into the local server at `home` (stopped, empty);
    its report goes to `report` (by default the importer writes it into the current folder).
    With `schema` (Cypher statements), the same JVM then creates them and waits until the
    indexes are online. Seconds by step, as the JVM measured them ("import", "schema")."""
    env = dict(os.environ, NEO4J_LOCAL_HOME=str(home))
    options = []
    if schema:
        statements = report.with_name(SCHEMA_FILE)
        statements.write_text("".join(f"{statement}\n" for statement in schema), encoding="utf-8")
        options.append(f"--schema-file={statements}")
    done = subprocess.run([str(NEO4J_LOCAL), "import", *options, *arguments, "--array-delimiter=U+001E",
                           f"--report-file={report}",
                           "--multiline-fields=true", "--overwrite-destination=false", "--threads=2"],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        detail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-8:])
        raise UserError(f"the Neo4j import into {home} failed ({done.returncode}):\n{detail}")
    return {STEP_LINES[word]: float(seconds) for word, seconds in STEP_LINE.findall(done.stdout)}


def free_port() -> int:
    """A free TCP port on 127.0.0.1, for a throw-away local server."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bulk_load(facts: Iterable[DocumentFacts], home: Path, work: Path) -> BulkReport:
    """The whole first import: graph, CSV files under `work`, import into `home`, schema."""
    from interreg.graph.neo4j_store import schema_statements

    if (home / "data" / "databases" / "neo4j").exists():
        raise UserError(f"{home} already has a database: the bulk import is for a first load into an "
                        "empty one (load more with `interreg load` or `interreg ingest`)")
    report = BulkReport()
    started = time.perf_counter()

    def step(name: str) -> float:
        nonlocal started
        now = time.perf_counter()
        report.seconds[name] = now - started
        started = now
        return report.seconds[name]

    graph = bulk_graph.build(facts)
    report.documents = graph.documents
    step("graph")
    arguments, report.nodes, report.relationships = write_import_files(graph, work)
    del graph
    step("csv")
    jvm = run_import(home, arguments, work / IMPORT_REPORT, schema_statements())
    whole = step("import")
    # one JVM did both: its start and exit go with the import
    report.seconds["schema"] = jvm.get("schema", 0.0)
    report.seconds["import"] = whole - report.seconds["schema"]
    return report
