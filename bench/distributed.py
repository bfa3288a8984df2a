"""Extraction on a Dask LocalCluster: 2 workers against 1, and against `--jobs 2`.

The same documents (the dev corpus repeated under new ids) are extracted three ways in
this process: on a LocalCluster of one worker, on one of two, and with the `--jobs 2`
worker pool. Clusters and pool are started and warmed up (natasha loaded) before the
clock starts, so the rows compare extraction throughput, not start-up: a cluster is
started once and then used for a whole archive. Targets: 2 workers ≥ 1.8× one; Dask's
throughput at least 0.9 of `--jobs 2` (an overhead of at most 10 %).
"""

from __future__ import annotations

import json

from bench.core import Measurement, Scale, stopwatch
from bench.corpus import dev_documents

REPEAT = {"full": 8, "small": 1}


def _on_cluster(documents, workers: int) -> float:
    from interreg.ingest.distributed import cluster_client, extracted_lines

    with cluster_client(f"local:{workers}") as client:
        client.run(lambda: None)              # every worker up (the plugin has loaded the models)
        with stopwatch() as elapsed:
            count = sum(len(lines) for lines in extracted_lines(documents, client))
    assert count == len(documents)
    return elapsed[0]


def _with_jobs(documents, jobs: int) -> float:
    from interreg.ingest.extract import Extractor
    from interreg.ingest.workers import extract_each

    extractor = Extractor()
    extractor.load()
    with stopwatch() as elapsed:
        count = sum(1 for _ in extract_each(documents, extractor, jobs))
    assert count == len(documents)
    return elapsed[0]


def run(scale: Scale) -> list[Measurement]:
    documents = dev_documents(REPEAT[scale.name])
    count = len(documents)
    one = _on_cluster(documents, 1)
    two = _on_cluster(documents, 2)
    jobs = _with_jobs(documents, 2)
    note = (f"{count} documents; warmed up before timing: 1 worker {one:.1f} s, 2 workers {two:.1f} s, "
            f"--jobs 2 {jobs:.1f} s")
    return [
        Measurement("distributed", "Dask 2 workers : 1 worker", ours=count / two, baseline=count / one,
                    unit="documents/s", target=1.8, note=note),
        Measurement("distributed", "Dask 2 workers : --jobs 2", ours=count / two, baseline=count / jobs,
                    unit="documents/s", target=0.9, note=note, extra={"documents": count}),
    ]


if __name__ == "__main__":      # pragma: no cover
    from bench.core import SCALES
    print(json.dumps([row.__dict__ for row in run(SCALES["small"])], default=str, indent=1))
