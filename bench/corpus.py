"""The dev corpus as benchmark input: its documents, or a JSON Lines file of it repeated.

Copies get their own ids («a-002~2»), so each is a document of its own to the readers
and the store rather than a duplicate skipped on reading.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.core import DEV_CORPUS, Unavailable


def dev_corpus() -> Path:
    """The dev corpus file; Unavailable when ../shared is missing."""
    if not DEV_CORPUS.is_file():
        raise Unavailable(f"dev corpus not found at {DEV_CORPUS}")
    return DEV_CORPUS


def dev_documents(repeat: int = 1) -> list:
    """The dev corpus read as Documents, `repeat` times over (the same ids: for extraction only)."""
    from interreg.ingest.readers import Skipped, iter_documents

    documents = [item for item in iter_documents([str(dev_corpus())])
                 if not isinstance(item, Skipped) and item.text.strip()]   # natasha cannot tag an empty text
    if not documents:
        raise Unavailable(f"no documents read from {DEV_CORPUS}")
    return documents * repeat


def dev_records() -> list[dict]:
    """The dev corpus' JSON objects (with text); Unavailable when ../shared is missing."""
    records = []
    for line in dev_corpus().read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            if isinstance(record, dict) and str(record.get("text", "")).strip():
                records.append(record)
    if not records:
        raise Unavailable(f"no documents in {DEV_CORPUS}")
    return records


def repeated_corpus(folder: Path, repeat: int) -> tuple[Path, int]:
    """Write the dev corpus `repeat` times over into folder/corpus.jsonl: (its path, documents)."""
    records = dev_records()
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(1, repeat + 1):
            for record in records:
                record = dict(record, id=str(record["id"]) if copy == 1 else f"{record['id']}~{copy}")
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path, len(records) * repeat
