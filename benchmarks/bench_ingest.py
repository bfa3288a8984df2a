"""How fast news goes into the graph, and how much faster a repeated ingest is.

Ingests a folder of news (default: the bundled demo corpus, and the shared dev
corpus with the seed page when ../shared is there) into a fresh embedded store
three ways — first load, the same documents again (unchanged, recognised by
content hash) and again after every document changed — and prints seconds,
documents per second, the peak memory of the process, and the ratios:

    repeat : first    (far below 1: unchanged documents are not extracted again)
    changed : first   (every changed document is extracted again and replaced; the
                       morphology caches are warm by then, so it is below 1 too)

    .venv/bin/python benchmarks/bench_ingest.py [PATH ...]
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from interreg.graph.load import ingest
from interreg.graph.memory import MemoryStore
from interreg.ingest.extract import Extractor

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def default_inputs() -> list[Path]:
    inputs = [ROOT / "interreg" / "demo" / "news.jsonl"]
    for extra in (SHARED / "corpus" / "dev.jsonl", SHARED / "seeds" / "000_484d7a34880d4032.txt"):
        if extra.exists():
            inputs.append(extra)
    return inputs


def changed_copy(inputs: list[Path], folder: Path) -> list[Path]:
    """The same documents with one more sentence each, under the same ids."""
    copies = []
    for path in inputs:
        target = folder / path.name
        if path.suffix == ".jsonl":
            lines = []
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    record["text"] += "\nОбновлено редакцией."
                    lines.append(json.dumps(record, ensure_ascii=False))
            target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:
            target.write_text(path.read_text(encoding="utf-8") + "\nОбновлено редакцией.\n", encoding="utf-8")
        copies.append(target)
    return copies


def timed(paths, store, extractor):
    start = time.perf_counter()
    report = ingest(paths, store, progress=False, extractor=extractor)
    return time.perf_counter() - start, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args()
    inputs = args.paths or default_inputs()
    extractor = Extractor()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        store = MemoryStore(tmp / "home")
        # natasha's models load on first use: warm them so the first ingest measures work, not start-up
        ingest([ROOT / "interreg" / "demo" / "news.jsonl"], MemoryStore(tmp / "warm"), progress=False,
               extractor=extractor)
        first, report = timed(inputs, store, extractor)
        repeat, again = timed(inputs, store, extractor)
        copies_dir = tmp / "changed"
        copies_dir.mkdir()
        changed, replaced = timed(changed_copy(inputs, copies_dir), store, extractor)
    documents = report.new
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"inputs: {', '.join(str(p) for p in inputs)}")
    print(f"documents: {documents}")
    print(f"first ingest:    {first:7.2f} s  ({documents / first:6.1f} documents/s)")
    print(f"repeat ingest:   {repeat:7.2f} s  ({again.unchanged} unchanged)")
    print(f"changed ingest:  {changed:7.2f} s  ({replaced.changed} changed)")
    print(f"peak memory:     {peak_mb:7.0f} MB")
    print(f"ratio repeat : first  = {repeat / first:.3f}")
    print(f"ratio changed : first = {changed / first:.3f}")


if __name__ == "__main__":
    main()
