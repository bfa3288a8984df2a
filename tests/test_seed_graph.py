"""The seed page end to end, through the command line: ingested into the embedded
store, the same meeting reported by several outlets is one event, and the partners
of the Bukhara region are the ones the page is about."""

from __future__ import annotations

import json

import pytest

from interreg import cli
from interreg.graph.store import open_store
from interreg.queries import runner

SEED = "seeds/000_484d7a34880d4032.txt"


@pytest.fixture(scope="module")
def seeded_home(shared_dir, tmp_path_factory):
    home = tmp_path_factory.mktemp("seed-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INTERREG_HOME", str(home))
        patch.delenv("INTERREG_STORE", raising=False)
        assert cli.main(["ingest", str(shared_dir / SEED)]) == 0
    return home


@pytest.fixture()
def seeded(seeded_home, monkeypatch):
    monkeypatch.setenv("INTERREG_HOME", str(seeded_home))
    monkeypatch.delenv("INTERREG_STORE", raising=False)
    return seeded_home


def query_json(capsys, *args) -> list[dict]:
    capsys.readouterr()
    assert cli.main(["query", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_partners_of_bukhara_from_the_command_line(seeded, capsys):
    rows = {row["partner_name"]: row for row in query_json(capsys, "partners", "--param", "region=Бухарская")}
    assert {"Омская область", "Республика Татарстан"} <= set(rows)
    omsk, tatarstan = rows["Омская область"], rows["Республика Татарстан"]
    assert omsk["meetings"] == 1 and tatarstan["meetings"] == 1
    assert omsk["agreements"] >= 2                      # one signed, the agreement and roadmap planned
    assert omsk["trade"] + omsk["country_trade"] >= 5   # textiles and food in, chemicals, timber, food out
    assert omsk["first"] == "2025-04-26"
    assert omsk["sources"] >= 2


def test_the_meeting_is_one_event_reported_by_several_outlets(seeded):
    store = open_store("memory")
    meetings = [row for row in runner.run(store, "timeline", {"region_a": "RU-OMS", "region_b": "UZ-BU"})
                if row["type"] == "meeting"]
    assert len(meetings) == 1
    meeting = meetings[0]
    assert meeting["date"] == "2025-04-26"
    assert meeting["sources"] >= 2 and len(meeting["documents"]) == meeting["sources"]
    reports = runner.run(store, "sources", {"event": meeting["event"]})
    outlets = {row["outlet"] for row in reports}
    assert "Правительство Омской области" in outlets and len(outlets) == meeting["sources"]
    assert all(row["sentence"] for row in reports)


def test_trade_of_omsk_runs_both_ways_with_uzbekistan(seeded):
    rows = runner.run(open_store("memory"), "trade", {"party": "RU-OMS"})
    flows = {(row["exporter"], row["importer"], row["commodity"]) for row in rows}
    assert {("UZ", "RU-OMS", "textiles"), ("UZ", "RU-OMS", "food")} <= flows
    assert {("RU-OMS", "UZ", "chemicals"), ("RU-OMS", "UZ", "timber"), ("RU-OMS", "UZ", "food")} <= flows


def test_ingesting_the_page_again_changes_nothing(seeded, shared_dir, capsys):
    store = open_store("memory")
    before = store.counts()
    capsys.readouterr()
    assert cli.main(["ingest", str(shared_dir / SEED)]) == 0
    err = capsys.readouterr().err
    assert "0 new, 0 changed" in err
    assert open_store("memory").counts() == before
