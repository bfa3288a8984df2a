"""Did it happen, or is it only planned? Status of an event word from its syntax.

The cue words live in `data/status_cues.tsv`. From the event word (an agreement noun,
a meeting verb, a trade verb) we walk up its chain of syntactic heads:

- a finite or participle form of a signing verb decides «signed», unless it is
  negated («не подписали») or future («будет подписано», «подпишут»);
- a planning word on the way («предложено…», «планируют…», «намерены…») or a
  future-tense verb makes it «planned»;
- an infinitive makes it planned too, unless a word like «удалось» governs it;
- a signing noun («подписание», «заключение») counts as signed when nothing above
  says otherwise («прошло подписание меморандума»).

>>> from interreg.ingest.entities.nlp import parse                      # doctest: +SKIP
>>> s = parse("Стороны намерены подписать соглашение.")[0]     # doctest: +SKIP
>>> agreement_status(s, s.tokens[3])                            # doctest: +SKIP
'planned'
"""

from __future__ import annotations

from functools import lru_cache

from interreg.ingest.analysis import Sentence, Token
from interreg.ingest.lexicon import table

# Dependents that qualify a word itself rather than add a new clause.
QUALIFIER_RELS = frozenset({"aux", "aux:pass", "advmod", "amod", "acl", "acl:relcl", "cop", "det", "nmod", "obl"})
# Dependents of an agreement word that tell what happened to it: «подписанное
# соглашение», «соглашение, подписанное…», «меморандум, который подписали…».
ATTRIBUTE_RELS = frozenset({"amod", "acl", "acl:relcl"})


@lru_cache(maxsize=1)
def _cues() -> tuple[dict[str, str], dict[str, str]]:
    by_lemma, by_form = {}, {}
    for row in table("status_cues.tsv"):
        if row["lemma"].startswith("="):
            by_form[row["lemma"][1:]] = row["status"]
        else:
            by_lemma[row["lemma"]] = row["status"]
    return by_lemma, by_form


@lru_cache(maxsize=4096)
def _dictionary_lemmas(word: str) -> frozenset[str]:
    from interreg.ingest.entities.nlp import natasha
    return frozenset(form.normal for form in natasha().morph_vocab(word))


def lemmas_of(token: Token) -> frozenset[str]:
    """The token's lemma, plus the dictionary's for a capitalised word the tagger took
    for a name: a sentence may start with a verb («Подписали также…»); and for a
    reflexive verb form the tagger left unlemmatised («отгружаются» taken for an adjective)."""
    if _may_have_other_lemmas(token):
        return frozenset({token.lemma}) | _dictionary_lemmas(token.text.lower())
    return frozenset({token.lemma})


def _may_have_other_lemmas(token: Token) -> bool:
    return (token.pos == "PROPN" and token.text[:1].isupper()) or (
        token.lemma == token.text.lower() and token.lemma.endswith(("ются", "ется", "ятся", "ится", "утся")))


def has_lemma(token: Token, lemmas) -> str | None:
    """The first of the token's lemmas found in `lemmas` (a set or dict), else None."""
    if token.lemma in lemmas:
        return token.lemma
    if not _may_have_other_lemmas(token):
        return None     # the common case, asked tens of thousands of times: no set to build
    return next((lemma for lemma in lemmas_of(token) if lemma in lemmas), None)


def cue_of(token: Token) -> str | None:
    """The status a single word signals, if any."""
    by_lemma, by_form = _cues()
    found = by_form.get(token.text.lower())
    if found:
        return found
    lemma = has_lemma(token, by_lemma)
    return by_lemma[lemma] if lemma else None


def is_future(token: Token) -> bool:
    """«подпишут», «состоится»: a perfective verb in the present is a future."""
    feats = token.feats
    if feats.get("Tense") == "Fut":
        return True
    return (token.pos in ("VERB", "AUX") and feats.get("VerbForm") == "Fin"
            and feats.get("Aspect") == "Perf" and feats.get("Tense") == "Pres")


def is_infinitive(token: Token) -> bool:
    return token.pos == "VERB" and token.feats.get("VerbForm") == "Inf"


def children(sentence: Sentence, token: Token) -> list[Token]:
    return list(sentence.dependants(token))


def ancestors(sentence: Sentence, token: Token) -> list[Token]:
    """The token and its chain of heads up to the root."""
    chain, seen = [token], {token.id}
    while chain[-1].head is not None and chain[-1].head not in seen:
        head = sentence.tokens[chain[-1].head]
        chain.append(head)
        seen.add(head.id)
    return chain


def _negated(sentence: Sentence, token: Token) -> bool:
    return any(cue_of(c) == "negation" for c in children(sentence, token))


def _future_by_aux(sentence: Sentence, token: Token) -> bool:
    return any(c.rel in ("aux", "aux:pass") and (cue_of(c) == "planned" or is_future(c))
               for c in children(sentence, token))


def _qualifier_cues(sentence: Sentence, token: Token) -> list[tuple[Token, str]]:
    """Cues among the dependents that qualify a word («подписанное соглашение»,
    «предстоящая встреча», «будет подписано», «завтра»)."""
    out = []
    for child in children(sentence, token):
        if child.rel in QUALIFIER_RELS:
            cue = cue_of(child)
            if cue in ("planned", "signed", "approved", "negation"):
                out.append((child, cue))
    return out


def agreement_status(sentence: Sentence, word: Token) -> str | None:
    """signed | approved | planned for an agreement word, or None when the sentence
    says nothing about its fate (or says it was not signed)."""
    # «Соглашение, которое готовилось к визиту, так и не подписали»: a negated signing
    # of the word itself outweighs whatever its attributes say. «…, а подписание документа
    # в этом году не состоится»: the parse may hang the signing noun on another clause's
    # verb; the verb that follows it in its own clause says whether the signing happens.
    for token in ancestors(sentence, word)[1:3]:
        if cue_of(token) in ("signed", "approved") and (
                (token.pos == "VERB" and _negated(sentence, token))
                or (token.pos == "NOUN" and next_verb_negated(sentence, token))):
            return None
    # A participle right on the noun («подписанного между регионами») speaks for it.
    for child, cue in _qualifier_cues(sentence, word):
        if child.pos in ("VERB", "ADJ") and child.rel in ATTRIBUTE_RELS and cue in ("signed", "approved"):
            if _negated(sentence, child):
                return None
            if _future_by_aux(sentence, child) or is_future(child):
                return "planned"
            return cue
        if cue == "planned" and child.rel in ATTRIBUTE_RELS:
            return "planned"

    pending_infinitive = False
    nominal_signing: str | None = None
    for token in ancestors(sentence, word)[1:] if word.pos != "VERB" else ancestors(sentence, word):
        cue = cue_of(token)
        if token.pos in ("VERB", "AUX") and (is_future(token) or _future_by_aux(sentence, token)):
            # «Это соглашение станет началом…» speaks of an agreement that exists; a
            # future says «planned» only of a signing («будет подписано», «состоится
            # подписание»).
            if cue in ("signed", "approved", "planned") or nominal_signing or pending_infinitive:
                return "planned"
        if cue == "realised":
            pending_infinitive = False
            continue
        if cue == "negation":
            return None
        # «подписание … не состоялось», «не стали подписывать соглашение»
        if (nominal_signing or pending_infinitive) and token.pos in ("VERB", "AUX") and _negated(sentence, token):
            return None
        if cue == "planned":
            return "planned"
        if any(c == "planned" for t, c in _qualifier_cues(sentence, token) if t.rel in ("aux", "aux:pass", "advmod")):
            return "planned"
        if cue in ("signed", "approved"):
            if token.pos == "VERB" and _negated(sentence, token):
                return None
            if is_infinitive(token):
                pending_infinitive = True
                nominal_signing = nominal_signing or cue
                continue
            if token.pos == "VERB":
                return "planned" if pending_infinitive else cue
            nominal_signing = nominal_signing or cue
            continue
        if is_infinitive(token):
            pending_infinitive = True
    if pending_infinitive:
        return "planned"
    if nominal_signing and _planned_before(sentence, word):
        return "planned"
    return nominal_signing


def next_verb_negated(sentence: Sentence, noun: Token) -> bool:
    """Whether the first finite verb after a noun, in the same clause, is negated."""
    for token in sentence.tokens[noun.id + 1:]:
        if token.text in (";", "—") or (token.text == "," and token.id + 1 < len(sentence.tokens)
                                         and sentence.tokens[token.id + 1].pos in ("CCONJ", "SCONJ")):
            return False
        if token.pos in ("VERB", "AUX") and token.feats.get("VerbForm") == "Fin":
            return _negated(sentence, token)
    return False


def _planned_before(sentence: Sentence, word: Token) -> bool:
    """For a signing noun the parse may hang on the wrong verb: look at the words
    before it, back to the nearest verb, for a plan («предложено формализовать
    сотрудничество путем подписания соглашения»)."""
    for token in reversed(sentence.tokens[:word.id]):
        if cue_of(token) == "planned" or is_infinitive(token) or is_future(token):
            return True
        if token.pos in ("VERB", "AUX") and token.feats.get("VerbForm") in ("Fin", "Part"):
            return False
    return False


def is_planned(sentence: Sentence, word: Token) -> bool:
    """Whether an event word (a meeting or a trade flow) is only planned or possible:
    future tense, or a planning word, an infinitive or «будет» on its way up."""
    pending_infinitive = False
    for child, cue in _qualifier_cues(sentence, word):
        if cue == "planned" and child.rel in ("amod", "aux", "aux:pass", "advmod"):
            return True
    for token in ancestors(sentence, word):
        if token.pos in ("VERB", "AUX") and (is_future(token) or _future_by_aux(sentence, token)):
            return True
        cue = cue_of(token)
        if cue == "realised":
            pending_infinitive = False
            continue
        if cue == "planned" and token is not word:
            return True
        if any(c == "planned" for t, c in _qualifier_cues(sentence, token) if t.rel in ("aux", "aux:pass", "advmod")):
            return True
        if is_infinitive(token):
            pending_infinitive = True
        elif token.pos == "VERB" and token.feats.get("VerbForm") == "Fin":
            break
    return pending_infinitive


def is_negated(sentence: Sentence, word: Token) -> bool:
    """«не встретились», «не смог принять участие во встрече»: a negation on the word or
    on the words above it up to its clause's verb."""
    for token in ancestors(sentence, word):
        if _negated(sentence, token) or cue_of(token) == "negation":
            return True
        if token.pos in ("VERB", "AUX") and token.feats.get("VerbForm") == "Fin":
            break
    return False
