"""Goods and money named in a trade sentence.

- `goods_in(sentence, tokens)`: the categories of goods some words name, from
  `data/commodities.tsv` («продукты питания» → food, «сельхозтехника» → machinery,
  «продукцию химической промышленности» → chemicals); a generic word («продукция»,
  «товары») whose modifiers name nothing known is «other».
- `amount_in(text)`: the first sum of money with its ISO 4217 currency.

>>> amount_in("поставки на $67 млн")
(67000000.0, 'USD')
"""

from __future__ import annotations

import re
from functools import lru_cache

from interreg.ingest.analysis import Sentence, Token
from interreg.ingest.lexicon import column, mapping, table
from interreg.ingest.events.modality import children
from interreg.ingest.events.taxonomy import classify

# «этой продукции», «данных товаров»: a generic word pointing back at goods named before.
REFERRING_DETERMINERS = frozenset({"этот", "тот", "данный", "такой", "указанный"})


@lru_cache(maxsize=1)
def commodities() -> tuple[dict[tuple[str, ...], tuple[str, str]], int]:
    entries = {tuple(r["lemmas"].split()): (r["category"], r["hs_section"]) for r in table("commodities.tsv")}
    return entries, max(len(k) for k in entries)


@lru_cache(maxsize=1)
def generic_goods() -> frozenset[str]:
    return column("generic_goods.tsv", "lemma")


@lru_cache(maxsize=1)
def measure_words() -> frozenset[str]:
    return column("measure_words.tsv", "lemma")


def goods_in(sentence: Sentence, tokens: list[Token], place_words: frozenset[int] = frozenset(),
             carriers: bool = True) -> list[tuple[str, str]]:
    """(category, HS section) of the goods named in some tokens, in order, each once.
    `place_words`: ids of tokens that name places, which say whose goods, not which;
    `carriers`: leave out vehicles that carry goods named with them («фуры с мясом»)."""
    entries, longest = commodities()
    ids = {t.id for t in tokens}
    found: list[tuple[str, str]] = []
    # «грузовики ГАЗ», «КАМАЗ»: a name in capitals is a maker, not goods.
    used: set[int] = {t.id for t in tokens if len(t.text) > 1 and t.text.isupper()}
    if carriers:
        used |= {t.id for t in tokens if _carries_goods(sentence, t)}
    for size in range(longest, 0, -1):
        for token in tokens:
            if token.id in used:
                continue
            match = _match_at(sentence, token, size, entries, ids, used)
            if match:
                found.append((token.start, *entries[match[0]]))
                used.update(match[1])
    # «абрикосы, арбузы, мандарины», «экспорт арбузов», «тонн черешни»: a word where goods
    # stand that neither phrase table names takes its class from the HS taxonomy.
    for token in _goods_slots(sentence, tokens, used, place_words):
        modifiers = tuple(c.lemma for c in children(sentence, token) if c.rel == "amod" and c.id not in place_words)
        label = classify(token.lemma, modifiers)
        if label:
            found.append((token.start, *label))
            used.add(token.id)
    for token in tokens:
        if token.lemma in bare_plural_goods() and token.id not in used \
                and token.feats.get("Number") == "Plur" and all(c.rel in ("cc", "punct", "conj") for c in children(sentence, token)):
            # «лекарства и продукты»: the bare plural names groceries
            found.append((token.start, *bare_plural_goods()[token.lemma]))
            used.add(token.id)
        if token.lemma in generic_goods() and token.id not in used:
            deps = children(sentence, token)
            if any(d.lemma in REFERRING_DETERMINERS for d in deps):
                continue    # «этой продукции»: goods already named
            if any(d.id in place_words and not any(c.rel == "case" for c in children(sentence, d))
                   for d in deps):
                continue    # «брестских товаров»: says whose, not what
            # «продукцию химической промышленности», «нефтехимическую, шинную продукцию»:
            # the words around it or hanging on it may already have named the goods.
            near = {d.id for d in deps} | {token.id - 2, token.id - 1, token.id + 1, token.id + 2}
            if not near & used and not _detailed_after(sentence, token, used):
                found.append((token.start, "other", "XX"))
                used.add(token.id)
    found.sort()
    return list(dict.fromkeys((category, hs) for _, category, hs in found))


def _carries_goods(sentence: Sentence, token: Token) -> bool:
    """«фуры с мясом», «вагоны с углём»: a vehicle with goods «с» it carries them and is
    not itself traded."""
    loads = [c for c in children(sentence, token) if c.feats.get("Case") == "Ins" and c.id > token.id
             and any(p.rel == "case" and p.lemma in ("с", "со") for p in children(sentence, c))]
    if not loads or not any(goods_in(sentence, [c], carriers=False) for c in loads):
        return False
    return [category for category, _ in goods_in(sentence, [token], carriers=False)] == ["vehicles"]


def refers_back(sentence: Sentence, tokens: list[Token]) -> bool:
    """«этот товар», «данная продукция»: goods named before."""
    return any(t.lemma in generic_goods() and any(d.lemma in REFERRING_DETERMINERS for d in children(sentence, t))
               for t in tokens)


@lru_cache(maxsize=1)
def bare_plural_goods() -> dict[str, tuple[str, str]]:
    return {row["lemma"]: (row["category"], row["hs_section"]) for row in table("bare_plural_goods.tsv")}


@lru_cache(maxsize=1)
def trade_words() -> frozenset[str]:
    """Single-word trade cues: their objects are goods («экспорт арбузов»)."""
    return frozenset(w for w in column("trade_cues.tsv", "lemma") | column("trade_roles.tsv", "words")
                     if " " not in w)


@lru_cache(maxsize=1)
def not_goods() -> frozenset[str]:
    """Nouns that stand where goods stand but count or price them."""
    return generic_goods() | measure_words() | column("not_goods.tsv", "lemma")


# Nouns of manufactured goods whose material names their class: «изделия из пластмассы».
MADE_OF_HEADS = frozenset({"изделие", "продукция", "продукт"})
# How a goods word hangs on a trade word: «поставляет тракторы», «экспорт арбузов»,
# «отгружены арбузы».
GOODS_RELS = frozenset({"obj", "nmod", "nsubj:pass"})


def _goods_slots(sentence: Sentence, tokens: list[Token], used: set[int],
                 place_words: frozenset[int]) -> list[Token]:
    """Common nouns not yet matched that stand where goods stand: the object of a
    trade word, counted by a measure word or number, or in a list with goods."""
    ids = {t.id for t in tokens}
    all_tokens = sentence.tokens

    def candidate(token: Token) -> bool:
        return (token.pos == "NOUN" and token.id not in used and token.id not in place_words
                and (token.id == 0 or not token.text[:1].isupper())
                and token.lemma not in not_goods() and token.feats.get("Animacy") != "Anim"
                # «лекарственных средств»: a phrase the tables matched by its modifier
                and not any(c.id in used for c in children(sentence, token) if c.rel == "amod"))

    slots: list[Token] = []
    for token in tokens:
        if not candidate(token) or token.head is None:
            continue
        head = all_tokens[token.head]
        # «изделия из пластмассы»: what the goods are made of
        made_of = head.lemma in MADE_OF_HEADS and token.rel == "nmod" and token.feats.get("Case") == "Gen"
        if made_of or (head.lemma in trade_words() and token.rel in GOODS_RELS) or (
                token.feats.get("Case") == "Gen" and (head.lemma in measure_words() or head.pos == "NUM")):
            slots.append(token)
    # Lists: a member joined to goods is goods («абрикосы, арбузы, мандарины»).
    goods = set(used) | {t.id for t in slots}
    grown = True
    while grown:
        grown = False
        for token in tokens:
            if token.id in goods or not candidate(token) or token.head is None:
                continue
            head = all_tokens[token.head]
            joined = (token.rel == "conj" and head.id in goods) or any(
                c.rel == "conj" and c.id in goods for c in children(sentence, token))
            if joined and head.id in ids:
                goods.add(token.id)
                slots.append(token)
                grown = True
    return sorted(slots, key=lambda t: t.id)


@lru_cache(maxsize=1)
def goods_details() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(w.split()) for w in column("goods_details.tsv", "words"))


def _detailed_after(sentence: Sentence, generic: Token, used: set[int]) -> bool:
    """«продукции на 87 млн долларов, прежде всего листа и стали»: the goods named after
    a detailing phrase that follows the generic word say what it is."""
    words = [t.text.lower() for t in sentence.tokens]
    for phrase in goods_details():
        for n in range(generic.id + 1, len(words) - len(phrase) + 1):
            if tuple(words[n:n + len(phrase)]) == phrase and any(i >= n + len(phrase) for i in used):
                return True
    return False


def _match_at(sentence, token, size, entries, ids, used):
    """A commodity phrase of `size` lemmas starting at `token`: the next words, or a
    dependent followed by its head («продукцию химической промышленности»,
    «промышленной и плодоовощной продукции»)."""
    if size == 1:
        key = (token.lemma,)
        return (key, {token.id}) if key in entries else None
    tokens = sentence.tokens
    run = tokens[token.id:token.id + size]
    if len(run) == size and all(t.id in ids and t.id not in used for t in run):
        key = tuple(t.lemma for t in run)
        if key in entries:
            return key, {t.id for t in run}
    if size == 2 and token.head is not None:
        head = tokens[token.head]
        targets = [head]
        if token.rel == "conj" and head.head is not None:
            targets.append(tokens[head.head])   # «промышленной и плодоовощной продукции»
        for target in targets:
            if target.id not in ids or target.id in used:
                continue
            key = (token.lemma, target.lemma)
            if key in entries:
                return key, {token.id, target.id}
    return None


_NUMBER = r"(\d+(?:[ \u00a0]\d{3})*(?:[.,]\d+)?)"


@lru_cache(maxsize=1)
def _money_words() -> tuple[list[tuple[str, str]], list[tuple[str, float]]]:
    currencies = sorted(mapping("currencies.tsv", "phrase", "code").items(), key=lambda kv: -len(kv[0]))
    multipliers = sorted(((w, float(f)) for w, f in mapping("multipliers.tsv", "word", "factor").items()),
                         key=lambda kv: -len(kv[0]))
    return currencies, multipliers


def amount_in(text: str) -> tuple[float | None, str | None]:
    """The first sum of money in a text: «на $67 млн» → (67000000.0, 'USD').

    >>> amount_in("контракты на 12,5 млн долларов")
    (12500000.0, 'USD')
    >>> amount_in("поставки на 3 млрд сумов")
    (3000000000.0, 'UZS')
    """
    currencies, multipliers = _money_words()
    lowered = text.lower()
    for match in re.finditer(_NUMBER, lowered):
        before = lowered[max(0, match.start() - 3):match.start()]
        after = lowered[match.end():match.end() + 40].lstrip()
        value = float(match.group(1).replace(" ", "").replace("\u00a0", "").replace(",", "."))
        for word, factor in multipliers:
            if after.startswith(word):
                value *= factor
                after = after[len(word):].lstrip(". ")
                break
        code = next((c for w, c in currencies if after.startswith(w)), None)
        if code is None:
            code = next((c for w, c in currencies if not w.isalpha() and w in before), None)
        if code:
            return value, code
    return None, None
