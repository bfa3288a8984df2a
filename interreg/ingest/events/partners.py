"""Partners: the pairs of parties a document presents as cooperating.

Every pair that met, agreed or traded, plus the pairs a sentence ties together with a
partnership word (`data/partner_cues.tsv`: побратимы, партнёр, товарооборот…) when
they belong to different countries («товарооборот СКО с РФ»). Never two countries,
never a region and its own country.
"""

from __future__ import annotations

from functools import lru_cache

from interreg.ingest.analysis import Analysis, Sentence, Token
from interreg.ingest.facts import AgreementFact, MeetingFact, TradeFact
from interreg.ingest.lexicon import mapping
from interreg.ingest.events.modality import ancestors, has_lemma, is_negated, next_verb_negated
from interreg.ingest.events.parties import (DocumentContext, acceptable_pair, country_of, couples,
                                     drop_covered_countries, is_region, pair_up)


@lru_cache(maxsize=1)
def partner_cues() -> dict[str, str]:
    return mapping("partner_cues.tsv", "lemma", "country")


def tied_pairs(analysis: Analysis, context: DocumentContext) -> dict[tuple[str, str], bool]:
    """The two parties of different countries a sentence names with a partnership word,
    each with whether a country among them is a partner in its own right."""
    pairs: dict[tuple[str, str], bool] = {}
    for sentence in analysis.sentences:
        cues = {partner_cues()[cue] for t in sentence.tokens
                if (cue := _partner_cue(t)) and not _called_off(sentence, t)}
        if not cues:
            continue
        # «с российскими регионами» names no partner: a country counts by its name only.
        named = drop_covered_countries([m.iso for m in context.by_sentence[sentence.index]
                                        if not m.is_venue and not (m.via == "adjective" and not is_region(m.iso))])
        # Two parties of different countries, or couples named one after the other: a list
        # grouped by country («делегации Омской, Новосибирской, Павлодарской и Карагандинской
        # областей») does not say who partners with whom.
        for pair in couples(named):
            pairs[pair] = pairs.get(pair, False) or "own" in cues
    return pairs


def _partner_cue(token: Token) -> str | None:
    """The partnership word a token is; a compound by its last part («городами-побратимами»,
    whose lemma the tagger leaves as «городами-побратим»)."""
    cue = has_lemma(token, partner_cues())
    if cue is None and "-" in token.lemma:
        last = token.lemma.rsplit("-", 1)[1]
        cue = last if last in partner_cues() else None
    return cue


def _called_off(sentence: Sentence, word: Token) -> bool:
    """«подписание документа о сотрудничестве не состоится», «не стали сотрудничать»."""
    if is_negated(sentence, word):
        return True
    return any(token.pos == "NOUN" and next_verb_negated(sentence, token)
               for token in ancestors(sentence, word)[:3])


def find_partners(meetings: list[MeetingFact], agreements: list[AgreementFact],
                  trade: list[TradeFact], ties: dict[tuple[str, str], bool]) -> list[tuple[str, str]]:
    """`ties`: pairs tied by a partnership word, each with whether a country in it is a
    partner in its own right (see `tied_pairs`)."""
    pairs: set[tuple[str, str]] = set()
    for meeting in meetings:
        pairs.update(pair_up(meeting.parties))
    for agreement in agreements:
        pairs.update(pair_up(agreement.parties))
    for flow in trade:
        pairs.add(tuple(sorted((flow.exporter, flow.importer))))
    pairs.update(tie for tie, own in ties.items() if own or not _said_by_its_regions(tie, pairs))
    return sorted(p for p in pairs if acceptable_pair(*p))


def _said_by_its_regions(tie: tuple[str, str], pairs: set[tuple[str, str]]) -> bool:
    """«о сотрудничестве с Казахстаном» from a region that met, agreed or traded with
    regions of Kazakhstan: the country stands for those regions, not for a partner of its own."""
    if is_region(tie[0]) == is_region(tie[1]):
        return False
    region, country = tie if is_region(tie[0]) else (tie[1], tie[0])
    return any(region in pair and any(is_region(p) and country_of(p) == country for p in pair if p != region)
               for pair in pairs)
