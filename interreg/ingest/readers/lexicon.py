"""The phrase lists the readers use, loaded from `interreg/ingest/data/readers_*.tsv`."""

from __future__ import annotations

from functools import cache
from importlib import resources


def _rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a data file, without comments and the header row."""
    text = resources.files("interreg.ingest").joinpath("data", name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return rows[1:]


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
