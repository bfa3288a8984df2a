"""Hostile input: special files, file names that are not UTF-8, oversized values, degenerate
lists of regions, invisible characters, big JSON Lines files and document identity.

Each test is named after the case it guards. Anything that could hang when it fails (a
named pipe opened for reading) runs in a subprocess with a timeout.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from itertools import zip_longest
from pathlib import Path

import pytest

from interreg.cli import main
from interreg.ingest.facts import Document
from interreg.ingest.readers import Skipped, document_id_for, iter_documents

REPO = Path(__file__).resolve().parents[1]
NEWS = ("Губернатор Омской области провёл встречу с хокимом Бухарской области. "
        "Стороны подписали соглашение о сотрудничестве.\n")
OTHER_NEWS = ("Глава Татарстана встретился с акимом Павлодарской области. "
              "Стороны обсудили поставки зерна.\n")
# Reading must not take long: a hang is a failure, not a stuck test run.
READ_TIMEOUT = 30
EXTRACT_TIMEOUT = 300

READ_IN_A_SUBPROCESS = """
import json, sys
from interreg.ingest.readers import Skipped, iter_documents
out = []
for item in iter_documents(sys.argv[1:]):
    if isinstance(item, Skipped):
        out.append({"skipped": item.source, "reason": item.reason})
    else:
        out.append({"id": item.id, "source": item.source})
print(json.dumps(out))
"""


def read_apart(*paths) -> tuple[list[str], dict[str, str]]:
    """(sources of the documents read, {skipped source: reason}), read in a subprocess."""
    result = subprocess.run([sys.executable, "-c", READ_IN_A_SUBPROCESS, *map(str, paths)],
                            capture_output=True, text=True, timeout=READ_TIMEOUT, cwd=REPO)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    return ([item["source"] for item in items if "id" in item],
            {item["skipped"]: item["reason"] for item in items if "skipped" in item})


@pytest.fixture
def news(tmp_path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text(NEWS, encoding="utf-8")
    return folder


# --- 2: special files, broken links, unreadable folders ------------------------------

def test_item02_fifo_matched_by_a_glob_is_skipped(news):
    os.mkfifo(news / "pipe.txt")
    read, skipped = read_apart(news / "*.txt")
    assert read == [str(news / "good.txt")]
    assert skipped[str(news / "pipe.txt")].startswith("a named pipe (FIFO), not a regular file")


def test_item02_fifo_named_explicitly_is_no_missing_file(news):
    os.mkfifo(news / "pipe.jsonl")
    read, skipped = read_apart(news / "pipe.jsonl", news / "good.txt")
    assert read == [str(news / "good.txt")]
    assert skipped[str(news / "pipe.jsonl")].startswith("a named pipe (FIFO)")


def test_item02_fifo_in_a_folder_is_reported_and_not_read(news):
    os.mkfifo(news / "pipe.txt")
    read, skipped = read_apart(news)
    assert read == [str(news / "good.txt")]
    assert skipped == {str(news / "pipe.txt"): "a named pipe (FIFO), not a regular file: not read"}


def test_item02_socket_and_device_are_skipped_with_their_own_reason(news):
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(news / "s.txt"))
        read, skipped = read_apart(news / "s.txt", "/dev/null", news / "good.txt")
    finally:
        server.close()
    assert read == [str(news / "good.txt")]
    assert skipped[str(news / "s.txt")].startswith("a socket, not a regular file")
    assert skipped["/dev/null"].startswith("a character device, not a regular file")


def test_item02_broken_and_looping_links_in_a_folder_get_a_line_each(news):
    (news / "gone.txt").symlink_to(news / "deleted.txt")
    (news / "loop.txt").symlink_to(news / "loop.txt")
    read, skipped = read_apart(news)
    assert read == [str(news / "good.txt")]
    assert skipped[str(news / "gone.txt")].startswith("broken symbolic link")
    assert skipped[str(news / "loop.txt")].startswith("symbolic link loop")
    # named explicitly, a broken link says what it is, not "no such file"
    _, named = read_apart(news / "gone.txt")
    assert named[str(news / "gone.txt")].startswith("broken symbolic link")


def test_item02_unreadable_subfolder_gets_a_line(news, monkeypatch):
    locked = news / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(OTHER_NEWS, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        # root reads any folder: the refusal a user without the right gets is simulated
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(iter_documents([news]))
    assert [item.source for item in items if isinstance(item, Document)] == [str(news / "good.txt")]
    assert [item.line() for item in items if isinstance(item, Skipped)] == [
        f"{locked}: skipped: cannot list the folder: Permission denied"]


# --- 3: file names that are not UTF-8 -------------------------------------------------

@pytest.fixture
def undecodable(news) -> Path:
    """news/ with a second article in a file whose name is the byte 0xff."""
    (news / os.fsdecode(b"\xff.txt")).write_text(OTHER_NEWS, encoding="utf-8")
    return news


def test_item03_extract_goes_on_past_a_file_name_that_is_not_utf8(undecodable):
    result = subprocess.run([sys.executable, "-m", "interreg.cli", "extract", str(undecodable)],
                            capture_output=True, timeout=EXTRACT_TIMEOUT, cwd=REPO)
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 0, stderr
    records = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    sources = sorted(record["document"]["source"] for record in records)
    assert sources == [f"{undecodable}/\\xff.txt", f"{undecodable}/good.txt"]
    assert "extracted 2 document(s)" in stderr


def test_item03_names_that_differ_only_in_undecodable_bytes_keep_their_own_ids(tmp_path):
    first, second = (tmp_path / os.fsdecode(name) for name in (b"\xfe.txt", b"\xff.txt"))
    assert document_id_for(first) != document_id_for(second)
    for doc_id in (document_id_for(first), document_id_for(second)):
        doc_id.encode("utf-8")          # storable and printable as it is


def test_item03_memory_store_keeps_two_undecodable_names_apart(undecodable, interreg_home, capsys):
    (undecodable / os.fsdecode(b"\xfe.txt")).write_text(NEWS.replace("Омской", "Томской"), encoding="utf-8")
    for name in (b"\xfe.txt", b"\xff.txt"):              # two calls: ids must not meet
        assert main(["ingest", str(undecodable / os.fsdecode(name))]) == 0
        assert "1 new, 0 changed" in capsys.readouterr().err
    assert main(["ingest", str(undecodable)]) == 0
    assert "1 new, 0 changed, 2 unchanged" in capsys.readouterr().err
    ids = loaded_ids()
    assert len(ids) == 3 and all(doc_id.isprintable() for doc_id in ids)


@pytest.mark.neo4j
def test_item03_neo4j_loads_a_file_name_that_is_not_utf8(undecodable, neo4j_env, neo4j_driver, capsys):
    assert main(["ingest", "--store", "neo4j", str(undecodable)]) == 0
    assert "2 new" in capsys.readouterr().err
    records, _, _ = neo4j_driver.execute_query("MATCH (d:Document) RETURN d.source AS source ORDER BY source")
    assert [r["source"] for r in records] == [f"{undecodable}/\\xff.txt", f"{undecodable}/good.txt"]


# --- 8: document identity -------------------------------------------------------------

def loaded_ids() -> set[str]:
    from interreg.graph.store import open_store
    store = open_store("memory")
    try:
        return set(store.document_hashes())
    finally:
        store.close()


def test_item08_same_file_name_in_two_folders_in_two_calls_are_two_documents(tmp_path, interreg_home, capsys):
    for month, text in (("april", NEWS), ("may", OTHER_NEWS)):
        (tmp_path / month).mkdir()
        (tmp_path / month / "omsk.txt").write_text(text, encoding="utf-8")
    assert main(["ingest", str(tmp_path / "april" / "omsk.txt")]) == 0
    capsys.readouterr()
    assert main(["ingest", str(tmp_path / "may" / "omsk.txt")]) == 0
    assert "1 new, 0 changed" in capsys.readouterr().err
    assert loaded_ids() == {document_id_for(tmp_path / m / "omsk.txt") for m in ("april", "may")}


def test_item08_a_file_then_its_parent_folder_is_one_document(tmp_path, interreg_home, capsys, monkeypatch):
    for month, text in (("april", NEWS), ("may", OTHER_NEWS)):
        (tmp_path / "news" / month).mkdir(parents=True)
        (tmp_path / "news" / month / "omsk.txt").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "news")
    assert main(["ingest", "may/omsk.txt"]) == 0
    capsys.readouterr()
    monkeypatch.chdir(tmp_path)
    assert main(["ingest", "news"]) == 0
    assert "1 new, 0 changed, 1 unchanged" in capsys.readouterr().err
    assert len(loaded_ids()) == 2
    assert main(["stats", "--json"]) == 0
    twice = json.loads(capsys.readouterr().out)
    monkeypatch.setenv("INTERREG_HOME", str(tmp_path / "clean-home"))
    (tmp_path / "clean-home").mkdir()
    assert main(["ingest", "news"]) == 0
    assert main(["stats", "--json"]) == 0
    once = json.loads(capsys.readouterr().out)
    assert twice == once and twice["relationships"]["REPORTED_IN"] >= 2


def test_item08_an_edited_file_replaces_its_old_self(tmp_path, interreg_home, capsys):
    article = tmp_path / "omsk.txt"
    article.write_text(NEWS, encoding="utf-8")
    assert main(["ingest", str(article)]) == 0
    article.write_text(NEWS + OTHER_NEWS, encoding="utf-8")
    capsys.readouterr()
    assert main(["ingest", str(tmp_path / "." / "omsk.txt")]) == 0
    assert "0 new, 1 changed" in capsys.readouterr().err
    assert loaded_ids() == {document_id_for(article)}


# --- 6: invisible, decomposed and look-alike characters -------------------------------

MEETING = ("Губернатор Омской области Виталий Хоценко встретился с хокимом Бухарской области "
           "Ботиром Зариповым. Стороны подписали соглашение о сотрудничестве.")


def _inside_region_names(text: str, mark: str) -> str:
    return text.replace("Омской", "Ом" + mark + "ской").replace("Бухарской", "Бухар" + mark + "ской")


DISGUISES = {
    "zero-width space": lambda text: _inside_region_names(text, "\u200b"),
    "zero-width joiner": lambda text: _inside_region_names(text, "\u200d"),
    "soft hyphen": lambda text: _inside_region_names(text, "\u00ad"),
    "byte order mark inside": lambda text: _inside_region_names(text, "\ufeff"),
    "stress marks": lambda text: text.replace("Омской", "О\u0301мской").replace("Бухарской", "Буха\u0301рской")
                                     .replace("встретился", "встре\u0301тился"),
    "decomposed (NFD)": lambda text: __import__("unicodedata").normalize("NFD", text),
    "Latin look-alikes": lambda text: text.replace("Омской", "Oмскoй").replace("Бухарской", "Бyxapcкой")
                                          .replace("встретился", "вcтpeтился"),
}


@pytest.fixture(scope="module")
def extractor():
    from interreg.ingest.extract import Extractor
    return Extractor()


def all_evidence(facts):
    for kind in ("persons", "organizations", "meetings", "agreements", "trade", "topics"):
        for fact in getattr(facts, kind):
            yield fact.evidence


@pytest.mark.parametrize("disguise", list(DISGUISES))
def test_item06_invisible_and_lookalike_characters_lose_no_region_or_meeting(extractor, disguise):
    text = DISGUISES[disguise](MEETING)
    assert text != MEETING
    facts = extractor.extract(Document(id="d", text=text))
    assert {place.iso for place in facts.regions} == {"RU-OMS", "UZ-BU"}
    assert [meeting.parties for meeting in facts.meetings] == [["RU-OMS", "UZ-BU"]]
    assert facts.agreements and facts.agreements[0].parties == ["RU-OMS", "UZ-BU"]
    # offsets point into the text as given, invisible characters and all
    evidence = list(all_evidence(facts))
    assert evidence
    for found in evidence:
        assert text[found.start:found.end] == found.sentence
    assert facts.meetings[0].evidence.sentence.startswith(text[:10])


def test_item06_offset_map_round_trips_every_word():
    from interreg.ingest.entities.normalise import normalise

    original = DISGUISES["Latin look-alikes"](DISGUISES["zero-width space"](DISGUISES["stress marks"](MEETING)))
    clean = normalise(original)
    assert clean.text == MEETING
    at = 0
    for word in MEETING.split():
        start = MEETING.index(word, at)
        at = start + len(word)
        first, last = clean.span(start, at)
        assert normalise(original[first:last]).text == word


# --- 5: a sentence that lists a great many regions ------------------------------------

def region_names(count: int) -> list[str]:
    """Official names of `count` regions, from several countries in turn."""
    from interreg.ingest.entities.gazetteer import gazetteer
    by_country: dict[str, list[str]] = {}
    for place in gazetteer().places("region"):
        by_country.setdefault(place.country, []).append(place.name)
    names = [name for group in zip_longest(*by_country.values()) for name in group if name]
    assert len(names) >= count
    return names[:count]


def test_item05_pairing_a_long_list_is_bounded():
    from interreg.ingest.entities.gazetteer import gazetteer
    from interreg.ingest.events.parties import MAX_ALL_PAIRS, MAX_LISTED_PARTIES, pair_up

    isos = [place.iso for place in gazetteer().places("region")]
    assert len(isos) >= 229
    assert pair_up(isos[:229]) == []                    # a roll call names no pairs
    listed = isos[:MAX_LISTED_PARTIES]
    pairs = pair_up(listed)
    assert 0 < len(pairs) < len(listed)                 # the first-named with the others
    assert all(listed[0] in pair for pair in pairs)
    few = isos[:MAX_ALL_PAIRS]
    assert len(pair_up(few)) <= MAX_ALL_PAIRS * (MAX_ALL_PAIRS - 1) // 2


@pytest.mark.parametrize("count", [12, 60])
def test_item05_a_sentence_listing_many_regions_gives_few_agreements(extractor, count):
    text = ("Соглашения о сотрудничестве подписали " + ", ".join(region_names(count)) + ".\n") * 3
    facts = extractor.extract(Document(id="roll-call", text=text))
    assert len(facts.regions) >= count * 0.8
    # at most the first-named with each of the others, whatever the length of the list
    assert len(facts.agreements) < 20
    assert len(facts.partners) < 20


# --- 4: values too big for an index -----------------------------------------------------

def test_item04_an_organisation_name_of_12000_characters_is_not_kept():
    from types import SimpleNamespace

    from interreg.ingest.analysis import Sentence
    from interreg.ingest.entities.organizations import find_organizations

    text = "Правительство " + "Омской " * 2000
    sentence = Sentence(index=0, text=text, start=0, end=len(text))
    runaway = SimpleNamespace(type="ORG", start=0, stop=len(text), text=text, normal=text)
    short = SimpleNamespace(type="ORG", start=0, stop=20, text=text[:20], normal="Правительство Омской")
    found = find_organizations(Document(id="d", text=text), [sentence], [runaway, short], [])
    assert [org.name for org in found] == ["Правительство Омской"]


def _write_feed(folder: Path, middle_id: str) -> Path:
    folder.mkdir(exist_ok=True)
    feed = folder / "feed.jsonl"
    lines = [{"id": "first", "text": NEWS}, {"id": middle_id, "text": OTHER_NEWS},
             {"id": "last", "text": NEWS.replace("Омской", "Новосибирской")}]
    feed.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return feed


def test_item04_a_jsonl_id_of_40000_characters_is_skipped_and_the_rest_loads(tmp_path, interreg_home, capsys):
    feed = _write_feed(tmp_path / "news", "x" * 40_000)
    assert main(["ingest", str(feed)]) == 3
    err = capsys.readouterr().err
    assert f"{feed}:2: skipped: 'id' of 40,000 characters, over the limit of 200" in err.splitlines()
    assert loaded_ids() == {"first", "last"}


@pytest.mark.neo4j
def test_item04_neo4j_loads_the_batch_around_an_id_of_40000_characters(tmp_path, neo4j_env, neo4j_driver, capsys):
    feed = _write_feed(tmp_path / "news", "x" * 40_000)
    assert main(["ingest", "--store", "neo4j", str(feed)]) == 3
    assert "2 new" in capsys.readouterr().err
    records, _, _ = neo4j_driver.execute_query("MATCH (d:Document) RETURN d.id AS id ORDER BY id")
    assert [r["id"] for r in records] == ["first", "last"]


class OversizedOrganisation:
    """An extractor whose facts for the document 'bad' hold a 12,000-character name."""

    def extract(self, document):
        from interreg.ingest.facts import DocumentFacts, Evidence, OrganizationFact, Place

        evidence = Evidence(document.id, document.text, 0, len(document.text))
        name = "Правительство " * 1000 if document.id == "bad" else "Правительство Омской области"
        return DocumentFacts(document=document, regions=[Place("RU-OMS", "Омская область", "RU", "region")],
                             organizations=[OrganizationFact(name[:12_000], evidence)])


def _ingest_with_an_oversized_name(tmp_path, store):
    from interreg.graph.load import ingest

    feed = _write_feed(tmp_path / "news", "bad")
    report = ingest([feed], store, progress=False, extractor=OversizedOrganisation())
    assert [s.line() for s in report.skipped] == [
        f"{feed}:2: skipped: not loaded: Organization name of 12,000 characters, over the limit of 1,000"]
    assert (report.new, report.read) == (2, 3)
    return set(store.document_hashes())


def test_item04_an_oversized_extracted_name_costs_only_its_document_in_memory(tmp_path):
    from interreg.graph.memory import MemoryStore

    assert _ingest_with_an_oversized_name(tmp_path, MemoryStore(tmp_path / "home")) == {"first", "last"}


@pytest.mark.neo4j
def test_item04_an_oversized_extracted_name_costs_only_its_document_in_neo4j(tmp_path, neo4j_env):
    from interreg.graph.store import open_store

    store = open_store("neo4j")
    try:
        assert _ingest_with_an_oversized_name(tmp_path, store) == {"first", "last"}
    finally:
        store.close()


# --- 7: a big JSON Lines file is streamed -----------------------------------------------

class CountingStore:
    """Takes batches and keeps nothing but their number: what grows is the ingest's own."""

    kind = "counting"

    def __init__(self):
        self.documents = 0

    def document_hashes(self, doc_ids=None):
        return {}

    def bulk(self):
        from contextlib import nullcontext
        return nullcontext()

    def upsert(self, batch):
        from interreg.graph.store import LoadSummary
        self.documents += len(batch)
        return LoadSummary(documents=len(batch))


class NoFacts:
    def extract(self, document):
        from interreg.ingest.facts import DocumentFacts
        return DocumentFacts(document=document)


def _peak_ingesting(path: Path, count: int) -> int:
    import tracemalloc

    from interreg.graph.load import ingest

    body = ("Губернатор Омской области провёл встречу с хокимом Бухарской области. " * 80).strip()
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            out.write(json.dumps({"id": f"n{number}", "text": f"{number}. {body}"}, ensure_ascii=False) + "\n")
    store = CountingStore()
    tracemalloc.start()
    try:
        report = ingest([path], store, progress=False, extractor=NoFacts())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert store.documents == report.new == count
    return peak


def test_item07_peak_memory_of_an_ingest_stays_flat_in_the_number_of_documents(tmp_path):
    small = _peak_ingesting(tmp_path / "small.jsonl", 300)
    big = _peak_ingesting(tmp_path / "big.jsonl", 1200)
    # four times the documents (about 14 MB of text against 3.5 MB): held in a list they
    # would take four times the memory; streamed, the window of documents dominates
    assert big < 1.5 * small, (small, big)
