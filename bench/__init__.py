"""Benchmarks of interreg: each measures ours against a baseline in the same run and prints a ratio.

    .venv/bin/python -m bench              # every benchmark at full size, then a table
    .venv/bin/python -m bench --small      # the same at small sizes (CI runs this)
    .venv/bin/python -m bench queries jobs # just these

Each benchmark is a module of this package with `run(scale) -> list[Measurement]`;
`bench/__main__.py` lists them in the order they run.
"""
