"""The static report: every canned query as a table, the corpus summary, the views,
offline and escaped."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest

from interreg.cli import main
from interreg.graph.memory import MemoryStore
from interreg.ingest.facts import (AgreementFact, Document, DocumentFacts, Evidence, MeetingFact,
                                   PersonFact, Place, TradeFact)
from interreg.queries import catalogue
from interreg.viz import report, views
from interreg.viz.markup import external_resources

BUKHARA = Place("UZ-BU", "Бухарская область", "UZ", "region")
SAMARA = Place("RU-SAM", "Самарская область", "RU", "region")
MINSK = Place("BY-MI", "Минская область", "BY", "region")
PAYLOAD = "<script>document.title='pwned'</script>"


def whole(doc: Document) -> Evidence:
    return Evidence(doc.id, doc.text, 0, len(doc.text))


def report_facts() -> list[DocumentFacts]:
    talks = Document("r1", f"Хоким Бухарской области Карим Юсупов встретился с делегацией Самарской области. {PAYLOAD}",
                     outlet="Волжская заря", title=f"Переговоры {PAYLOAD}", published=date(2025, 3, 14))
    grain = Document("r2", "Самарская область поставит зерно в Бухарскую область и Минскую область.",
                     outlet="Степь-пресс", published=date(2025, 5, 2))
    signed = Document("r3", "Минская область и Самарская область подписали соглашение.",
                      outlet="Волжская заря", published=date(2025, 9, 1))
    return [
        DocumentFacts(talks, regions=[BUKHARA, SAMARA],
                      persons=[PersonFact("Карим Юсупов", "Карим", "Юсупов", None, "хоким", "UZ-BU", whole(talks))],
                      meetings=[MeetingFact(["RU-SAM", "UZ-BU"], ["Карим Юсупов"], date(2025, 3, 14), whole(talks))],
                      partners=[("RU-SAM", "UZ-BU")]),
        DocumentFacts(grain, regions=[SAMARA, BUKHARA, MINSK],
                      trade=[TradeFact("RU-SAM", "UZ-BU", "food", "II", "planned", None, None, whole(grain)),
                             TradeFact("RU-SAM", "BY-MI", "food", "II", "planned", None, None, whole(grain))],
                      partners=[("BY-MI", "RU-SAM"), ("RU-SAM", "UZ-BU")]),
        DocumentFacts(signed, regions=[MINSK, SAMARA],
                      agreements=[AgreementFact(["BY-MI", "RU-SAM"], "соглашение", "signed", date(2025, 9, 1),
                                                whole(signed))],
                      partners=[("BY-MI", "RU-SAM")]),
    ]


@pytest.fixture
def store(interreg_home):
    store = MemoryStore(home=interreg_home)
    store.upsert(report_facts())
    yield store
    store.close()


@pytest.fixture
def written(store, tmp_path):
    return report.write_report(views.through(store), tmp_path / "report")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "script":
            self.scripts.append(attrs.get("type") or "code")
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def links_of(page: str) -> Links:
    parser = Links()
    parser.feed(page)
    return parser


def test_every_canned_query_has_a_section(written):
    page = written.index.read_text(encoding="utf-8")
    for name in catalogue.load():
        assert re.search(rf'<article id="q-{re.escape(name)}[-"]', page), name
    assert written.problems == []
    # Samara has the most foreign partners: the queries that need a region ran for it first
    assert '<code>region=RU-SAM</code>' in page
    assert '<code>region_a=RU-SAM</code> <code>region_b=' in page


def test_required_parameters_come_from_the_graph(store):
    examples = report.Examples(views.through(store))
    assert examples.regions == ["RU-SAM", "BY-MI"]        # two foreign partners, then one each (ties by code)
    assert examples.partner_of("BY-MI") == "RU-SAM"
    assert examples.person == "Карим Юсупов"             # at the most events of Samara
    assert examples.commodity == "food"
    assert examples.since == "2025-01-01"
    specs = catalogue.load()
    sets, problem = report.parameter_sets(specs["timeline"], examples)
    assert problem is None and sets[0]["region_a"] == "RU-SAM" and sets[0]["region_b"] in {"UZ-BU", "BY-MI"}


def test_tables_hold_the_rows_of_the_queries(store, written):
    page = written.index.read_text(encoding="utf-8")
    rows = views.through(store)("partners", {"region": "RU-SAM"})
    section = page[page.index('<article id="q-partners-ru-sam"'):]
    section = section[:section.index("</article>")]
    assert section.count("<tr>") == len(rows) + 1             # header and one row each
    assert '<th data-kind="num" data-column="meetings">встреч</th>' in section
    for row in rows:                                           # the partner's name, its code beside it
        assert f'{row["partner_name"]} <span class="code">{row["partner"]}</span></td>' in section, row


def test_corpus_summary_counts_documents_outlets_and_dates(store):
    summary = report.corpus_summary(views.through(store))
    assert summary.documents == 3
    assert summary.outlets == [("Волжская заря", 2), ("Степь-пресс", 1)]
    assert (summary.first, summary.last) == ("2025-03-14", "2025-09-01")
    assert dict(summary.events_by_type) == {"meeting": 1, "trade": 2, "agreement": 1}


def test_report_links_views_that_exist_and_is_offline(written):
    page = written.index.read_text(encoding="utf-8")
    assert external_resources(page) == []
    parsed = links_of(page)
    view_links = [href for href in parsed.hrefs if href.startswith("views/")]
    assert "views/network.html" in view_links and "views/partners-ru-sam.html" in view_links
    for href in view_links:
        target = written.index.parent / href
        assert target.is_file(), href
        assert external_resources(target.read_text(encoding="utf-8")) == []
    for href in parsed.hrefs:
        if href.startswith("#"):
            assert href[1:] in parsed.ids, href                # every in-page link lands
    assert 'data-kind="num"' in page and "table.sortable" in page     # the sorting script is inline


def test_document_text_in_the_report_is_escaped(written):
    page = written.index.read_text(encoding="utf-8")
    scripts = links_of(page).scripts
    # the sorting script, vega, vega-lite, the chart script; the charts' data as JSON
    assert scripts.count("code") == 4
    assert set(scripts) == {"code", "application/json"}
    assert "&lt;script&gt;document.title=" in page
    assert PAYLOAD not in page


def test_empty_store_still_gives_a_report(interreg_home, tmp_path):
    store = MemoryStore(home=interreg_home)
    written = report.write_report(views.through(store), tmp_path / "empty")
    page = written.index.read_text(encoding="utf-8")
    assert "Документов</dt><dd>0</dd>" in page
    assert any("в графе нет значения для region" in problem for problem in written.problems)


def test_report_command(store, tmp_path, capsys):
    assert main(["report", "-o", str(tmp_path / "site")]) == 0
    out = capsys.readouterr().out
    assert "index.html" in out and "views" in out
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "views" / "trade.html").is_file()


@pytest.mark.neo4j
def test_report_tables_are_the_same_on_neo4j(store, neo4j_uri):
    from interreg.graph.neo4j_store import Neo4jStore

    neo4j = Neo4jStore(uri=neo4j_uri)
    try:
        neo4j.clear()
        neo4j.upsert(report_facts())
        on_memory = report.run_tables(views.through(store), report.Examples(views.through(store)))
        on_neo4j = report.run_tables(views.through(neo4j), report.Examples(views.through(neo4j)))
        assert [(t.query, t.params, t.rows, t.problem) for t in on_neo4j] == \
               [(t.query, t.params, t.rows, t.problem) for t in on_memory]
        assert report.corpus_summary(views.through(neo4j)) == report.corpus_summary(views.through(store))
    finally:
        neo4j.clear()
        neo4j.close()


def test_a_table_cut_by_the_row_limit_says_so(store):
    from dataclasses import replace

    query = views.through(store)
    everything = query("outlets", {"limit": 0})
    assert len(everything) >= 2
    specs = catalogue.load()
    outlets = specs["outlets"]
    limits = {p.name: p for p in outlets.params}
    for limit, cut in ((1, True), (len(everything), False)):
        small = replace(outlets, params=tuple(replace(p, default=str(limit)) if p.name == "limit" else p
                                              for p in outlets.params))
        assert "limit" in limits
        [table] = report.run_tables(query, report.Examples(query), {"outlets": small})
        assert table.cut is cut
        assert table.rows == everything[:limit]


def section_of(page: str, anchor: str) -> str:
    section = page[page.index(f'<article id="{anchor}"'):]
    return section[:section.index("</article>")]


def test_tables_show_names_words_and_links_instead_of_ids(store, tmp_path):
    written = report.write_report(views.through(store), tmp_path / "named", focus=["UZ-BU"])
    page = written.index.read_text(encoding="utf-8")
    officials = section_of(page, "q-officials-uz-bu")
    person_id = views.through(store)("officials", {"region": "UZ-BU"})[0]["person"]
    assert f'<span title="{person_id}">Карим Юсупов</span>' in officials
    assert f">{person_id}<" not in officials                   # the id is never the label
    assert "встреча: 1" in officials                            # events counted by kind
    profile = section_of(page, "q-region-profile-uz-bu")
    assert re.search(r'<span class="event" title="meeting-[0-9a-f]+">встреча 2025-03-14</span>', profile)
    assert '<th data-kind="text" data-column="counterparts">другие стороны</th>' in profile
    assert "Самарская область" in profile
    contacts = section_of(page, "q-contacts-" + report.slug("Карим Юсупов"))
    assert '<span title="RU-SAM">Самарская область</span>' in contacts and ">регион<" in contacts
    assert ">продовольствие<" in section_of(page, "q-region-profile-uz-bu")   # a flow's goods, in words
    for english in (">signed<", ">planned<", ">meetings<", ">status<", ">food<"):
        assert english not in page, english


def test_source_urls_are_links_only_when_they_are_web_urls(interreg_home, tmp_path):
    from interreg.ingest.facts import Document

    good = Document("w1", "Минская область и Самарская область подписали соглашение.",
                    outlet="Волжская заря", url="https://example.org/a?b=1&c=2", published=date(2025, 9, 1))
    bad = Document("w2", "Минская область и Самарская область подписали меморандум.",
                   outlet="Степь-пресс", url="javascript:alert(1)", published=date(2025, 9, 1))
    store = MemoryStore(home=interreg_home)
    store.upsert([DocumentFacts(d, regions=[MINSK, SAMARA],
                                agreements=[AgreementFact(["BY-MI", "RU-SAM"], "соглашение", "signed",
                                                          date(2025, 9, 1), whole(d))])
                  for d in (good, bad)])
    page = report.write_report(views.through(store), tmp_path / "links").index.read_text(encoding="utf-8")
    sources = page[page.index('<article id="q-sources-'):]
    sources = sources[:sources.index("</article>")]
    assert ('<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">'
            in sources)
    assert "javascript:alert(1)" in sources and 'href="javascript' not in page


def test_report_around_one_region(store, tmp_path, capsys):
    assert main(["report", "-o", str(tmp_path / "bukhara"), "--region", "Бухарской области"]) == 0
    page = (tmp_path / "bukhara" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Межрегиональное сотрудничество: отчёт — Бухарская область</h1>" in page
    assert '<code>region=UZ-BU</code>' in page and '<code>region=RU-SAM</code>' not in page
    assert (tmp_path / "bukhara" / "views" / "partners-uz-bu.html").is_file()
    for chart in ("chart-timeline", "chart-partners", "chart-trade", "chart-years"):
        assert f'data-chart="{chart}"' in page, chart
    assert external_resources(page) == []
