"""Every benchmark still runs at its small sizes and reports sensible figures.

The figures themselves are not asserted (timings depend on the machine); that each
benchmark produces finite, positive measurements against its baseline is.
"""

from __future__ import annotations

import importlib
import math

import pytest

from bench.__main__ import BENCHMARKS
from bench.core import SCALES, Unavailable
from conftest import unavailable, wipe_neo4j

NEEDS_NEO4J = {"neo4j_load", "queries", "bulk"}


@pytest.mark.parametrize("name", BENCHMARKS)
def test_benchmark_runs_small(name, request, monkeypatch, tmp_path):
    monkeypatch.setenv("INTERREG_HOME", str(tmp_path / "home"))
    if name in NEEDS_NEO4J:
        # the session's server instead of a second one; the benchmark empties it first
        uri = request.getfixturevalue("neo4j_uri")
        wipe_neo4j(request.getfixturevalue("neo4j_driver"))
        monkeypatch.setenv("NEO4J_URI", uri)
    if name == "scale":
        monkeypatch.setenv("INTERREG_BENCH_SCALE_KEEP", str(tmp_path / "kept"))
    module = importlib.import_module(f"bench.{name}")
    try:
        rows = module.run(SCALES["small"])
    except Unavailable as missing:
        unavailable(f"benchmark {name}: {missing}")
    assert rows, f"benchmark {name} measured nothing"
    for row in rows:
        assert row.benchmark == name
        assert math.isfinite(row.ours) and row.ours > 0, row
        assert math.isfinite(row.baseline) and row.baseline > 0, row
        assert row.unit and row.what
    if name == "scale":
        # the import was kept: the same size again is a copy of it, not a second import
        first = next(row for row in rows if row.what.startswith("bulk import"))
        again = module._imported(SCALES["small"].documents, tmp_path / "again", tmp_path)
        assert again["reused"] and again["nodes"] == first.extra["nodes"] > 0
        assert (tmp_path / "again" / "data" / "databases").is_dir()
