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
    extract.add_argument("-o", "--output", default="-",
                         help="output file (default: - for stdout); with --scheduler, a folder of partitions")
    add_max_chars_option(extract)
    add_scheduler_option(extract)
    extract.set_defaults(func=run_extract)

    evaluate = subparsers.add_parser(
        "eval", help="score extraction against a gold corpus",
        description="Extract facts from a gold corpus and print the scorer's table.")
    evaluate.add_argument("--gold", default=str(DEFAULT_GOLD), help=f"gold JSON Lines (default: {DEFAULT_GOLD})")
    evaluate.add_argument("--scorer", default=str(SCORER), help="the scoring script")
    evaluate.add_argument("--per-doc", action="store_true", help="also list each document's misses")
    evaluate.set_defaults(func=run_eval)


def add_max_chars_option(parser: argparse.ArgumentParser) -> None:
    """`--max-chars`, the longest document read, for every command that reads news."""
    from interreg.ingest.readers.limits import DEFAULT_MAX_CHARS, MAX_CHARS_ENV
    parser.add_argument("--max-chars", type=int, default=None, metavar="N",
                        help=f"skip documents longer than N characters "
                             f"(default: ${MAX_CHARS_ENV} or {DEFAULT_MAX_CHARS:,})")


def add_scheduler_option(parser: argparse.ArgumentParser) -> None:
    """`--scheduler`, extraction on a Dask cluster (interreg.ingest.distributed)."""
    from interreg.ingest.distributed import scheduler_option

    def checked(text: str) -> str:
        try:
            return scheduler_option(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    parser.add_argument("--scheduler", type=checked, default=None, metavar="ADDRESS",
                        help="extract on a Dask cluster: a scheduler address (tcp://host:8786) "
                             "or local:N for a local cluster of N worker processes")


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


def extract_to(inputs: list[str], out, max_chars: int | None = None) -> tuple[int, list, list]:
    """Write one JSON line of facts per document read from `inputs`.
    Returns (documents written, the `Skipped` inputs, the `Note`s on inputs read)."""
    from interreg.ingest.extract import Extractor
    from interreg.ingest.readers import Note, Skipped, iter_documents
    from interreg.ingest.workers import extract_one

    extractor = Extractor()
    written = 0
    skipped: list[Skipped] = []
    notes: list[Note] = []
    for item in iter_documents(inputs, max_chars=max_chars, on_note=notes.append):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        extracted = extract_one(extractor, item)      # one unreadable text must not stop the batch
        if extracted.error:
            skipped.append(Skipped(item.source or item.id, f"extraction failed ({extracted.error})"))
            continue
        out.write(json.dumps(extracted.facts.to_record(), ensure_ascii=False) + "\n")
        written += 1
    return written, skipped, notes


def extract_to_partitions(inputs: list[str], folder: Path, scheduler: str,
                          max_chars: int | None = None) -> tuple[int, list, list]:
    """Extract on a Dask cluster into `folder` as numbered partitions of fact lines
    (interreg.ingest.factfiles), one partition per cluster task, in input order."""
    from interreg.ingest.distributed import cluster_client, extracted_lines
    from interreg.ingest.factfiles import write_partition
    from interreg.ingest.readers import Note, Skipped, iter_documents

    if folder.exists() and not folder.is_dir():
        raise UserError(f"cannot write partitions into {folder}: it is a file")
    skipped: list[Skipped] = []
    notes: list[Note] = []

    def documents():
        for item in iter_documents(inputs, max_chars=max_chars, on_note=notes.append):
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                yield item

    written = 0
    with cluster_client(scheduler) as client:
        for number, lines in enumerate(extracted_lines(documents(), client)):
            for line in lines:
                if "error" in line:
                    document = line["document"]
                    skipped.append(Skipped(document.get("source") or document["id"],
                                           f"extraction failed ({line['error']})"))
            facts = [line["facts"] for line in lines if "facts" in line]
            write_partition(folder, number, facts)
            written += len(facts)
    return written, skipped, notes


def print_inputs(skipped: list, notes: list) -> None:
    """One line on stderr per input read with a note or skipped, starting with the input."""
    for item in (*notes, *skipped):
        print(item.line(), file=sys.stderr)


def run_extract(args: argparse.Namespace) -> int:
    from interreg.ingest.readers.limits import max_chars_setting
    from interreg.ingest.readers.outcome import batch_exit_status

    max_chars = max_chars_setting(args.max_chars)
    if args.scheduler:
        if args.output == "-":
            raise UserError("extract --scheduler writes a folder of partitions: name it with -o DIR")
        written, skipped, notes = extract_to_partitions(args.inputs, Path(args.output), args.scheduler, max_chars)
    else:
        with _open_output(args.output) as out:
            written, skipped, notes = extract_to(args.inputs, out, max_chars)
    where = "" if args.output == "-" else f" to {args.output}"
    print(f"interreg: extracted {written} document(s){where}, skipped {len(skipped)}", file=sys.stderr)
    print_inputs(skipped, notes)
    return batch_exit_status(written, len(skipped))


def run_eval(args: argparse.Namespace) -> int:
    gold, scorer = Path(args.gold), Path(args.scorer)
    if not gold.is_file():
        raise UserError(f"gold corpus not found: {gold}")
    if not scorer.is_file():
        raise UserError(f"scorer not found: {scorer}")
    with tempfile.TemporaryDirectory(prefix="interreg-eval-") as tmp:
        predictions = Path(tmp) / "predictions.jsonl"
        with predictions.open("w", encoding="utf-8") as out:
            written, skipped, notes = extract_to([str(gold)], out)
        print(f"interreg: extracted {written} document(s) from {gold}", file=sys.stderr)
        print_inputs(skipped, notes)
        command = [sys.executable, str(scorer), str(gold), str(predictions)]
        if args.per_doc:
            command.append("--per-doc")
        result = subprocess.run(command, check=False)
    # The scores are for reading; only a scorer that could not run is a failure.
    return 0 if result.returncode == 0 else result.returncode
