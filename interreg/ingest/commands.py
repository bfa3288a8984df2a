"""`interreg extract` (facts per document as JSON Lines) and `interreg eval`
(extraction scored against a gold corpus with the shared scorer)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from interreg.errors import UserError

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DIR = REPO_ROOT.parent / "shared"
DEFAULT_GOLD = SHARED_DIR / "corpus" / "dev.jsonl"
SCORER = SHARED_DIR / "eval" / "score.py"


def register(subparsers) -> None:
    extract = subparsers.add_parser(
        "extract", help="extract facts from news, one JSON line per document",
        description="Read news (files, folders, globs: .txt, .jsonl, .html, aggregator pages) "
                    "and write each document's facts as one JSON line.")
    extract.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder or glob")
    extract.add_argument("-o", "--output", default="-", help="output file (default: - for stdout)")
    extract.set_defaults(func=run_extract)

    evaluate = subparsers.add_parser(
        "eval", help="score extraction against a gold corpus",
        description="Extract facts from a gold corpus and print the scorer's table.")
    evaluate.add_argument("--gold", default=str(DEFAULT_GOLD), help=f"gold JSON Lines (default: {DEFAULT_GOLD})")
    evaluate.add_argument("--scorer", default=str(SCORER), help="the scoring script")
    evaluate.add_argument("--per-doc", action="store_true", help="also list each document's misses")
    evaluate.set_defaults(func=run_eval)


@contextmanager
def _open_output(path: str):
    if path == "-":
        yield sys.stdout
        return
    target = Path(path)
    if target.parent and not target.parent.exists():
        raise UserError(f"cannot write {path}: folder {target.parent} does not exist")
    with target.open("w", encoding="utf-8") as fh:
        yield fh


def extract_to(inputs: list[str], out) -> tuple[int, int]:
    """Write one JSON line of facts per document read from `inputs`; report skipped
    inputs on stderr. Returns (documents written, inputs skipped)."""
    from interreg.ingest.extract import Extractor
    from interreg.ingest.readers import Skipped, iter_documents

    extractor = Extractor()
    written = skipped = 0
    for item in iter_documents(inputs):
        if isinstance(item, Skipped):
            skipped += 1
            print(f"interreg: skipped {item.source}: {item.reason}", file=sys.stderr)
            continue
        try:
            facts = extractor.extract(item)
        except Exception as exc:  # one unreadable text must not stop the batch
            skipped += 1
            print(f"interreg: skipped {item.source or item.id}: extraction failed "
                  f"({type(exc).__name__}: {exc})", file=sys.stderr)
            continue
        out.write(json.dumps(facts.to_record(), ensure_ascii=False) + "\n")
        written += 1
    return written, skipped


def run_extract(args: argparse.Namespace) -> int:
    with _open_output(args.output) as out:
        written, skipped = extract_to(args.inputs, out)
    where = "" if args.output == "-" else f" to {args.output}"
    print(f"interreg: extracted {written} document(s){where}, skipped {skipped}", file=sys.stderr)
    if written == 0 and skipped:
        return 1
    return 0


def run_eval(args: argparse.Namespace) -> int:
    gold, scorer = Path(args.gold), Path(args.scorer)
    if not gold.is_file():
        raise UserError(f"gold corpus not found: {gold}")
    if not scorer.is_file():
        raise UserError(f"scorer not found: {scorer}")
    with tempfile.TemporaryDirectory(prefix="interreg-eval-") as tmp:
        predictions = Path(tmp) / "predictions.jsonl"
        with predictions.open("w", encoding="utf-8") as out:
            written, _ = extract_to([str(gold)], out)
        print(f"interreg: extracted {written} document(s) from {gold}", file=sys.stderr)
        command = [sys.executable, str(scorer), str(gold), str(predictions)]
        if args.per_doc:
            command.append("--per-doc")
        result = subprocess.run(command, check=False)
    # The scores are for reading; only a scorer that could not run is a failure.
    return 0 if result.returncode == 0 else result.returncode
