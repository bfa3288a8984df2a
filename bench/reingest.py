"""Re-ingest: the unchanged corpus again against its first ingest, documents per second.

The dev corpus (repeated under new ids at full size) goes into a fresh embedded store;
then the same files again, through a new store object on the same folder as a new
`interreg ingest` would, where every document is recognised by its content hash and
not extracted. natasha is warmed up first, so the first ingest measures extraction
and loading, not loading the models. Target: ≥ 20× faster. For information, a third
run with every document changed (one sentence added): extracted again and replaced.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.core import Measurement, Scale, stopwatch
from bench.corpus import repeated_corpus

ROUNDS = 3          # of the re-ingest, which is quick: the best is kept


def changed_copy(corpus: Path, target: Path) -> Path:
    """The same documents, same ids, each with one sentence more."""
    with corpus.open(encoding="utf-8") as source, target.open("w", encoding="utf-8") as out:
        for line in source:
            record = json.loads(line)
            record["text"] += "\nОбновлено редакцией."
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return target


def run(scale: Scale) -> list[Measurement]:
    from interreg.graph.load import ingest
    from interreg.graph.memory import MemoryStore
    from interreg.ingest.extract import Extractor

    Extractor().load()
    with tempfile.TemporaryDirectory(prefix="interreg-bench-reingest-") as tmp:
        folder = Path(tmp)
        corpus, documents = repeated_corpus(folder, scale.corpus_repeat)
        home = folder / "home"
        with stopwatch() as first:
            report = ingest([corpus], MemoryStore(home), progress=False)
        assert report.new == documents, report.summary()
        again = []
        for _ in range(ROUNDS):
            with stopwatch() as elapsed:
                report = ingest([corpus], MemoryStore(home), progress=False)
            assert report.unchanged == documents, report.summary()
            again.append(elapsed[0])
        changed = changed_copy(corpus, folder / "changed.jsonl")
        with stopwatch() as replaced:
            report = ingest([changed], MemoryStore(home), progress=False)
        assert report.changed == documents, report.summary()

    repeat = min(again)
    return [
        Measurement("reingest", "unchanged again : first ingest", ours=documents / repeat,
                    baseline=documents / first[0], unit="documents/s", target=20.0,
                    note=f"{documents} documents, memory store: first {first[0]:.2f} s, "
                         f"again {repeat:.3f} s (best of {ROUNDS})",
                    extra={"documents": documents, "first_seconds": first[0], "again_seconds": again}),
        Measurement("reingest", "all changed : first ingest", ours=documents / replaced[0],
                    baseline=documents / first[0], unit="documents/s",
                    note="every document extracted again and its old facts replaced",
                    extra={"changed_seconds": replaced[0]}),
    ]
