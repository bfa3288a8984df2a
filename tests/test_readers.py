"""Document readers: plain text, JSON Lines, HTML and news-aggregator pages."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from interreg.ingest.facts import Document
from interreg.ingest.readers import (ReadError, Skipped, document_id_for, iter_documents, read_file,
                                     read_text_bytes)
from interreg.ingest.readers.aggregator import split_dateline
from interreg.ingest.readers.dates import header_line_date

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"
SEED_NAME = "000_484d7a34880d4032"


def documents(items) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def stem(doc_id: str) -> str:
    """A file's document id without the digest of its path: 'omsk-0123456789ab#02' → 'omsk#02'."""
    return re.sub(r"-[0-9a-f]{12}(?=#|$)", "", doc_id)


def skipped(items) -> list[Skipped]:
    return [item for item in items if isinstance(item, Skipped)]


# --- encodings -------------------------------------------------------------------------

def test_utf8_with_and_without_bom_and_cp1251_decode_to_the_same_text():
    text = "Омская область — «Бухара»: 5 № 7\n"
    assert read_text_bytes(text.encode("utf-8")) == text
    assert read_text_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert read_text_bytes(text.encode("cp1251")) == text


def test_cp1251_file_reads_identically_to_its_utf8_twin(tmp_path):
    original = (FIXTURES / "header_date.txt").read_text(encoding="utf-8")
    (tmp_path / "utf8").mkdir()
    (tmp_path / "cp1251").mkdir()
    (tmp_path / "utf8" / "twin.txt").write_bytes(original.encode("utf-8"))
    (tmp_path / "cp1251" / "twin.txt").write_bytes(original.encode("cp1251"))
    [from_utf8] = read_file(tmp_path / "utf8" / "twin.txt")
    [from_cp1251] = read_file(tmp_path / "cp1251" / "twin.txt")
    assert from_cp1251.text == from_utf8.text == original
    assert (from_cp1251.title, from_cp1251.published) == (from_utf8.title, from_utf8.published)


def test_aggregator_page_in_cp1251_splits_like_the_utf8_one(tmp_path):
    page = (FIXTURES / "aggregator_page.txt").read_text(encoding="utf-8")
    (tmp_path / "page.txt").write_bytes(page.encode("cp1251"))
    from_cp1251 = read_file(tmp_path / "page.txt")
    from_utf8 = read_file(FIXTURES / "aggregator_page.txt")
    assert [(d.text, d.published, d.outlet) for d in from_cp1251] == \
           [(d.text, d.published, d.outlet) for d in from_utf8]


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"  \n\t\n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (bytes(range(0x80, 0x98)) * 20, "not UTF-8 or Windows-1251"),
    ("Текст".encode("utf-8") + b"\x01\x02\x03\x04\x05\x06\x07", "binary file"),
    ("Омская область подписала соглашение с Бухарской областью о поставках.".encode("koi8-r"),
     r"not UTF-8 or Windows-1251 \(Cyrillic in another code page"),
    ("Омская область".encode("utf-16"), "UTF-16 text"),
])
def test_unreadable_bytes_raise_a_clear_reason(data, reason):
    with pytest.raises(ReadError, match=reason):
        read_text_bytes(data)


def test_empty_garbage_and_binary_files_are_skipped_and_the_batch_goes_on(tmp_path):
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (tmp_path / "c_garbage.txt").write_bytes(bytes(range(0x80, 0x98)) * 20)
    (tmp_path / "d_good.txt").write_text("Омск и Бухара\n\nВстреча состоялась.", encoding="utf-8")
    items = list(iter_documents([tmp_path]))
    assert [stem(d.id) for d in documents(items)] == ["d_good"]
    reasons = {Path(s.source).name: s.reason for s in skipped(items)}
    assert reasons == {"a_empty.txt": "empty file",
                       "b_binary.txt": "binary file (contains NUL bytes), not text",
                       "c_garbage.txt": "not UTF-8 or Windows-1251"}


# --- plain text ------------------------------------------------------------------------

def test_date_marker_line_becomes_published_and_leaves_the_text():
    [doc] = read_file(FIXTURES / "marker_date.txt")
    raw = (FIXTURES / "marker_date.txt").read_text(encoding="utf-8")
    assert doc.published == date(2024, 3, 15)
    assert doc.text == raw.split("\n", 1)[1]
    assert doc.title == "Курганская и Костанайская области обсудили поставки зерна"
    assert stem(doc.id) == "marker_date"
    assert doc.source == str(FIXTURES / "marker_date.txt")


def test_header_date_line_gives_published_and_the_text_stays_byte_for_byte():
    [doc] = read_file(FIXTURES / "header_date.txt")
    assert doc.published == date(2024, 3, 12)
    assert doc.text == (FIXTURES / "header_date.txt").read_text(encoding="utf-8")
    assert doc.title == "Тверская область и провинция Ляонин подписали меморандум"


@pytest.mark.parametrize("line, expected", [
    ("26 апреля 2022 года, 16:08", date(2022, 4, 26)),
    ("12.09.2018 22:55", date(2018, 9, 12)),
    ("9 июля 2023, 17:45 | Образование 86", date(2023, 7, 9)),
    ("Дата публикации: 26 апреля 2023    |    Категория: Новости", date(2023, 4, 26)),
    ("31-01-2025, 17:40", date(2025, 1, 31)),
    ("26 апреля 2022 года делегация подписала соглашение", None),
    ("3 ноября губернатор встретился с председателем", None),
    ("31.02.2024", None),
])
def test_header_line_dates(line, expected):
    assert header_line_date(line) == expected


def test_agency_dateline_opening_the_story_gives_published(tmp_path):
    path = tmp_path / "agency.txt"
    path.write_text("Гости из Ферганы в Екатеринбурге\n\n"
                    "Екатеринбург, 3 февраля 2024. Агентство-Пример. Делегация Ферганской области прибыла.\n",
                    encoding="utf-8")
    [doc] = read_file(path)
    assert doc.published == date(2024, 2, 3)
    assert doc.text.startswith("Гости из Ферганы")


def test_sentence_starting_with_a_date_is_not_taken_for_the_publication_date(tmp_path):
    path = tmp_path / "event.txt"
    path.write_text("Заголовок\n5 мая 2023 года губернатор посетил Ташкент.\n"
                    "Напомним, 7 мая 2023 года губернатор вернулся.\n", encoding="utf-8")
    [doc] = read_file(path)
    assert doc.published is None


def test_crlf_line_endings_are_kept_and_marker_removed(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("date 2025-10-22\r\nЗаголовок\r\n\r\nТекст.\r\n".encode("utf-8"))
    [doc] = read_file(path)
    assert doc.text == "Заголовок\r\n\r\nТекст.\r\n"
    assert doc.published == date(2025, 10, 22)
    assert doc.title == "Заголовок"


# --- JSON Lines ------------------------------------------------------------------------

def test_json_lines_keep_ids_and_fields_and_report_each_bad_line():
    path = FIXTURES / "news.jsonl"
    items = list(iter_documents([path]))
    docs = {d.id: d for d in documents(items)}
    assert list(docs) == ["n-1", "n-2", "5"]
    assert docs["n-1"].url == "https://news.example/1"
    assert docs["n-1"].title == "Омск и Павлодар"
    assert docs["n-1"].outlet == "Пример-Новости"
    assert docs["n-1"].published == date(2025, 6, 2)
    assert docs["n-1"].source == f"{path}:1"
    assert docs["n-2"].published == date(2025, 6, 3)
    assert docs["n-2"].title == "Первая строка — заголовок"
    assert docs["5"].published is None
    reasons = [(s.source, s.reason) for s in skipped(items)]
    assert [source for source, _ in reasons] == [f"{path}:{n}" for n in (3, 4, 5, 8, 9)]
    assert reasons[0][1].startswith("not valid JSON (")
    assert reasons[1][1] == "no 'text'"
    assert reasons[2][1] == "duplicate id 'n-1'"
    assert reasons[3][1] == "not a JSON object but list"
    assert reasons[4][1] == "'published' is not an ISO date: 'вчера'"


def test_read_file_returns_the_usable_lines_of_a_json_lines_file():
    assert [d.id for d in read_file(FIXTURES / "news.jsonl")] == ["n-1", "n-2", "5"]


def test_empty_json_lines_file_is_skipped(tmp_path):
    (tmp_path / "empty.ndjson").write_text("\n\n", encoding="utf-8")
    [item] = list(iter_documents([tmp_path / "empty.ndjson"]))
    assert item == Skipped(str(tmp_path / "empty.ndjson"), "empty file")


def test_same_id_in_two_files_is_read_once(tmp_path):
    line = json.dumps({"id": "x-1", "text": "Текст новости."}, ensure_ascii=False)
    (tmp_path / "a.jsonl").write_text(line + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(line + "\n", encoding="utf-8")
    items = list(iter_documents([tmp_path]))
    assert [d.source for d in documents(items)] == [f"{tmp_path / 'a.jsonl'}:1"]
    assert skipped(items)[0].reason.startswith("duplicate id 'x-1' (already read from ")


# --- HTML ------------------------------------------------------------------------------

def test_html_article_text_without_page_furniture():
    [doc] = read_file(FIXTURES / "article.html")
    assert doc.text == (
        "Брянская и Гомельская области расширяют сотрудничество\n\n"
        "Губернатор Брянской области и председатель Гомельского облисполкома обсудили "
        "поставки древесины & удобрений.\n\n"
        "Стороны подписали план мероприятий\u00a0на 2025 год.\n\n"
        "Следующая встреча пройдёт в Гомеле.\n\n"
        "Торговля между регионами выросла на 12%."
    )
    assert doc.title == "Брянская и Гомельская области расширяют сотрудничество"
    assert doc.url == "https://info.example/news/bryansk-gomel"
    assert doc.outlet == "Пример-Инфо"
    assert doc.published == date(2024, 11, 5)
    assert stem(doc.id) == "article"


def test_html_without_article_uses_body_title_tag_og_url_and_no_date():
    [doc] = read_file(FIXTURES / "page.htm")
    assert doc.text == "Президент Татарстана встретился с акимом Астаны.\n\nСтороны обсудили поставки техники."
    assert doc.title == "Казань и Астана: новые договорённости"
    assert doc.url == "https://news.example/kazan-astana"
    assert doc.published is None and doc.outlet == "news.example"     # the outlet from the URL's host


def test_html_story_outside_page_furniture_and_its_headline(tmp_path):
    path = tmp_path / "teasers.html"
    path.write_text(
        "<body><aside><article><h1>Реклама</h1><p>Длинный рекламный текст в боковой колонке, "
        "который длиннее всех остальных текстов на этой странице вместе взятых.</p></article></aside>"
        "<article><h2>Другая новость</h2><p>Коротко.</p></article>"
        "<article><h1>Главная новость</h1><p>Минская и Омская области подписали соглашение.</p></article>"
        "</body>", encoding="utf-8")
    [doc] = read_file(path)
    assert doc.title == "Главная новость"
    assert doc.text.endswith("Минская и Омская области подписали соглашение.")
    assert "Реклама" not in doc.text and "рекламный" not in doc.text


def test_html_time_element_gives_the_date_when_no_meta(tmp_path):
    path = tmp_path / "t.html"
    path.write_text('<footer><time datetime="2020-01-01">2020</time></footer>'
                    '<article><header><h1>Заголовок</h1><time datetime="2023-02-01T10:00">1 февраля</time>'
                    "</header><p>Текст.</p></article>", encoding="utf-8")
    [doc] = read_file(path)
    assert doc.published == date(2023, 2, 1)
    assert doc.title == "Заголовок"
    assert doc.text == "Заголовок\n\nТекст."


# --- news-aggregator pages -------------------------------------------------------------

@pytest.fixture(scope="module")
def fixture_page() -> list[Document]:
    return read_file(FIXTURES / "aggregator_page.txt")


def test_aggregator_main_article_takes_date_outlet_town_from_its_own_listing(fixture_page):
    main = fixture_page[0]
    raw = (FIXTURES / "aggregator_page.txt").read_text(encoding="utf-8")
    assert stem(main.id) == "aggregator_page"
    assert main.title == "Делегация Самарской области провела переговоры с руководством Навоийской области"
    assert (main.published, main.outlet, main.town) == (date(2026, 5, 14), "Правительство Самарской области", "Самара")
    assert main.text == raw[:raw.index("Ещё новости о событии:")].rstrip()
    assert main.text.endswith("Стороны подписали дорожную карту на 2026 год.")


def test_aggregator_items_are_numbered_in_page_order_without_listing_and_credits(fixture_page):
    items = fixture_page[1:]
    # 01 and 06 are credit lines only, 04 lists the main article itself.
    assert [stem(d.id) for d in items] == [f"aggregator_page#{n}" for n in ("02", "03", "05", "07")]
    assert [d.source for d in items] == [f"{FIXTURES / 'aggregator_page.txt'}#{n}" for n in ("02", "03", "05", "07")]
    second, third, fifth, seventh = items
    assert (second.text, second.outlet, second.town, second.published) == (
        "Самарские машиностроители представили продукцию на выставке в Навои.",
        "Газета Жигулёвский вестник", "Жигулёвск", date(2026, 5, 14))
    assert second.title == second.text


def test_aggregator_datelines_are_cut_from_the_snippet_and_give_its_date(fixture_page):
    third, fifth = fixture_page[2], fixture_page[3]
    assert third.text == "Губернатор Самарской области прибыл в Навоийскую область с рабочим визитом."
    assert third.published == date(2026, 5, 14)
    assert fifth.text == "Самарская делегация вылетела в Узбекистан.\nПрограмма визита рассчитана на три дня."
    assert fifth.title == "Самарская делегация вылетела в Узбекистан."
    # The outlet's own dateline (13 May) wins over the aggregator's listing time (14 May).
    assert fifth.published == date(2026, 5, 13)
    assert (fifth.outlet, fifth.town) == ("Газета Новокуйбышевские вести", "Новокуйбышевск")


def test_aggregator_neighbour_section_item_and_no_footer(fixture_page):
    last = fixture_page[-1]
    assert (last.text, last.outlet, last.town, last.published) == (
        "Глава Оренбургской области обсудил с коллегами из Навои поставки зерна.",
        "ТК Оренбург-Регион", "Оренбург", date(2026, 5, 15))
    for doc in fixture_page:
        assert "Самарский портал" not in doc.text
        assert "kartinka" not in doc.text
        assert "По теме" not in doc.text
        assert "Ещё новости" not in doc.text and "Новости соседних" not in doc.text


def test_text_with_a_heading_but_no_meta_lines_is_plain_text(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("Заголовок\n\nТекст.\n\nЕщё новости о событии:\n\nБольше ничего.\n", encoding="utf-8")
    [doc] = read_file(path)
    assert doc.text.endswith("Больше ничего.\n")


@pytest.mark.parametrize("snippet, expected", [
    ("Сб, 26 апр 2025 21:55 +0600 Стороны обсудили планы.", (date(2025, 4, 26), "Стороны обсудили планы.")),
    ("Политика Опубликовано 26 апреля, 2025 | Редакция газеты Губернатор прибыл.",
     (date(2025, 4, 26), "Губернатор прибыл.")),
    ("14.05.2026 10:00 Губернатор прибыл.", (date(2026, 5, 14), "Губернатор прибыл.")),
    ("26 апреля 2025 года губернатор прибыл.", (None, "26 апреля 2025 года губернатор прибыл.")),
    ("Губернатор прибыл 26 апреля 2025 года.", (None, "Губернатор прибыл 26 апреля 2025 года.")),
])
def test_split_dateline(snippet, expected):
    assert split_dateline(snippet) == expected


@pytest.mark.shared
def test_seed_aggregator_page(shared_dir):
    path = shared_dir / "seeds" / f"{SEED_NAME}.txt"
    docs = read_file(path)
    main, items = docs[0], docs[1:]
    assert stem(main.id) == SEED_NAME
    assert (main.published, main.outlet, main.town) == (date(2025, 4, 26), "Правительство Омской области", "Омск")
    assert main.title.startswith("В рамках визита делегации Омской области в Узбекистан")
    assert "Ещё новости" not in main.text
    # 13 items on the page: two are credit lines only, one lists the main article itself.
    assert len(items) == 10
    assert len({d.id for d in docs}) == len(docs)
    tatarstan = [d for d in items if d.outlet == "ТРК Татарстан-Новый век"]
    assert len(tatarstan) == 1
    assert (tatarstan[0].published, tatarstan[0].town) == (date(2025, 4, 27), "Казань")
    assert "Минниханов" in tatarstan[0].text
    for doc in docs:
        assert "zagruzhennoe" not in doc.text
        assert "Омский портал Культура" not in doc.text
        assert "Источник:" not in doc.text
        assert not doc.text.startswith(("Сб,", "Политика Опубликовано"))
        assert doc.published is not None and doc.outlet


@pytest.mark.shared
def test_seed_main_article_matches_the_corpus_excerpt(shared_dir):
    [corpus_line] = [line for line in (shared_dir / "corpus" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
                     if '"id": "a-002"' in line]
    excerpt = json.loads(corpus_line)["text"]
    main = read_file(shared_dir / "seeds" / f"{SEED_NAME}.txt")[0]
    assert main.text.startswith(excerpt)


@pytest.mark.shared
def test_dev_corpus_reads_every_line(shared_dir):
    path = shared_dir / "corpus" / "dev.jsonl"
    items = list(iter_documents([path]))
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert skipped(items) == []
    assert [d.id for d in items] == [line["id"] for line in lines]
    assert [d.text for d in items] == [line["text"] for line in lines]
    assert [d.published.isoformat() if d.published else None for d in items] == [line["published"] for line in lines]


# --- paths, folders, patterns and ids --------------------------------------------------

def test_folder_is_read_recursively_in_sorted_order_ignoring_other_types(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Второй\n", encoding="utf-8")
    (tmp_path / "a" / "y.text").write_text("Первый\n", encoding="utf-8")
    (tmp_path / "a" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("Скрытый\n", encoding="utf-8")
    items = list(iter_documents([tmp_path]))
    assert [stem(d.id) for d in documents(items)] == ["y", "z"]
    assert skipped(items) == []


def test_explicit_unsupported_file_and_missing_path_are_skipped(tmp_path):
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    items = list(iter_documents([tmp_path / "report.pdf", tmp_path / "missing.txt",
                                 FIXTURES / "marker_date.txt"]))
    assert skipped(items)[0].reason.startswith("unsupported file type .pdf")
    assert skipped(items)[1] == Skipped(str(tmp_path / "missing.txt"), "no such file or folder")
    assert [stem(d.id) for d in documents(items)] == ["marker_date"]


def test_glob_pattern_expands_sorted_and_reports_no_match(tmp_path):
    for name in ("b.txt", "a.txt", "c.html"):
        (tmp_path / name).write_text("<p>Текст</p>" if name.endswith("html") else "Текст\n", encoding="utf-8")
    items = list(iter_documents([str(tmp_path / "*.txt"), str(tmp_path / "*.jsonl")]))
    assert [stem(d.id) for d in documents(items)] == ["a", "b"]
    assert skipped(items) == [Skipped(str(tmp_path / "*.jsonl"), "no readable file matches the pattern")]


def test_same_file_named_twice_is_read_once():
    items = list(iter_documents([FIXTURES / "marker_date.txt", FIXTURES, str(FIXTURES / "*.txt")]))
    ids = [stem(d.id) for d in documents(items)]
    assert ids.count("marker_date") == 1
    assert ids.count("aggregator_page#02") == 1
    assert not [s for s in skipped(items) if "already read from" in s.reason]


def test_files_sharing_a_stem_in_two_folders_keep_their_own_ids(tmp_path):
    for folder in ("april", "may"):
        (tmp_path / folder).mkdir()
        shutil.copy(FIXTURES / "aggregator_page.txt", tmp_path / folder / "omsk.txt")
    docs = documents(iter_documents([tmp_path]))
    ids = [d.id for d in docs]
    assert ids[0] == document_id_for(tmp_path / "april" / "omsk.txt") and stem(ids[0]) == "omsk"
    assert document_id_for(tmp_path / "may" / "omsk.txt") + "#02" in ids
    assert len(set(ids)) == len(ids)


def test_document_id_is_the_sanitised_stem_and_a_digest_of_the_path():
    assert stem(document_id_for("news/Омск и Бухара (2025).txt")) == "Омск_и_Бухара_2025"
    assert stem(document_id_for(Path("/x/y/000_484d.txt"))) == "000_484d"
    assert document_id_for("/x/y/000_484d.txt") == document_id_for("/x/z/../y/000_484d.txt")
    assert document_id_for("/x/y/000_484d.txt") != document_id_for("/x/z/000_484d.txt")
