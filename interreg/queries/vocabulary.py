"""One vocabulary for the words of query parameters: commodities, statuses, directions.

The graph stores English slugs (`textiles`, `signed`); analysts write what the views
and the report show them (текстиль, подписано) or plain English. `data/vocabulary.tsv`
lists every accepted word once, so the CLI, the views and the report agree.

>>> canonical("commodity", "Текстиль")
'textiles'
>>> canonical("status", "подписано")
'signed'
>>> canonical("status", "signed")
'signed'
>>> canonical("status", "посмотрим") is None
True
"""

from __future__ import annotations

from functools import lru_cache

from interreg.tables import read_table

KINDS = ("commodity", "status", "direction")


def _key(word: str) -> str:
    return " ".join(str(word).lower().replace("ё", "е").split())


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    """kind → {accepted word: stored value}; each value also names itself."""
    words: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    for row in read_table("interreg.queries", "data/vocabulary.tsv"):
        by_word = words.setdefault(row["kind"], {})
        for word in [row["value"], *row["names"].split("|")]:
            if word.strip():
                by_word.setdefault(_key(word), row["value"])
    return words


def values(kind: str) -> tuple[str, ...]:
    """The stored values of a kind, in the table's order: ('food', 'textiles', ...)."""
    return tuple(dict.fromkeys(_table()[kind].values()))


def canonical(kind: str, word: str) -> str | None:
    """The stored value a word means, or None when the vocabulary does not know it."""
    return _table()[kind].get(_key(word))


def names(kind: str, value: str) -> list[str]:
    """Every word accepted for `value` (the value itself first)."""
    return [word for word, meant in _table()[kind].items() if meant == value]
