"""Sentences end at line breaks too.

A headline or a photo caption has no full stop, so the tagger runs it into the next
sentence («Встреча губернаторов в рамках ИННОПРОМ-2022 ⏎ До этого делегация …
подписала меморандум»), and an event of one would get the parties of the other.
The event rules read the sentences cut at line breaks; a dependency that crossed
the cut is dropped (the word becomes a root of its piece).
"""

from __future__ import annotations

from dataclasses import replace

from interreg.ingest.analysis import Analysis, Sentence, Token


def split_at_line_breaks(analysis: Analysis) -> Analysis:
    """The same analysis with every sentence that spans a line break cut there."""
    text = analysis.document.text
    sentences: list[Sentence] = []
    for sentence in analysis.sentences:
        for tokens in _pieces(sentence.tokens, text):
            sentences.append(_sentence(len(sentences), tokens, text))
    return replace(analysis, sentences=sentences)


def _pieces(tokens: list[Token], text: str) -> list[list[Token]]:
    if tokens and "\n" not in text[tokens[0].start:tokens[-1].end]:
        return [tokens]         # one line (most sentences)
    pieces: list[list[Token]] = [[]]
    for token in tokens:
        if pieces[-1] and "\n" in text[pieces[-1][-1].end:token.start]:
            pieces.append([])
        pieces[-1].append(token)
    return [p for p in pieces if p]


def _sentence(index: int, tokens: list[Token], text: str) -> Sentence:
    start, end = tokens[0].start, tokens[-1].end
    if all(t.id == n for n, t in enumerate(tokens)) and all(t.head is None or t.head < len(tokens) for t in tokens):
        # a sentence not cut (most are): its tokens need no renumbering, and the rules only read them
        return Sentence(index=index, text=text[start:end], start=start, end=end, tokens=list(tokens))
    new_id = {t.id: n for n, t in enumerate(tokens)}
    renumbered = [replace(t, id=new_id[t.id], head=new_id.get(t.head) if t.head is not None else None,
                          rel=t.rel if t.head in new_id else ("root" if t.head is not None else t.rel))
                  for t in tokens]
    return Sentence(index=index, text=text[start:end], start=start, end=end, tokens=renumbered)
