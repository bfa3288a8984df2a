"""Trade stated through the role of a side rather than a verb.

Statistics often name a side by what it is to the other: «главный покупатель —
Казахстан», «крупнейшими импортёрами стали Китай, Турция и Иран», «главным получателем
кемеровской лесопродукции стал Китай», «география экспорта была представлена Вьетнамом
(14%), Таджикистаном (12,9%)…». The role nouns and the side each names are
`data/trade_roles.tsv`. In such a sentence:

- the places predicated of the role noun — with no preposition, in the nominative or the
  instrumental, however many the list holds — take the role's side;
- the other side is a place on the goods («кемеровской лесопродукции»), a place
  «из/от», else the region the document is about (`document_side`);
- the goods are those of the sentence, else of the sentence before (the statistics
  usually follow the goods they count), else «other».
"""

from __future__ import annotations

from functools import lru_cache

from interreg.ingest.analysis import Sentence, Token
from interreg.ingest.events.modality import children
from interreg.ingest.events.parties import DocumentContext, PartyMention, acceptable_pair
from interreg.ingest.lexicon import table

# Cases in which a place is predicated of a role noun: «покупатель — Казахстан»,
# «покупателем стал Казахстан», «представлена Вьетнамом».
PREDICATE_CASES = frozenset({"Nom", "Ins", None})


@lru_cache(maxsize=1)
def role_words() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    single, double = {}, {}
    for row in table("trade_roles.tsv"):
        words = tuple(row["words"].split())
        if len(words) == 2:
            double[words] = row["side"]
        else:
            single[words[0]] = row["side"]
    return single, double


def role_noun(sentence: Sentence) -> tuple[Token, str] | None:
    """The first role noun of a sentence with the side it names."""
    single, double = role_words()
    tokens = sentence.tokens
    for token in tokens:
        for other in children(sentence, token) + tokens[token.id + 1:token.id + 2]:
            if (token.lemma, other.lemma) in double:
                return token, double[(token.lemma, other.lemma)]
        if token.lemma in single:
            return token, single[token.lemma]
    return None


def document_side(context: DocumentContext) -> str | None:
    """The region the document is about: the first region its first sentence (the
    headline) names as a side, else the region it names most."""
    sentences = context.by_sentence
    for mentions in sentences[:1]:
        for m in mentions:
            if "-" in m.iso and not m.is_venue:
                return m.iso
    return context.salience[0] if context.salience else None


def role_sides(sentence: Sentence, mentions: list[PartyMention], context: DocumentContext,
               on_goods) -> list[tuple[str, str]]:
    """(exporter, importer) pairs a role sentence states; [] when it is none.
    `on_goods(mention)`: whether a place modifies a goods word."""
    found = role_noun(sentence)
    if found is None:
        return []
    noun, side = found
    usable = [m for m in mentions if not m.dateline and not m.through_person]
    # «новгородской древесины»: the goods' maker (a place the parse merely hangs on the
    # goods, «древесины — Беларусь», is none)
    goods_places = [m for m in usable if on_goods(m) and m.head is not None and m.head.rel in ("amod", "nmod")]
    sources = [m for m in usable if m.preposition in ("из", "от", "с", "со") and m not in goods_places
               and not (m.head is not None and m.head.head == noun.id)]
    # «российских покупателей», «покупатели из Казахстана»: a place on the role noun is
    # whose role it is.
    own = [m.iso for m in usable if m.head is not None and m.head.head == noun.id]
    fillers = own + [m.iso for m in usable if m.preposition is None and m.case in PREDICATE_CASES
                     and m not in goods_places and m.head is not noun]
    fillers = list(dict.fromkeys(_only_region(f, context) for f in fillers))
    if not fillers:
        return []
    other = (goods_places[0].iso if goods_places else sources[0].iso if sources
             else document_side(context))
    if other is None:
        return []
    pairs = [(other, f) if side == "buyer" else (f, other) for f in fillers if f != other]
    return [p for p in pairs if acceptable_pair(*p)]



def _only_region(iso: str, context: DocumentContext) -> str:
    """«российские покупатели» in a document naming one Russian region: that region."""
    if "-" in iso:
        return iso
    regions = [r for r in context.salience if r.split("-")[0] == iso]
    return regions[0] if len(regions) == 1 else iso
