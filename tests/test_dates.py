"""Dates in sentences: explicit, numeric and relative to the publication date."""

from datetime import date

import pytest

from interreg.ingest.entities.dates import explicit_dates, find_dates, relative_dates, resolve_date

PUBLISHED = date(2025, 4, 26)   # a Saturday


@pytest.mark.parametrize("text, expected", [
    ("Соглашение подписано 24 апреля губернатором.", date(2025, 4, 24)),
    ("Встреча состоялась 3 ноября 2023 года.", date(2023, 11, 3)),
    ("ТАШКЕНТ, 26 апр — Sputnik. Хоким принял гостей.", date(2025, 4, 26)),
    ("Документ подписан 28.06.2024 в Витебске.", date(2024, 6, 28)),
    ("Делегация прибыла 15 декабря.", date(2024, 12, 15)),   # after publication: last year's
    ("С 17 по 19 сентября прошёл форум.", date(2024, 9, 19)),
])
def test_explicit_dates_take_the_year_from_the_text_or_publication(text, expected):
    assert resolve_date(text, PUBLISHED) == expected


@pytest.mark.parametrize("text, expected", [
    ("Сегодня прошла встреча губернатора с хокимом.", date(2025, 4, 26)),
    ("Вчера стороны подписали меморандум.", date(2025, 4, 25)),
    ("Позавчера делегация прибыла в Омск.", date(2025, 4, 24)),
    ("В пятницу губернатор провёл переговоры.", date(2025, 4, 25)),
    ("Во вторник прошло заседание.", date(2025, 4, 22)),
    ("В субботу состоялась встреча.", date(2025, 4, 26)),
    ("В минувшую субботу состоялась встреча.", date(2025, 4, 19)),
    ("В прошлый четверг делегация вернулась.", date(2025, 4, 24)),
])
def test_relative_days_resolve_against_publication(text, expected):
    assert resolve_date(text, PUBLISHED) == expected


def test_an_explicit_date_wins_over_a_weekday():
    assert resolve_date("В минувшую пятницу, 20 июня 2024 года, прошла встреча.", PUBLISHED) == date(2024, 6, 20)


def test_nothing_to_resolve():
    assert resolve_date("Стороны обсудили сотрудничество.", PUBLISHED) is None
    assert resolve_date("Переговоры прошли вчера.", None) is None
    assert relative_dates("Вчера прошла встреча.", None) == []


def test_ordinary_words_are_not_weekdays():
    assert find_dates("Проект бережёт окружающую среду. Среда обитания важна.", PUBLISHED) == []


def test_mentions_carry_offsets_into_the_text():
    text = "Итоги. Вчера и 24 апреля прошли встречи."
    mentions = find_dates(text, PUBLISHED)
    assert [text[m.start:m.end] for m in mentions] == ["Вчера", "24 апреля"]
    assert [m.value for m in mentions] == [date(2025, 4, 25), date(2025, 4, 24)]
    shifted = explicit_dates("24 апреля", PUBLISHED, offset=10)
    assert (shifted[0].start, shifted[0].end) == (10, 19)


def test_impossible_dates_are_skipped():
    assert explicit_dates("31 февраля 2024 года", PUBLISHED) == []


def test_resolve_date_reads_a_sentence_or_its_tokens():
    from interreg.ingest.entities.nlp import parse

    sentence = parse("Вчера губернатор провёл встречу.")[0]
    assert resolve_date(sentence, PUBLISHED) == date(2025, 4, 25)
    assert resolve_date(sentence.tokens, PUBLISHED) == date(2025, 4, 25)


def test_without_publication_a_date_takes_the_year_of_the_last_full_date():
    text = "Форум открылся 26 апреля 2022 года. Соглашение подписали 28 апреля."
    assert [m.value for m in find_dates(text, None)] == [date(2022, 4, 26), date(2022, 4, 28)]
    assert find_dates("Соглашение подписали 28 апреля.", None) == []
