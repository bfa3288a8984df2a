"""`interreg ingest --jobs 2` against `--jobs 1`: documents per second, as a user runs it.

Each run is a fresh `interreg ingest` process into a fresh embedded store, so what a
user pays is in it: starting Python, loading natasha, starting the worker pool.
The dev corpus is repeated (under new ids) so that a one-job run takes about 20 s at
full size; runs alternate 1, 2, 1, 2 … and the best of each is compared. Target: 1.6×
on two cores. The note gives the cores each run had on average (CPU time over wall
time): below 2 for the two-job run means other work on the machine took the rest.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.core import Measurement, Scale, stopwatch
from bench.corpus import repeated_corpus

REPEAT = {"full": 24, "small": 2}       # copies of the 33-document dev corpus
ROUNDS = {"full": 2, "small": 1}
INGEST = "import sys; from interreg.cli import main; sys.exit(main())"


def timed_ingest(corpus: Path, jobs: int, home: Path) -> tuple[float, float]:
    """(seconds, CPU seconds) of one `interreg ingest --jobs N` into an empty store under `home`.

    The CPU seconds (the process and its workers) over the seconds tell how many cores the
    run had: on a machine shared with other sessions, Linux shares the CPU between sessions
    (autogroup), and a run given one core's share cannot go faster with two jobs.
    """
    env = dict(os.environ, INTERREG_HOME=str(home), INTERREG_STORE="memory")
    cpu_before = _children_cpu()
    with stopwatch() as elapsed:
        done = subprocess.run([sys.executable, "-c", INGEST, "ingest", "--jobs", str(jobs), str(corpus)],
                              env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"interreg ingest --jobs {jobs} failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed[0], _children_cpu() - cpu_before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(scale: Scale) -> list[Measurement]:
    with tempfile.TemporaryDirectory(prefix="interreg-bench-jobs-") as tmp:
        folder = Path(tmp)
        corpus, documents = repeated_corpus(folder, REPEAT[scale.name])
        runs: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
        for round_number in range(ROUNDS[scale.name]):
            for jobs in (1, 2):
                runs[jobs].append(timed_ingest(corpus, jobs, folder / f"home-{jobs}-{round_number}"))
    (one, one_cpu), (two, two_cpu) = min(runs[1]), min(runs[2])
    return [Measurement(
        "jobs", "ingest --jobs 2 : --jobs 1", ours=documents / two, baseline=documents / one,
        unit="documents/s", target=1.6,
        note=f"{documents} documents into a fresh memory store, a new process each run (start-up "
             f"included); best of {len(runs[1])}: {one:.1f} s with 1 job, {two:.1f} s with 2, using "
             f"{one_cpu / one:.2f} and {two_cpu / two:.2f} cores on average",
        extra={"documents": documents, "runs_1_job": runs[1], "runs_2_jobs": runs[2], "cpus": os.cpu_count()},
    )]
