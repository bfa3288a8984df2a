"""`interreg demo`: the bundled news in a fresh store, Bukhara's partners, report and views."""

from __future__ import annotations

import json
import os

from interreg import demo
from interreg.cli import main
from interreg.viz.markup import external_resources


def test_demo_corpus_is_well_formed():
    items = [json.loads(line) for line in demo.news_path().read_text(encoding="utf-8").splitlines()]
    assert 15 <= len(items) <= 30
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        assert set(item) == {"id", "url", "title", "outlet", "published", "text"}
        assert item["url"] is None or ".example.org/" in item["url"]
    outlets_on_bukhara_omsk = {item["outlet"] for item in items if item["published"] in ("2025-04-26", "2025-04-27")}
    assert len(outlets_on_bukhara_omsk) >= 3          # one meeting, several outlets


def test_demo_prints_bukhara_partners_writes_offline_pages_and_repeats(tmp_path, interreg_home, capsys):
    output = tmp_path / "demo"
    assert main(["demo", "-o", str(output)]) == 0
    out = capsys.readouterr().out

    assert "Partners of the Bukhara region" in out
    table = out[out.index("Partners of the Bukhara region"):out.index("Report:")]
    assert "Омская область" in table and "RU-OMS" in table
    partner_lines = [line for line in table.splitlines() if line[:3] in ("RU-", "UZ-", "KZ-", "BY-", "KG-", "CN-")]
    assert {line[:2] for line in partner_lines} >= {"RU", "KZ", "BY", "KG", "CN"}

    index = output / "index.html"
    partners_page = output / "views" / "partners-uz-bu.html"
    assert str(index.resolve()) in out and str(partners_page.resolve()) in out
    for page in [index, *sorted((output / "views").glob("*.html"))]:
        assert external_resources(page.read_text(encoding="utf-8")) == [], page
    assert "Бухарская область" in partners_page.read_text(encoding="utf-8")

    # the demo used its own store, not the user's
    assert (output / demo.STORE_FOLDER / "graph.sqlite").is_file()
    assert not any(interreg_home.iterdir())
    assert os.environ["INTERREG_HOME"] == str(interreg_home)

    # a second run starts from a fresh store: the same partners, no doubled counts
    with open(os.devnull, "w", encoding="utf-8") as quiet:
        again = demo.run(output, out=quiet)
    assert sorted(row["partner"] for row in again.partners) == sorted(line.split()[0] for line in partner_lines)
    omsk = next(row for row in again.partners if row["partner"] == "RU-OMS")
    assert omsk["sources"] >= 3                        # the talks reported by three outlets
    assert omsk["meetings"] >= 1 and omsk["agreements"] >= 1 and omsk["trade"] >= 1
    assert f"{omsk['sources']}" in next(line for line in partner_lines if line.startswith("RU-OMS"))
