"""Reading the entity pass's lexicon files (`interreg/ingest/data/*.tsv`).

Every file starts with `#` comment lines that say what each column means, then a
header row, then one rule per line, tab-separated.

>>> rows("date_words.tsv")[0]["kind"]
'month'
"""

from __future__ import annotations

from interreg.tables import read_table


def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a lexicon file as dicts keyed by its header (empty cells are '')."""
    return tuple(read_table("interreg.ingest", f"data/{name}"))


def forms(cell: str) -> list[str]:
    """The comma-separated spellings of one cell, lower case, without blanks."""
    return [form.strip().lower() for form in cell.split(",") if form.strip()]
