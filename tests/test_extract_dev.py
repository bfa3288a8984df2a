"""Extraction quality on the shared dev corpus, scored by the shared scorer.

These are the acceptance targets: F1 per kind of fact and position accuracy.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from interreg.ingest.extract import Extractor
from interreg.ingest.readers import Skipped, iter_documents

TARGET_F1 = {"regions": 0.95, "persons": 0.85, "meetings": 0.75, "agreements": 0.75,
             "trade": 0.70, "partners": 0.85}
TARGET_POSITION_ACCURACY = 0.85


def load_scorer(shared_dir):
    spec = importlib.util.spec_from_file_location("shared_score", shared_dir / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores(shared_dir):
    score = load_scorer(shared_dir)
    gold_path = shared_dir / "corpus" / "dev.jsonl"
    gold = score.load(gold_path, "gold")
    extractor = Extractor()
    predicted = {}
    for item in iter_documents([str(gold_path)]):
        assert not isinstance(item, Skipped), item
        # Through JSON, as `interreg extract` writes it.
        record = json.loads(json.dumps(extractor.extract(item).to_record(), ensure_ascii=False))
        predicted[record["id"]] = record["facts"]
    assert set(predicted) == set(gold)
    counts = {kind: [0, 0, 0] for kind in score.KINDS}
    position_hits = position_total = 0
    for doc_id, gold_facts in gold.items():
        for kind in score.KINDS:
            g, p = score.keys(kind, gold_facts), score.keys(kind, predicted[doc_id])
            counts[kind][0] += len(g & p)
            counts[kind][1] += len(p - g)
            counts[kind][2] += len(g - p)
        hits, total, _, _ = score.attribute_hits(gold_facts, predicted[doc_id])
        position_hits, position_total = position_hits + hits, position_total + total
    f1 = {kind: score.prf(*counts[kind])[2] for kind in score.KINDS}
    return f1, position_hits / position_total if position_total else 0.0


@pytest.mark.parametrize("kind", list(TARGET_F1))
def test_f1_target(scores, kind):
    f1, _ = scores
    assert f1[kind] >= TARGET_F1[kind], f"{kind} F1 {f1[kind]:.3f} < {TARGET_F1[kind]}"


def test_position_accuracy_target(scores):
    _, accuracy = scores
    assert accuracy >= TARGET_POSITION_ACCURACY, f"position accuracy {accuracy:.3f}"
