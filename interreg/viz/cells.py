"""Query rows as the report shows them: Russian headings, names instead of ids, links.

The rows keep the graph's ids and English codes («person-bfd5…», «signed»); a
reader wants names and words. `present(rows)` gives the columns to show and each
cell as safe markup:

- a column of ids with a name column beside it (`assets/columns.tsv`) shows the
  name, the id in the cell's tooltip (a place keeps its code, small, after the name);
- an event id shows what and when («встреча 2025-04-26»), a list of event ids how
  many of each kind;
- statuses, event types, commodities and countries are written in words;
- a URL becomes a link when it is http or https, text otherwise.

>>> columns, cells = present([{"person": "person-1", "name": "Карим Юсупов", "status": "signed"}])
>>> [c.label for c in columns], [str(c) for c in cells[0]]
(['человек', 'статус'], ['<span title="person-1">Карим Юсупов</span>', 'подписано'])
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup

from interreg.tables import read_table
from interreg.viz import palette
from interreg.viz.markup import escape, link
from interreg.viz.views import place_name

LIST_SEPARATOR = "; "
EVENT_WORDS = {"meeting": "встреча", "agreement": "соглашение", "trade": "торговля"}
KIND_WORDS = {"Person": "человек", "Region": "регион", "Country": "страна", "Organization": "организация"}
PLACE_COLUMNS = {"region", "partner", "exporter", "importer"}
COUNTRY_COLUMNS = {"country", "region_country", "partner_country"}
PLACE_LISTS = {"counterparts", "parties", "partner_countries"}


@dataclass(frozen=True)
class Column:
    key: str           # the row's column
    label: str         # the heading shown
    numeric: bool      # sorted as numbers


@lru_cache(maxsize=1)
def _columns() -> dict[str, tuple[str, str]]:
    return {row["column"]: (row["label"], row["name_column"])
            for row in read_table("interreg.viz", "assets/columns.tsv")}


@lru_cache(maxsize=1)
def query_titles() -> dict[str, str]:
    return {row["query"]: row["description"] for row in read_table("interreg.viz", "assets/query_titles.tsv")}


def label(column: str) -> str:
    return _columns().get(column, (column.replace("_", " "), ""))[0]


def is_numeric(rows: list[dict], column: str) -> bool:
    values = [row.get(column) for row in rows if row.get(column) is not None]
    return bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def present(rows: list[dict]) -> tuple[list[Column], list[list[Markup]]]:
    """The columns to show and each row's cells (markup, everything from the rows escaped)."""
    if not rows:
        return [], []
    keys = list(rows[0])
    named = {key: _columns().get(key, ("", ""))[1] for key in keys}
    hidden = {name for key, name in named.items() if name and name in keys}
    if "path" in keys and "names" in keys:
        hidden.add("names")
    shown = [key for key in keys if key not in hidden]
    columns = [Column(key, label(key), is_numeric(rows, key) and key not in named_with(named, keys))
               for key in shown]
    return columns, [[cell(row, key, named.get(key)) for key in shown] for row in rows]


def named_with(named: dict[str, str], keys: list[str]) -> set[str]:
    """The id columns shown by the name beside them."""
    return {key for key, name in named.items() if name and name in keys}


def cell(row: dict, key: str, name_column: str | None = None) -> Markup:
    value = row.get(key)
    if value is None or value == "" or value == []:
        return Markup("")
    if name_column and name_column in row:
        return _named(value, row.get(name_column), key in PLACE_COLUMNS)
    if key == "url":
        return Markup(link(value))
    if key == "event":
        return _event(value, row)
    if key == "events" and isinstance(value, (list, tuple)):
        return _event_counts(value)
    if key == "path" and isinstance(value, (list, tuple)):
        names = row.get("names") or []
        shown = [n or i for i, n in zip(value, list(names) + [None] * len(value))]
        return Markup(escape(" → ".join(str(s) for s in shown)))
    if key in PLACE_LISTS and isinstance(value, (list, tuple)):
        return Markup(escape(LIST_SEPARATOR.join(_place_word(v) for v in value)))
    if key == "status":
        return Markup(escape(palette.label("status", value)))
    if key == "type":
        return Markup(escape(EVENT_WORDS.get(value, value)))
    if key == "commodity" or (key == "kind" and row.get("type") == "trade"):   # a flow's kind is its goods
        return Markup(escape(palette.label("commodity", value)))
    if key == "contact_kind":
        return Markup(escape(KIND_WORDS.get(value, value)))
    if key in COUNTRY_COLUMNS:
        return Markup(escape(palette.label("country", value)))
    return Markup(escape(text(value)))


def text(value) -> str:
    """A value as table text: lists joined, floats without a trailing `.0`."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(text(v) for v in value)
    if isinstance(value, float):
        return f"{value:,.0f}".replace(",", "\u00a0") if value.is_integer() else f"{value:g}"
    return str(value)


def _named(identifier, name, is_place: bool) -> Markup:
    if not name:
        return Markup(escape(text(identifier)))
    if is_place:
        return Markup(f'{escape(name)} <span class="code">{escape(identifier)}</span>')
    return Markup(f'<span title="{escape(identifier)}">{escape(name)}</span>')


def _event_word(event_id: str, row: dict | None = None) -> str:
    kind = (row or {}).get("type") or str(event_id).split("-", 1)[0]
    return EVENT_WORDS.get(kind, "событие")


def _event(event_id, row: dict) -> Markup:
    """«встреча 2025-04-26» with the id in the tooltip."""
    shown = " ".join(part for part in (_event_word(event_id, row), row.get("date") or "") if part)
    return Markup(f'<span class="event" title="{escape(event_id)}">{escape(shown)}</span>')


def _event_counts(event_ids) -> Markup:
    counts = Counter(_event_word(e) for e in event_ids)
    shown = LIST_SEPARATOR.join(f"{word}: {count}" for word, count in counts.most_common())
    return Markup(f'<span title="{escape(", ".join(map(str, event_ids)))}">{escape(shown)}</span>')


def _place_word(code) -> str:
    """A country code as its name; a region code stays (the tables name regions elsewhere)."""
    code = str(code)
    if "-" not in code:
        return palette.label("country", code)
    return place_name(code, {})
