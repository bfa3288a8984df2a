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
    composite: tuple[tuple[str, ...], ...] = ()   # indexes on several properties at once


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
    # day: its date, else its anchor (what the queries show and filter as its date);
    # sort_key: never null, sorts as (day, id) with undated events last (`event_sort_key`):
    # the listings read their first rows in this order from its index or the (type, sort_key)
    # one, and weakly-sourced from the (sources, sort_key) one.
    NodeType("Event", ("id", "type", "date", "status", "kind", "mentions", "sources",
                       "amount", "currency", "signature", "anchor", "last_anchor", "undated_reports",
                       "day", "sort_key"),
             indexed=("type", "date", "signature", "sort_key"),
             composite=(("sources", "sort_key"), ("type", "sort_key"))),
    NodeType("Commodity", ("id", "name", "hs_section")),      # hs_section: the group's HS sections
    NodeType("Topic", ("id", "name")),
    # publisher: who published it (identity.source_key), what an event's `sources` counts
    NodeType("Document", ("id", "url", "title", "outlet", "town", "published", "hash", "source",
                          "publisher"),
             indexed=("hash", "outlet")),
    # The documents of one outlet (`name`: their `outlet`, null for documents without one),
    # counted at load time so that the corpus summary reads a few hundred nodes instead of
    # every document: documents, reports (REPORTED_IN into them), first and last publication.
    # Recomputed for the outlets each load or deletion touches (see `outlet_id`).
    NodeType("Outlet", ("id", "name", "documents", "reports", "first", "last")),
)}

# The Outlet id of documents without an outlet; the others' ids are "outlet:" + name.
NO_OUTLET_ID = "no outlet"
# What an undated event's sort_key starts with: after every ISO date.
UNDATED_SORT = "~"


def outlet_id(outlet: str | None) -> str:
    """The id of the Outlet node counting documents of `outlet`.

    >>> outlet_id("Омские новости"), outlet_id(None)
    ('outlet:Омские новости', 'no outlet')
    """
    return NO_OUTLET_ID if outlet is None else f"outlet:{outlet}"


def event_sort_key(day, event_id: str) -> str:
    """A key that sorts events by day, then id, undated ones last; never null, so an
    index on it holds every event.

    >>> from datetime import date
    >>> event_sort_key(date(2025, 4, 26), "meeting-1"), event_sort_key(None, "meeting-1")
    ('2025-04-26 meeting-1', '~ meeting-1')
    """
    return f"{day.isoformat() if day else UNDATED_SORT} {event_id}"


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
