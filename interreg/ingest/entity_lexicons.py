"""Reading the entity pass's lexicon files (`interreg/ingest/data/*.tsv`).

Every file starts with `#` comment lines that say what each column means, then a
header row, then one rule per line, tab-separated.

>>> rows("date_words.tsv")[0]["kind"]
'month'
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a lexicon file as dicts keyed by its header (empty cells are '')."""
    text = resources.files("interreg.ingest").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header = [column.strip() for column in lines[0].split("\t")]
    out = []
    for line in lines[1:]:
        cells = [cell.strip() for cell in line.split("\t")]
        cells += [""] * (len(header) - len(cells))
        out.append(dict(zip(header, cells)))
    return tuple(out)


def forms(cell: str) -> list[str]:
    """The comma-separated spellings of one cell, lower case, without blanks."""
    return [form.strip().lower() for form in cell.split(",") if form.strip()]
