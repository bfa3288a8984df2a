"""`interreg ingest --jobs N`: extraction in worker processes gives the same graph as in one.

Real extraction in real worker processes (forked, so a monkeypatched extractor in the
test is the workers' one too), real embedded stores.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from interreg.cli import main
from interreg.errors import UserError
from interreg.graph.load import IngestAborted, ingest
from interreg.graph.memory import MemoryStore
from interreg.ingest.extract import Extractor
from interreg.ingest.workers import chunk_size, resolve_jobs
from interreg.queries import runner

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = [FIXTURES / "heldout" / "heldout.jsonl", FIXTURES / "heldout2" / "heldout2.jsonl"]
QUERIES = [("network", {}), ("trade", {}), ("agreements", {}), ("top-regions", {}),
           ("partners", {"region": "Татарстан"}), ("officials", {"region": "Самаркандская область"})]


def test_two_jobs_give_the_same_graph_as_one(tmp_path):
    stores, reports = {}, {}
    for jobs in (1, 2):
        stores[jobs] = MemoryStore(tmp_path / f"jobs-{jobs}")
        # a batch size that does not divide the chunks: loading order must not depend on them
        reports[jobs] = ingest(CORPUS, stores[jobs], progress=False, batch_size=7, jobs=jobs)
    one, two = reports[1], reports[2]
    assert one.new == two.new == one.read == 55
    assert (one.facts, one.events_new, one.events_known) == (two.facts, two.events_new, two.events_known)
    assert one.facts["meetings"] > 0 and one.facts["trade"] > 0
    assert stores[1].counts() == stores[2].counts()
    for name, params in QUERIES:
        rows = runner.run(stores[1], name, params)
        assert rows == runner.run(stores[2], name, params), name
    assert any(runner.run(stores[1], name, params) for name, params in QUERIES)


def _failing_on(monkeypatch, doc_id: str, failure) -> None:
    """Extraction of `doc_id` calls `failure()`; the pool forks after this, so workers see it too."""
    extract = Extractor.extract

    def extract_or_fail(self, document):
        if document.id == doc_id:
            failure()
        return extract(self, document)

    monkeypatch.setattr(Extractor, "extract", extract_or_fail)


def _raise():
    raise RuntimeError("tagger exploded")


def test_a_document_failing_in_a_worker_is_skipped_and_the_others_load(tmp_path, monkeypatch):
    _failing_on(monkeypatch, "h-003", _raise)
    store = MemoryStore(tmp_path / "store")
    report = ingest(CORPUS[:1], store, progress=False, jobs=2, extractor=Extractor())
    assert report.new == 29 and store.counts()["nodes"]["Document"] == 29
    [skipped] = report.skipped
    assert skipped.source.endswith("heldout.jsonl:3")
    assert skipped.reason == "extraction failed: RuntimeError: tagger exploded"


def test_a_worker_that_dies_stops_the_ingest_and_what_was_extracted_stays(tmp_path, monkeypatch):
    parent = os.getpid()

    def die():
        if os.getpid() != parent:
            time.sleep(1.0)           # let the other worker finish the documents before this one
            os.kill(os.getpid(), signal.SIGKILL)

    _failing_on(monkeypatch, "h-030", die)          # the last document of the file
    store = MemoryStore(tmp_path / "store")
    with pytest.raises(IngestAborted) as stopped:
        ingest(CORPUS[:1], store, progress=False, batch_size=5, jobs=2, extractor=Extractor())
    message = str(stopped.value)
    assert "worker process ended abruptly" in message and "run the same ingest again" in message.lower()
    report = stopped.value.report
    assert 0 < report.new < 30
    assert store.counts()["nodes"]["Document"] == report.new
    assert f"{report.new} document(s) were loaded" in message

    # the same ingest again loads the rest and recognises what is there
    monkeypatch.undo()
    again = ingest(CORPUS[:1], store, progress=False, jobs=2)
    assert (again.unchanged, again.new) == (report.new, 30 - report.new)


def test_cli_ingest_with_jobs(interreg_home, capsys):
    assert main(["ingest", "--jobs", "2", str(CORPUS[0])]) == 0
    assert "30 new, 0 changed, 0 unchanged, 0 skipped" in capsys.readouterr().err
    assert main(["ingest", "--jobs", "0", str(CORPUS[0])]) == 0
    assert "0 new, 0 changed, 30 unchanged" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["-1", "two", "1.5", ""])
def test_bad_jobs_values_are_refused_with_a_clear_message(interreg_home, value, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["ingest", "--jobs", value, str(CORPUS[0])])
    assert exit_.value.code == 2
    assert f"argument --jobs: expected 0 (one process per CPU) or a positive number of processes, got {value!r}" \
        in capsys.readouterr().err


def test_jobs_count(tmp_path):
    assert resolve_jobs(0) == len(os.sched_getaffinity(0))
    assert resolve_jobs(3) == 3
    with pytest.raises(UserError, match="--jobs must be 0"):
        ingest(CORPUS[:1], MemoryStore(tmp_path / "store"), progress=False, jobs=-2)
    # chunks keep both workers busy to the end, and stay small
    assert chunk_size(1000, 2) == 16 and chunk_size(40, 2) == 3 and chunk_size(3, 2) == 1


def test_progress_counts_every_document_once(tmp_path, monkeypatch):
    import io
    from interreg.graph import load

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    real = load.Progress
    monkeypatch.setattr(load, "Progress", lambda total, enabled=True: real(total, stream=terminal))
    store = MemoryStore(tmp_path / "store")
    ingest(CORPUS[:1], store, jobs=2)
    assert terminal.getvalue().endswith("] 30/30 documents\n")
    ingest(CORPUS[:1], store, jobs=2)             # all unchanged: the bar is full at once
    assert terminal.getvalue().endswith("] 30/30 documents\n")



@pytest.mark.neo4j
def test_two_jobs_into_neo4j_give_the_graph_of_one_job_in_memory(neo4j_env, interreg_home, capsys):
    # the forked workers inherit the parent's open Bolt connection; they must leave it alone
    assert main(["ingest", "--store", "neo4j", "--jobs", "2", str(CORPUS[0])]) == 0
    assert "30 new" in capsys.readouterr().err
    assert main(["ingest", str(CORPUS[0])]) == 0
    capsys.readouterr()
    counts = {}
    for store in ("neo4j", "memory"):
        assert main(["stats", "--json", "--store", store]) == 0
        counts[store] = capsys.readouterr().out
    assert counts["neo4j"] == counts["memory"]
    assert main(["ingest", "--store", "neo4j", "--jobs", "2", str(CORPUS[0])]) == 0
    assert "30 unchanged" in capsys.readouterr().err
