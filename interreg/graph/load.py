"""Read news, extract facts and load them into a store, skipping what is already there.

>>> from interreg.graph.memory import MemoryStore           # doctest: +SKIP
>>> report = ingest(["news/"], MemoryStore())               # doctest: +SKIP
>>> report.new, report.unchanged                            # doctest: +SKIP
(33, 0)

A document whose content hash the store already holds is recognised before
extraction (the slow part) and skipped; a document whose hash changed is
extracted again and replaces its old facts.

Inputs are streamed: documents are read, extracted and loaded a window at a time, so
memory does not grow with the number of documents (a JSON Lines file of 250,000 of them
is never held whole). The progress bar's total comes from a cheap first pass that
counts files and JSON Lines lines without decoding them.

A document whose values a store cannot index (model.too_large_reason) is skipped with
its reason before its batch is written; should Neo4j still refuse a batch, its
documents are loaded one by one and only those refused are skipped.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from contextlib import contextmanager
from itertools import chain
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from interreg.errors import UserError
from interreg.graph.model import too_large_reason
from interreg.graph.store import Store
from interreg.ingest.facts import Document, DocumentFacts

# Documents per upsert: one transaction each, small enough to stay quick, large enough
# that matching events and recomputing partners is not repeated per document.
BATCH_SIZE = 50
# Documents read ahead per extraction process (see window_size).
WINDOW_PER_JOB = 64
# Documents read ahead when a Dask cluster extracts: enough partitions for its workers.
SCHEDULER_WINDOW = 1024
FACT_KINDS = ("regions", "persons", "organizations", "meetings", "agreements", "trade", "topics")


@dataclass
class IngestReport:
    read: int = 0                     # documents read from the inputs
    skipped: list = field(default_factory=list)   # readers' Skipped(source, reason), extraction failures too
    notes: list = field(default_factory=list)     # readers' Note(source, message): inputs read with a remark
    unchanged: int = 0                # same content hash as the loaded copy: not extracted again
    changed: int = 0                  # loaded before with another hash: replaced
    new: int = 0
    facts: Counter = field(default_factory=Counter)   # by kind, over the documents extracted
    events_new: int = 0
    events_known: int = 0             # reports merged into an event already in the graph
    seconds: float = 0.0

    def summary(self) -> list[str]:
        """A few lines for people, e.g. at the end of `interreg ingest`."""
        lines = [f"read {self.read} document(s) in {self.seconds:.1f} s: {self.new} new, "
                 f"{self.changed} changed, {self.unchanged} unchanged, {len(self.skipped)} skipped"]
        if self.facts:
            lines.append("facts: " + ", ".join(f"{kind} {self.facts[kind]}" for kind in FACT_KINDS))
        lines.append(f"events: {self.events_new} new, {self.events_known} reports of events already known")
        return lines

    def input_lines(self) -> list[str]:
        """One line per input read with a note or skipped, each starting with the input."""
        return [item.line() for item in (*self.notes, *self.skipped)]


class Progress:
    """Progress on stderr: a bar redrawn in place on a terminal; elsewhere (a log file, a
    pipe, CI) one plain line every `interval` seconds, so a long ingest shows it is alive.

    >>> import io
    >>> log = io.StringIO()
    >>> clock = iter([0, 1, 6, 7]).__next__
    >>> p = Progress(10, stream=log, clock=clock)
    >>> p.show(1); p.show(5); p.show(6); p.finish()
    >>> log.getvalue()
    'interreg: 5/10 documents (50%)\\ninterreg: 6/10 documents (60%), done\\n'
    """

    WIDTH = 30
    INTERVAL = 5.0          # seconds between two plain lines

    def __init__(self, total: int | None, stream: TextIO | None = None, enabled: bool = True,
                 interval: float | None = None, clock=time.monotonic):
        self.stream = stream or sys.stderr
        self.total = total or 0              # 0: not known in advance (inputs read as a stream)
        self.enabled = enabled
        self.terminal = enabled and _is_terminal(self.stream)
        self.interval = self.INTERVAL if interval is None else interval
        self.clock = clock
        self.started = clock()
        self.last_line = self.started
        self.done = 0
        self.said = 0                        # `done` when the last plain line was written

    def show(self, done: int) -> None:
        if not self.enabled:
            return
        self.done = done
        if self.total and done > self.total:
            self.total = done
        if self.terminal:
            if self.total > 0:
                filled = self.WIDTH * min(done, self.total) // self.total
                bar = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{self.total} documents"
            else:
                bar = f"{done} documents"
            self.stream.write(f"\r{bar}")
            self.stream.flush()
            return
        now = self.clock()
        if now - self.last_line >= self.interval:
            self.last_line = now
            self._line(done)

    def finish(self) -> None:
        if not self.enabled:
            return
        if self.terminal:
            self.stream.write("\n")
            self.stream.flush()
        elif self.said and self.said != self.done:
            self._line(self.done, ", done")

    def _line(self, done: int, end: str = "") -> None:
        self.said = done
        of = f"/{self.total} documents ({100 * done // self.total}%)" if self.total > 0 else " documents"
        self.stream.write(f"interreg: {done}{of}{end}\n")
        self.stream.flush()


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class IngestAborted(UserError):
    """The ingest stopped part-way (a worker process died); `report` tells what was loaded."""

    def __init__(self, message: str, report: IngestReport):
        super().__init__(message)
        self.report = report


def ingest(paths: Iterable[str | Path], store: Store, progress: bool = True,
           batch_size: int = BATCH_SIZE, extractor=None, max_chars: int | None = None,
           jobs: int = 1, scheduler: str | None = None, items: Iterable | None = None) -> IngestReport:
    """Read `paths` (files, folders, globs), extract what changed and load it into `store`.
    `items`: documents (and `Skipped`s) read elsewhere, e.g. fetched from the web, loaded
    after those of `paths`.
    `max_chars`: the longest document read (see interreg.ingest.readers.limits).
    `jobs`: processes that extract (0: one per CPU); `scheduler`: a Dask cluster that
    extracts instead (interreg.ingest.distributed); loading stays here, in input order."""
    from interreg.ingest.readers import count_documents, iter_documents
    from interreg.ingest.workers import WorkerDied, resolve_jobs

    jobs = resolve_jobs(jobs)
    started = time.monotonic()
    report = IngestReport()
    paths = [str(path) for path in paths]
    loaded: dict[str, str] = {}       # hashes of the stored documents among those read so far
    items = items or ()               # documents read elsewhere: the bar's total grows to take them
    bar = Progress(count_documents(paths) if progress else 0, enabled=progress)
    done = 0
    bar.show(done)
    died: WorkerDied | None = None
    # one bulk write: the embedded store saves at checkpoints, not after every batch
    with store.bulk():
        loader = _Loader(store, report, batch_size, loaded)
        try:
            read = chain(iter_documents(paths, max_chars=max_chars, on_note=report.notes.append), items)
            size = max(window_size(jobs, batch_size), SCHEDULER_WINDOW if scheduler else 0)
            with _extraction(scheduler, extractor, jobs) as extract:
                for window in _windows(read, report, size):
                    loaded.update(store.document_hashes([d.id for d in window]))
                    # unchanged documents are recognised here, before extraction (the slow part)
                    to_extract = [d for d in window if loaded.get(d.id) != d.content_hash]
                    report.unchanged += len(window) - len(to_extract)
                    done += len(window) - len(to_extract)
                    bar.show(done)
                    for item in extract(to_extract):
                        facts = _count(item, report)
                        if facts is not None:
                            if item.document.id in loaded:
                                report.changed += 1
                            else:
                                report.new += 1
                            loader.add(facts)
                        done += 1
                        bar.show(done)
        except WorkerDied as error:
            died = error
        loader.flush()          # also what was extracted before a worker died
    bar.finish()
    report.seconds = time.monotonic() - started
    if died is not None:
        raise IngestAborted(f"ingest stopped: {died}; {report.new + report.changed} document(s) were "
                            f"loaded. Run the same ingest again to finish: loaded documents are "
                            f"recognised and skipped", report) from died
    return report


def load_facts(facts: Iterable[DocumentFacts], store: Store, batch_size: int = BATCH_SIZE) -> tuple[int, int]:
    """Load facts extracted before (interreg.ingest.factfiles), in the order given, skipping
    documents stored with the same content; (documents loaded, documents unchanged)."""
    from interreg.ingest.distributed import partitions_of

    loaded = unchanged = 0
    with store.bulk():
        for window in partitions_of(facts, batch_size):
            known = store.document_hashes([item.document.id for item in window])
            batch = [item for item in window if known.get(item.document.id) != item.document.content_hash]
            unchanged += len(window) - len(batch)
            if batch:
                store.upsert(batch)
                loaded += len(batch)
    return loaded, unchanged


@contextmanager
def _extraction(scheduler: str | None, extractor, jobs: int):
    """A function from documents to their `Extracted`, in order: on the Dask cluster of
    `scheduler` (opened once for the whole ingest), else in `jobs` processes here."""
    from interreg.ingest.workers import extract_each

    if scheduler:
        from interreg.ingest.distributed import cluster_client, extract_each_with
        with cluster_client(scheduler) as client:
            yield lambda documents: extract_each_with(client, documents)
        return
    extractor = extractor or _default_extractor()
    yield lambda documents: extract_each(documents, extractor, jobs)


def window_size(jobs: int, batch_size: int) -> int:
    """Documents read ahead of extraction: enough to keep every worker busy, few enough
    that memory stays flat whatever the number of documents."""
    return max(batch_size, jobs * WINDOW_PER_JOB)


def _windows(items, report: IngestReport, size: int) -> Iterator[list[Document]]:
    """The documents read, `size` at a time; skipped inputs go to the report on the way."""
    from interreg.ingest.readers import Skipped

    window: list[Document] = []
    for item in items:
        if isinstance(item, Skipped):
            report.skipped.append(item)
            continue
        report.read += 1
        window.append(item)
        if len(window) >= size:
            yield window
            window = []
    if window:
        yield window


class _Loader:
    """Facts gathered into batches of `batch_size` and loaded, skipping what cannot be stored."""

    def __init__(self, store: Store, report: IngestReport, batch_size: int, loaded: dict[str, str]):
        self.store, self.report, self.batch_size = store, report, batch_size
        self.loaded = loaded              # the documents the store held before
        self.batch: list[DocumentFacts] = []

    def add(self, facts: DocumentFacts) -> None:
        if reason := too_large_reason(facts):
            self._refuse(facts, reason)
            return
        self.batch.append(facts)
        if len(self.batch) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self.batch = self.batch, []
        if not batch:
            return
        try:
            self._load(batch)
        except Exception as error:  # noqa: BLE001 - sorted out just below
            if not _refused_by_neo4j(error):
                raise
            # the transaction was rolled back: load one by one, skip only those refused
            for facts in batch:
                try:
                    self._load([facts])
                except Exception as single:  # noqa: BLE001
                    if not _refused_by_neo4j(single):
                        raise
                    self._refuse(facts, f"Neo4j refused it: {_first_line(single)}")

    def _load(self, batch: list[DocumentFacts]) -> None:
        summary = self.store.upsert(batch)
        self.report.events_new += summary.events_new
        self.report.events_known += summary.events_known

    def _refuse(self, facts: DocumentFacts, reason: str) -> None:
        from interreg.ingest.readers import Skipped

        document = facts.document
        self.report.skipped.append(Skipped(document.source or document.id, f"not loaded: {reason}"))
        # it was counted as new or changed when it was extracted
        if document.id in self.loaded:
            self.report.changed -= 1
        else:
            self.report.new -= 1


def _refused_by_neo4j(error: Exception) -> bool:
    """Neo4j refused the data (a client error), as opposed to a lost connection."""
    try:
        from neo4j.exceptions import ClientError
    except ImportError:
        return False
    return isinstance(error, ClientError)


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "message", None) or error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__


def _count(item, report: IngestReport) -> DocumentFacts | None:
    """The facts of one extracted document, counted in the report; None (and skipped) if it failed."""
    from interreg.ingest.readers import Skipped

    if item.error is not None:
        report.skipped.append(Skipped(item.document.source or item.document.id,
                                      f"extraction failed: {item.error}"))
        return None
    for kind in FACT_KINDS:
        report.facts[kind] += len(getattr(item.facts, kind))
    return item.facts


_extractor = None


def _default_extractor():
    """One extractor per process: it holds the natasha models, slow to load."""
    global _extractor
    if _extractor is None:
        from interreg.ingest.extract import Extractor
        _extractor = Extractor()
    return _extractor
