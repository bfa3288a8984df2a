"""Extraction quality on a held-out set, scored by the shared scorer.

`tests/fixtures/heldout/heldout.jsonl` holds 30 invented news excerpts annotated by
`../shared/eval/GOLD.md`. They were written without looking at the extraction rules,
on regions, phrasings and commodities the dev corpus does not cover, so they measure
whether the rules generalise. The targets are the dev-set targets.

Run with `-s` to see the score table.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from interreg.ingest.extract import Extractor
from interreg.ingest.readers import Skipped, iter_documents

HELDOUT_PATH = Path(__file__).resolve().parent / "fixtures" / "heldout" / "heldout.jsonl"

TARGET_F1 = {"regions": 0.95, "persons": 0.85, "meetings": 0.75, "agreements": 0.75,
             "trade": 0.70, "partners": 0.85}
TARGET_POSITION_ACCURACY = 0.85


def load_scorer(shared_dir: Path):
    spec = importlib.util.spec_from_file_location("shared_score", shared_dir / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(path: Path) -> dict[str, dict]:
    """Facts per document id, passed through JSON as `interreg extract` writes them."""
    extractor = Extractor()
    predicted = {}
    for item in iter_documents([str(path)]):
        assert not isinstance(item, Skipped), item
        record = json.loads(json.dumps(extractor.extract(item).to_record(), ensure_ascii=False))
        predicted[record["id"]] = record["facts"]
    return predicted


def score_table(score, gold: dict, predicted: dict) -> tuple[dict, float, str]:
    """F1 per kind, position accuracy, and a printable table in the scorer's layout."""
    counts = {kind: [0, 0, 0] for kind in score.KINDS}
    position_hits = position_total = 0
    for doc_id, gold_facts in gold.items():
        facts = predicted.get(doc_id, {})
        for kind in score.KINDS:
            g, p = score.keys(kind, gold_facts), score.keys(kind, facts)
            counts[kind][0] += len(g & p)
            counts[kind][1] += len(p - g)
            counts[kind][2] += len(g - p)
        hits, total, _, _ = score.attribute_hits(gold_facts, facts)
        position_hits, position_total = position_hits + hits, position_total + total
    lines = [f"{'kind':<11} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn   ({len(gold)} documents)"]
    f1 = {}
    for kind in score.KINDS:
        precision, recall, f1[kind] = score.prf(*counts[kind])
        tp, fp, fn = counts[kind]
        lines.append(f"{kind:<11} {precision:6.3f} {recall:6.3f} {f1[kind]:6.3f}   {tp}/{fp}/{fn}")
    accuracy = position_hits / position_total if position_total else 0.0
    lines.append(f"position accuracy on matched persons: {accuracy:.3f}  ({position_hits}/{position_total})")
    return f1, accuracy, "\n".join(lines)


@pytest.fixture(scope="module")
def scores(shared_dir):
    score = load_scorer(shared_dir)
    gold = score.load(HELDOUT_PATH, "gold")
    assert len(gold) == 30
    predicted = predict(HELDOUT_PATH)
    assert set(predicted) == set(gold)
    f1, accuracy, table = score_table(score, gold, predicted)
    print("\nheld-out set\n" + table)
    return f1, accuracy


@pytest.mark.parametrize("kind", list(TARGET_F1))
def test_f1_target(scores, kind):
    f1, _ = scores
    assert f1[kind] >= TARGET_F1[kind], f"{kind} F1 {f1[kind]:.3f} < {TARGET_F1[kind]}"


def test_position_accuracy_target(scores):
    _, accuracy = scores
    assert accuracy >= TARGET_POSITION_ACCURACY, f"position accuracy {accuracy:.3f}"
