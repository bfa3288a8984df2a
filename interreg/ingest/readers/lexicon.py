"""The phrase lists the readers use, loaded from `interreg/ingest/data/readers_*.tsv`."""

from __future__ import annotations

from functools import cache

from interreg.tables import read_table


def _rows(name: str) -> list[list[str]]:
    """The cells of each row of a data file, in column order."""
    return [list(row.values()) for row in read_table("interreg.ingest", f"data/{name}")]


@cache
def month_numbers() -> dict[str, int]:
    """Every spelling of a month, lower case → its number: {"апреля": 4, "апр": 4, ...}."""
    months = {}
    for number, forms in _rows("readers_months.tsv"):
        for form in forms.split(","):
            months[form.strip()] = int(number)
    return months


@cache
def markers(kind: str) -> tuple[str, ...]:
    """Phrases of one kind from readers_markers.tsv, longest first so a regex prefers them."""
    phrases = [phrase.strip() for row_kind, phrase in _rows("readers_markers.tsv") if row_kind == kind]
    if not phrases:
        raise KeyError(f"no {kind!r} phrases in readers_markers.tsv")
    return tuple(sorted(phrases, key=len, reverse=True))
