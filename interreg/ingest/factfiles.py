"""Facts as files: one JSON object a document, in numbered partitions read back in order.

What distributed extraction writes (`interreg extract --scheduler … -o DIR`) and a later
load reads, so that a graph built from the files is the one a single process gives: the
partitions are read in the order of their numbers, the lines in the order written.
Unlike `interreg extract`'s gold-layout lines, a line here keeps everything a load needs,
the document's text included (its content hash is what recognises it later).

>>> from interreg.ingest.facts import Document, DocumentFacts
>>> facts = DocumentFacts(Document(id="d1", text="Текст.", published=date(2025, 4, 26)))
>>> facts_from_line(facts_to_line(facts)) == facts
True
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path

from interreg.ingest.facts import (AgreementFact, Document, DocumentFacts, Evidence, MeetingFact,
                                   OrganizationFact, PersonFact, Place, TopicFact, TradeFact)

PARTITION_NAME = "part-{:06d}.jsonl"
_PARTITION = re.compile(r"part-(\d{6})\.jsonl")

# the fact kinds of DocumentFacts and their dataclasses (partners are plain pairs)
_KINDS = {"regions": Place, "persons": PersonFact, "organizations": OrganizationFact,
          "meetings": MeetingFact, "agreements": AgreementFact, "trade": TradeFact, "topics": TopicFact}
_DATE_FIELDS = {"published", "date"}


def facts_to_line(facts: DocumentFacts) -> dict:
    """A JSON-ready dict of everything in `facts` (dates as ISO strings)."""
    return _dates_to_text(asdict(facts))


def facts_from_line(line: dict) -> DocumentFacts:
    """The `DocumentFacts` that `facts_to_line` wrote."""
    document = Document(**_with_dates(line["document"]))
    kinds = {}
    for kind, cls in _KINDS.items():
        items = []
        for item in line.get(kind) or []:
            item = _with_dates(item)
            if "evidence" in item:
                item["evidence"] = Evidence(**item["evidence"])
            items.append(cls(**item))
        kinds[kind] = items
    partners = [tuple(pair) for pair in line.get("partners") or []]
    return DocumentFacts(document=document, partners=partners, **kinds)


def write_partition(folder: Path, number: int, lines: Iterable[dict]) -> Path:
    """Write one partition atomically (a reader never sees half of it); its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / PARTITION_NAME.format(number)
    partial = path.with_suffix(".partial")
    with open(partial, "w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    os.replace(partial, path)
    return path


def partitions(folder: Path) -> list[Path]:
    """The partition files of a folder, in their order."""
    found = [(int(m.group(1)), path) for path in folder.iterdir()
             if (m := _PARTITION.fullmatch(path.name))]
    return [path for _, path in sorted(found)]


def read_partitions(folder: Path) -> Iterator[DocumentFacts]:
    """Every document's facts of a folder of partitions, in order."""
    for path in partitions(folder):
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield facts_from_line(json.loads(line))


def _dates_to_text(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _dates_to_text(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_dates_to_text(item) for item in value]
    return value


def _with_dates(item: dict) -> dict:
    item = dict(item)
    for name in _DATE_FIELDS & set(item):
        if item[name]:
            item[name] = date.fromisoformat(item[name])
    return item


assert {f.name for f in fields(DocumentFacts)} == {"document", "partners", *_KINDS}, \
    "factfiles must know every kind of fact"
