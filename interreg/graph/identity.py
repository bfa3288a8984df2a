"""How graph nodes get their ids, and when two event reports are one event.

Ids are deterministic, so loading the same facts twice lands on the same nodes:

>>> person_id("Виталий  Хоценко", "RU-OMS") == person_id("виталий хоценко", "RU-OMS")
True
>>> place_label("UZ-BU"), place_label("UZ")
('Region', 'Country')
>>> agreement_family("Соглашение о торгово-экономическом сотрудничестве")
'соглашение'
>>> same_event_dates(date(2025, 4, 26), date(2025, 4, 28)), same_event_dates(None, None)
(True, True)
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from interreg.tables import read_table

# Reports of one event published this many days apart (or naming dates this far apart)
# still describe that event: outlets pick a story up over a few days.
SAME_EVENT_DAYS = 3

_NOT_WORD = re.compile(r"[^\w\s-]+")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, ё→е, quotes and punctuation dropped, spaces collapsed."""
    text = text.lower().replace("ё", "е")
    text = _NOT_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _digest(*parts: str | None) -> str:
    joined = "\x1f".join(part or "" for part in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


def place_label(iso: str) -> str:
    """ISO 3166-2 codes (with a dash) are regions, alpha-2 codes are countries."""
    return "Region" if "-" in iso else "Country"


def country_of(iso: str) -> str:
    """The alpha-2 country of a region or country code: 'UZ-BU' → 'UZ'."""
    return iso.split("-", 1)[0]


def person_id(name: str, office_of: str | None) -> str:
    """The same name with the same office is the same person across documents."""
    return "person-" + _digest(normalise(name), office_of)


def organization_id(name: str) -> str:
    return "org-" + _digest(normalise(name))


def _read_table(filename: str) -> list[dict[str, str]]:
    return read_table("interreg.graph", f"data/{filename}")


@lru_cache(maxsize=None)
def _agreement_prefixes() -> tuple[tuple[str, str], ...]:
    rows = [(row["prefix"], row["family"]) for row in _read_table("agreement_kinds.tsv")]
    return tuple(sorted(rows, key=lambda pair: -len(pair[0])))


@lru_cache(maxsize=None)
def commodity_names() -> dict[str, str]:
    return {row["id"]: row["name"] for row in _read_table("commodities.tsv")}


@lru_cache(maxsize=None)
def commodity_sections() -> dict[str, str | None]:
    """The Harmonized System sections of each commodity group (e.g. food → 'I–IV')."""
    return {row["id"]: row["hs_section"] or None for row in _read_table("commodities.tsv")}


@lru_cache(maxsize=None)
def place_names() -> dict[str, str]:
    """Official Russian names of regions and countries, by iso, from the ingest gazetteer,
    so a place named only by its code (a country through PART_OF) still gets its name."""
    return {row["iso"]: row["name"] for row in read_table("interreg.ingest", "data/gazetteer.tsv")}


def agreement_family(kind: str | None) -> str:
    """The family an agreement kind belongs to (see data/agreement_kinds.tsv)."""
    kind = normalise(kind or "")
    for prefix, family in _agreement_prefixes():
        if kind.startswith(prefix):
            return family
    return kind.split(" ", 1)[0] if kind else ""


def event_signature(event_type: str, *parts: str | None) -> str:
    """What two reports must share to be one event, e.g. type and sorted parties."""
    return "|".join([event_type, *(part or "" for part in parts)])


def event_id(event_type: str, signature: str, anchor: date | None) -> str:
    return f"{event_type}-" + _digest(signature, anchor.isoformat() if anchor else None)


def same_event_dates(first: date | None, second: date | None) -> bool:
    """Dated reports match within SAME_EVENT_DAYS; undated ones only match undated ones."""
    if first is None or second is None:
        return first is None and second is None
    return abs((first - second).days) <= SAME_EVENT_DAYS


def source_key(outlet: str | None, url: str | None, doc_id: str) -> str:
    """Who published a document: its outlet, else its web site, else the document itself."""
    if outlet:
        return normalise(outlet)
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.removeprefix("www.")
    return f"document:{doc_id}"
