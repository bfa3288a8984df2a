"""What every benchmark hands back, and the table they are printed in.

>>> row = Measurement("jobs", "2 jobs : 1 job", ours=10.0, baseline=6.0, unit="documents/s",
...                   target=1.6, higher_is_better=True)
>>> round(row.ratio, 2), row.met
(1.67, True)
"""

from __future__ import annotations

import json
import math
import os
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev.jsonl"


@dataclass(frozen=True)
class Scale:
    """How big the inputs are: `full` for the targets, `small` so CI keeps every benchmark working."""

    name: str                 # "full" or "small"
    documents: int            # synthetic graph size, in documents' worth of facts (--documents N)
    corpus_repeat: int        # times the dev corpus is repeated for throughput runs
    view_nodes: int           # nodes of the big view
    query_samples: int        # runs of each canned query for p50/p95
    documents_option: int | None = None     # --documents N as given (None: each benchmark's own size)

    @property
    def small(self) -> bool:
        return self.name == "small"


SCALES = {
    "full": Scale("full", documents=100_000, corpus_repeat=4, view_nodes=2_000, query_samples=50),
    "small": Scale("small", documents=1_000, corpus_repeat=1, view_nodes=300, query_samples=5),
}


@dataclass
class Measurement:
    """One line of the table: ours against a baseline measured in the same run.

    `ratio` is ours / baseline. `target` is the least (or, with higher_is_better=False,
    the most) the ratio may be; None when the line is for information only. For an
    absolute target (a p95 in ms, a load in s) the baseline is the target itself and
    `unit` says what is compared.
    """

    benchmark: str
    what: str
    ours: float
    baseline: float
    unit: str
    target: float | None = None
    higher_is_better: bool = True
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        if self.baseline == 0:
            return math.inf if self.ours else 1.0
        return self.ours / self.baseline

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.ratio >= self.target if self.higher_is_better else self.ratio <= self.target

    def as_dict(self) -> dict:
        return {**asdict(self), "ratio": self.ratio, "met": self.met}


def format_table(rows: list[Measurement]) -> str:
    """The rows as an aligned text table; the last column says whether the target is met."""
    header = ("benchmark", "what", "ours", "baseline", "unit", "ratio", "target", "met")
    lines = []
    for row in rows:
        target = "" if row.target is None else ("≥ " if row.higher_is_better else "≤ ") + _number(row.target)
        met = {True: "yes", False: "NO", None: ""}[row.met]
        lines.append((row.benchmark, row.what, _number(row.ours), _number(row.baseline), row.unit,
                      _number(row.ratio), target, met))
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *lines)]
    out = ["  ".join(str(cell).ljust(width) for cell, width in zip(header, widths))]
    out.append("  ".join("-" * width for width in widths))
    out += ["  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)) for line in lines]
    notes = [f"  {row.benchmark} / {row.what}: {row.note}" for row in rows if row.note]
    if notes:
        out += ["", "notes:"] + notes
    return "\n".join(out)


def to_json(rows: list[Measurement]) -> str:
    return json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2, default=str)


def _number(value: float) -> str:
    if value is None:
        return ""
    if math.isinf(value):
        return "inf"
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """`with stopwatch() as elapsed: ...` then `elapsed[0]` is the seconds taken."""
    elapsed = [0.0]
    started = time.perf_counter()
    try:
        yield elapsed
    finally:
        elapsed[0] = time.perf_counter() - started


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile: `percentile([1, 2, 3, 4], 0.5) == 2`."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


class Unavailable(Exception):
    """A benchmark's input or service is missing (../shared, Neo4j, Chromium): skipped locally."""
