"""News pages read as HTML: main text through trafilatura, structure as the fallback;
no page, however deep its markup, stops a batch."""

from __future__ import annotations

import sys

import pytest

from interreg.ingest.readers import Document, Skipped, iter_documents, read_file
from interreg.ingest.readers.htmltree import read_html_tree
from interreg.ingest.readers.webpage import read_html

STORY = ("Губернатор Омской области встретился с хокимом Бухарской области. "
         "Стороны подписали соглашение о сотрудничестве в сфере промышленности. ")


def deep_pages() -> dict[str, str]:
    """Valid pages whose markup nests far deeper than Python's recursion limit."""
    depth = sys.getrecursionlimit() + 100
    return {
        "unclosed_li.html": "<html><body><ul>" + "<li>Раздел сайта " * depth + "</ul>"
                            f"<article><p>{STORY * 3}</p></article></body></html>",
        "unclosed_td.html": "<html><body><table><tr>" + "<td>Ячейка " * depth + "</table>"
                            f"<article><p>{STORY * 3}</p></article></body></html>",
        "nested_div.html": "<html><body>" + "<div>" * 5000 + f"<p>{STORY * 3}</p>" + "</div>" * 5000
                           + "</body></html>",
        "nested_unclosed_div.html": "<html><body>" + "<div><span>" * 5000 + f"<p>{STORY * 3}",
    }


@pytest.mark.parametrize("name", sorted(deep_pages()))
def test_item01_deeply_nested_html_is_read_without_recursion(name, tmp_path):
    path = tmp_path / name
    path.write_text(deep_pages()[name], encoding="utf-8")
    [doc] = read_file(path)
    assert "хокимом Бухарской области" in doc.text


@pytest.mark.parametrize("name", sorted(deep_pages()))
def test_item01_deeply_nested_html_structure_reader_keeps_its_own_stack(name):
    doc = read_html_tree(deep_pages()[name], "deep", name)
    assert "хокимом Бухарской области" in doc.text


def test_item01_deeply_nested_html_does_not_stop_the_batch(tmp_path):
    for name, page in deep_pages().items():
        (tmp_path / name).write_text(page, encoding="utf-8")
    (tmp_path / "plain.txt").write_text(STORY, encoding="utf-8")
    items = list(iter_documents([tmp_path]))
    assert not [item for item in items if isinstance(item, Skipped)]
    assert len([item for item in items if isinstance(item, Document)]) == len(deep_pages()) + 1


def test_menu_sidebar_and_comments_are_not_article_text():
    page = ("<html><head><title>Омск и Бухара | Новости</title>"
            "<meta property='og:site_name' content='Омские вести'>"
            "<meta property='article:published_time' content='2025-03-04T10:00:00+06:00'>"
            "<link rel='canonical' href='https://vesti.example/news/omsk-bukhara'></head><body>"
            "<nav><ul><li><a href='/'>Главная</a></li><li><a href='/p'>Политика</a></li></ul></nav>"
            f"<article><h1>Омск и Бухара договорились о сотрудничестве</h1><p>{STORY}</p><p>{STORY}</p></article>"
            "<aside><h3>Читайте также</h3><ul><li><a href='/x'>Губернатор Новосибирской области "
            "подписал соглашение с Минской областью</a></li></ul></aside>"
            "<div class='comments'><div class='comment'>Иван: а с Самарской областью когда "
            "подпишут соглашение?</div></div><footer>© Омские вести</footer></body></html>")
    doc = read_html(page, "omsk-bukhara", "page.html")
    assert "Минской" not in doc.text and "Самарской" not in doc.text and "Политика" not in doc.text
    assert "хокимом Бухарской области" in doc.text
    assert doc.title == "Омск и Бухара договорились о сотрудничестве"
    assert doc.outlet == "Омские вести"
    assert doc.url == "https://vesti.example/news/omsk-bukhara"
    assert doc.published.isoformat() == "2025-03-04"


# --- the page-text benchmark's pages (tests/fixtures/pages) ----------------------------

def test_article_text_is_at_least_as_precise_as_the_former_reader_on_every_page():
    from bench.pages import f1, measure
    scores = measure()
    assert len(scores) >= 6
    for name, by_reader in scores.items():
        assert by_reader["ours"][0] >= by_reader["former"][0], name
    mean = {reader: sum(f1(*s[reader]) for s in scores.values()) / len(scores) for reader in ("ours", "former")}
    assert mean["ours"] > mean["former"] and mean["ours"] > 0.9


def test_no_fact_from_outside_the_article_of_the_menu_sidebar_comment_page():
    from bench.pages import furniture_facts
    facts = furniture_facts()
    total, outside, sentences = facts["ours"]
    assert total >= 2 and outside == 0, sentences
    # read by its structure, the same page gives facts from its "read also" block and comments
    assert facts["former"][1] >= 3


def test_windows_1251_page_metadata_from_its_meta_tags():
    from bench.pages import PAGES
    [doc] = read_file(PAGES / "novosibirsk_pavlodar_cp1251.html")
    assert doc.title == "Новосибирская и Павлодарская области расширят сотрудничество в сфере образования"
    assert doc.outlet == "Сибирский вестник" and doc.published.isoformat() == "2025-05-20"
    assert "Популярное" not in doc.text and "Самое читаемое" not in doc.text
