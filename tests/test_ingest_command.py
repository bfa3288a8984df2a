"""`interreg ingest`, `delete` and `stats` end to end: real readers, real extraction."""

from __future__ import annotations

import json

import pytest

from interreg.cli import main

NEWS = [
    {"id": "omsk-bukhara", "outlet": "Омский вестник", "published": "2025-04-26",
     "text": "Губернатор Омской области Виталий Хоценко встретился с хокимом Бухарской области "
             "Ботиром Зариповым. Стороны подписали соглашение о сотрудничестве в сфере промышленности."},
    {"id": "bukhara-omsk", "outlet": "Бухарские новости", "published": "2025-04-27",
     "text": "В Бухаре хоким Бухарской области Ботир Зарипов провёл переговоры с губернатором "
             "Омской области Виталием Хоценко."},
    {"id": "minsk-omsk", "outlet": "Минский курьер", "published": "2025-05-12",
     "text": "Минская область и Омская область договорились о поставках сельхозтехники. "
             "Председатель Минского облисполкома провёл встречу с омской делегацией."},
]


def write_news(folder, items) -> None:
    folder.mkdir(exist_ok=True)
    with (folder / "news.jsonl").open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")


def stats(capsys, *store) -> dict:
    assert main(["stats", "--json", *store]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def news(tmp_path):
    folder = tmp_path / "news"
    write_news(folder, NEWS)
    return folder


def test_second_ingest_finds_every_document_unchanged(interreg_home, news, capsys):
    assert main(["ingest", str(news)]) == 0
    first = capsys.readouterr().err
    assert "3 new, 0 changed, 0 unchanged" in first
    assert "\r[" not in first                      # no progress bar off a terminal
    counts = stats(capsys)
    assert counts["nodes"]["Document"] == 3 and counts["nodes"]["Region"] >= 3

    assert main(["ingest", str(news)]) == 0
    second = capsys.readouterr().err
    assert "0 new, 0 changed, 3 unchanged" in second
    assert stats(capsys) == counts


def test_a_changed_document_is_extracted_again_and_replaced(interreg_home, news, capsys):
    main(["ingest", str(news)])
    capsys.readouterr()
    edited = [dict(item) for item in NEWS]
    edited[2]["text"] = "Минская область и Омская область договорились о поставках сельхозтехники."
    write_news(news, edited)

    assert main(["ingest", str(news)]) == 0
    assert "0 new, 1 changed, 2 unchanged" in capsys.readouterr().err


def test_delete_and_stats(interreg_home, news, capsys):
    main(["ingest", str(news)])
    capsys.readouterr()
    before = stats(capsys)

    assert main(["delete", "--document", "minsk-omsk"]) == 0
    after = stats(capsys)
    assert after["nodes"]["Document"] == before["nodes"]["Document"] - 1

    assert main(["delete", "--document", "minsk-omsk"]) == 2
    assert "no document 'minsk-omsk'" in capsys.readouterr().err

    assert main(["stats"]) == 0
    table = capsys.readouterr().out
    assert "Document" in table and "PARTNER_OF" in table


def test_unreadable_input_is_reported_and_the_rest_goes_on(interreg_home, news, tmp_path, capsys):
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x", "text": \n', encoding="utf-8")

    assert main(["ingest", str(news), str(broken)]) == 3     # some inputs skipped
    err = capsys.readouterr().err
    assert "3 new" in err and "1 skipped" in err and "broken.jsonl" in err


def test_ingest_of_nothing_readable_fails(interreg_home, tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    assert main(["ingest", str(missing)]) == 1
    assert "missing.txt" in capsys.readouterr().err


@pytest.mark.neo4j
def test_ingest_into_neo4j_twice(neo4j_env, interreg_home, news, capsys):
    assert main(["ingest", "--store", "neo4j", str(news)]) == 0
    capsys.readouterr()
    counts = stats(capsys, "--store", "neo4j")
    assert counts["nodes"]["Document"] == 3

    assert main(["ingest", "--store", "neo4j", str(news)]) == 0
    assert "3 unchanged" in capsys.readouterr().err
    assert stats(capsys, "--store", "neo4j") == counts

    # the same documents give the same graph in the embedded store
    assert main(["ingest", str(news)]) == 0
    capsys.readouterr()
    assert stats(capsys) == counts


def test_ingest_report_counts_documents_facts_and_events(tmp_path, news):
    from interreg.graph.load import ingest
    from interreg.graph.memory import MemoryStore

    store = MemoryStore(tmp_path / "store")
    report = ingest([news], store, progress=False, batch_size=1)
    assert (report.read, report.new, report.changed, report.unchanged) == (3, 3, 0, 0)
    assert report.facts["regions"] >= 5 and report.facts["meetings"] >= 1
    # one batch per document: the Bukhara report of the Omsk meeting finds it already loaded
    assert report.events_known >= 1
    assert report.events_new == store.counts()["nodes"]["Event"]


def test_progress_bar_only_on_a_terminal():
    import io
    from interreg.graph.load import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        bar = Progress(4, stream=stream)
        for done in range(1, 5):
            bar.show(done)
        bar.finish()
    assert terminal.getvalue().endswith("] 4/4 documents\n") and "\r[" in terminal.getvalue()
    assert pipe.getvalue() == ""
