"""natasha, loaded once: segmentation, morphology, syntax and NER.

>>> sentences = parse("Губернатор Омской области провёл встречу.")  # doctest: +SKIP
>>> [t.lemma for t in sentences[0].tokens][:3]                         # doctest: +SKIP
['губернатор', 'омский', 'область']
"""

from __future__ import annotations

from functools import lru_cache

from interreg.ingest.analysis import Sentence, Token


class Natasha:
    """The natasha components this project uses, built once per process."""

    def __init__(self) -> None:
        from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter
        one_blas_thread()
        self.segmenter = Segmenter()
        self.morph_vocab = morph_vocab()
        self.embedding = embedding = NewsEmbedding()   # also read by events.taxonomy
        self.morph_tagger = NewsMorphTagger(embedding)
        self.syntax_parser = NewsSyntaxParser(embedding)
        self.ner_tagger = NewsNERTagger(embedding)
        # natasha's names and dates extractors are not run: persons.py and dates.py read
        # names and dates themselves, and nothing read the facts they attached to spans

    def doc(self, text: str):
        """A natasha Doc with sentences, morphology, lemmas, syntax and NER spans.

        A span's normal form is left to `normal_of`, which works it out when a rule reads
        it: the rules read it for a few spans only, and it is one of natasha's dearer steps.
        """
        from natasha import Doc
        doc = Doc(text)
        doc.segment(self.segmenter)
        doc.tag_morph(self.morph_tagger)
        doc.parse_syntax(self.syntax_parser)
        doc.tag_ner(self.ner_tagger)
        for token in doc.tokens:
            token.lemma = lemma_of(token.text, token.pos, tuple(token.feats.items()))
        return doc


@lru_cache(maxsize=1 << 17)
def lemma_of(word: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
    """natasha's lemma of a word as tagged (`DocToken.lemmatize`), cached: a lemma depends on the
    word, its part of speech and features only, and the same few thousand come back in every text.

    >>> lemma_of("области", "NOUN", (("Case", "Gen"), ("Number", "Sing")))   # doctest: +SKIP
    'область'
    """
    return morph_vocab().lemmatize(word, pos, dict(feats))


def normal_of(span) -> str:
    """The normal form of a natasha NER span («Омской области» → «Омская область»), worked
    out on first use and kept on the span (`DocSpan.normalize`).

    The same spans come back in text after text, and inflecting their words is dear, so the
    normal forms are kept by what `normalize` reads: the span's type and, for each word, its
    text, tags, place in the span and head within the span.
    """
    if span.normal is None:
        key = _normal_key(span)
        normal = _NORMALS.get(key)
        if normal is None:
            span.normalize(morph_vocab())
            if len(_NORMALS) >= _MAX_NORMALS:
                _NORMALS.clear()
            normal = _NORMALS[key] = span.normal
        span.normal = normal
    return span.normal


_NORMALS: dict[tuple, str] = {}
_MAX_NORMALS = 1 << 16


def _normal_key(span) -> tuple:
    tokens = span.tokens
    base = tokens[0].start if tokens else 0
    index = {token.id: n for n, token in enumerate(tokens)}
    return span.type, tuple((t.text, t.pos, tuple((t.feats or {}).items()), t.start - base, t.stop - base,
                             index.get(t.head_id, -1)) for t in tokens)


def one_blas_thread() -> None:
    """Keep numpy's BLAS to one thread in this process.

    natasha multiplies small matrices: a second BLAS thread gains nothing, and on a busy
    machine (or beside other ingest workers) threads spinning for a core made tagging
    several times slower.
    """
    from threadpoolctl import threadpool_limits
    threadpool_limits(limits=1, user_api="blas")


@lru_cache(maxsize=1)
def morph_vocab():
    """natasha's MorphVocab (pymorphy2's dictionaries), shared by the pipeline and the gazetteer."""
    from natasha import MorphVocab
    tolerate_unnamed_letters()
    return MorphVocab()


def tolerate_unnamed_letters() -> None:
    """Let pymorphy2 meet letters that have no Unicode name.

    pymorphy2 tells Latin words by the names of their letters and calls
    `unicodedata.name(ch)` without a default, which raises ValueError for the letters
    with no name (Tangut and Khitan ideographs, U+17000–U+18D08): one such letter
    stopped a whole document. Same answer, same cache, no exception.
    """
    import unicodedata

    import pymorphy2.shapes as shapes
    cache = shapes._latin_letters_cache

    def is_latin_char(ch: str) -> bool:
        try:
            return cache[ch]
        except KeyError:
            return cache.setdefault(ch, "LATIN" in unicodedata.name(ch, ""))

    shapes.is_latin_char = is_latin_char


@lru_cache(maxsize=1)
def natasha() -> Natasha:
    return Natasha()


def sentences_of(doc) -> list[Sentence]:
    """Our own Sentence/Token records from a natasha Doc (document offsets)."""
    out = []
    for index, sent in enumerate(doc.sents):
        ids = {t.id: n for n, t in enumerate(sent.tokens)}
        # positional arguments: this runs for every word of every text
        tokens = [Token(n, t.text, t.start, t.stop, (t.lemma or t.text).lower(), t.pos or "X",
                        dict(t.feats or {}), ids.get(t.head_id), t.rel)
                  for n, t in enumerate(sent.tokens)]
        _break_head_cycles(tokens)
        out.append(Sentence(index=index, text=sent.text, start=sent.start, end=sent.stop, tokens=tokens))
    return out


def _break_head_cycles(tokens: list[Token]) -> None:
    """Make every chain of heads end at a root.

    The parser now and then links a few words into a loop (each the head of the
    next); a rule walking up from one of them would never stop. The word at which a
    walk first meets itself again becomes a root.
    """
    rooted: set[int] = set()       # words whose chain is known to end at a root: a walk stops there
    for token in tokens:
        if token.id in rooted:
            continue
        seen = {token.id}
        current = token
        while current.head is not None and current.id not in rooted:
            head = tokens[current.head]
            if head.id in seen:
                current.head, current.rel = None, "root"
                break
            seen.add(head.id)
            current = head
        rooted |= seen


def parse(text: str) -> list[Sentence]:
    return sentences_of(natasha().doc(text))
