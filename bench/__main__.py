"""Run the benchmarks and print one table: `python -m bench [--small] [--documents N] [--json FILE] [NAME ...]`."""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from dataclasses import replace

from bench.core import SCALES, Measurement, Unavailable, format_table, in_ci, to_json

# In the order they run; each name is a module of this package with run(scale).
BENCHMARKS = (
    "readers",        # a big JSON Lines file read as a stream against read whole
    "pages",          # article text of news pages: trafilatura against the former reader
    "extraction",     # our extraction against the bare natasha pipeline
    "jobs",           # interreg ingest --jobs 2 against --jobs 1
    "distributed",    # extraction on a Dask LocalCluster: 2 workers against 1, against --jobs 2
    "reingest",       # an unchanged corpus again against its first ingest
    "neo4j_load",     # our Neo4j load against a bare UNWIND of the same rows
    "bulk",           # a first import with Neo4j's bulk importer against upsert
    "queries",        # canned query latency on a synthetic graph, both stores; memory store load
    "scale",          # a big synthetic corpus bulk-loaded: every query's p50/p95, ingest on top of it
    "store",          # the embedded store's file: open against a pickle, size, per-batch write cost
    "view",           # a big view built, and opened in headless Chromium
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"some of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--small", action="store_true", help="small sizes: quick, for CI")
    parser.add_argument("--documents", type=int, metavar="N",
                        help="synthetic documents for the benchmarks that generate a corpus (queries, scale, bulk); "
                             "default: the scale's size (full 100,000, --small 1,000; bulk: 20,000, 300)")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    scale = SCALES["small" if args.small else "full"]
    if args.documents is not None:
        if args.documents < 1:
            parser.error("--documents must be at least 1")
        scale = replace(scale, documents=args.documents, documents_option=args.documents)

    rows: list[Measurement] = []
    failed: list[str] = []
    for name in args.names or BENCHMARKS:
        print(f"bench: {name} ({scale.name}) ...", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"bench.{name}")
            rows += module.run(scale)
        except Unavailable as missing:
            if in_ci():
                failed.append(name)
                print(f"bench: {name} cannot run: {missing} (CI=true: a failure)", file=sys.stderr)
            else:
                print(f"bench: {name} skipped: {missing}", file=sys.stderr)
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others' figures
            failed.append(name)
            traceback.print_exc()
            print(f"bench: {name} failed", file=sys.stderr)
    print(format_table(rows))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            out.write(to_json(rows))
    if failed:
        print(f"bench: failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
