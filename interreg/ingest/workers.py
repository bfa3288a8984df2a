"""Extraction in this process or in worker processes, results in input order.

>>> for item in extract_each(documents, Extractor(), jobs=2):   # doctest: +SKIP
...     print(item.document.id, item.error or len(item.facts.meetings))

With `jobs` above 1 the documents go in chunks to a pool of worker processes. On
Linux the pool is forked: the models are loaded in this process first and the workers
share them copy-on-write, so a worker starts at once instead of loading natasha
again. A document whose extraction raises comes back with its error, as in this
process; a worker that dies (killed, out of memory) stops the run with `WorkerDied`
instead of leaving it waiting. A worker dies with the process that started it: left
alive, it would keep the inherited lock of the embedded store, or the socket of the
parent's Neo4j transaction, and the next ingest would wait for it forever.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from interreg.errors import UserError
from interreg.ingest.facts import Document, DocumentFacts

# Chunks small enough that both workers stay busy to the end, large enough that
# sending them costs little next to extracting them (tens of ms a document).
MAX_CHUNK = 16
CHUNKS_PER_WORKER = 8
# Linux prctl(2) option: the signal a process gets when its parent ends.
PR_SET_PDEATHSIG = 1
# Where prctl is not to be had, a worker checks this often whether its parent is gone.
PARENT_CHECK_SECONDS = 1.0


@dataclass
class Extracted:
    """One document's outcome: its facts, or why extraction failed."""

    document: Document
    facts: DocumentFacts | None = None
    error: str | None = None          # "ValueError: …" when extraction raised


class WorkerDied(UserError):
    """A worker process ended abruptly; the documents before it were extracted."""


def resolve_jobs(jobs: int) -> int:
    """The number of processes to extract in: `jobs`, or one per CPU for 0.

    >>> resolve_jobs(3)
    3
    """
    if jobs < 0:
        raise UserError(f"--jobs must be 0 (one per CPU) or a positive number of processes, not {jobs}")
    if jobs == 0:
        return _cpus()
    return jobs


def jobs_option(text: str) -> int:
    """argparse type of `--jobs`: a whole number, 0 or more."""
    try:
        jobs = int(text)
    except ValueError:
        jobs = -1
    if jobs < 0:
        raise argparse.ArgumentTypeError(
            f"expected 0 (one process per CPU) or a positive number of processes, got {text!r}")
    return jobs


def _cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:            # not on Linux
        return os.cpu_count() or 1


def extract_each(documents: Sequence[Document], extractor, jobs: int = 1) -> Iterator[Extracted]:
    """Each document's facts (or error), in the order given, extracted by `jobs` processes."""
    if jobs <= 1 or len(documents) <= 1:
        for document in documents:
            yield extract_one(extractor, document)
        return
    yield from _extract_in_workers(documents, extractor, jobs)


def extract_one(extractor, document: Document) -> Extracted:
    """One document's facts, or the error its extraction raised."""
    try:
        return Extracted(document, facts=extractor.extract(document))
    except Exception as error:  # noqa: BLE001 - one bad document must not stop the batch
        return Extracted(document, error=f"{type(error).__name__}: {error}")


def chunk_size(documents: int, jobs: int) -> int:
    """Documents per chunk sent to a worker.

    >>> chunk_size(1000, 2), chunk_size(40, 2), chunk_size(3, 2)
    (16, 3, 1)
    """
    return max(1, min(MAX_CHUNK, math.ceil(documents / (jobs * CHUNKS_PER_WORKER))))


def _extract_in_workers(documents: Sequence[Document], extractor, jobs: int) -> Iterator[Extracted]:
    size = chunk_size(len(documents), jobs)
    chunks = [list(documents[at:at + size]) for at in range(0, len(documents), size)]
    context = _context()
    if context.get_start_method() == "fork":
        _preload(extractor)           # forked workers inherit the loaded models
    executor = ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=context,
                                   initializer=_start_worker, initargs=(extractor, os.getpid()))
    done = 0
    try:
        futures = [executor.submit(_extract_chunk, chunk) for chunk in chunks]
        for chunk, future in zip(chunks, futures):
            try:
                outcomes = future.result()
            except BrokenProcessPool as error:
                raise WorkerDied(
                    f"an extraction worker process ended abruptly (killed, or out of memory?) "
                    f"after {done} of {len(documents)} document(s) were extracted") from error
            except Exception as error:  # noqa: BLE001 - e.g. facts that could not be sent back
                outcomes = [(None, f"{type(error).__name__}: {error}")] * len(chunk)
            for document, (facts, failure) in zip(chunk, outcomes):
                done += 1
                yield Extracted(document, facts=facts, error=failure)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _context():
    """fork on Linux: workers share the parent's loaded models. Elsewhere the platform's
    default (macOS: spawn, as forking a process with system frameworks loaded is unsafe there)."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _preload(extractor) -> None:
    load = getattr(extractor, "load", None)
    if load is not None:
        load()


# --- in the worker process -------------------------------------------------------

_worker_extractor = None


def _start_worker(extractor, parent: int) -> None:
    global _worker_extractor
    die_with_parent(parent)
    # Ctrl-C goes to the whole process group: the parent stops the pool, the workers need not shout
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_extractor = extractor
    _preload(extractor)               # a no-op after fork; loads natasha once under spawn


def die_with_parent(parent: int) -> None:
    """End this process when process `parent` ends, even by SIGKILL.

    On Linux the kernel sends SIGKILL (prctl PR_SET_PDEATHSIG); elsewhere a daemon
    thread notices that the parent is gone (this process was handed to another one)."""
    if not _kill_me_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                         name="interreg-parent-watch").start()
    if os.getppid() != parent:       # it ended before the request was in place
        os._exit(1)


def _kill_me_with_parent() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _extract_chunk(chunk: list[Document]) -> list[tuple[DocumentFacts | None, str | None]]:
    outcomes = []
    for document in chunk:
        extracted = extract_one(_worker_extractor, document)
        outcomes.append((extracted.facts, extracted.error))
    return outcomes
