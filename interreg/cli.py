"""The `interreg` command. Each stage adds its own sub-commands through a
`register(subparsers)` function in its `commands` module; they are composed here,
in pipeline order.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# ingest → graph → queries → viz
COMMAND_MODULES = (
    "interreg.ingest.commands",
    "interreg.graph.commands",
    "interreg.graph.export_commands",   # export: GraphML, GEXF, CSV
    "interreg.ingest.web.commands",   # sources: the outlets polled (poll itself loads: graph)
    "interreg.queries.commands",
    "interreg.viz.commands",
    "interreg.demo.commands",      # the sample run: ingest, query, report
)


from interreg.errors import UserError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interreg",
        description="Knowledge graph of interregional cooperation from Russian-language news.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def add_store_option(parser: argparse.ArgumentParser) -> None:
    """The `--store` option every command that reads or writes the graph takes."""
    parser.add_argument("--store", choices=("memory", "neo4j"), default=None,
                        help="where the graph lives (default: $INTERREG_STORE or memory)")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args) or 0
    except UserError as exc:
        print(f"interreg: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`interreg queries | head`): what it wanted it has. Point
        # stdout at nothing so the interpreter's final flush cannot fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
