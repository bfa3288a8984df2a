"""Partners: the pairs of parties a document presents as cooperating.

Every pair that met, agreed or traded, plus the pairs a sentence ties together with a
partnership word (`data/partner_cues.tsv`: побратимы, партнёр, товарооборот…) when
they belong to different countries («товарооборот СКО с РФ»). Never two countries,
never a region and its own country.
"""

from __future__ import annotations

from functools import lru_cache

from interreg.ingest.analysis import Analysis
from interreg.ingest.facts import AgreementFact, MeetingFact, TradeFact
from interreg.ingest.lexicon import column
from interreg.ingest.parties import (DocumentContext, acceptable_pair, country_of,
                                     drop_covered_countries, is_region, pair_up)


@lru_cache(maxsize=1)
def partner_cues() -> frozenset[str]:
    return column("partner_cues.tsv", "lemma")


def tied_pairs(analysis: Analysis, context: DocumentContext) -> set[tuple[str, str]]:
    """Pairs of different countries' parties named in a sentence with a partnership word."""
    pairs: set[tuple[str, str]] = set()
    for sentence in analysis.sentences:
        if not any(t.lemma in partner_cues() for t in sentence.tokens):
            continue
        # «с российскими регионами» names no partner: a country counts by its name only.
        named = drop_covered_countries([m.iso for m in context.by_sentence[sentence.index]
                                        if not m.is_venue and not (m.via == "adjective" and not is_region(m.iso))])
        for a, b in pair_up(named):
            if country_of(a) != country_of(b):
                pairs.add((a, b))
    return pairs


def find_partners(meetings: list[MeetingFact], agreements: list[AgreementFact],
                  trade: list[TradeFact], ties: set[tuple[str, str]]) -> list[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set(ties)
    for meeting in meetings:
        pairs.update(pair_up(meeting.parties))
    for agreement in agreements:
        pairs.update(pair_up(agreement.parties))
    for flow in trade:
        pairs.add(tuple(sorted((flow.exporter, flow.importer))))
    return sorted(p for p in pairs if acceptable_pair(*p))
