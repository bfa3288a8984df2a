"""The natasha layer: sentences and tokens with document offsets and syntax heads."""

from __future__ import annotations

from interreg.ingest.analysis import Token
from interreg.ingest.entities.nlp import _break_head_cycles, parse


def token(i: int, head: int | None) -> Token:
    return Token(id=i, text=f"w{i}", start=i * 3, end=i * 3 + 2, lemma=f"w{i}", pos="NOUN", feats={}, head=head)


def chain_ends(tokens: list[Token], start: Token) -> bool:
    seen, current = set(), start
    while current.head is not None:
        if current.id in seen:
            return False
        seen.add(current.id)
        current = tokens[current.head]
    return True


def test_a_loop_of_heads_is_cut_into_a_tree():
    tokens = [token(0, 1), token(1, 2), token(2, 0), token(3, 2)]
    _break_head_cycles(tokens)
    assert all(chain_ends(tokens, t) for t in tokens)
    assert sum(t.head is None for t in tokens) == 1


def test_a_tree_is_left_alone():
    tokens = [token(0, 1), token(1, None), token(2, 1)]
    _break_head_cycles(tokens)
    assert [t.head for t in tokens] == [1, None, 1]


def test_parsed_headlines_always_reach_a_root():
    text = ("Заседание рабочей группы по сотрудничеству Республики Тыва и Увсунского аймака Монголии\n"
            "Губернатор Омской области провёл встречу с хокимом Бухарской области.")
    sentences = parse(text)
    for sentence in sentences:
        assert sentence.text == text[sentence.start:sentence.end]
        assert all(chain_ends(sentence.tokens, t) for t in sentence.tokens)
