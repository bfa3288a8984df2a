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
    """The two parties of different countries a sentence names with a partnership word."""
    pairs: set[tuple[str, str]] = set()
    for sentence in analysis.sentences:
        if not any(t.lemma in partner_cues() for t in sentence.tokens):
            continue
        # «с российскими регионами» names no partner: a country counts by its name only.
        named = drop_covered_countries([m.iso for m in context.by_sentence[sentence.index]
                                        if not m.is_venue and not (m.via == "adjective" and not is_region(m.iso))])
        pairs.update(_named_pairs(named))
    return pairs


def _named_pairs(named: list[str]) -> list[tuple[str, str]]:
    """Two parties of different countries; or couples named one after the other
    («Гомельский облсовет и … Нижегородской области, а также Могилевский облисполком и
    … Новосибирской области»). A list grouped by country («делегации Омской, Новосибирской,
    Павлодарской и Карагандинской областей») does not say who partners with whom."""
    couples = [tuple(named[i:i + 2]) for i in range(0, len(named), 2)]
    if len(named) % 2 or any(country_of(a) == country_of(b) for a, b in couples):
        return []
    return [tuple(sorted(c)) for c in couples]


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
