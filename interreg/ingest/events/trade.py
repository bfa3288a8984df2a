"""Trade flows: which side sells which goods to which.

A sentence is cut at its trade words (`data/trade_cues.tsv`), each piece starting
after the last clause break before its word; each piece holds one flow («Омская
область экспортирует в Узбекистан химическую продукцию…, | а импортирует оттуда
ткани…»; «…, | а гродненские предприятия — удобрения»). Within a piece:

- the importer is the place after «в/на» in the accusative («на рынки Ленинградской
  области», a dative recipient, «для томских предприятий» too), the exporter the
  place after «из/от/у»; «оттуда» is the previous piece's destination; a place
  «в» in the locative is the market (the buyer of a sale, the seller of a purchase);
- the grammatical agent (the subject, «омские предприниматели») is the exporter of
  an export word and the importer of an import word; a flow noun takes its seller
  from a place on the goods («закупки хабаровской древесины»), its agent from a
  place on anything else («поставку … оренбургских производителей»);
- «в обратном направлении», «обратно» swap the previous piece's sides (or the previous
  sentence's); «туда» is the previous piece's destination;
- «покупателем … остаётся X» makes X the importer; «металлопрокат с заводов Липецкой
  области» makes the makers' region the seller of those goods; a bare «край»,
  «область» is the document's region of that kind;
- «в регион», «в республику» stand for the document's main region; a side still
  missing is another party of the sentence, then of the sentences just before (of
  another country first); a flow that names neither side is left out.

The goods come from `goods.goods_in` (a flow noun's own phrase, or the whole
piece), less the words about who receives them or what for («прокат
машиностроительным заводам»); «его поставки» takes the goods named just before; a planned or possible flow («готовы поставлять», «будет поставляться») is
kept with status «planned».
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from interreg.ingest.analysis import Analysis, Sentence, Token
from interreg.ingest.facts import TradeFact
from interreg.ingest.entities.gazetteer import gazetteer
from interreg.ingest.entities.persons import persons_in
from interreg.ingest.events.roles import document_side, role_noun, role_sides
from interreg.ingest.events.goods import (amount_in, commodities, generic_goods, goods_in, measure_words,
                                          refers_back)
from interreg.ingest.lexicon import column, mapping, table
from interreg.ingest.events.modality import ancestors, children, has_lemma, is_planned, lemmas_of
from interreg.ingest.events.parties import (DESTINATION_PREPOSITIONS, SOURCE_PREPOSITIONS, DocumentContext, PartyMention, acceptable_pair, clause_of,
                                     country_of, is_region, place_nouns, preposition_of)

# The class of goods a flow names none of.
OTHER = ("other", "XX")
# «оттуда»: from the place just named.
FROM_THERE = frozenset({"оттуда"})
AGENT_RELS = frozenset({"nsubj", "nsubj:pass", "obl:agent"})
# Words after which a new clause, and so a new flow, may start.
CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "а", "но", "тогда"})
# «туда»: to the place just named.
TO_THERE = frozenset({"туда"})


@lru_cache(maxsize=1)
def trade_cues() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    single, double = {}, {}
    for lemmas, role in mapping("trade_cues.tsv", "lemma", "role").items():
        words = lemmas.split()
        if len(words) == 2:
            double[(words[0], words[1])] = role
        else:
            single[lemmas] = role
    return single, double


@lru_cache(maxsize=1)
def goods_in_object_only() -> frozenset[str]:
    """Trade words whose goods must be their direct object («реализовать продукцию»)."""
    return frozenset(r["lemma"] for r in table("trade_cues.tsv") if r["goods"] in ("object", "named"))


@lru_cache(maxsize=1)
def goods_named_as_subject() -> frozenset[str]:
    """Trade words whose goods may be their subject («в Цзилинь идут морепродукты»)."""
    return frozenset(r["lemma"] for r in table("trade_cues.tsv") if r["goods"] == "named")


@dataclass
class Piece:
    """The part of a sentence that one trade word governs."""

    cue: Token
    role: str                 # export | import | flow | import_flow | reverse
    tokens: list[Token]

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    def holds(self, mention: PartyMention) -> bool:
        return self.start <= mention.start and mention.end <= self.end


def cut_into_pieces(sentence: Sentence) -> list[Piece]:
    """One piece per trade word: from the word to the next one (the first piece also
    takes the words before its trade word)."""
    single, double = trade_cues()
    cues: list[tuple[Token, str]] = []
    tokens = sentence.tokens
    second_words: set[int] = set()
    for n, token in enumerate(tokens):
        nxt = tokens[n + 1] if n + 1 < len(tokens) else None
        if token.id in second_words:
            continue
        if nxt is not None and (token.lemma, nxt.lemma) in double:
            cues.append((token, double[(token.lemma, nxt.lemma)]))
            second_words.add(nxt.id)   # «встречные поставки» is one trade word
        elif lemma := has_lemma(token, single):
            # A word that mostly means something else is a trade word only with goods.
            if lemma not in goods_in_object_only() or _goods_objects(sentence, token, tokens, lemma):
                cues.append((token, single[lemma]))
    # «В обратном направлении в регион ввозят…»: a trade word in the same clause
    # says the direction itself.
    cues = [(cue, role) for i, (cue, role) in enumerate(cues)
            if not (role == "reverse" and i + 1 < len(cues)
                    and _clause_start(tokens, cue.id, cues[i + 1][0].id) == cues[i + 1][0].id)]
    # Each piece after the first starts after the last clause break before its trade
    # word: «…, | а оттуда в республику везут фрукты», «…, | а из ВКО в край вывозят…».
    # The first piece starts after a colon before its word: «Особый интерес у делегации
    # вызвало томское оборудование: | стороны обсудили его поставки…».
    first = max((t.id + 1 for t in tokens[:cues[0][0].id] if t.text == ":"), default=0) if cues else 0
    starts = [first] + [_clause_start(tokens, cues[i - 1][0].id, cues[i][0].id) for i in range(1, len(cues))]
    pieces = [Piece(cue=cue, role=role, tokens=tokens[starts[i]:starts[i + 1] if i + 1 < len(cues) else len(tokens)])
              for i, (cue, role) in enumerate(cues)]
    return [part for piece in pieces for part in _split_ellipsis(piece)]


def _split_ellipsis(piece: Piece) -> list[Piece]:
    """«Башкирия поставляет в Гродненскую область нефтепродукты, а гродненские
    предприятия — удобрения»: the dash stands for the same trade word."""
    tokens = piece.tokens
    for n in range(1, len(tokens) - 1):
        if tokens[n - 1].text != "," or tokens[n].id <= piece.cue.id:
            continue
        # «…, а гродненские предприятия — удобрения»; «…, из Казахстана — 156 тонн риса»
        conjoined = tokens[n].text == "а"
        begin = n + 1 if conjoined else n
        for m in range(begin, len(tokens) if conjoined else min(len(tokens), begin + 6)):
            if tokens[m].pos in ("VERB", "AUX") or (not conjoined and tokens[m].text == ","):
                break
            if tokens[m].text in ("—", "–") and m > begin:
                head = Piece(cue=piece.cue, role=piece.role, tokens=tokens[:n - 1 if not conjoined else n])
                rest = Piece(cue=tokens[m], role=piece.role, tokens=tokens[begin:])
                return [head] + _split_ellipsis(rest)
    return [piece]


def _clause_start(tokens: list[Token], previous_cue: int, cue: int) -> int:
    for n in range(cue - 1, previous_cue, -1):
        if tokens[n].text in CLAUSE_BREAKS:
            return n + 1
    return cue


def _agent(sentence: Sentence, cue: Token, mentions: list[PartyMention],
           piece: Piece | None = None) -> PartyMention | None:
    """The party doing the selling or buying: in the subject of the trade word (or of the
    verb it depends on or is coordinated with: «хатлонские партнёры готовы увеличить
    отгрузки»); failing the parse, a place word before the trade word in its own clause
    with no preposition («а тувинские угольные разрезы отгружают…»)."""
    chain = ancestors(sentence, cue)[:4]
    for n, verb in enumerate(chain):
        for dep in children(sentence, verb):
            if dep.rel in AGENT_RELS:
                inside = _in_subtree(sentence, dep, mentions)
                if len({country_of(m.iso) for m in inside}) > 1:
                    return None   # «Кузбасс и Павлодарская область расширят поставки»: both sides
                if inside:
                    return inside[0]
        objects = [d for d in children(sentence, verb) if d.rel == "obj"]
        if n == 0 and cue.pos == "VERB" and len(objects) > 1:
            # «Основные объёмы закупают хлебозаводы Ташкентской области»: a subject after
            # the verb the parse took for a second object; the one naming a place is it.
            holders = [d for d in objects if _in_subtree(sentence, d, mentions)
                       and not goods_in(sentence, [d])]
            inside = _in_subtree(sentence, holders[0], mentions) if len(holders) == 1 else []
            if inside and len({country_of(m.iso) for m in inside}) == 1:
                return inside[0]
        if n == 0 and piece is not None:
            # The subject of this very clause comes before a shared one of a clause
            # coordinated with it («…, а ташкентские фабрики отгружают…»).
            before = [m for m in mentions if piece.holds(m) and m.end <= cue.start
                      and m.preposition is None and m.case in ("Nom", None) and not m.through_person]
            if len({m.iso for m in before}) > 1:
                return None   # both sides before it: a mutual flow, direction unknown
            if before:
                return before[-1]
        # A trade noun is the object of the verb whose subject acts.
        climbing = ("conj", "xcomp", "acl", "advcl") + (("obj", "obl", "nmod") if n == 0 and cue.pos == "NOUN" else ())
        if verb.rel not in climbing:
            break
    return None


def coordinated(sentence: Sentence, mention: PartyMention, mentions: list[PartyMention]
                ) -> list[PartyMention]:
    """Other mentions joined to this one by «и» / a comma: «в Казахстан и Китай»,
    «Ташкентской и Самаркандской областей»."""
    if mention.head is None:
        return []

    def linked(a: Token, b: Token) -> bool:
        return (a.rel == "conj" and a.head == b.id) or (
            a.rel == "conj" and b.rel == "conj" and a.head == b.head)

    # «в Тульскую, Орловскую, Рязанскую и Калужскую области»: members written side by side,
    # however the parse hangs them; the chain runs on through each neighbour.
    chain = {id(mention)}
    grew = sentence is not None
    while grew:
        grew = False
        for m in mentions:
            if id(m) not in chain and any(_side_by_side(sentence, m, n) for n in mentions if id(n) in chain):
                chain.add(id(m))
                grew = True
    return [m for m in mentions if m is not mention and m.head is not None and m.iso != mention.iso
            and (linked(m.head, mention.head) or linked(mention.head, m.head) or id(m) in chain)]


def _one_list(sentence: Sentence, a: str, b: str, mentions: list[PartyMention]) -> bool:
    """Whether two places are members of one written list (side by side with commas and «и»)."""
    return any(m.iso == a and any(c.iso == b for c in coordinated(sentence, m, mentions)
                                  if _side_by_side_chain(sentence, m, c, mentions))
               for m in mentions)


def _side_by_side_chain(sentence: Sentence, a: PartyMention, b: PartyMention, mentions: list[PartyMention]) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    inner = sorted([m for m in mentions if first.start <= m.start <= second.start], key=lambda m: m.start)
    if len(inner) < 2 or not all(_side_by_side(sentence, x, y) for x, y in zip(inner, inner[1:])):
        return False
    # «между Хабаровским краем и Арменией» names two sides; «Курской и Белгородской
    # областей» (one noun for both), or a list with commas, names one
    shared_noun = first.head is not None and first.head.pos == "ADJ" and first.end - first.start == len(first.head.text)
    return len(inner) > 2 or shared_noun or "," in sentence.text[first.end - sentence.start:second.start - sentence.start]


def _side_by_side(sentence: Sentence, a: PartyMention, b: PartyMention) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    between = sentence.text[first.end - sentence.start:second.start - sentence.start].strip()
    return between in (",", "и", ", и")


@lru_cache(maxsize=1)
def direction_words() -> frozenset[str]:
    return column("direction_words.tsv", "lemma")


def _described_region(sentence: Sentence, mention: PartyMention, context: DocumentContext) -> PartyMention:
    """«ввоз монгольского мяса», «на запад Казахстана», «в Восточный Казахстан»: a country
    named on the goods or by a part of it, in a document that names just one region of that country, is that
    region. A plain «в Казахстан» stays the country."""
    if is_region(mention.iso) or mention.head is None or mention.head.head is None:
        return mention
    governor = sentence.tokens[mention.head.head]
    on_goods = mention.via == "adjective" and _on_goods(sentence, mention)
    part_of = (mention.case == "Gen" and governor.lemma in direction_words()) or any(
        c.rel == "amod" and c.lemma in direction_words() for c in children(sentence, mention.head))
    if not (on_goods or part_of):
        return mention
    # «Минский тракторный завод» names a company, not a region of the document
    as_region = {m.iso for mentions in context.by_sentence for m in mentions if not m.non_government}
    regions = [r for r in context.salience if country_of(r) == mention.iso and r in as_region]
    return replace(mention, iso=regions[0]) if len(regions) == 1 else mention


def _list_member(sentence: Sentence, mention: PartyMention) -> PartyMention:
    """«в ОАЭ, Россию, Казахстан и Беларусь»: a later member of a list takes the
    preposition of its first member (the parse hangs the others on it)."""
    if mention.preposition is not None or mention.head is None or mention.through_person:
        return mention
    token = mention.head
    while token.rel == "conj" and token.head is not None and token.head < token.id:
        token = sentence.tokens[token.head]
    if token is mention.head:
        return _written_list_member(sentence, mention)
    preposition = preposition_of(sentence, token)
    if preposition is None and token.rel == "nmod" and token.head is not None \
            and sentence.tokens[token.head].lemma in country_nouns():
        preposition = preposition_of(sentence, sentence.tokens[token.head])
    if preposition is None:
        return mention
    case = token.feats.get("Case") or mention.case
    return replace(mention, preposition=preposition, case=case)


# Nouns a list of places may carry between its members: «в Сибирь, Дальневосточный и
# Уральский округа, Алтайский, Приморский края, Ростовскую, Томскую области».
LIST_NOUNS = frozenset({"область", "край", "округ", "республика", "провинция", "регион", "страна"})


def _written_list_member(sentence: Sentence, mention: PartyMention) -> PartyMention:
    """A member of a written list the parse has lost: the words before it back to a
    preposition are only other members, commas and «и»; it takes that preposition."""
    tokens = sentence.tokens
    first = next((t for t in tokens if t.start >= mention.start), None)
    if first is None or first.id == 0:
        return mention
    n = first.id - 1
    listed = named = False
    while n >= 0 and (tokens[n].text in (",", "и") or tokens[n].text[:1].isupper() and tokens[n].pos != "ADP"
                      or tokens[n].lemma in LIST_NOUNS):
        listed = listed or tokens[n].text == ","
        named = named or tokens[n].text[:1].isupper()
        n -= 1
    if n < 0 or not (listed and named) or tokens[n].pos != "ADP" or tokens[n].text.lower() not in ("в", "во", "на"):
        return mention
    case = tokens[n + 1].feats.get("Case") if n + 1 < len(tokens) else None
    if case != "Acc":
        return mention
    return replace(mention, preposition=tokens[n].text.lower(), case=case)


def _in_subtree(sentence: Sentence, token: Token, mentions: list[PartyMention]) -> list[PartyMention]:
    ids = _subtree_ids(sentence, token)
    return [m for m in mentions if m.head is not None and m.head.id in ids]


def _subtree_ids(sentence: Sentence, token: Token) -> set[int]:
    ids = {token.id}
    for child in children(sentence, token):
        ids |= _subtree_ids(sentence, child)
    return ids


def find_trade(analysis: Analysis, context: DocumentContext) -> list[TradeFact]:
    found: list[TradeFact] = []
    seen: set[tuple[str, str, str]] = set()
    vague: set[tuple[str, str]] = set()   # flows stated with no goods named
    last_destination: str | None = None
    last_flow: tuple[str | None, str | None] = (None, None)
    last_role = ""   # the role of the trade word that stated last_flow

    def add(sentence: Sentence, exporter: str, importer: str, goods, status: str, text: str) -> None:
        if goods == [OTHER]:
            vague.add((exporter, importer))
        amount, currency = amount_in(text)
        for category, hs in goods:
            if (exporter, importer, category) not in seen:
                seen.add((exporter, importer, category))
                found.append(TradeFact(exporter=exporter, importer=importer, commodity=category,
                                       hs_section=hs, status=status, amount=amount, currency=currency,
                                       evidence=sentence.evidence(analysis.document.id)))

    def goods_before(n: int, back: int = 1) -> list[tuple[str, str]]:
        # read only for the few flows that point back at the goods of the sentences before
        for earlier in reversed(analysis.sentences[max(0, n - back):n]):
            named = [g for g in goods_in(earlier, earlier.tokens) if g != OTHER]
            if named:
                return named
        return []

    def _add_role_flows(sentence: Sentence, n: int, mentions, place_words) -> None:
        # «главный покупатель — Казахстан», «география экспорта представлена Вьетнамом…»
        pairs = role_sides(sentence, mentions, context, lambda m: _on_goods(sentence, m))
        if not pairs:
            return
        goods = goods_in(sentence, _without_recipients(sentence, sentence.tokens), place_words) or goods_before(n)
        noun, _ = role_noun(sentence)
        status = "planned" if is_planned(sentence, noun) else "actual"
        for exporter, importer in pairs:
            add(sentence, exporter, importer, goods or [OTHER], status, sentence.text)

    for n, sentence in enumerate(analysis.sentences):
        mentions = [_described_region(sentence, _list_member(sentence, m), context)
                    for m in context.by_sentence[sentence.index]]
        place_words = frozenset(m.head.id for m in mentions if m.head is not None)
        pieces = cut_into_pieces(sentence)
        _add_role_flows(sentence, n, mentions, place_words)
        # «Курганские комбайны пользуются спросом на узбекском рынке, а экспорт зерна…»:
        # the market phrase reads its own clause when other trade words hold the rest.
        market_tokens = sentence.tokens if not pieces else _market_clause(sentence, pieces)
        if market_tokens:
            market_ids = {t.id for t in market_tokens}
            market_mentions = mentions if not pieces else \
                [m for m in mentions if m.head is not None and m.head.id in market_ids]
            for exporter, importer, word, mode in _market_sides(sentence, market_mentions, context, market_tokens):
                goods = goods_in(sentence, market_tokens, place_words)
                if not goods and refers_back(sentence, sentence.tokens):
                    goods = goods_before(n, back=3)
                if not goods and mode == "any":
                    goods = [OTHER]   # «выйти на рынок Узбекистана» with no goods named
                status = "planned" if is_planned(sentence, word) else "actual"
                add(sentence, exporter, importer, goods, status, sentence.text)
        if not pieces:
            # «…монгольского экспорта в Бурятию. Речь прежде всего о говядине…»
            if all(last_flow) and _elaborates(sentence):
                goods = goods_in(sentence, sentence.tokens, place_words)
                add(sentence, last_flow[0], last_flow[1], goods, "actual", sentence.text)
            last_flow = (None, None)
            continue
        # A flow may point back at the one stated just before («Обратно идут…»).
        previous: tuple[str | None, str | None] = last_flow
        for piece in pieces:
            exporter, importer = _sides(sentence, piece, mentions, previous, last_destination, context)
            goods = goods_in(sentence, _without_recipients(sentence, _goods_tokens(sentence, piece)), place_words)
            if not goods and _counts_goods_named_before(sentence, piece):
                # «Экспорт муки вырос. Основные объёмы закупают хлебозаводы…»
                goods = goods_before(n)
            if not goods and _goods_as_pronoun(sentence, piece):
                # «вызвало томское оборудование: стороны обсудили его поставки»
                goods = goods_in(sentence, sentence.tokens[:piece.tokens[0].id], place_words) or goods_before(n)
            if not (exporter or importer) and all(last_flow) and previous == last_flow \
                    and _subjectless_infinitive(sentence, piece) and last_role in OUTWARD | INWARD:
                # «Беларусь планирует поставлять в регион технику. Взамен импортировать
                # зерно.»: the same subject, so the same flow or, for the other role, its reverse.
                same = (piece.role in OUTWARD) == (last_role in OUTWARD)
                exporter, importer = last_flow if same else (last_flow[1], last_flow[0])
            if piece.role != "reverse":
                exporter, importer = _main_region_for(sentence, piece, mentions, context, exporter, importer)
                exporter, importer = _fill(exporter, importer, mentions, context, sentence.index)
            pointed_back = not goods and refers_back(sentence, piece.tokens)
            if pointed_back:
                # «…мясо, а поставки этой продукции в Казахстан растут», «Особым спросом этот
                # товар пользуется в России»: the goods named before
                goods = (goods_in(sentence, sentence.tokens[:piece.tokens[0].id], place_words)
                         or goods_before(n, back=3))
            if not (exporter or importer) and not goods and _states_total(sentence, piece) \
                    and not is_planned(sentence, piece.cue):
                # «экспорт увеличился на 20%, а импорт — на 40%»: the document's region's own
                exporter, importer = _total_sides(piece, mentions, context, sentence.index)
                goods = [OTHER] if exporter and importer else goods
            if exporter and importer and not goods and (previous[0] == exporter or previous[1] == importer):
                # «В Башкирию ввезли 1528 тонн растительной продукции. Поставки шли из
                # Казахстана и Турции»: the same flow's goods, named just before
                goods = goods_before(n)
            if exporter and importer and not goods and not pointed_back and piece.cue.pos == "NOUN" and any(
                    piece.holds(m) and not m.is_venue for m in mentions if m.iso in (exporter, importer)
                    and m.preposition in (None, *DESTINATION_PREPOSITIONS, *SOURCE_PREPOSITIONS)):
                # «Основные потоки идут в Приморский край»: a flow with no goods named
                goods = [OTHER]
            if (piece is pieces[0] and piece.cue.pos == "NOUN" and not (exporter or importer)
                    and previous == last_flow and all(previous) and not _sides_by_place_noun(sentence, piece)):
                # «Импорт из России сократился. Основу закупок составляют нефть…»: a flow
                # noun naming no side goes on with the flow just stated.
                exporter, importer = previous
            status = "planned" if is_planned(sentence, piece.cue) else "actual"
            text = analysis.document.text[piece.start:piece.end]
            # «металлопрокат с заводов Липецкой области»: goods with their maker's region.
            for maker, maker_goods in _made_in(sentence, piece, mentions, place_words):
                if importer and maker != importer:
                    add(sentence, maker, importer, maker_goods, status, text)
                    goods = [g for g in goods if g not in maker_goods] if exporter != maker else goods
            if exporter and importer and _one_list(sentence, exporter, importer, mentions):
                # «поставки в Алтайский, Приморский края, Томскую области»: members of one
                # list are one side of a flow, never seller and buyer of each other
                exporter = importer = None
            if exporter and importer and exporter != importer and goods:
                add(sentence, exporter, importer, goods, status, text)
                # «в Казахстан и Китай», «хлебозаводы Ташкентской и Самаркандской областей»:
                # each side coordinated with a named side trades the same goods.
                inside = [m for m in mentions if piece.holds(m)]
                for m in inside:
                    for other in coordinated(sentence, m, inside):
                        if m.iso == importer and other.iso not in (exporter, importer) \
                                and acceptable_pair(exporter, other.iso):
                            add(sentence, exporter, other.iso, goods, status, text)
                        elif m.iso == exporter and other.iso not in (exporter, importer) \
                                and acceptable_pair(other.iso, importer):
                            add(sentence, other.iso, importer, goods, status, text)
            previous = (exporter, importer)
            if importer:
                last_destination = importer
        last_flow = previous if previous[0] != previous[1] else (None, None)
        last_role = pieces[-1].role
    return between_regions(without_covered_countries(without_vague_duplicates(found, vague)))


def without_vague_duplicates(flows: list[TradeFact], vague: set[tuple[str, str]]) -> list[TradeFact]:
    """A flow stated with no goods («экспорт в Казахстан вырос», «главный покупатель —
    Казахстан») is «other» only when no goods are named for that seller and buyer."""
    named = {(f.exporter, f.importer) for f in flows if f.commodity != "other"}
    return [f for f in flows if f.commodity != "other" or (f.exporter, f.importer) not in named & vague]


def between_regions(flows: list[TradeFact]) -> list[TradeFact]:
    """Country-to-country trade (no region at either end) is no regional flow."""
    return [f for f in flows if acceptable_pair(f.exporter, f.importer)]


def without_covered_countries(flows: list[TradeFact]) -> list[TradeFact]:
    """«Крупнейшим покупателем остаётся Узбекистан: закупают хлебозаводы Ташкентской и
    Самаркандской областей»: a country is a side only when the sentence names none of its
    regions for that side."""
    def covered(f: TradeFact) -> bool:
        return any(g is not f and g.evidence.start == f.evidence.start and g.commodity == f.commodity
                   and ((g.exporter == f.exporter and not is_region(f.importer) and is_region(g.importer)
                         and country_of(g.importer) == f.importer)
                        or (g.importer == f.importer and not is_region(f.exporter) and is_region(g.exporter)
                            and country_of(g.exporter) == f.exporter))
                   for g in flows)
    return [f for f in flows if not covered(f)]


@lru_cache(maxsize=1)
def elaboration_openers() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(r["words"].split()) for r in table("elaboration_openers.tsv"))


def _elaborates(sentence: Sentence) -> bool:
    """Whether a sentence opens by detailing what was just said («Речь прежде всего о…»)."""
    words = [t.text.lower() for t in sentence.tokens[:3]]
    return any(tuple(words[:len(o)]) == o for o in elaboration_openers())


def _goods_tokens(sentence: Sentence, piece: Piece) -> list[Token]:
    """Where a piece's goods may be named: for a flow noun, its own phrase («поставки
    ульяновской сельхозтехники в Кашкадарью», not the project named after it); for a
    word that mostly means something else, its direct object; else the whole piece."""
    if piece.cue.pos == "NOUN":
        # «поставки сельхозтехники … и создание предприятия по переработке овощей»:
        # what is coordinated with the flow noun is not its goods.
        ids = {piece.cue.id} | {i for c in children(sentence, piece.cue) if c.rel != "conj"
                                for i in _subtree_ids(sentence, c)}
        own = [t for t in piece.tokens if t.id in ids]
        if goods_in(sentence, own):
            return own
        return piece.tokens
    if not (lemmas_of(piece.cue) & goods_in_object_only()):
        return _up_to_next_verb(piece)
    lemma = next(iter(lemmas_of(piece.cue) & goods_in_object_only()))
    return _goods_objects(sentence, piece.cue, piece.tokens, lemma)


def _without_recipients(sentence: Sentence, tokens: list[Token]) -> list[Token]:
    """Goods words less those that describe who receives them or what for:
    «прокат машиностроительным заводам», «металлопрокат для производства техники»
    name metals only. Kept whole when nothing else names goods."""
    ids = {t.id for t in tokens}
    dropped: set[int] = set()
    for token in tokens:
        if token.pos not in ("NOUN", "PRON") or token.id in dropped:
            continue
        preposition = preposition_of(sentence, token)
        purpose = preposition == "для"
        recipient = preposition is None and token.feats.get("Case") == "Dat" and token.rel in ("iobj", "obl", "nmod")
        if purpose or recipient:
            dropped |= _subtree_ids(sentence, token) & ids
    rest = [t for t in tokens if t.id not in dropped]
    return rest if dropped and goods_in(sentence, rest) else tokens


def _up_to_next_verb(piece: Piece) -> list[Token]:
    """A trade verb's piece up to the next verb of its own («готовы поставлять в Ульяновск
    сухофрукты, а также рассчитывают на сервисный центр ульяновских автомобилей»)."""
    out = []
    for token in piece.tokens:
        if (token.id > piece.cue.id and token.pos in ("VERB", "AUX")
                and token.feats.get("VerbForm") in ("Fin", "Inf")):
            break
        out.append(token)
    return out


def _goods_objects(sentence: Sentence, cue: Token, tokens: list[Token], lemma: str = "") -> list[Token]:
    """Goods words in the accusative after a word, with their modifiers: «реализовали
    свою продукцию», «предложили партнёрам калийные удобрения» (not «реализовали
    проект по выпуску оборудования»)."""
    clause = []
    for token in tokens:
        if token.id <= cue.id:
            continue
        if token.pos in ("VERB", "AUX"):
            break   # the next verb has objects of its own
        clause.append(token)
    if lemma in goods_named_as_subject():
        # «Омская пшеница отправлялась в Иран»: the subject before the word too
        # (not «Экспорт пшеницы шёл в Казахстан»: that subject is a trade word of its own)
        clause = [c for c in children(sentence, cue) if c.rel.startswith("nsubj") and c.id < cue.id
                  and not has_lemma(c, trade_cues()[0])] + clause
    found: set[int] = set()
    for noun in clause:
        if noun.pos != "NOUN":
            continue
        # «отправили 40 тыс. тонн пиломатериалов»: goods counted by a measure word.
        counted = (noun.feats.get("Case") == "Gen" and noun.head is not None
                   and (sentence.tokens[noun.head].lemma in measure_words()
                        or sentence.tokens[noun.head].pos == "NUM"))
        as_subject = lemma in goods_named_as_subject() and noun.feats.get("Case") == "Nom"
        if noun.feats.get("Case") != "Acc" and not counted and not as_subject:
            continue
        phrase = [noun] + children(sentence, noun)
        if goods_in(sentence, phrase):
            found.update(t.id for t in phrase)
    if found:
        # The list goes on however the parse hangs it: «материалы и металлопрокат».
        for token in clause:
            if token.id <= min(found):
                continue
            if token.pos not in ("NOUN", "ADJ", "CCONJ", "PROPN", "NUM") and token.text != ",":
                break
            found.add(token.id)
    return [t for t in tokens if t.id in found]


def _sides(sentence, piece, mentions, previous, last_destination, context: DocumentContext):
    """Exporter and importer a piece names itself, before anything is filled in."""
    if piece.role == "reverse":
        return previous[1], previous[0]
    inside = [m for m in mentions if piece.holds(m)]
    ranked = _ranked_partner(sentence, piece, mentions)
    if ranked:
        return (None, ranked) if piece.role == "flow" else (ranked, None)
    if _says_reverse(piece) and all(previous) and not any(m.is_destination or m.is_source for m in inside):
        # «а в обратном направлении идут зерно и масло», «Обратно идут полиэтилен,
        # производимый на туркменских предприятиях»: the flow just stated, reversed.
        return previous[1], previous[0]
    # «в Самаркандскую область», «на рынки Ленинградской области», «хорезмским партнёрам»,
    # «для томских предприятий».
    # «поездки … в Беларусь … о поставке тракторов в Тюменскую область»: a destination
    # the trade word governs comes before one that hangs on another noun.
    own_ids = {m.head.id for m in _in_subtree(sentence, piece.cue, inside)}
    targets = sorted(inside, key=lambda m: m.head is None or m.head.id not in own_ids)
    destination = next((m.iso for m in targets if m.is_destination or _into_noun_of(sentence, m)
                        or _recipient(sentence, m)), None)
    if destination is None:
        destination = _relative_destination(sentence, piece, mentions)
    # «через астраханские порты»: goods pass out through the seller's own ports.
    if destination is None and any(t.lemma in TO_THERE for t in piece.tokens):
        destination = previous[1]   # «покупателем остаётся Московская область: туда отгружены…»
    source = next((m.iso for m in inside if m.is_source
                   or (m.preposition == "через" and m.via == "adjective" and is_region(m.iso))), None)
    if source is None and any(t.lemma in FROM_THERE for t in piece.tokens):
        source = previous[1] or last_destination
    # «экспортируют в Цзилинь» tagged as a locative, «закупает в Азербайджане»: a place
    # «в» the flow goes on in is the buyer's market for a sale, the seller's for a purchase.
    # «Поставки самосвалов обсуждали в Москве»: a place of the verb a trade noun hangs on
    # is where the talk was, not a market.
    market = next((m.iso for m in inside if m.preposition in ("в", "во", "на") and m.case == "Loc"
                   and not m.dateline and (piece.cue.pos != "NOUN" or m.head is None or m.head.id in own_ids)),
                  None)
    agent = _agent(sentence, piece.cue, mentions, piece)
    agent_iso = agent.iso if agent else _generic_subject(sentence, piece, mentions, context)
    # «приобрела белорусской техники», «тракторов белорусского производства»: the maker
    made_by = next((m.iso for m in _in_subtree(sentence, piece.cue, inside)
                    if m.preposition is None and m.iso != agent_iso
                    and (_on_goods(sentence, m) or _maker_of_goods(sentence, m))), None)
    if piece.role == "export":
        return source or agent_iso or made_by, destination or market
    if piece.role == "import":
        return source or market or made_by, destination or agent_iso
    # A flow noun: a place on the goods is where they come from («закупки хабаровской
    # древесины»); a place on anything else is the agent («поставку … оренбургских
    # производителей», «закупки омских компаний», «хатлонские партнёры готовы увеличить
    # отгрузки…»).
    beside_destination = {c.iso for m in inside if m.iso == destination
                          for c in coordinated(sentence, m, mentions)}
    own = [m for m in _in_subtree(sentence, piece.cue, mentions)
           if m.preposition is None and not m.is_destination and m.iso != destination
           and m.iso not in beside_destination and not _recipient(sentence, m)
           and not _in_clause_below(sentence, m, piece.cue)]
    of_goods = [m for m in own if _on_goods(sentence, m)]
    agents = [m.iso for m in own if m not in of_goods] + ([agent_iso] if agent_iso else [])
    seller = source or (of_goods[0].iso if of_goods else None)
    if piece.role == "import_flow":
        return seller or market, destination or next(iter(agents), None)
    if seller is None:
        return next(iter(agents), None), destination or market
    buyer = destination or market or next((a for a in agents if a != seller), None)
    return seller, buyer


def _in_clause_below(sentence: Sentence, mention: PartyMention, cue: Token) -> bool:
    """«поставки в республику, тем более, что представители Узбекистана выразили…»: a
    place in a clause of its own under the trade noun (a finite verb between them)."""
    if mention.head is None:
        return False
    for token in ancestors(sentence, mention.head)[1:]:
        if token.id == cue.id:
            return False
        if token.pos == "VERB" and token.feats.get("VerbForm") == "Fin":
            return True
    return False


OUTWARD = frozenset({"export", "flow"})
INWARD = frozenset({"import", "import_flow"})


def _subjectless_infinitive(sentence: Sentence, piece: Piece) -> bool:
    """«Взамен импортировать зерновые культуры»: a trade verb in the infinitive heading a
    sentence with no subject of its own."""
    cue = piece.cue
    return (cue.pos == "VERB" and cue.feats.get("VerbForm") == "Inf" and cue.head is None
            and not any(c.rel in AGENT_RELS for c in children(sentence, cue)))


@lru_cache(maxsize=1)
def demand_words() -> dict[tuple[str, str], str]:
    return {(row["lemma"], row["with"]): row["goods"] for row in table("demand_words.tsv")}


@lru_cache(maxsize=1)
def _demand_words_by_lemma() -> dict[str, list[tuple[str, str]]]:
    by_lemma: dict[str, list[tuple[str, str]]] = {}
    for (word, needed), goods in demand_words().items():
        by_lemma.setdefault(word, []).append((needed, goods))
    return by_lemma


def _market_word(tokens: list[Token]) -> tuple[Token | None, str | None]:
    lemmas = {t.lemma for t in tokens}
    by_lemma = _demand_words_by_lemma()
    return next(((t, goods) for t in tokens for needed, goods in by_lemma.get(t.lemma, ())
                 if needed in lemmas), (None, None))


def _market_clause(sentence: Sentence, pieces: list[Piece]) -> list[Token]:
    """The words of a market phrase that no trade word governs: its clause («…, а экспорт
    зерна…» cut off), without a coordinated verb that holds a trade word («вышли на рынок
    Китая с молочной продукцией и увеличили поставки зерна…»); empty when there is none."""
    word, _ = _market_word(sentence.tokens)
    if word is None:
        return []
    start, end = clause_of(sentence, [word])
    cue_ids = {piece.cue.id for piece in pieces}
    tokens = [t for t in sentence.tokens if start <= t.start and t.end <= end]
    for verb in list(tokens):
        ids = _subtree_ids(sentence, verb) if verb.rel == "conj" and verb.pos == "VERB" else set()
        if ids & cue_ids and word.id < verb.id:
            # from the conjunction on, in the order of the words (the parse may hang
            # the market phrase's own goods on the other verb's trade word)
            first = min([c.id for c in children(sentence, verb) if c.rel == "cc"] + [verb.id])
            tokens = [t for t in tokens if not first <= t.id <= max(ids)]
    if any(t.id in cue_ids for t in tokens):
        return []
    return tokens if _market_word(tokens)[0] is not None else []


def _market_sides(sentence: Sentence, mentions: list[PartyMention],
                  context: DocumentContext, tokens: list[Token]) -> list[tuple[str, str, Token, str]]:
    """(exporter, importer, the phrase's word, its goods mode) of goods a sentence puts on a market: «на узбекском рынке
    пользуются спросом курганские комбайны» → the maker of the goods sells, the market's
    place buys; with no maker named, the region the document is about sells."""
    word, mode = _market_word(tokens)
    if word is None:
        return []
    def on_market(m: PartyMention) -> bool:
        if m.dateline or m.head is None:
            return False
        if m.preposition in ("в", "во", "на") and m.case == "Loc":
            return True
        governor = sentence.tokens[m.head.head] if m.head.head is not None else None
        return governor is not None and governor.lemma == "рынок"
    def made_by(m: PartyMention) -> bool:
        if m.head is None or m.head.head is None:
            return False
        governor = sentence.tokens[m.head.head]
        return (m.preposition in (None, "из") and bool(goods_in(sentence, [governor]))) or _maker_of_goods(sentence, m)
    buyers = [m.iso for m in mentions if on_market(m) and not made_by(m)]
    sellers = [m.iso for m in mentions if made_by(m) and not on_market(m)]
    # «омские производители намерены выйти на рынок Узбекистана»: who enters the market sells
    sellers += [m.iso for m in mentions if m.preposition is None and m.case == "Nom"
                and not on_market(m) and not m.through_person and not m.dateline]
    if not sellers and (side := _speaker_side(sentence, context) or document_side(context)):
        sellers = [side]
    if not buyers and sellers and _addressee_market(sentence, tokens):
        # «представить свои товары на ваших рынках»: the other side of the talks or letter
        buyers = context.complete([sellers[0]], sentence.index)[1:]
    return [(s, b, word, mode) for s in sellers[:1] for b in dict.fromkeys(buyers) if s != b and acceptable_pair(s, b)]


def _addressee_market(sentence: Sentence, tokens: list[Token]) -> bool:
    """«на ваших рынках», «на ваш рынок»: the market of the one spoken or written to."""
    return any(t.lemma == "ваш" and t.head is not None and sentence.tokens[t.head].lemma == "рынок" for t in tokens)


def _speaker_side(sentence: Sentence, context: DocumentContext) -> str | None:
    """The region of the official who says a sentence of a quote («…», – сказал Хоценко): the
    first person named in it whose office has a region."""
    analysis = context.analysis
    if not any(t.lemma in ("наш", "свой", "мы") for t in sentence.tokens):
        return None
    regions = [analysis.persons[i].of for i in persons_in(analysis, sentence)]
    return next((of for of in regions if of and is_region(of)), None)


@lru_cache(maxsize=1)
def rank_nouns() -> frozenset[str]:
    return column("rank_nouns.tsv", "lemma")


def _ranked_partner(sentence: Sentence, piece: Piece, mentions: list[PartyMention]) -> str | None:
    """«Казахстан занимает третье место в общем объёме экспорта»: the party ranked within
    a trade total is the partner of the region whose total it is."""
    if piece.cue.pos != "NOUN" or piece.role not in ("flow", "import_flow"):
        return None
    if not any(t.lemma in rank_nouns() for t in ancestors(sentence, piece.cue)[1:4]):
        return None
    agent = _agent(sentence, piece.cue, mentions, piece)
    return agent.iso if agent and not agent.is_destination and not agent.is_source else None


def _sides_by_place_noun(sentence: Sentence, piece: Piece) -> bool:
    """«поставки молочной продукции в страну», «вывоз из региона»: the piece names a side
    of its own by a bare place noun, so it does not go on with the flow stated before."""
    nouns = place_nouns() | country_nouns()
    return any(t.lemma in nouns and preposition_of(sentence, t) in (*DESTINATION_PREPOSITIONS, *SOURCE_PREPOSITIONS)
               for t in piece.tokens)


def _states_total(sentence: Sentence, piece: Piece) -> bool:
    """«экспорт составил 4,2 млн долларов», «импорт вырос на 40%»: a bare export or import
    noun with a figure."""
    bare = all(c.rel in ("amod", "punct", "cc", "case", "orphan") for c in children(sentence, piece.cue))
    # the total is what the sentence is about: «экспорт вырос», not «нарастить экспорт»
    return (piece.cue.pos == "NOUN" and piece.role in ("flow", "import_flow") and bare
            and piece.cue.rel in ("nsubj", "root", "conj", "orphan")
            and any(t.pos == "NUM" or t.text.isdigit() for t in piece.tokens))


def _total_sides(piece: Piece, mentions, context: DocumentContext, sentence_index: int):
    """The document's region and its partner of another country just named: the region
    sells in an export total and buys in an import one."""
    side = document_side(context)
    if side is None:
        return None, None
    if piece.role == "import_flow":
        exporter, importer = _fill(None, side, mentions, context, sentence_index)
    else:
        exporter, importer = _fill(side, None, mentions, context, sentence_index)
    partner = importer if piece.role != "import_flow" else exporter
    if partner is None or country_of(partner) == country_of(side):
        return None, None
    return exporter, importer


def _relative_destination(sentence: Sentence, piece: Piece, mentions: list[PartyMention]) -> str | None:
    """«…стал Китай, куда отгружено 73%», «провинция Шаньдун, на которую пришлось 40%
    отгрузок», «Узбекистан, в который отправили…»: the place the relative word stands for."""
    for token in piece.tokens:
        into = token.lemma == "куда" or (
            token.lemma == "который" and token.feats.get("Case") == "Acc"
            and preposition_of(sentence, token) in DESTINATION_PREPOSITIONS)
        if into:
            before = [m for m in mentions if m.end <= token.start and not m.dateline]
            return before[-1].iso if before else None
    return None


def _made_in(sentence: Sentence, piece: Piece, mentions: list[PartyMention],
             place_words: frozenset[int]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Regions named as the makers of some goods, with those goods' categories:
    «металлопрокат с заводов Липецкой и Вологодской областей», «зерно из хозяйств
    Костанайской области»."""
    found = []
    for mention in mentions:
        if not piece.holds(mention) or mention.head is None or mention.preposition is not None:
            continue
        token = mention.head
        while token.head is not None and (token.rel == "conj" or token.pos == "ADJ"
                                          or token.lemma in place_nouns()):
            token = sentence.tokens[token.head]
        if token is mention.head or token.pos != "NOUN" or token.head is None \
                or token.feats.get("Case") != "Gen" or preposition_of(sentence, token) not in ("с", "со", "из", "от"):
            continue
        goods_word = sentence.tokens[token.head]
        phrase = [goods_word] + [c for c in children(sentence, goods_word) if c.rel == "amod"]
        goods = goods_in(sentence, phrase, place_words)
        if goods and goods_word in piece.tokens:
            found.append((mention.iso, goods))
    return found


def _goods_as_pronoun(sentence: Sentence, piece: Piece) -> bool:
    """«его поставки», «их экспорт»: a flow noun whose goods are a pronoun."""
    return piece.cue.pos == "NOUN" and any(
        c.lemma in ("он", "она", "они", "его", "их", "ее") and c.id < piece.cue.id
        for c in children(sentence, piece.cue))


def _counts_goods_named_before(sentence: Sentence, piece: Piece) -> bool:
    """«Основные объёмы закупают…», «большую часть везут…»: the object is a bare
    measure word, so the goods are those of the sentence before."""
    return any(c.rel == "obj" and c.lemma in measure_words()
               and not any(g.feats.get("Case") == "Gen" for g in children(sentence, c))
               for c in children(sentence, piece.cue))


def _says_reverse(piece: Piece) -> bool:
    single, double = trade_cues()
    lemmas = [t.lemma for t in piece.tokens]
    return (any(single.get(lemma) == "reverse" for t in piece.tokens for lemma in lemmas_of(t))
            or any(double.get(pair) == "reverse" for pair in zip(lemmas, lemmas[1:])))


def _into_noun_of(sentence: Sentence, mention: PartyMention) -> bool:
    """«на рынки Ленинградской области»: the place belongs to where the goods go."""
    head = mention.head
    if head is None or head.head is None or mention.preposition is not None:
        return False
    governor = sentence.tokens[head.head]
    if governor.lemma in place_nouns() and governor.head is not None and head.rel == "amod":
        governor = sentence.tokens[governor.head]
    # The place follows the noun it belongs to, as a genitive does.
    return (governor.pos == "NOUN" and governor.id < head.id and governor.feats.get("Case") == "Acc"
            and preposition_of(sentence, governor) in DESTINATION_PREPOSITIONS)


def _recipient(sentence: Sentence, mention: PartyMention) -> bool:
    """«предложили хорезмским партнёрам», «для томских предприятий»: who receives."""
    if mention.head is None or mention.through_person:
        return False
    if mention.preposition == "для":
        return True
    if mention.preposition is None and mention.head.head is not None:
        # «для предприятий Минской области»: the place owns the buyers the goods are for.
        governor = sentence.tokens[mention.head.head]
        if governor.pos == "NOUN" and governor.id < mention.head.id \
                and preposition_of(sentence, governor) == "для":
            return True
    return mention.preposition is None and mention.case == "Dat"


@lru_cache(maxsize=1)
def maker_nouns() -> frozenset[str]:
    return column("maker_nouns.tsv", "lemma")


def _maker_of_goods(sentence: Sentence, mention: PartyMention) -> bool:
    """«тракторов белорусского производства», «автобусы китайской сборки»: a place on a
    noun of making that hangs on goods."""
    if mention.head is None or mention.head.head is None:
        return False
    maker = sentence.tokens[mention.head.head]
    if maker.lemma not in maker_nouns() or maker.head is None:
        return False
    goods = sentence.tokens[maker.head]
    return bool(goods_in(sentence, [goods]))


def _on_goods(sentence: Sentence, mention: PartyMention) -> bool:
    """Whether a place modifies a goods word: «хабаровской древесины», «омского зерна»."""
    if mention.head is None or mention.head.head is None:
        return False
    governor = sentence.tokens[mention.head.head]
    entries, _ = commodities()
    return governor.lemma in generic_goods() or (governor.lemma,) in entries


def _named_token_ids(sentence: Sentence, mentions: list[PartyMention]) -> set[int]:
    """Ids of the tokens inside a party mention."""
    return {t.id for m in mentions for t in sentence.tokens if m.start <= t.start and t.end <= m.end}


def _generic_subject(sentence: Sentence, piece: Piece, mentions: list[PartyMention],
                     context: DocumentContext) -> str | None:
    """«Край закупает технику», «а область поставляет зерно»: a bare place noun as the
    subject of the trade word stands for the document's region of that kind."""
    named = _named_token_ids(sentence, mentions)
    for verb in ancestors(sentence, piece.cue)[:2]:
        for dep in children(sentence, verb):
            if dep.rel in AGENT_RELS and dep.lemma in place_nouns() and dep.id not in named \
                    and piece.start <= dep.start and dep.end <= piece.end:
                # «область ввезла из Самарской области»: the bare noun is not the other side,
                # which a preposition names («из», «в», «у»)
                beside = next((m.iso for m in mentions if m.preposition is not None
                               and piece.start <= m.start and m.end <= piece.end), None)
                return region_of_kind(context, dep.lemma, beside)
    return None


def region_of_kind(context: DocumentContext, noun: str, known: str | None = None) -> str | None:
    """The document's most prominent region whose name has this generic noun
    («край» → Алтайский край), other than and acceptable beside a known side."""
    for iso in context.salience:
        place = gazetteer().get(iso)
        if place is None or noun not in place.name.lower().split():
            continue
        if known is None or acceptable_pair(known, iso):
            return iso
    return None


def _main_region_for(sentence, piece, mentions, context: DocumentContext, exporter, importer):
    """«ввозят в регион», «везут в республику», «из края»: a generic place word stands for
    the document's main region (other than the side already known)."""
    named = _named_token_ids(sentence, mentions)
    if not (exporter or importer) and piece.role in ("export", "import"):
        # «закупают в соседней республике нефтепродукты»: a bare place noun as the market
        # is the buyer's for a sale and the seller's for a purchase.
        for token in piece.tokens:
            if token.lemma in place_nouns() and token.id not in named and token.feats.get("Case") == "Loc" \
                    and preposition_of(sentence, token) in ("в", "во") and token.head == piece.cue.id:
                main = region_of_kind(context, token.lemma)
                if main:
                    return (None, main) if piece.role == "export" else (main, None)
    if not (exporter or importer) and piece.role in ("export", "flow"):
        # «Казахстан — третий по объёму покупатель области. Поставки молока в страну
        # выросли»: the country just named buys from the document's region.
        side = document_side(context)
        for token in piece.tokens:
            if side and token.lemma in country_nouns() and token.id not in named \
                    and token.feats.get("Case") == "Acc" and preposition_of(sentence, token) in DESTINATION_PREPOSITIONS:
                if region_of_kind(context, token.lemma):
                    break   # «в республику» is the document's republic, not a country
                country = _country_just_named(token.lemma, side, context, sentence.index)
                if country and country_of(country) != country_of(side):
                    return side, country
    if bool(exporter) == bool(importer):
        return exporter, importer
    for token in piece.tokens:
        if token.lemma not in place_nouns() or token.id in named or token.feats.get("Case") not in ("Acc", "Gen"):
            continue
        preposition = preposition_of(sentence, token)
        into = preposition in DESTINATION_PREPOSITIONS and token.feats.get("Case") == "Acc"
        if not into and token.feats.get("Case") == "Gen" and token.head is not None:
            # «на текстильные фабрики региона»
            holder = sentence.tokens[token.head]
            into = (holder.id < token.id and holder.feats.get("Case") == "Acc"
                    and preposition_of(sentence, holder) in DESTINATION_PREPOSITIONS)
        out_of = preposition in ("из", "с", "со") and token.feats.get("Case") == "Gen"
        if (into and importer) or (out_of and exporter) or not (into or out_of):
            continue
        known = exporter or importer
        main = region_of_kind(context, token.lemma, known) or _country_just_named(
            token.lemma, known, context, sentence.index) or next(
            (r for r in context.salience if acceptable_pair(known, r)), None)
        if main:
            return (exporter, main) if into else (main, importer)
    return exporter, importer


@lru_cache(maxsize=1)
def country_nouns() -> frozenset[str]:
    return column("country_nouns.tsv", "lemma")


def _country_just_named(noun: str, known: str, context: DocumentContext, sentence_index: int) -> str | None:
    """«экспорт в республику» where no region is a republic, «в страну»: the country
    named last (this sentence or the ones before)."""
    if noun not in country_nouns():
        return None
    named = [m.iso for m in context.by_sentence[sentence_index] if not is_region(m.iso)]
    named += [iso for iso in context.recent(sentence_index, back=3) if not is_region(iso)]
    return next((iso for iso in named if acceptable_pair(known, iso)), None)


def _fill(exporter, importer, mentions, context: DocumentContext, sentence_index: int):
    """Complete a flow that names only one side (never one that names neither): with
    another party of the sentence, else of the sentences just before; a party of
    another country first at each step."""
    if bool(exporter) == bool(importer):
        return exporter, importer
    known = exporter or importer
    # «хлебозаводы Ташкентской и Самаркандской областей»: coordinated with the known side, not its partner
    beside = {c.iso for m in mentions if m.iso == known for c in coordinated(None, m, mentions)}
    mentions = [m for m in mentions if m.iso not in beside]
    recent = context.recent(sentence_index)
    # Of the parties just named, the document's main regions first.
    rank = {iso: n for n, iso in enumerate(context.salience)}
    recent = sorted(recent, key=lambda iso: (rank.get(iso, len(rank)), recent.index(iso)))
    # Last, the region the document is about: «Из Армении и Китая доставили цветы» in a
    # report on one region's imports.
    tiers = ([m.iso for m in mentions if not m.is_venue],
             [m.iso for m in mentions if m.is_venue and not m.dateline],
             recent,
             [side] if (side := document_side(context)) else [])
    other = None
    for tier in tiers:
        candidates = [iso for iso in tier if acceptable_pair(known, iso)]
        foreign = [iso for iso in candidates if country_of(iso) != country_of(known)]
        if candidates:
            other = (foreign or candidates)[0]
            break
    return (exporter, other) if exporter else (other, importer)
