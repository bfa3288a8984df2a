"""The seed news-aggregator page: the main article and the other outlets' items,
each read as its own document, give the facts the project was started for."""

from __future__ import annotations

from datetime import date

import pytest

from interreg.ingest.extract import Extractor
from interreg.ingest.readers import Skipped, iter_documents

SEED = "seeds/000_484d7a34880d4032.txt"
OMSK_BUKHARA = ("RU-OMS", "UZ-BU")


@pytest.fixture(scope="module")
def facts(shared_dir):
    items = [i for i in iter_documents([str(shared_dir / SEED)]) if not isinstance(i, Skipped)]
    extractor = Extractor()
    return [extractor.extract(item) for item in items]


@pytest.fixture(scope="module")
def main(facts):
    return facts[0]


def test_main_article_regions(main):
    assert {"RU-OMS", "UZ-BU"} <= {r.iso for r in main.regions}


def test_main_article_officials(main):
    officials = {(p.last, p.of): p.position for p in main.persons}
    assert officials[("Хоценко", "RU-OMS")] == "губернатор"
    assert ("Зарипов", "UZ-BU") in officials


def test_main_article_meeting_today(main):
    assert main.document.published == date(2025, 4, 26)
    meetings = {tuple(m.parties): m.date for m in main.meetings}
    assert meetings == {OMSK_BUKHARA: date(2025, 4, 26)}


def test_main_article_agreements(main):
    agreements = {(tuple(a.parties), a.kind, a.status) for a in main.agreements}
    assert (OMSK_BUKHARA, "соглашение о сотрудничестве", "signed") in agreements
    assert (OMSK_BUKHARA, "соглашение", "planned") in agreements
    assert (OMSK_BUKHARA, "дорожная карта", "planned") in agreements
    assert all(parties == OMSK_BUKHARA for parties, _, _ in agreements)


def test_main_article_trade_both_ways(main):
    flows = {(t.exporter, t.importer, t.commodity) for t in main.trade}
    assert flows == {("UZ", "RU-OMS", "textiles"), ("UZ", "RU-OMS", "food"),
                     ("RU-OMS", "UZ", "chemicals"), ("RU-OMS", "UZ", "timber"), ("RU-OMS", "UZ", "food")}


def test_main_article_partners(main):
    assert OMSK_BUKHARA in main.partners
    assert all(len({p.split("-")[0] for p in pair}) == 2 or all("-" in p for p in pair)
               for pair in main.partners)


def test_several_items_report_the_same_meeting(facts):
    reporting = [f for f in facts[1:] if any(tuple(m.parties) == OMSK_BUKHARA for m in f.meetings)]
    assert len(reporting) >= 2
    assert all(f.document.outlet for f in reporting)


def test_tatarstan_item(facts):
    tatarstan = [f for f in facts if "Минниханов" in f.document.text]
    assert len(tatarstan) == 1
    item = tatarstan[0]
    assert [tuple(m.parties) for m in item.meetings] == [("RU-TA", "UZ-BU")]
    officials = {(p.last, p.of): p.position for p in item.persons}
    assert officials[("Минниханов", "RU-TA")] == "раис"
    assert ("RU-TA", "UZ-BU") in item.partners
