"""Legend colours and names, read from assets/palette.tsv.

>>> colour("country", "UZ")
'#1f77b4'
>>> label("commodity", "textiles")
'текстиль'
"""

from __future__ import annotations

from functools import lru_cache

from interreg.tables import read_table

# Colours for keys the table does not list (a new country, an analyst's own commodity):
# handed out in order of first use, so one page never gives two keys the same colour
# while unused ones remain.
SPARE_COLOURS = ("#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
                 "#e6550d", "#31a354", "#756bb1", "#636363", "#6baed6", "#fd8d3c")


@lru_cache(maxsize=1)
def table() -> dict[tuple[str, str], tuple[str, str]]:
    """{(kind, key): (colour, label)}."""
    return {(row["kind"], row["key"]): (row["colour"], row["label"])
            for row in read_table("interreg.viz", "assets/palette.tsv")}


def colour(kind: str, key: str | None) -> str | None:
    entry = table().get((kind, key or ""))
    return entry[0] if entry else None


def label(kind: str, key: str | None) -> str:
    entry = table().get((kind, key or ""))
    return entry[1] if entry else (key or "—")


class Colours:
    """Colours for one page: the table's where it has one, a spare one otherwise."""

    def __init__(self, kind: str):
        self.kind = kind
        self.assigned: dict[str, str] = {}

    def __call__(self, key: str | None) -> str:
        key = key or ""
        if key not in self.assigned:
            known = colour(self.kind, key)
            if known is None:
                used = set(self.assigned.values())
                spare = [c for c in SPARE_COLOURS if c not in used] or list(SPARE_COLOURS)
                known = spare[0]
            self.assigned[key] = known
        return self.assigned[key]
