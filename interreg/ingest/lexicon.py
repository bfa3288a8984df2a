"""Reading the rule tables in `interreg/ingest/data/`.

Each table is a TSV file: lines starting with `#` describe the columns, the first
other line names them, every further line is one row.

>>> rows = table("meeting_cues.tsv")
>>> {"lemma": "встреча", "strength": "strong"} in rows
True
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def _read(name: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    header, body = tuple(rows[0]), tuple(tuple(cell.strip() for cell in row) for row in rows[1:])
    for row in body:
        if len(row) != len(header):
            raise ValueError(f"{name}: row {row!r} does not have the columns {header!r}")
    return header, body


def table(name: str) -> list[dict[str, str]]:
    """The rows of a data table as dicts keyed by column name."""
    header, body = _read(name)
    return [dict(zip(header, row)) for row in body]


def mapping(name: str, key: str, value: str) -> dict[str, str]:
    """One column of a table keyed by another: `mapping("trade_cues.tsv", "lemma", "role")`."""
    return {row[key]: row[value] for row in table(name)}


def column(name: str, key: str) -> frozenset[str]:
    """The set of values of one column."""
    return frozenset(row[key] for row in table(name))
