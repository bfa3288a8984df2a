"""Read news, extract facts and load them into a store, skipping what is already there.

>>> from interreg.graph.memory import MemoryStore           # doctest: +SKIP
>>> report = ingest(["news/"], MemoryStore())               # doctest: +SKIP
>>> report.new, report.unchanged                            # doctest: +SKIP
(33, 0)

A document whose content hash the store already holds is recognised before
extraction (the slow part) and skipped; a document whose hash changed is
extracted again and replaces its old facts.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, TextIO

from interreg.errors import UserError
from interreg.graph.store import Store
from interreg.ingest.facts import Document, DocumentFacts

# Documents per upsert: one transaction each, small enough to stay quick, large enough
# that matching events and recomputing partners is not repeated per document.
BATCH_SIZE = 50
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
    """A one-line progress bar on a terminal; silent anywhere else (logs, pipes, tests)."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool = True):
        self.stream = stream or sys.stderr
        self.total = total
        self.enabled = enabled and total > 0 and self.stream.isatty()

    def show(self, done: int) -> None:
        if not self.enabled:
            return
        filled = self.WIDTH * done // self.total
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{self.total} documents")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


class IngestAborted(UserError):
    """The ingest stopped part-way (a worker process died); `report` tells what was loaded."""

    def __init__(self, message: str, report: IngestReport):
        super().__init__(message)
        self.report = report


def ingest(paths: Iterable[str | Path], store: Store, progress: bool = True,
           batch_size: int = BATCH_SIZE, extractor=None, max_chars: int | None = None,
           jobs: int = 1, items: Iterable | None = None) -> IngestReport:
    """Read `paths` (files, folders, globs), extract what changed and load it into `store`.
    `items`: documents (and `Skipped`s) read elsewhere, e.g. fetched from the web, loaded
    after those of `paths`.
    `max_chars`: the longest document read (see interreg.ingest.readers.limits).
    `jobs`: processes that extract (0: one per CPU); loading stays here, in input order."""
    from interreg.ingest.readers import Skipped, iter_documents
    from interreg.ingest.workers import WorkerDied, extract_each, resolve_jobs

    jobs = resolve_jobs(jobs)
    started = time.monotonic()
    report = IngestReport()
    items = [*iter_documents([str(path) for path in paths], max_chars=max_chars,
                             on_note=report.notes.append), *(items or ())]
    documents: list[Document] = []
    for item in items:
        if isinstance(item, Skipped):
            report.skipped.append(item)
        else:
            documents.append(item)
    report.read = len(documents)

    loaded = store.document_hashes()
    # unchanged documents are recognised here, before extraction (the slow part)
    to_extract = [d for d in documents if loaded.get(d.id) != d.content_hash]
    report.unchanged = len(documents) - len(to_extract)
    bar = Progress(len(documents), enabled=progress)
    done = report.unchanged
    bar.show(done)
    # one bulk write: the embedded store saves at checkpoints, not after every batch
    died: WorkerDied | None = None
    with store.bulk():
        batch: list[DocumentFacts] = []
        try:
            for item in extract_each(to_extract, extractor or _default_extractor(), jobs):
                facts = _count(item, report)
                if facts is not None:
                    if item.document.id in loaded:
                        report.changed += 1
                    else:
                        report.new += 1
                    batch.append(facts)
                if len(batch) >= batch_size:
                    _load(batch, store, report)
                    batch = []
                done += 1
                bar.show(done)
        except WorkerDied as error:
            died = error
        if batch:
            _load(batch, store, report)       # also what was extracted before a worker died
    bar.finish()
    report.seconds = time.monotonic() - started
    if died is not None:
        raise IngestAborted(f"ingest stopped: {died}; {report.new + report.changed} document(s) were "
                            f"loaded. Run the same ingest again to finish: loaded documents are "
                            f"recognised and skipped", report) from died
    return report


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


def _load(batch: list[DocumentFacts], store: Store, report: IngestReport) -> None:
    summary = store.upsert(batch)
    report.events_new += summary.events_new
    report.events_known += summary.events_known
