"""What `interreg query` writes: -o FILE, csv for spreadsheets, tables that fit the terminal,
and the ingest's progress lines when stderr is not a terminal."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest

from interreg import cli
from interreg.graph.load import Progress
from interreg.graph.memory import MemoryStore
from interreg.errors import UserError
from interreg.queries import commands, runner
from test_queries import hand_built_corpus


@pytest.fixture
def loaded_home(interreg_home):
    store = MemoryStore(interreg_home)
    store.upsert(hand_built_corpus())
    store.close()
    return interreg_home


def run(capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- -o FILE and --excel -----------------------------------------------------------------------

def test_output_file_gets_the_rows_and_stdout_stays_empty(loaded_home, tmp_path, capsys):
    path = tmp_path / "partners.csv"
    code, out, err = run(capsys, "query", "partners", "-p", "region=UZ-BU", "--format", "csv", "-o", str(path))
    assert code == 0 and out == ""
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert {row["partner"] for row in rows} >= {"RU-OMS", "RU-TA"}
    assert f"wrote {len(rows)} rows to {path}" in err


def test_excel_csv_has_a_bom_semicolons_and_decimal_commas(loaded_home, tmp_path, capsys):
    path = tmp_path / "trade.csv"
    code, _, _ = run(capsys, "query", "trade", "--format", "csv", "--excel", "-o", str(path))
    assert code == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                    # UTF-8 byte-order mark
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("date;event;exporter;")
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    amounts = [row["amount"] for row in rows if row["amount"]]
    assert amounts and all("." not in a for a in amounts)     # 2000000, never 2000000.0


def test_excel_without_csv_is_refused(loaded_home, capsys):
    code, _, err = run(capsys, "query", "trade", "--format", "table", "--excel")
    assert code == 2 and "--excel goes with --format csv" in err


def test_an_unwritable_output_file_is_one_line(loaded_home, tmp_path, capsys):
    code, _, err = run(capsys, "query", "outlets", "-o", str(tmp_path / "no" / "such" / "dir" / "x.csv"))
    assert code == 2 and err.startswith("interreg: cannot write") and err.count("\n") == 1


# --- cells and tables --------------------------------------------------------------------------

def test_whole_amounts_lose_their_point_zero():
    assert commands.cell(67000000.0) == "67000000"
    assert commands.cell(1234.5) == "1234.5"
    assert commands.cell(1234.5, excel=True) == "1234,5"
    assert commands.table_cell(67000000.0) == "67 000 000"
    assert commands.table_cell(1234.5) == "1 234,50"
    assert commands.table_cell(7) == "7"


ROWS = [{"event": "meeting-4167d2b1c0ffee00", "region_name": "Ханты-Мансийский автономный округ — Югра",
         "amount": 67000000.0, "meetings": 12,
         "sentence": "Губернатор Омской области встретился с хокимом Бухарской области и обсудил поставки зерна."},
        {"event": "trade-1", "region_name": "Омская область", "amount": None, "meetings": 3, "sentence": "Коротко."}]


@pytest.mark.parametrize("width", [60, 80, 120])
def test_a_table_fits_the_terminal_and_numbers_stay_whole(width):
    table = commands.to_table(ROWS, width=width)
    lines = table.splitlines()
    assert all(len(line) <= width for line in lines[:-1]), table
    assert "67 000 000" in table and "…" in table
    assert "67000000.0" not in table


def test_without_a_width_nothing_is_cut():
    table = commands.to_table(ROWS)
    assert ROWS[0]["sentence"] in table and "…" not in table


def test_a_pipe_gets_the_whole_table(loaded_home, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    code, out, _ = run(capsys, "query", "region-profile", "-p", "region=UZ-BU")
    assert code == 0 and "…" not in out          # stdout is not a terminal here


# --- progress ----------------------------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_progress_writes_a_plain_line_every_few_seconds_off_a_terminal():
    log, clock = io.StringIO(), Clock()
    progress = Progress(100, stream=log, clock=clock)
    for done in range(1, 101):
        clock.now += 0.5                         # one document every half second
        progress.show(done)
    progress.finish()
    lines = log.getvalue().splitlines()
    assert len(lines) == 10                      # 50 seconds: one line every 5, and the last
    assert lines[0] == "interreg: 10/100 documents (10%)"
    assert all("\r" not in line for line in lines)
    assert lines[-1].startswith("interreg: 100/100 documents")


def test_progress_without_a_known_total_counts_documents():
    log, clock = io.StringIO(), Clock()
    progress = Progress(None, stream=log, clock=clock)
    clock.now = 6
    progress.show(42)
    assert log.getvalue() == "interreg: 42 documents\n"


def test_a_quick_run_and_a_disabled_progress_say_nothing():
    log, clock = io.StringIO(), Clock()
    quick = Progress(10, stream=log, clock=clock)
    for done in range(10):
        quick.show(done)
    quick.finish()
    Progress(10, stream=log, enabled=False, clock=clock).show(3)
    assert log.getvalue() == ""


# --- event ids by prefix, outlets from URLs ------------------------------------------------------

def event_ids(store) -> list[str]:
    return sorted(data["id"] for _, data in store.graph.nodes(data=True) if data["label"] == "Event")


def test_sources_takes_an_unambiguous_prefix_of_an_event_id(tmp_path):
    store = MemoryStore(tmp_path)
    store.upsert(hand_built_corpus())
    full = event_ids(store)[0]
    prefix = next(full[:n] for n in range(4, len(full)) if sum(i.startswith(full[:n]) for i in event_ids(store)) == 1)
    assert len(prefix) < len(full)
    rows = runner.run(store, "sources", {"event": prefix})
    assert rows and rows == runner.run(store, "sources", {"event": full})


def test_an_ambiguous_prefix_lists_the_candidates_on_one_line(tmp_path):
    store = MemoryStore(tmp_path)
    store.upsert(hand_built_corpus())
    meetings = [i for i in event_ids(store) if i.startswith("meeting-")]
    assert len(meetings) > 1
    with pytest.raises(UserError) as raised:
        runner.run(store, "sources", {"event": "meeting-"})
    message = str(raised.value)
    assert "\n" not in message and "begins several event ids" in message
    assert meetings[0] in message


def test_an_unknown_event_id_gives_no_rows(tmp_path):
    store = MemoryStore(tmp_path)
    store.upsert(hand_built_corpus())
    assert runner.run(store, "sources", {"event": "no-such-event"}) == []


@pytest.mark.neo4j
def test_prefixes_complete_the_same_on_neo4j(tmp_path, neo4j_uri):
    from interreg.graph.neo4j_store import Neo4jStore

    memory_store = MemoryStore(tmp_path)
    memory_store.upsert(hand_built_corpus())
    neo4j_store = Neo4jStore(uri=neo4j_uri)
    try:
        neo4j_store.clear()
        neo4j_store.upsert(hand_built_corpus())
        for full in event_ids(memory_store):
            prefix = full[: len(full) - 3]
            try:
                on_memory = runner.run(memory_store, "sources", {"event": prefix})
            except UserError as error:
                with pytest.raises(UserError, match="begins several event ids"):
                    runner.run(neo4j_store, "sources", {"event": prefix})
                assert "begins several event ids" in str(error)
                continue
            assert runner.run(neo4j_store, "sources", {"event": prefix}) == on_memory
    finally:
        neo4j_store.close()


def test_a_document_without_an_outlet_is_credited_to_its_web_site():
    from interreg.ingest.facts import Document

    assert Document("a", "текст", url="https://www.Omsk.example.ru/news/1").outlet == "omsk.example.ru"
    assert Document("b", "текст", url="https://x.example.ru/1", outlet="Омская правда").outlet == "Омская правда"
    assert Document("c", "текст", url="ftp://files.example.ru/1").outlet is None
    assert Document("d", "текст").outlet is None


def test_every_outlet_in_the_graph_has_a_name(tmp_path):
    store = MemoryStore(tmp_path)
    store.upsert(hand_built_corpus())
    from graph_samples import pavlodar_report       # a report with a URL and no outlet
    store.upsert([pavlodar_report()])
    outlets = {row["outlet"] for row in runner.run(store, "outlets", {})}
    assert "pavlodar.example.kz" in outlets and None not in outlets


def test_a_reader_that_closes_the_pipe_early_ends_quietly(tmp_path):
    """`interreg queries | head -1`: no traceback once the reader has what it wanted."""
    pipe = subprocess.Popen([sys.executable, "-m", "interreg.cli", "queries"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "INTERREG_HOME": str(tmp_path)})
    pipe.stdout.close()  # the reader is gone before the first line
    _, errors = pipe.communicate(timeout=60)
    assert b"Traceback" not in errors and b"BrokenPipe" not in errors
    assert pipe.returncode == 0
