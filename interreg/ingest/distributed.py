"""Extraction on a Dask cluster, results in input order.

    interreg extract --scheduler tcp://HOST:8786 news/ -o facts/     # partitions of facts
    interreg ingest --scheduler local:2 news/                        # a LocalCluster of 2 workers

The documents go to the cluster in partitions of `PARTITION_SIZE`, in input order. Each
worker process loads natasha and the lexicons once (a worker plugin) and sends
every partition back as fact lines (`factfiles`); the client takes them in partition
order, so what it writes or loads is what one process would. Dask runs a partition again
when its worker dies (`RETRIES`); a document whose extraction raises comes back with its
error, as with `--jobs`, and the rest goes on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict

from interreg.errors import UserError
from interreg.ingest.facts import Document
from interreg.ingest.factfiles import facts_from_line, facts_to_line
from interreg.ingest.workers import Extracted

PARTITION_SIZE = 16        # documents a task: a second or so of extraction against milliseconds to send
IN_FLIGHT_PER_WORKER = 3   # partitions queued per worker: busy to the end, memory bounded
RETRIES = 2


def scheduler_option(text: str) -> str:
    """argparse type of `--scheduler`: `local:N` or a scheduler address (`tcp://host:8786`)."""
    if text.startswith("local:"):
        count = text.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"local:N needs a number of workers, got {text!r}")
        return text
    if "://" not in text:
        raise ValueError(f"expected local:N or a scheduler address such as tcp://host:8786, got {text!r}")
    return text


@contextmanager
def cluster_client(scheduler: str):
    """A Dask client for `scheduler`; `local:N` starts (and later stops) a LocalCluster of N
    worker processes, one thread each (natasha's tagger holds the GIL)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as error:       # pragma: no cover - dask is a dependency
        raise UserError("distributed extraction needs dask[distributed]") from error
    if scheduler.startswith("local:"):
        workers = int(scheduler.removeprefix("local:"))
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40,
                               env={"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"})
        client = Client(cluster)
    else:
        cluster = None
        try:
            client = Client(scheduler, timeout=30)
        except OSError as error:
            raise UserError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
    try:
        client.register_plugin(_warm_up_plugin(), name="interreg-warm-up")
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _warm_up_plugin():
    from dask.distributed import WorkerPlugin

    class WarmUp(WorkerPlugin):
        """Load the models and lexicons once, when a worker starts (and when it restarts)."""

        def setup(self, worker=None):
            from interreg.ingest.extract import Extractor
            Extractor().load()

    return WarmUp()


def extract_partition(documents: list[dict]) -> list[dict]:
    """On a worker: each document's fact line, or its error (`{"id", "error"}`)."""
    from interreg.ingest.extract import Extractor

    extractor = Extractor()
    lines = []
    for fields in documents:
        document = Document(**fields)
        try:
            lines.append({"facts": facts_to_line(extractor.extract(document))})
        except Exception as error:  # noqa: BLE001 - one document never stops its partition
            lines.append({"document": asdict(document), "error": f"{type(error).__name__}: {error}"})
    return lines


def partitions_of(documents: Iterable, size: int = PARTITION_SIZE) -> Iterator[list]:
    """The items in lists of `size` (the last one shorter), in order."""
    batch: list = []
    for document in documents:
        batch.append(document)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def extracted_lines(documents: Iterable[Document], client, size: int = PARTITION_SIZE) -> Iterator[list[dict]]:
    """Each partition's fact lines, in input order, a bounded number of partitions in flight."""
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    pending: deque = deque()
    for batch in partitions_of(documents, size):
        payload = [asdict(document) for document in batch]
        pending.append(client.submit(extract_partition, payload, retries=RETRIES, pure=False))
        if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def extract_each_with(client, documents: Iterable[Document], size: int = PARTITION_SIZE) -> Iterator[Extracted]:
    """`workers.extract_each` on the cluster of `client`: one `Extracted` a document, in input order."""
    for lines in extracted_lines(documents, client, size):
        for line in lines:
            if "error" in line:
                yield Extracted(Document(**line["document"]), error=line["error"])
            else:
                facts = facts_from_line(line["facts"])
                yield Extracted(facts.document, facts=facts)


def extract_each_on_cluster(documents: Iterable[Document], scheduler: str,
                            size: int = PARTITION_SIZE) -> Iterator[Extracted]:
    """`extract_each_with` on a cluster opened for these documents only."""
    with cluster_client(scheduler) as client:
        yield from extract_each_with(client, documents, size)
