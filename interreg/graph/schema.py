"""The graph model, declared once. Both stores take labels, keys and
constraints from here; docs/schema.md describes the same model for people.

>>> NODES["Region"].key
'id'
>>> EVENT_LABELS["meeting"]
'Meeting'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NodeType:
    label: str
    properties: tuple[str, ...]
    key: str = "id"
    indexed: tuple[str, ...] = ()   # further properties worth an index


@dataclass(frozen=True)
class RelType:
    type: str
    start: tuple[str, ...]          # allowed start labels
    end: tuple[str, ...]            # allowed end labels
    properties: tuple[str, ...] = ()


NODES: dict[str, NodeType] = {n.label: n for n in (
    NodeType("Region", ("id", "name", "country")),
    NodeType("Country", ("id", "name")),
    NodeType("Person", ("id", "name", "first", "last", "middle"), indexed=("name", "last")),
    NodeType("Organization", ("id", "name"), indexed=("name",)),
    # date: a date; status: signed|approved|planned for agreements, actual|planned for trade,
    # held for meetings; mentions: number of reports; sources: number of distinct outlets.
    # signature: what reports of one event share (type, parties, kind family...);
    # anchor, last_anchor: the earliest and latest dates its reports give, else their
    # publication dates: the span within which further reports join it; undated_reports:
    # how many of its reports give no date at all (reprints; see model.py).
    NodeType("Event", ("id", "type", "date", "status", "kind", "mentions", "sources",
                       "amount", "currency", "signature", "anchor", "last_anchor", "undated_reports"),
             indexed=("type", "date", "signature")),
    NodeType("Commodity", ("id", "name", "hs_section")),      # hs_section: the group's HS sections
    NodeType("Topic", ("id", "name")),
    # publisher: who published it (identity.source_key), what an event's `sources` counts
    NodeType("Document", ("id", "url", "title", "outlet", "town", "published", "hash", "source",
                          "publisher"),
             indexed=("hash",)),
)}

# Extra label an Event carries in Neo4j, by its `type`.
EVENT_LABELS: dict[str, str] = {"meeting": "Meeting", "agreement": "Agreement", "trade": "TradeFlow"}

PARTIES = ("Region", "Country", "Person", "Organization")
ENTITIES = ("Region", "Country", "Person", "Organization")

RELATIONSHIPS: dict[str, RelType] = {r.type: r for r in (
    RelType("PART_OF", ("Region",), ("Country",)),
    # docs: ids of the documents that support the edge (provenance, for deletion);
    # positions: each document's id and the position it gives (tab between); position: the most given
    RelType("HOLDS", ("Person",), ("Region", "Country", "Organization"), ("position", "docs", "positions")),
    # role: party | participant | exporter | importer
    RelType("PARTY_TO", PARTIES, ("Event",), ("role", "docs")),
    RelType("OF_COMMODITY", ("Event",), ("Commodity",), ("docs",)),
    RelType("ABOUT", ("Event",), ("Topic",), ("docs",)),
    # date: the date this report states; status, kind, amount, currency: what this report says
    # of the event (the event shows those of its earliest report that says anything)
    RelType("REPORTED_IN", ("Event",), ("Document",),
            ("sentence", "start", "end", "date", "status", "kind", "amount", "currency")),
    RelType("MENTIONS", ("Document",), ENTITIES, ("count",)),
    # derived, kept up to date by every load and deletion; stored one way (smaller id first);
    # publishers: the sorted publishers (Document.publisher) of its events' reports, sources their number
    RelType("PARTNER_OF", ("Region",), ("Region", "Country"),
            ("meetings", "agreements", "trade", "first", "last", "sources", "publishers")),
)}

# Relationships that hold facts from documents (not derived, not structural).
DERIVED = ("PARTNER_OF",)
