"""`interreg demo [-o DIR]`."""

from __future__ import annotations

from pathlib import Path

from interreg import demo


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "demo", help="ingest the bundled sample news and write the report and views",
        description="Ingest the bundled sample news into a fresh embedded store under DIR, "
                    "print the partners of the Bukhara region, and write the report and views.")
    parser.add_argument("-o", "--output", default=str(demo.DEFAULT_OUTPUT),
                        help=f"folder to write into (default: ./{demo.DEFAULT_OUTPUT})")
    parser.set_defaults(func=run_demo)


def run_demo(args) -> int:
    demo.run(Path(args.output))
    return 0
