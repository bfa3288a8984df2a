"""The event rules: meetings, agreements, trade flows, topics and partner pairs of one document.

    Analysis ─ parties.DocumentContext   who the document is about, how mentions pair up
             ─ meetings.find_meetings     talks and visits that took place
             ─ agreements.find_agreements documents signed, approved or planned
             ─ trade.find_trade           goods moving from a seller to a buyer (goods: the commodity)
             ─ topics.find_topics         fields of cooperation
             ─ partners.find_partners     pairs tied by any of the above or by partnership words
             ─▶ Events

modality (negation, plans) is read by each rule; the rules' word lists are tables in
`interreg/ingest/data/`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interreg.ingest.analysis import Analysis
from interreg.ingest.events.agreements import find_agreements
from interreg.ingest.events.meetings import find_meetings
from interreg.ingest.events.parties import DocumentContext
from interreg.ingest.events.partners import find_partners, tied_pairs
from interreg.ingest.events.topics import find_topics
from interreg.ingest.events.trade import find_trade
from interreg.ingest.facts import AgreementFact, MeetingFact, TopicFact, TradeFact


@dataclass
class Events:
    """What the event rules found in one document."""
    meetings: list[MeetingFact] = field(default_factory=list)
    agreements: list[AgreementFact] = field(default_factory=list)
    trade: list[TradeFact] = field(default_factory=list)
    topics: list[TopicFact] = field(default_factory=list)
    partners: list[tuple[str, str]] = field(default_factory=list)     # sorted pairs


def find_events(analysis: Analysis) -> Events:
    """Every event rule over one document's entity analysis, in the order they depend on."""
    context = DocumentContext(analysis)
    meetings = find_meetings(analysis, context)
    agreements = find_agreements(analysis, context)
    trade = find_trade(analysis, context)
    partners = find_partners(meetings, agreements, trade, tied_pairs(analysis, context))
    return Events(meetings=meetings, agreements=agreements, trade=trade,
                  topics=find_topics(analysis), partners=partners)
