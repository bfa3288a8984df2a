"""Reading a big JSON Lines file: our reader against reading the file whole.

Ours is `iter_documents` consumed one document at a time, as `interreg extract` does:
each line decoded on its own (UTF-8, else Windows-1251), parsed, checked for size and
language. The baseline is the plain way: `read_bytes`, decode, split, `json.loads` every
line into a list. The same generated file (Russian news records of about 3,500
characters) goes through both, alternately, a few rounds; the best time of each side
counts. Peak memory is measured once each with tracemalloc (which slows Python down, so
it is a pass of its own).

Targets: ours holds at most a tenth of the baseline's peak memory; throughput is for
information (ours does more per line than the baseline).
"""

from __future__ import annotations

import json
import tempfile
import tracemalloc
from pathlib import Path

from bench.core import Measurement, Scale, stopwatch

SIZE_MB = {"full": 20, "small": 2}
ROUNDS = {"full": 3, "small": 1}
NEWS = ("Губернатор Омской области провёл встречу с хокимом Бухарской области. "
        "Стороны подписали соглашение о сотрудничестве в сфере промышленности. ") * 25


def write_json_lines(path: Path, size_bytes: int) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        while out.tell() < size_bytes:
            out.write(json.dumps({"id": f"n-{count}", "text": f"{count}. {NEWS}"}, ensure_ascii=False) + "\n")
            count += 1
    return count


def ours(path: Path) -> int:
    from interreg.ingest.readers import Document, iter_documents
    return sum(1 for item in iter_documents([path]) if isinstance(item, Document))


def baseline(path: Path) -> int:
    text = path.read_bytes().decode("utf-8")
    records = [json.loads(line) for line in text.split("\n") if line.strip()]
    return len(records)


def peak_megabytes(read, path: Path) -> float:
    tracemalloc.start()
    try:
        read(path)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def run(scale: Scale) -> list[Measurement]:
    with tempfile.TemporaryDirectory(prefix="interreg-bench-readers-") as folder:
        path = Path(folder) / "big.jsonl"
        count = write_json_lines(path, SIZE_MB[scale.name] * 1_000_000)
        megabytes = path.stat().st_size / 1e6
        if ours(path) != count or baseline(path) != count:
            raise AssertionError("the two readers disagree on the number of documents")
        best = {"ours": float("inf"), "baseline": float("inf")}
        for _ in range(ROUNDS[scale.name]):
            for name, read in (("ours", ours), ("baseline", baseline)):
                with stopwatch() as elapsed:
                    read(path)
                best[name] = min(best[name], elapsed[0])
        peak_ours, peak_baseline = peak_megabytes(ours, path), peak_megabytes(baseline, path)
    note = f"{megabytes:.1f} MB file, {count:,} documents"
    return [
        Measurement("readers", "peak memory reading a JSON Lines file", peak_ours, peak_baseline, "MB",
                    target=0.1, higher_is_better=False, note=note),
        Measurement("readers", "JSON Lines read throughput", megabytes / best["ours"],
                    megabytes / best["baseline"], "MB/s", note="ours also decodes each line and "
                    "checks size and language; for information"),
    ]
