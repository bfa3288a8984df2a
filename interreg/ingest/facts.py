"""The facts that extraction hands to the graph stage.

Plain dataclasses, nothing else: the ingest stage produces a `DocumentFacts`
for every document it reads, the graph stage turns it into nodes and
relationships. Every fact carries the `Evidence` it was read from, so an
analyst can always go back to the sentence behind an edge.

>>> doc = Document(id="d1", text="Омичи встретились с бухарцами.")
>>> DocumentFacts(document=doc).to_gold()["regions"]
[]
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Literal
from urllib.parse import urlsplit

PlaceKind = Literal["region", "country"]
AgreementStatus = Literal["signed", "approved", "planned"]
TradeStatus = Literal["actual", "planned"]


@dataclass
class Document:
    """One news text with what is known of where it came from."""

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    town: str | None = None
    published: date | None = None
    source: str | None = None  # the file (and item) it was read from

    def __post_init__(self) -> None:
        # a document without an outlet is credited to its web site, so every store, query
        # and view shows the same name for it («omsk.example.ru»)
        if not self.outlet:
            self.outlet = outlet_from_url(self.url)

    @property
    def content_hash(self) -> str:
        """Hash of everything extraction reads, to recognise an unchanged document."""
        h = hashlib.sha256()
        for part in (self.text, self.url, self.title, self.outlet, self.town,
                     self.published.isoformat() if self.published else None):
            h.update((part or "").encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


def outlet_from_url(url: str | None) -> str | None:
    """The host of an http(s) URL, without «www.»: the outlet of a page that names none.

    >>> outlet_from_url("https://www.Omsk.example.ru/news/1")
    'omsk.example.ru'
    >>> outlet_from_url("file:///tmp/a.txt") is None
    True
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.removeprefix("www.")


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from: `text[start:end] == sentence`."""

    doc_id: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Place:
    """A region or a country resolved against the gazetteer."""

    iso: str          # ISO 3166-2 for regions, ISO 3166-1 alpha-2 for countries
    name: str         # official Russian name, nominative
    country: str      # alpha-2 of the country (a country's own code for a country)
    kind: PlaceKind


@dataclass
class PersonFact:
    """A named person, with the office the text gives them."""

    name: str                 # «Имя Фамилия», nominative, middle name dropped
    first: str | None
    last: str | None
    middle: str | None
    position: str | None      # head of the title, nominative, lower case
    of: str | None            # iso of the region or country of that office
    evidence: Evidence


@dataclass
class OrganizationFact:
    name: str
    evidence: Evidence


@dataclass
class MeetingFact:
    parties: list[str]        # iso codes, sorted
    persons: list[str]        # names as in PersonFact.name
    date: date | None
    evidence: Evidence


@dataclass
class AgreementFact:
    parties: list[str]
    kind: str                 # document type phrase, nominative, lower case
    status: AgreementStatus
    date: date | None
    evidence: Evidence


@dataclass
class TradeFact:
    exporter: str             # iso
    importer: str             # iso
    commodity: str            # food, textiles, chemicals, timber, machinery, metals,
                              # energy, construction, pharma, vehicles, other
    hs_section: str | None    # Harmonized System section, roman numeral
    status: TradeStatus
    amount: float | None
    currency: str | None      # ISO 4217 (RUB, USD, UZS, KZT, BYN, ...)
    evidence: Evidence


@dataclass
class TopicFact:
    id: str                   # stable slug, e.g. "industry"
    name: str                 # Russian name, e.g. «промышленность»
    evidence: Evidence


@dataclass
class DocumentFacts:
    """Everything extracted from one document."""

    document: Document
    regions: list[Place] = field(default_factory=list)
    persons: list[PersonFact] = field(default_factory=list)
    organizations: list[OrganizationFact] = field(default_factory=list)
    meetings: list[MeetingFact] = field(default_factory=list)
    agreements: list[AgreementFact] = field(default_factory=list)
    trade: list[TradeFact] = field(default_factory=list)
    topics: list[TopicFact] = field(default_factory=list)
    partners: list[tuple[str, str]] = field(default_factory=list)  # sorted pairs

    def to_gold(self) -> dict:
        """The facts in the layout of the gold corpus (see docs/extraction.md)."""
        iso_date = lambda d: d.isoformat() if d else None  # noqa: E731
        return {
            "regions": [{"iso": p.iso, "name": p.name} for p in self.regions if p.kind == "region"],
            "persons": [{"name": p.name, "position": p.position, "of": p.of} for p in self.persons],
            "meetings": [{"parties": list(m.parties), "persons": list(m.persons), "date": iso_date(m.date)}
                         for m in self.meetings],
            "agreements": [{"parties": list(a.parties), "kind": a.kind, "status": a.status,
                            "date": iso_date(a.date)} for a in self.agreements],
            "trade": [{"from": t.exporter, "to": t.importer, "commodity": t.commodity} for t in self.trade],
            "partners": [list(p) for p in sorted(self.partners)],
        }

    def to_record(self) -> dict:
        """One JSON-ready line: the gold layout under `facts`, the full facts beside it."""
        full = asdict(self)
        doc = full.pop("document")
        doc.pop("text")
        return {"id": self.document.id, "facts": self.to_gold(), "document": _dates_to_iso(doc),
                "evidence": _dates_to_iso(full)}


def _dates_to_iso(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _dates_to_iso(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_dates_to_iso(v) for v in value]
    return value
