"""Reading the rule tables in `interreg/ingest/data/`.

Each table is a TSV file: lines starting with `#` describe the columns, the first
other line names them, every further line is one row.

>>> {"lemma": "встреча", "strength": "strong", "object": "-"} in table("meeting_cues.tsv")
True
>>> rows("date_words.tsv")[0]["kind"]
'month'
"""

from __future__ import annotations

from interreg.tables import read_table


def table(name: str) -> list[dict[str, str]]:
    """The rows of a data table as dicts keyed by column name."""
    return read_table("interreg.ingest", f"data/{name}")


def mapping(name: str, key: str, value: str) -> dict[str, str]:
    """One column of a table keyed by another: `mapping("trade_cues.tsv", "lemma", "role")`."""
    return {row[key]: row[value] for row in table(name)}


def column(name: str, key: str) -> frozenset[str]:
    """The set of values of one column."""
    return frozenset(row[key] for row in table(name))


def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a table as a tuple (empty cells are '')."""
    return tuple(table(name))


def forms(cell: str) -> list[str]:
    """The comma-separated spellings of one cell, lower case, without blanks."""
    return [form.strip().lower() for form in cell.split(",") if form.strip()]
