"""Extraction quality on a fourth held-out set, written blind to the extraction rules.

`tests/fixtures/heldout4/heldout4.jsonl` holds 20 invented news excerpts in the style of
regional press services, agency wires and Central Asian outlets, annotated by
`../shared/eval/GOLD.md`. The set asks whether the rules tuned on the dev corpus carry over to unseen wording; the targets are
the dev corpus's own.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from interreg.ingest.extract import Extractor
from interreg.ingest.readers import Skipped, iter_documents

HELDOUT4 = Path(__file__).resolve().parent / "fixtures" / "heldout4" / "heldout4.jsonl"

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
    gold = score.load(HELDOUT4, "gold")
    extractor = Extractor()
    predicted = {}
    for item in iter_documents([str(HELDOUT4)]):
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
    accuracy = position_hits / position_total if position_total else 0.0
    print(f"\n{'kind':<11} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn   (heldout4, {len(gold)} documents)")
    for kind in score.KINDS:
        p, r, f = score.prf(*counts[kind])
        print(f"{kind:<11} {p:6.3f} {r:6.3f} {f:6.3f}   {'/'.join(map(str, counts[kind]))}")
    print(f"position accuracy on matched persons: {accuracy:.3f} ({position_hits}/{position_total})")
    return f1, accuracy


def test_fixture_follows_the_gold_layout():
    records = [json.loads(line) for line in HELDOUT4.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [r["id"] for r in records] == [f"m-{n:03d}" for n in range(1, 21)]
    for record in records:
        assert list(record) == ["id", "url", "published", "lang", "text", "gold"]
        assert 400 <= len(record["text"]) <= 1500, record["id"]
        partners = record["gold"]["partners"]
        assert partners == sorted(sorted(pair) for pair in partners), record["id"]


@pytest.mark.parametrize("kind", list(TARGET_F1))
def test_f1_target(scores, kind):
    f1, _ = scores
    assert f1[kind] >= TARGET_F1[kind], f"{kind} F1 {f1[kind]:.3f} < {TARGET_F1[kind]}"


def test_position_accuracy_target(scores):
    _, accuracy = scores
    assert accuracy >= TARGET_POSITION_ACCURACY, f"position accuracy {accuracy:.3f}"
