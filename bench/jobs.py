"""`interreg ingest --jobs 2` against `--jobs 1`: documents per second, as a user runs it.

Each run is a fresh `interreg ingest` process into a fresh embedded store, so what a
user pays is in it: starting Python, loading natasha, starting the worker pool.
The dev corpus is repeated (under new ids) so that a one-job run takes about 20 s at
full size; runs alternate 1, 2, 1, 2 … and the best of each is compared. Target: 1.6×
on two cores.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.core import Measurement, Scale, stopwatch
from bench.corpus import repeated_corpus

REPEAT = {"full": 24, "small": 2}       # copies of the 33-document dev corpus
ROUNDS = {"full": 2, "small": 1}
INGEST = "import sys; from interreg.cli import main; sys.exit(main())"


def timed_ingest(corpus: Path, jobs: int, home: Path) -> float:
    """Seconds one `interreg ingest --jobs N` takes into an empty store under `home`."""
    env = dict(os.environ, INTERREG_HOME=str(home), INTERREG_STORE="memory")
    with stopwatch() as elapsed:
        done = subprocess.run([sys.executable, "-c", INGEST, "ingest", "--jobs", str(jobs), str(corpus)],
                              env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"interreg ingest --jobs {jobs} failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed[0]


def run(scale: Scale) -> list[Measurement]:
    with tempfile.TemporaryDirectory(prefix="interreg-bench-jobs-") as tmp:
        folder = Path(tmp)
        corpus, documents = repeated_corpus(folder, REPEAT[scale.name])
        seconds: dict[int, list[float]] = {1: [], 2: []}
        for round_number in range(ROUNDS[scale.name]):
            for jobs in (1, 2):
                seconds[jobs].append(timed_ingest(corpus, jobs, folder / f"home-{jobs}-{round_number}"))
    one, two = min(seconds[1]), min(seconds[2])
    return [Measurement(
        "jobs", "ingest --jobs 2 : --jobs 1", ours=documents / two, baseline=documents / one,
        unit="documents/s", target=1.6,
        note=f"{documents} documents into a fresh memory store, a new process each run (start-up "
             f"included); best of {len(seconds[1])}: {one:.1f} s with 1 job, {two:.1f} s with 2",
        extra={"documents": documents, "seconds_1_job": seconds[1], "seconds_2_jobs": seconds[2],
               "cpus": os.cpu_count()},
    )]
