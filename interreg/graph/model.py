"""Facts → graph rows, and the load/delete procedure both stores follow.

`document_rows(facts)` turns one `DocumentFacts` into plain rows: nodes
(`NodeRow`), events still to be matched against the graph (`EventRow`) and
relationships (`RelRow`). `upsert_facts(writer, batch)` and
`delete_document(writer, doc_id)` are the whole procedure: match events to
the ones already known, write, refresh event counts, drop what nothing refers
to any more, bring `PARTNER_OF` up to date. A store only supplies a `GraphWriter`,
i.e. how to read and write those rows, so the two stores cannot drift apart.

>>> from interreg.ingest.facts import Document, DocumentFacts, Place
>>> doc = Document(id="d1", text="…", outlet="ИА Омск")
>>> rows = document_rows(DocumentFacts(doc, regions=[Place("RU-OMS", "Омская область", "RU", "region")]))
>>> sorted(n.ref.key for n in rows.nodes)
['Country:RU', 'Document:d1', 'Region:RU-OMS']
>>> sorted(r.type for r in rows.relationships)
['MENTIONS', 'PART_OF']
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from typing import Iterable, NamedTuple, Protocol

from interreg.graph import identity
from interreg.graph.schema import NODES, RELATIONSHIPS, event_sort_key, outlet_id
from interreg.graph.store import LoadSummary
from interreg.ingest.facts import DocumentFacts

# Relationships that carry `docs`: the documents that support them.
PROVENANCE = tuple(t for t, rel in RELATIONSHIPS.items() if "docs" in rel.properties)
# Roles that make a place a side of an event (persons are participants).
PLACE_ROLES = ("party", "exporter", "importer")
# Relationships that do not keep a node alive: derived ones, and a region's link to its country.
IGNORED_WHEN_COLLECTING = {"Region": ("PARTNER_OF", "PART_OF")}
DEFAULT_IGNORED = ("PARTNER_OF",)
# What each report says of its event; the event takes them from its earliest report.
REPORTED_DETAILS = ("status", "kind", "amount", "currency")
# Order of garbage collection: a region goes before its country is checked.
COLLECTION_ORDER = ("Person", "Organization", "Commodity", "Topic", "Region", "Country")


class NodeRef(NamedTuple):
    # a named tuple rather than a frozen dataclass: rows are keyed by refs, and a tuple's
    # hashing and comparison run in C (a batch of 50 documents hashes some 100,000 of them)
    label: str
    id: str

    @property
    def key(self) -> str:
        """The node key of the embedded store, e.g. 'Region:UZ-BU'."""
        return f"{self.label}:{self.id}"


@dataclass
class NodeRow:
    ref: NodeRef
    properties: dict          # schema properties except the key; None = unknown


@dataclass
class EventRow:
    id: str                   # a local name until `resolve_events` gives the graph id
    type: str
    signature: str
    anchor: date | None
    properties: dict
    sentence: str = ""        # the report's sentence: an undated copy of a dated report shares it


@dataclass
class RelRow:
    type: str
    start: NodeRef
    end: NodeRef
    properties: dict


@dataclass
class DocumentRows:
    doc_id: str
    nodes: list[NodeRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    relationships: list[RelRow] = field(default_factory=list)


# --- merging: the same rules inside a batch and against the stored graph -------------

def merge_node_properties(old: dict, new: dict) -> dict:
    """What is known stays; what was unknown is filled in."""
    if old == new:          # the usual case: the same node named again
        return old
    merged = dict(old)
    for name, value in new.items():
        if merged.get(name) is None:
            merged[name] = value
    return merged


POSITION_SEPARATOR = "\t"     # between a document id and the position it gives, in HOLDS.positions


def position_vote(doc_id: str, position: str | None) -> str:
    return f"{doc_id}{POSITION_SEPARATOR}{position or ''}"


def shown_position(votes: Iterable[str]) -> str | None:
    """The position most documents give (ties: alphabetically first), whatever the loading order.

    >>> shown_position(["a\\tглава", "b\\tгубернатор", "c\\tгубернатор"])
    'губернатор'
    """
    tally: dict[str, int] = defaultdict(int)
    for vote in votes:
        position = vote.rsplit(POSITION_SEPARATOR, 1)[-1]
        if position:
            tally[position] += 1
    return min(tally, key=lambda p: (-tally[p], p)) if tally else None


def merge_relationship_properties(rel_type: str, old: dict, new: dict) -> dict:
    """Provenance lists are united; a document's mentions add up; a report keeps its first sentence;
    an office shows the position most of its documents give."""
    if rel_type == "HOLDS":
        votes = list(old.get("positions") or [])
        votes += [v for v in new.get("positions") or [] if v not in votes]
        docs = list(old.get("docs") or [])
        docs += [d for d in new.get("docs") or [] if d not in docs]
        return {"docs": docs, "positions": votes, "position": shown_position(votes)}
    if rel_type == "MENTIONS":
        return {"count": (old.get("count") or 0) + (new.get("count") or 0)}
    if rel_type == "REPORTED_IN":
        first, second = sorted((old, new), key=lambda p: p.get("start") or 0)
        dates = [d for d in (old.get("date"), new.get("date")) if d is not None]
        return {**first, "date": min(dates) if dates else None}
    merged = merge_node_properties(old, new)
    if "docs" in old or "docs" in new:
        merged["docs"] = list(old.get("docs") or [])
        merged["docs"] += [d for d in new.get("docs") or [] if d not in merged["docs"]]
    return merged


# The merges below never change a properties dict in place (merge_*_properties return a
# new dict, or one of those given), so a row seen once keeps its dict, uncopied; only the
# row objects are new.

def _merge_nodes(rows: Iterable[NodeRow]) -> list[NodeRow]:
    merged: dict[NodeRef, NodeRow] = {}
    for row in rows:
        known = merged.get(row.ref)
        if known is None:
            merged[row.ref] = NodeRow(row.ref, row.properties)
        else:
            known.properties = merge_node_properties(known.properties, row.properties)
    return list(merged.values())


def _merge_relationships(rows: Iterable[RelRow]) -> list[RelRow]:
    merged: dict[tuple, RelRow] = {}
    for row in rows:
        key = (row.type, row.start, row.end)
        known = merged.get(key)
        if known is None:
            merged[key] = RelRow(row.type, row.start, row.end, row.properties)
        else:
            known.properties = merge_relationship_properties(row.type, known.properties, row.properties)
    return list(merged.values())


# Property names of each label but its key, in schema order: what a node row carries.
_ROW_PROPERTIES = {label: tuple(p for p in node.properties if p != node.key) for label, node in NODES.items()}


# --- facts → rows -------------------------------------------------------------------

class _RowBuilder:
    def __init__(self, facts: DocumentFacts):
        self.facts = facts
        self.doc = NodeRef("Document", facts.document.id)
        self.rows = DocumentRows(facts.document.id)
        self.places = {p.iso: p for p in facts.regions}
        self.place_refs: dict[str, NodeRef] = {}
        self.person_ids: dict[str, str] = {}

    def node(self, label: str, node_id: str, **properties) -> NodeRef:
        ref = NodeRef(label, node_id)
        self.rows.nodes.append(NodeRow(ref, {name: properties.get(name) for name in _ROW_PROPERTIES[label]}))
        return ref

    def rel(self, rel_type: str, source: NodeRef, target: NodeRef, **properties) -> None:
        if rel_type in PROVENANCE:
            properties["docs"] = [self.doc.id]
        self.rows.relationships.append(RelRow(rel_type, source, target, properties))

    def mention(self, ref: NodeRef) -> NodeRef:
        self.rel("MENTIONS", self.doc, ref, count=1)
        return ref

    def place(self, iso: str) -> NodeRef:
        # the rows of a place are the same every time it is named: made once per document
        ref = self.place_refs.get(iso)
        if ref is None:
            ref = self.place_refs[iso] = self._new_place(iso)
        return ref

    def _new_place(self, iso: str) -> NodeRef:
        # the gazetteer's name first, so every document names a place the same way
        names = identity.place_names()
        known = self.places.get(iso)
        name = names.get(iso) or (known.name if known else None)
        if identity.place_label(iso) == "Country":
            return self.node("Country", iso, name=name)
        country = identity.country_of(iso)
        region = self.node("Region", iso, name=name, country=country)
        self.rel("PART_OF", region, self.node("Country", country, name=names.get(country)))
        return region

    def person(self, name: str) -> NodeRef:
        if name not in self.person_ids:     # named in an event, not among the persons
            self.person_ids[name] = identity.person_id(name, None)
            self.node("Person", self.person_ids[name], name=name)
        return NodeRef("Person", self.person_ids[name])

    def event(self, event_type: str, signature: str, explicit_date: date | None, evidence,
              **properties) -> NodeRef:
        local = f"{self.doc.id}#{len(self.rows.events)}"
        anchor = explicit_date or self.facts.document.published
        properties = {"type": event_type, "signature": signature, **properties}
        self.rows.events.append(EventRow(local, event_type, signature, anchor,
                                         {name: properties.get(name) for name in _ROW_PROPERTIES["Event"]},
                                         evidence.sentence))
        ref = NodeRef("Event", local)
        self.rel("REPORTED_IN", ref, self.doc, sentence=evidence.sentence, start=evidence.start,
                 end=evidence.end, date=explicit_date,
                 **{name: properties.get(name) for name in REPORTED_DETAILS})
        return ref

    def party(self, start: NodeRef, event: NodeRef, role: str) -> None:
        self.mention(start)
        self.rel("PARTY_TO", start, event, role=role)


def document_rows(facts: DocumentFacts) -> DocumentRows:
    """Nodes, events and relationships one document contributes (event ids still local)."""
    b = _RowBuilder(facts)
    doc = facts.document
    b.node("Document", doc.id, url=doc.url, title=doc.title, outlet=doc.outlet, town=doc.town,
           published=doc.published, hash=doc.content_hash, source=doc.source,
           publisher=identity.source_key(doc.outlet, doc.url, doc.id))

    for place in facts.regions:
        b.mention(b.place(place.iso))
    for person in facts.persons:
        person_id = identity.person_id(person.name, person.of)
        b.person_ids.setdefault(person.name, person_id)
        ref = b.mention(b.node("Person", person_id, name=person.name, first=person.first,
                               last=person.last, middle=person.middle))
        if person.of:
            b.rel("HOLDS", ref, b.mention(b.place(person.of)), position=person.position,
                  positions=[position_vote(doc.id, person.position)])
    for organization in facts.organizations:
        b.mention(b.node("Organization", identity.organization_id(organization.name),
                         name=organization.name))

    for meeting in facts.meetings:
        parties = sorted(set(meeting.parties))
        event = b.event("meeting", identity.event_signature("meeting", ",".join(parties)),
                        meeting.date, meeting.evidence, status="held")
        for iso in parties:
            b.party(b.place(iso), event, "party")
        for name in meeting.persons:
            b.party(b.person(name), event, "participant")

    for agreement in facts.agreements:
        parties = sorted(set(agreement.parties))
        signature = identity.event_signature("agreement", ",".join(parties),
                                             identity.agreement_family(agreement.kind), agreement.status)
        event = b.event("agreement", signature, agreement.date, agreement.evidence,
                        status=agreement.status, kind=agreement.kind)
        for iso in parties:
            b.party(b.place(iso), event, "party")

    for trade in facts.trade:
        if trade.exporter == trade.importer:
            continue
        signature = identity.event_signature("trade", trade.exporter, trade.importer, trade.commodity)
        event = b.event("trade", signature, None, trade.evidence, status=trade.status,
                        kind=trade.commodity, amount=trade.amount, currency=trade.currency)
        b.party(b.place(trade.exporter), event, "exporter")
        b.party(b.place(trade.importer), event, "importer")
        # the section of the commodity group, not of this flow's goods: the same for every report
        commodity = b.node("Commodity", trade.commodity,
                           hs_section=identity.commodity_sections().get(trade.commodity),
                           name=identity.commodity_names().get(trade.commodity, trade.commodity))
        b.rel("OF_COMMODITY", event, commodity)

    # A document's topics describe its events; without events they would hang loose.
    for topic in facts.topics:
        for event in b.rows.events:
            b.rel("ABOUT", NodeRef("Event", event.id), b.node("Topic", topic.id, name=topic.name))

    b.rows.nodes = _merge_nodes(b.rows.nodes)
    b.rows.relationships = _merge_relationships(b.rows.relationships)
    return b.rows


# --- values a store can index ------------------------------------------------------

# Neo4j refuses to index a value over 8 kB ("Property value is too large to index") and
# every node key and `indexed` property is indexed; 1,000 characters take at most 4,000
# bytes of UTF-8. No name or id of a real document comes near it.
MAX_INDEXED_CHARS = 1000


def too_large_reason(facts: DocumentFacts) -> str | None:
    """Why a document's rows cannot be stored (a key or indexed value over
    MAX_INDEXED_CHARS), or None. Checked before a batch is written, so one such document
    is skipped instead of costing the batch it is in.

    >>> from interreg.ingest.facts import Document, DocumentFacts
    >>> too_large_reason(DocumentFacts(Document(id="d" * 2000, text="…")))
    'Document id of 2,000 characters, over the limit of 1,000'
    """
    rows = document_rows(facts)
    for node in rows.nodes:
        values = [(NODES[node.ref.label].key, node.ref.id)]
        values += [(name, node.properties.get(name)) for name in NODES[node.ref.label].indexed]
        for name, value in values:
            if isinstance(value, str) and len(value) > MAX_INDEXED_CHARS:
                return f"{node.ref.label} {name} of {len(value):,} characters, over the limit of {MAX_INDEXED_CHARS:,}"
    for event in rows.events:
        if len(event.signature) > MAX_INDEXED_CHARS:
            return f"Event signature of {len(event.signature):,} characters, over the limit of {MAX_INDEXED_CHARS:,}"
    return None


# --- event identity across documents ------------------------------------------------
#
# Reports of one signature (type, parties, ...) are one event when their anchors (stated
# date, else publication date) chain within SAME_EVENT_DAYS of each other: the events of a
# signature are the connected runs of its dated reports, and each takes its id from its
# earliest anchor. An undated report joins the earliest dated event that has a report with
# the same sentence (a reprint without its date), else the signature's one undated event.
# Both depend only on which reports there are, never on the order they were loaded in:
# a report that bridges two events merges them, one that comes before an event renames it.

@dataclass
class KnownEvent:
    """A stored event as identity needs it: its anchors' span, its reports' sentences, and
    `copies`: document and sentence of each undated report it holds."""

    id: str
    signature: str
    anchor: date | None
    last: date | None = None
    sentences: frozenset[str] = frozenset()
    copies: tuple[tuple[str, str], ...] = ()

    @property
    def span_end(self) -> date | None:
        return self.last or self.anchor


@dataclass(frozen=True)
class EventProbe:
    """What a report asks of the stored events: those of its signature whose anchors come
    within SAME_EVENT_DAYS of its own, the signature's undated event (`undated_id`), and the
    dated events holding an undated copy of its sentence (it may be their earlier home); an
    undated report asks for the dated events holding its sentence instead of a window.

    >>> EventProbe.of("meeting", "meeting|RU-OMS,UZ-BU", date(2025, 4, 26)).low
    datetime.date(2025, 4, 23)
    """

    signature: str
    anchor: date | None
    undated_id: str
    sentence: str = ""

    @classmethod
    def of(cls, event_type: str, signature: str, anchor: date | None, sentence: str = "") -> EventProbe:
        return cls(signature, anchor, identity.event_id(event_type, signature, None), sentence)

    @property
    def low(self) -> date | None:
        return self.anchor - timedelta(days=identity.SAME_EVENT_DAYS) if self.anchor else None

    @property
    def high(self) -> date | None:
        return self.anchor + timedelta(days=identity.SAME_EVENT_DAYS) if self.anchor else None

    def wants(self, event: KnownEvent) -> bool:
        if event.id == self.undated_id:
            return True
        if event.signature != self.signature or event.anchor is None:
            return False
        if self.anchor is None:
            return self.sentence in event.sentences
        return ((event.anchor <= self.high and event.span_end >= self.low)
                or any(sentence == self.sentence for _, sentence in event.copies))


def event_probes(documents: Iterable[DocumentRows]) -> list[EventProbe]:
    return sorted({EventProbe.of(e.type, e.signature, e.anchor, e.sentence) for d in documents for e in d.events},
                  key=lambda p: (p.signature, p.anchor or date.min, p.sentence))


@dataclass(frozen=True)
class Move:
    """Reports to carry from one event to another (`docs`: those documents' reports; None:
    all of them). The target is made when missing; a source left without reports goes."""

    source: str
    target: str
    type: str
    signature: str
    docs: tuple[str, ...] | None = None


@dataclass
class EventPlan:
    ids: dict[str, str] = field(default_factory=dict)   # a new report's local id → its event id
    moves: list[Move] = field(default_factory=list)


def _event_type(signature: str) -> str:
    return signature.split("|", 1)[0]


def plan_events(reports: Iterable[EventRow], known: Iterable[KnownEvent]) -> EventPlan:
    """Which event each new report joins, and which stored events merge or are renamed.

    >>> sig = "meeting|A-1,B-2"
    >>> old = KnownEvent(identity.event_id("meeting", sig, date(2025, 4, 26)), sig, date(2025, 4, 26))
    >>> plan = plan_events([EventRow("d#0", "meeting", sig, date(2025, 4, 24), {})], [old])
    >>> plan.ids["d#0"] == identity.event_id("meeting", sig, date(2025, 4, 24)), plan.moves[0].source == old.id
    (True, True)
    """
    plan = EventPlan()
    new_by_signature: dict[str, list[EventRow]] = defaultdict(list)
    for report in reports:
        new_by_signature[report.signature].append(report)
    known_by_signature: dict[str, list[KnownEvent]] = defaultdict(list)
    for event in known:
        known_by_signature[event.signature].append(event)
    for signature in sorted(set(new_by_signature) | set(known_by_signature)):
        _plan_signature(signature, new_by_signature[signature], known_by_signature[signature], plan)
    return plan


def _plan_signature(signature: str, new: list[EventRow], known: list[KnownEvent], plan: EventPlan) -> None:
    event_type = _event_type(signature)
    # dated: known events are spans, new reports points; runs within SAME_EVENT_DAYS are one event
    items = [(e.anchor, e.span_end, e.id, e) for e in known if e.anchor is not None]
    items += [(r.anchor, r.anchor, r.id, r) for r in new if r.anchor is not None]
    items.sort(key=lambda item: item[:3])
    runs: list[list] = []
    reach = None
    for start, end, _, item in items:
        if runs and (start - reach).days <= identity.SAME_EVENT_DAYS:
            runs[-1].append(item)
            reach = max(reach, end)
        else:
            runs.append([item])
            reach = end
    homes: dict[str, str] = {}              # sentence → the earliest dated event holding it
    for run in runs:                        # in order of their earliest anchor
        first = min(item.anchor for item in run)
        event_id = identity.event_id(event_type, signature, first)
        for item in run:
            if isinstance(item, KnownEvent):
                if item.id != event_id:
                    plan.moves.append(Move(item.id, event_id, event_type, signature))
                for sentence in item.sentences:
                    homes.setdefault(sentence, event_id)
            else:
                plan.ids[item.id] = event_id
                homes.setdefault(item.sentence, event_id)
    undated_id = identity.event_id(event_type, signature, None)
    for report in new:
        if report.anchor is None:
            plan.ids[report.id] = homes.get(report.sentence, undated_id)
    for event in known:                     # copies go to their earliest home
        moving: dict[str, list[str]] = defaultdict(list)
        for doc_id, sentence in event.copies:
            target = homes.get(sentence, undated_id)
            if target != event.id and (event.anchor is None or target != undated_id):
                moving[target].append(doc_id)
        for target, docs in sorted(moving.items()):
            plan.moves.append(Move(event.id, target, event_type, signature, tuple(sorted(set(docs)))))


def plan_splits(reports: Iterable[tuple[str, str, str, date | None, str]]) -> list[Move]:
    """After documents went: the events whose remaining reports no longer chain, or whose
    earliest anchor changed, or whose undated copies lost their dated report, as moves.
    `reports`: (event id, signature, document id, anchor, sentence) of the surviving events.

    >>> sig = "meeting|A-1,B-2"
    >>> eid = identity.event_id("meeting", sig, date(2025, 4, 1))
    >>> moves = plan_splits([(eid, sig, "a", date(2025, 4, 1), "x"), (eid, sig, "b", date(2025, 5, 1), "y")])
    >>> [(m.docs, m.target == identity.event_id("meeting", sig, date(2025, 5, 1))) for m in moves]
    [(('b',), True)]
    """
    by_event: dict[str, list] = defaultdict(list)
    for report in reports:
        by_event[report[0]].append(report)
    moves = []
    for event_id, items in sorted(by_event.items()):
        signature = items[0][1]
        event_type = _event_type(signature)
        dated = sorted((anchor, doc_id, sentence) for _, _, doc_id, anchor, sentence in items if anchor)
        targets: dict[str, str] = {}            # document → the event its reports belong to
        homes: dict[str, str] = {}
        run_start = reach = None
        for anchor, doc_id, sentence in dated:
            if reach is None or (anchor - reach).days > identity.SAME_EVENT_DAYS:
                run_start = anchor
            reach = anchor if reach is None else max(reach, anchor)
            target = identity.event_id(event_type, signature, run_start)
            targets.setdefault(doc_id, target)
            homes.setdefault(sentence, target)
        undated_id = identity.event_id(event_type, signature, None)
        for _, _, doc_id, anchor, sentence in items:
            if anchor is None:
                targets.setdefault(doc_id, homes.get(sentence, undated_id))
        moving: dict[str, list[str]] = defaultdict(list)
        for doc_id, target in targets.items():
            if target != event_id:
                moving[target].append(doc_id)
        for target, docs in sorted(moving.items()):
            moves.append(Move(event_id, target, event_type, signature, tuple(sorted(docs))))
    return moves


@dataclass
class BatchRows:
    """The rows of a batch with graph event ids, merged so each node and edge appears once."""

    doc_ids: list[str]
    nodes: list[NodeRow]
    events: list[EventRow]
    relationships: list[RelRow]
    events_new: int = 0
    events_known: int = 0
    moves: list[Move] = field(default_factory=list)     # stored events merged or renamed first


def resolve_events(documents: list[DocumentRows], known: Iterable[KnownEvent]) -> BatchRows:
    """The batch's rows with graph event ids (`plan_events`), and the moves of stored events."""
    known = list(known)
    plan = plan_events((event for rows in documents for event in rows.events), known)
    stored = {event.id for event in known}
    seen: set[str] = set()
    events: list[EventRow] = []
    relationships: list[RelRow] = []
    events_new = events_known = 0
    for rows in documents:
        local_to_id = {event.id: plan.ids[event.id] for event in rows.events}
        for event in rows.events:
            events.append(EventRow(local_to_id[event.id], event.type, event.signature, event.anchor,
                                   event.properties, event.sentence))
        for event_id in set(local_to_id.values()):
            if event_id in stored or event_id in seen:
                events_known += 1
            else:
                events_new += 1
            seen.add(event_id)

        def graph_row(row: RelRow) -> RelRow:
            start, end = row.start, row.end
            if start.label != "Event" and end.label != "Event":
                return row          # the merge below makes new rows; this one stays untouched
            if start.label == "Event":
                start = NodeRef("Event", local_to_id[start.id])
            if end.label == "Event":
                end = NodeRef("Event", local_to_id[end.id])
            return RelRow(row.type, start, end, row.properties)

        mapped = map(graph_row, rows.relationships)
        if len(set(local_to_id.values())) < len(local_to_id):
            # two reports of the document are one event: merged per document first, so that
            # the document reports it once (document_rows already merged everything else)
            relationships += _merge_relationships(mapped)
        else:
            relationships += mapped

    merged_events: dict[str, EventRow] = {}
    for event in events:          # rows made above: merged in place
        known_row = merged_events.get(event.id)
        if known_row is None:
            merged_events[event.id] = event
        else:
            known_row.properties = merge_node_properties(known_row.properties, event.properties)
    return BatchRows(
        doc_ids=[rows.doc_id for rows in documents],
        nodes=_merge_nodes(node for rows in documents for node in rows.nodes),
        events=list(merged_events.values()),
        relationships=_merge_relationships(relationships),
        events_new=events_new, events_known=events_known, moves=plan.moves,
    )


# --- what is derived from the reports ------------------------------------------------

@dataclass
class Report:
    """One REPORTED_IN of an event, with what matters of its document."""

    event_id: str
    date: date | None          # the date the report gives
    published: date | None
    source: str                # identity.source_key of the document
    doc_id: str = ""
    start: int = 0
    details: dict = field(default_factory=dict)   # REPORTED_DETAILS as this report gives them


def event_summaries(reports: Iterable[Report]) -> dict[str, dict]:
    """What an event shows, from its reports alone (so it never depends on loading order):
    date (earliest stated), anchor and last_anchor (the span of its reports), day and sort_key
    (what the queries order by), undated_reports
    (copies without a date it holds), mentions, sources, and status, kind, amount, currency
    from the earliest report that gives each."""
    by_event: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        by_event[report.event_id].append(report)
    summaries = {}
    for event_id, items in by_event.items():
        explicit = [r.date for r in items if r.date]
        anchors = [r.date or r.published for r in items if r.date or r.published]
        undated = sum(1 for r in items if r.date is None and r.published is None)
        items.sort(key=lambda r: (r.date or r.published or date.max, r.doc_id, r.start))
        details = {name: next((r.details.get(name) for r in items if r.details.get(name) is not None), None)
                   for name in REPORTED_DETAILS}
        day = min(explicit) if explicit else min(anchors) if anchors else None
        summaries[event_id] = {
            "date": min(explicit) if explicit else None,
            "anchor": min(anchors) if anchors else None,
            "day": day, "sort_key": event_sort_key(day, event_id),
            "last_anchor": max(anchors) if anchors else None,
            "undated_reports": undated,
            "mentions": len(items),
            "sources": len({r.source for r in items}),
            **details,
        }
    return summaries


@dataclass
class EventParties:
    """An event as PARTNER_OF sees it: its places, its date and its documents' sources."""

    id: str
    type: str
    when: date | None           # the event date, else its anchor
    places: list[str]           # iso codes of the party places (party, exporter, importer)
    sources: set[str]


PARTNER_COUNTS = {"meeting": "meetings", "agreement": "agreements", "trade": "trade"}


def partner_pairs(places: Iterable[str]) -> list[tuple[str, str]]:
    """Region pairs (smaller id first) and region–country pairs; never country–country,
    never a region with its own country.

    >>> partner_pairs(["UZ-BU", "RU-OMS", "UZ", "RU"])
    [('RU-OMS', 'UZ-BU'), ('RU-OMS', 'UZ'), ('UZ-BU', 'RU')]
    """
    regions = sorted({p for p in places if identity.place_label(p) == "Region"})
    countries = sorted({p for p in places if identity.place_label(p) == "Country"})
    pairs = list(combinations(regions, 2))
    pairs += [(r, c) for r in regions for c in countries if identity.country_of(r) != c]
    return pairs


def partner_rows(events: Iterable[EventParties]) -> list[RelRow]:
    """The PARTNER_OF relationships the events imply."""
    tally: dict[tuple[str, str], dict] = {}
    for event in events:
        for pair in partner_pairs(event.places):
            entry = tally.setdefault(pair, {"events": defaultdict(set), "dates": [], "sources": set()})
            entry["events"][event.type].add(event.id)
            if event.when:
                entry["dates"].append(event.when)
            entry["sources"] |= event.sources
    rows = []
    for (start, end), entry in sorted(tally.items()):
        properties = {name: len(entry["events"][t]) for t, name in PARTNER_COUNTS.items()}
        properties.update(first=min(entry["dates"], default=None), last=max(entry["dates"], default=None),
                          sources=len(entry["sources"]), publishers=sorted(entry["sources"]))
        rows.append(_partner_row((start, end), properties))
    return rows


# --- the Outlet counters --------------------------------------------------------------

@dataclass
class OutletChange:
    """What a load or deletion did to the documents of one outlet: documents and reports
    added (negative: removed), publication dates of documents added and removed."""

    id: str
    name: str | None
    documents: int = 0
    reports: int = 0
    added: list[date] = field(default_factory=list)
    removed: list[date] = field(default_factory=list)

    def row(self) -> dict:
        """The change as the stores apply it: the earliest and latest date added."""
        return {"id": self.id, "name": self.name, "documents": self.documents, "reports": self.reports,
                "first": min(self.added, default=None), "last": max(self.added, default=None),
                "removed": sorted(set(self.removed))}


class OutletTally:
    """Outlet changes gathered over one load or deletion, from what documents contribute
    (`GraphWriter.document_outlets`) before and after each step that changes it.

    >>> tally = OutletTally()
    >>> tally.add([("Омские новости", None, 3)], sign=1)
    >>> [(c.id, c.documents, c.reports) for c in tally.changes()]
    [('outlet:Омские новости', 1, 3)]
    """

    def __init__(self):
        self._by_id: dict[str, OutletChange] = {}

    def add(self, contributions: Iterable[tuple[str | None, date | None, int]], sign: int,
            documents: bool = True) -> None:
        """Count documents in (sign 1) or out (-1); with documents=False only their reports."""
        for outlet, published, reports in contributions:
            change = self._by_id.setdefault(outlet_id(outlet), OutletChange(outlet_id(outlet), outlet))
            change.reports += sign * reports
            if documents:
                change.documents += sign
                if published is not None:
                    (change.added if sign > 0 else change.removed).append(published)

    def changes(self) -> list[OutletChange]:
        return [change for _, change in sorted(self._by_id.items())
                if change.documents or change.reports or change.added or change.removed]


def least(a, b):
    """The smaller of two values, either of which may be None (then the other)."""
    return b if a is None else a if b is None else min(a, b)


def greatest(a, b):
    """The larger of two values, either of which may be None (then the other)."""
    return b if a is None else a if b is None else max(a, b)


def _move(writer: GraphWriter, moves: list[Move], tally: OutletTally) -> None:
    """`writer.move_reports`, counting the reports the documents involved lose (a moved
    report joins one the target event already has from that document)."""
    sources = {move.source for move in moves}
    docs = {doc for _, _, doc, _, _ in writer.event_reports(sources)}
    tally.add(writer.document_outlets(sorted(docs)), sign=-1, documents=False)
    writer.move_reports(moves)
    tally.add(writer.document_outlets(sorted(docs)), sign=1, documents=False)


def _partner_row(pair: tuple[str, str], properties: dict) -> RelRow:
    start, end = pair
    return RelRow("PARTNER_OF", NodeRef("Region", start), NodeRef(identity.place_label(end), end), properties)


# --- PARTNER_OF kept up to date batch by batch ---------------------------------------
#
# A pair's PARTNER_OF depends only on the events tying it: how many of each type, the
# earliest and latest of their dates, and the publishers of their reports (kept as the
# sorted list `publishers`; `sources` is its length). A load that only adds reports, makes
# events or carries reports between events of one signature (which tie the same pairs)
# changes it by what it did to those events: it is updated from the stored row and the
# events' states before and after the batch, without reading the pair's other events.
# A removed report may take a publisher away, and a date that leaves the earliest or
# latest end may leave it to any other event: those pairs are recomputed from their events.


class EventState(NamedTuple):
    """What PARTNER_OF takes from one stored event."""

    type: str
    when: date | None             # the event date, else its anchor
    places: tuple[str, ...]       # iso codes of its party places (party, exporter, importer)


@dataclass
class PairChange:
    """What a batch did to the events tying one pair."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))   # events by type, +made −gone
    added: list[date] = field(default_factory=list)      # dates the pair's events have now (made or changed)
    removed: list[date] = field(default_factory=list)    # dates they had before (gone or changed)
    publishers: set[str] = field(default_factory=set)    # publishers of the batch's reports of them


def pair_changes(before: dict[str, EventState], after: dict[str, EventState],
                 publishers: dict[str, set[str]]) -> dict[tuple[str, str], PairChange]:
    """By pair, what changed between the `before` and `after` states of some events (an
    event missing from one was not there), `publishers` of the reports each event gained.

    >>> old = EventState("meeting", date(2025, 4, 26), ("RU-OMS", "UZ-BU"))
    >>> change = pair_changes({"m": old}, {"m": old._replace(when=date(2025, 4, 25))}, {"m": {"a"}})
    >>> c = change[("RU-OMS", "UZ-BU")]; dict(c.counts), c.removed, c.added, c.publishers
    ({'meeting': 0}, [datetime.date(2025, 4, 26)], [datetime.date(2025, 4, 25)], {'a'})
    """
    changes: dict[tuple[str, str], PairChange] = defaultdict(PairChange)
    for event_id in sorted(set(before) | set(after)):
        old, new = before.get(event_id), after.get(event_id)
        gained = publishers.get(event_id, set())
        if old == new and not gained:
            continue
        if old is not None:
            for pair in partner_pairs(old.places):
                change = changes[pair]
                change.counts[old.type] -= 1
                if old.when is not None:
                    change.removed.append(old.when)
        if new is not None:
            for pair in partner_pairs(new.places):
                change = changes[pair]
                change.counts[new.type] += 1
                if new.when is not None:
                    change.added.append(new.when)
                change.publishers |= gained
    return dict(changes)


class _Unknown:
    """What the stored row and a change cannot tell: the pair must be recomputed."""


UNKNOWN = _Unknown()


def _extreme(stored: date | None, change: PairChange, pick) -> date | None | _Unknown:
    """The earliest (`pick`=min) or latest (max) date after `change`. When a removed date
    is the stored extreme, other events may share it or not: only an added date at or
    beyond it settles the answer."""
    added = pick(change.added) if change.added else None
    if not change.removed:
        known = [d for d in (stored, added) if d is not None]
        return pick(known) if known else None
    if stored is None or pick(*change.removed, stored) != stored or stored in change.removed:
        if added is not None and stored is not None and pick(added, stored) == added:
            return added
        return UNKNOWN
    return stored if added is None else pick(stored, added)


def changed_partner(stored: dict | None, change: PairChange) -> dict | None | _Unknown:
    """The PARTNER_OF properties of a pair after `change`, from its `stored` ones (None:
    it had none); None when no event ties the pair any more; UNKNOWN when only a
    recomputation can tell (an extreme date left, or a row stored before `publishers`).

    >>> change = PairChange(added=[date(2025, 4, 26)], publishers={"a"}); change.counts["trade"] = 1
    >>> changed_partner(None, change)["trade"], changed_partner(None, change)["first"]
    (1, datetime.date(2025, 4, 26))
    """
    if stored is None:
        stored = {name: 0 for name in PARTNER_COUNTS.values()} | {"first": None, "last": None, "publishers": []}
    if stored.get("publishers") is None:
        return UNKNOWN
    counts = {name: (stored.get(name) or 0) + change.counts.get(event_type, 0)
              for event_type, name in PARTNER_COUNTS.items()}
    if min(counts.values()) < 0:
        return UNKNOWN
    if not any(counts.values()):
        return None
    first, last = _extreme(stored.get("first"), change, min), _extreme(stored.get("last"), change, max)
    if first is UNKNOWN or last is UNKNOWN:
        return UNKNOWN
    publishers = sorted(set(stored["publishers"]) | change.publishers)
    return {**counts, "first": first, "last": last, "sources": len(publishers), "publishers": publishers}


# --- the procedure -------------------------------------------------------------------

@dataclass
class Removal:
    """What removing a document left to tidy: events it reported that survive,
    nodes that may no longer be referred to, and the partner pairs its events tied
    before the removal (their PARTNER_OF may change or go)."""

    events: set[str] = field(default_factory=set)
    candidates: set[NodeRef] = field(default_factory=set)
    pairs: set[tuple[str, str]] = field(default_factory=set)

    def add_pairs(self, event_places: Iterable[list[str]]) -> None:
        for places in event_places:
            self.pairs.update(partner_pairs(places))


class GraphWriter(Protocol):
    """The primitives a store supplies, all within one write transaction."""

    def present_documents(self, doc_ids: list[str]) -> set[str]: ...

    def present_and_known(self, doc_ids: list[str],
                          probes: list[EventProbe]) -> tuple[set[str], list[KnownEvent]]:
        """`present_documents` and `known_events` at once (what a batch reads before writing)."""

    def remove_document(self, doc_id: str) -> Removal:
        """Delete the document, its REPORTED_IN and MENTIONS, its id from `docs` lists
        (relationships left without docs go) and the events left without reports
        (their neighbours become candidates, as do the nodes it mentioned)."""

    def known_events(self, probes: list[EventProbe]) -> list[KnownEvent]:
        """Every stored event some probe wants (see EventProbe)."""

    def event_reports(self, event_ids: set[str]) -> list[tuple[str, str, str, date | None, str]]:
        """(event id, signature, document id, anchor, sentence) of every report of those events."""

    def move_reports(self, moves: list[Move]) -> None:
        """Carry reports between events (see Move): REPORTED_IN, and the moved documents'
        share of PARTY_TO, OF_COMMODITY and ABOUT; a target is made when missing, a
        source left without reports is deleted."""

    def write(self, rows: BatchRows) -> None:
        """Merge nodes (filling unknown properties), events and relationships (uniting docs)."""

    def summarise_events(self, event_ids: set[str]) -> dict[str, EventState]:
        """Set each of those events' `event_summaries` from its reports; return their
        states afterwards, as `event_states`."""

    def collect(self, label: str, ids: set[str]) -> set[str]:
        """Delete those nodes of `label` nothing refers to any more (see
        IGNORED_WHEN_COLLECTING); return the countries of the regions deleted."""

    def event_states(self, event_ids: set[str]) -> dict[str, EventState]:
        """The state of each of those events still there, by id."""

    def partner_summaries(self, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], dict]:
        """The stored PARTNER_OF properties of those pairs that have one."""

    def write_partners(self, rows: list[RelRow], gone: set[tuple[str, str]]) -> None:
        """Give these PARTNER_OF exactly the rows' properties (made when missing); delete those of `gone`."""

    def refresh_partners(self, pairs: set[tuple[str, str]]) -> None:
        """Recompute the PARTNER_OF of these pairs from the events tying them now, as
        `partner_rows` does (a pair no event ties any more loses it)."""

    def document_outlets(self, doc_ids: Iterable[str]) -> list[tuple[str | None, date | None, int]]:
        """(outlet, published, number of REPORTED_IN) of each of those documents still there."""

    def update_outlets(self, changes: list[OutletChange]) -> None:
        """Apply the changes to the Outlet nodes (see OutletChange): an outlet left without
        documents goes; first and last are recomputed from its documents when a document
        giving one of them left."""

    def counts(self) -> dict[str, dict[str, int]]: ...


class StepwiseWriter:
    """`present_and_known` and `summarise_events` out of finer primitives, for a store
    where a step costs no round trip (the embedded one); Neo4j does each in one statement."""

    def present_and_known(self, doc_ids: list[str],
                          probes: list[EventProbe]) -> tuple[set[str], list[KnownEvent]]:
        return self.present_documents(doc_ids), self.known_events(probes)

    def summarise_events(self, event_ids: set[str]) -> dict[str, EventState]:
        self.set_event_summaries(event_summaries(self.reports(event_ids)))
        return self.event_states(event_ids)


def _tidy(writer: GraphWriter, events: set[str], candidates: set[NodeRef]) -> dict[str, EventState]:
    """Summarise the events, collect what nothing refers to any more; the events' states.
    Collecting never removes an event or a place that is a side of one, so the states
    read with the summaries are still those PARTNER_OF follows."""
    states = writer.summarise_events(events) if events else {}
    by_label: dict[str, set[str]] = defaultdict(set)
    for ref in candidates:
        by_label[ref.label].add(ref.id)
    for label in COLLECTION_ORDER:
        countries = writer.collect(label, by_label.get(label, set()))
        by_label["Country"] |= countries
    return states


def _pairs_of(states: Iterable[EventState]) -> set[tuple[str, str]]:
    return {pair for state in states for pair in partner_pairs(state.places)}


def _update_partners(writer: GraphWriter, before: dict[str, EventState], after: dict[str, EventState],
                     publishers: dict[str, set[str]], recompute: set[tuple[str, str]]) -> None:
    """PARTNER_OF after a batch: the pairs in `recompute` from their events; every other
    pair the events of `before`/`after` tie from its stored row and what the batch did
    to those events (`changed_partner`), or from its events when that cannot tell."""
    changes = {pair: change for pair, change in pair_changes(before, after, publishers).items()
               if pair not in recompute}
    recompute = set(recompute)
    stored = writer.partner_summaries(set(changes)) if changes else {}
    rows, gone = [], set()
    for pair, change in sorted(changes.items()):
        properties = changed_partner(stored.get(pair), change)
        if properties is UNKNOWN:
            recompute.add(pair)
        elif properties is None:
            if pair in stored:
                gone.add(pair)
        elif stored.get(pair) is None or any(stored[pair].get(k) != v for k, v in properties.items()):
            rows.append(_partner_row(pair, properties))
    if rows or gone:
        writer.write_partners(rows, gone)
    if recompute:
        writer.refresh_partners(recompute)


def _batch_publishers(rows: BatchRows) -> dict[str, set[str]]:
    """The publishers of the batch's reports, by event."""
    publisher = {node.ref.id: node.properties.get("publisher") for node in rows.nodes
                 if node.ref.label == "Document"}
    found: dict[str, set[str]] = defaultdict(set)
    for rel in rows.relationships:
        if rel.type == "REPORTED_IN":
            found[rel.start.id].add(publisher[rel.end.id])
    return found


def written_outlets(rows: BatchRows) -> list[tuple[str | None, date | None, int]]:
    """What the batch's documents contribute to their outlets once written, as
    `GraphWriter.document_outlets` would read it back: each one is new to the graph or was
    removed first, so its reports are the batch's REPORTED_IN rows into it (one a pair of
    event and document, as written). Saves a round trip a batch.

    >>> doc = NodeRef("Document", "d1")
    >>> rows = BatchRows(["d1"], [NodeRow(doc, {"outlet": "ИА Омск", "published": None})], [],
    ...                  [RelRow("REPORTED_IN", NodeRef("Event", "e1"), doc, {})])
    >>> written_outlets(rows)
    [('ИА Омск', None, 1)]
    """
    reports: dict[str, int] = defaultdict(int)
    for rel in rows.relationships:
        if rel.type == "REPORTED_IN":
            reports[rel.end.id] += 1
    return [(node.properties.get("outlet"), node.properties.get("published"), reports[node.ref.id])
            for node in rows.nodes if node.ref.label == "Document"]


def upsert_facts(writer: GraphWriter, batch: list[DocumentFacts]) -> LoadSummary:
    """Load a batch; a document already loaded is replaced by its new facts."""
    latest = {facts.document.id: facts for facts in batch}   # the last copy of a document wins
    documents = [document_rows(facts) for facts in latest.values()]
    probes = event_probes(documents)
    present, known = writer.present_and_known(list(latest), probes)
    events: set[str] = set()
    candidates: set[NodeRef] = set()
    pairs: set[tuple[str, str]] = set()
    outlets = OutletTally()
    if present:
        outlets.add(writer.document_outlets(sorted(present)), sign=-1)
    for doc_id in present:
        removal = writer.remove_document(doc_id)
        events |= removal.events
        candidates |= removal.candidates
        pairs |= removal.pairs
    if present:      # a removal may have split, deleted or changed events read before it
        events |= _split(writer, events, outlets)
        known = writer.known_events(probes)
    rows = resolve_events(documents, known)
    # the events the batch adds to or carries between; those of removed documents and
    # their pairs are recomputed instead
    touched = {e.id for e in rows.events} | {m.target for m in rows.moves} | {m.source for m in rows.moves}
    before = writer.event_states(touched - events)
    if rows.moves:
        _move(writer, rows.moves, outlets)
    writer.write(rows)
    outlets.add(written_outlets(rows), sign=1)
    after = _tidy(writer, events | touched, candidates)
    recompute = pairs | _pairs_of(after[e] for e in events if e in after)
    _update_partners(writer, before, {e: s for e, s in after.items() if e not in events},
                     _batch_publishers(rows), recompute)
    writer.update_outlets(outlets.changes())
    return LoadSummary(documents=len(latest), events_new=rows.events_new, events_known=rows.events_known)


def delete_document(writer: GraphWriter, doc_id: str) -> bool:
    """Remove what one document contributed; False when it is not loaded."""
    if not writer.present_documents([doc_id]):
        return False
    outlets = OutletTally()
    outlets.add(writer.document_outlets([doc_id]), sign=-1)
    removal = writer.remove_document(doc_id)
    events = removal.events | _split(writer, removal.events, outlets)
    after = _tidy(writer, events, removal.candidates)
    recompute = removal.pairs | _pairs_of(after.values())
    if recompute:
        writer.refresh_partners(recompute)
    writer.update_outlets(outlets.changes())
    return True


def _split(writer: GraphWriter, events: set[str], outlets: OutletTally) -> set[str]:
    """Re-form the events that lost reports (`plan_splits`); the events made or changed."""
    moves = plan_splits(writer.event_reports(events)) if events else []
    if moves:
        _move(writer, moves, outlets)
    return {move.target for move in moves} | {move.source for move in moves}


def empty_counts() -> dict[str, dict[str, int]]:
    """Every label and type of the schema at zero, so both stores answer the same keys."""
    return {"nodes": {label: 0 for label in NODES}, "relationships": {t: 0 for t in RELATIONSHIPS}}
