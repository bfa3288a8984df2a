"""Agreements: cooperation documents between regions, signed, approved or planned.

An agreement word comes from `data/agreement_kinds.tsv` (соглашение, меморандум,
дорожная карта, план мероприятий…), unless a modifier from
`data/agreement_exclusions.tsv` makes it a commercial contract («экспортные
договоры»). Its status comes from `modality.agreement_status` (signed, approved,
planned; nothing when the sentence does not say, or says it was not signed). Its
parties are the regions named in the sentence (directly or through the officials
who signed), completed from the document when the sentence names fewer than two.
"""

from __future__ import annotations

from functools import lru_cache

from interreg.ingest.analysis import Analysis, Sentence, Token
from interreg.ingest.facts import AgreementFact
from interreg.ingest.lexicon import column, table
from interreg.ingest.events.meetings import meeting_date
from interreg.ingest.events.modality import agreement_status, children, has_lemma
from interreg.ingest.events.parties import DocumentContext, clause_of, in_clause, is_region, pair_up

# Prepositions that open the subject matter of a document: «соглашение о сотрудничестве»,
# «дорожная карта по реализации…», «меморандум об установлении…».
TOPIC_PREPOSITIONS = frozenset({"о", "об", "обо", "по"})
# Words that end the subject matter: what follows is where, between whom or until when.
TAIL_STOPS = frozenset({"в", "во", "между", "с", "со", "на", "до", "от", "для", "при"})


@lru_cache(maxsize=1)
def agreement_kinds() -> list[dict[str, str]]:
    rows = table("agreement_kinds.tsv")
    # The most specific entry first: one with a required neighbour beats a bare head.
    return sorted(rows, key=lambda r: (r["before"] == "-" and r["after"] == "-"))


@lru_cache(maxsize=1)
def exclusions() -> frozenset[str]:
    return column("agreement_exclusions.tsv", "lemma")


@lru_cache(maxsize=1)
def local_sides() -> frozenset[str]:
    return column("local_sides.tsv", "lemma")


def _with_local_units(sentence: Sentence, clause: tuple[int, int]) -> bool:
    """Whether the clause names districts or towns as the other side («с районами»)."""
    for token in sentence.tokens:
        if clause[0] <= token.start and token.end <= clause[1] and token.lemma in local_sides() \
                and token.feats.get("Case") == "Ins" and token.id > 0 \
                and sentence.tokens[token.id - 1].lemma in ("с", "со"):
            return True
    return False


def kind_of(sentence: Sentence, word: Token, head: str) -> str | None:
    """The document type a word names, or None if it names none."""
    deps = children(sentence, word)
    if any(d.lemma in exclusions() for d in deps):
        return None
    following = sentence.tokens[word.id + 1:word.id + 4]
    for row in agreement_kinds():
        if row["head"] != head:
            continue
        if row["before"] != "-" and not any(d.lemma == row["before"] for d in deps):
            continue
        if row["after"] != "-" and not any(t.lemma == row["after"] for t in deps + following):
            continue
        return row["kind"]
    return None


def kind_phrase(sentence: Sentence, word: Token, kind: str, text: str) -> str:
    """The kind with the subject matter that follows it, read left to right:
    «соглашение о торгово-экономическом, научно-техническом сотрудничестве»."""
    tokens = sentence.tokens
    n = word.id + 1
    if n >= len(tokens) or tokens[n].lemma not in TOPIC_PREPOSITIONS:
        return kind
    tail = [tokens[n]]
    for token in tokens[n + 1:]:
        if token.pos == "ADP" and token.lemma in TAIL_STOPS:
            break
        if token.pos == "PUNCT" and token.text not in (",", "-", "–"):
            break
        if tail[-1].text == "," and token.pos not in ("ADJ", "NOUN", "PROPN"):
            break
        # The subject matter is a phrase in oblique cases: a verb, an adverb or a new
        # subject («…о сотрудничестве регионы подписали ещё в 2019 году») ends it.
        if token.pos in ("VERB", "AUX", "ADV", "PRON", "PART", "SCONJ") or token.feats.get("Case") == "Nom":
            break
        tail.append(token)
    while tail and tail[-1].pos in ("PUNCT", "CCONJ"):
        tail.pop()
    if len(tail) < 2:
        return kind
    return f"{kind} {text[tail[0].start:tail[-1].end]}".lower()


def find_agreements(analysis: Analysis, context: DocumentContext) -> list[AgreementFact]:
    found: list[AgreementFact] = []
    kinds: list[str] = []      # the bare kind of each agreement found, for `_one_signing`
    seen: set[tuple] = set()
    heads = {row["head"] for row in agreement_kinds()}
    for sentence in analysis.sentences:
        for word in sentence.tokens:
            head = has_lemma(word, heads)
            if head is None or word.pos not in ("NOUN", "PROPN"):
                continue
            kind = kind_of(sentence, word, head)
            if kind is None:
                continue
            status = agreement_status(sentence, word)
            if status is None:
                continue
            clause = clause_of(sentence, [word])
            named = [m for m in in_clause(context.by_sentence[sentence.index], clause) if not m.is_venue]
            if named and all(m.non_government for m in named):
                continue    # universities or companies of the regions, not the regions
            regions = [m.iso for m in named if is_region(m.iso)]
            if len(regions) < 2 and _with_local_units(sentence, clause):
                continue    # «подписать с районами соглашения»: within one region
            # Between countries only («договор России и Узбекистана»); «китайская сторона»
            # is a side, not a country, and «Форум регионов Беларуси и России» names no
            # party: both leave the parties to the context.
            if not regions and any(m.via != "adjective" and not m.topic_of for m in named):
                continue
            parties = context.complete(regions, sentence.index)
            phrase = kind_phrase(sentence, word, kind, analysis.document.text)
            for pair in pair_up([p for p in parties if is_region(p)]):
                key = (pair, status, phrase)
                if key in seen:
                    continue
                seen.add(key)
                kinds.append(kind)
                found.append(AgreementFact(parties=list(pair), kind=phrase, status=status,
                                           date=meeting_date(analysis, sentence) if status != "planned" else None,
                                           evidence=sentence.evidence(analysis.document.id)))
    return _one_signing(found, kinds)


def _one_signing(found: list[AgreementFact], kinds: list[str]) -> list[AgreementFact]:
    """«Минск и Москва утвердили план мероприятий» over «Стороны подписали план
    мероприятий»: a document of one kind between the same parties reported as signed
    and as approved is one signed document."""
    signed = {(tuple(a.parties), kind) for a, kind in zip(found, kinds) if a.status == "signed"}
    return [a for a, kind in zip(found, kinds)
            if not (a.status == "approved" and (tuple(a.parties), kind) in signed)]
