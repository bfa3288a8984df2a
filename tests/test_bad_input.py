"""Bad input through `interreg ingest` and `interreg extract`: each bad input gets one line
on stderr starting with its path, the rest of the batch is read and loaded, and the exit
status says whether anything was skipped (0 none, 3 some, 1 nothing read).

Every input is written by the test into tmp_path; the graph is the embedded store.
"""

from __future__ import annotations

import json
import re
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest

from interreg.cli import main
from interreg.ingest.facts import DocumentFacts
from interreg.ingest.readers import Document, Skipped, iter_documents
from interreg.ingest.readers.limits import DEFAULT_MAX_CHARS, MAX_CHARS_ENV

NEWS = ("Губернатор Омской области провёл встречу с хокимом Бухарской области. "
        "Стороны подписали соглашение о сотрудничестве.\n")
OTHER_NEWS = ("Глава Татарстана встретился с акимом Павлодарской области. "
              "Стороны обсудили поставки зерна.\n")
MEGABYTE = 1_000_000


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stderr.splitlines()

    def skipped(self) -> dict[str, str]:
        """The summary's skipped inputs: {source: reason}."""
        return dict(line.split(": skipped: ", 1) for line in self.lines if ": skipped: " in line)

    def notes(self) -> dict[str, str]:
        return dict(line.split(": note: ", 1) for line in self.lines if ": note: " in line)


@pytest.fixture
def cli(interreg_home, capsys):
    """Run an `interreg` command in-process on the test's own embedded store."""
    def run(*args) -> Outcome:
        capsys.readouterr()
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)
    return run


def stem(doc_id: str) -> str:
    """A file's document id without the digest of its path: 'good-0123456789ab' → 'good'."""
    return re.sub(r"-[0-9a-f]{12}(?=#|$)", "", doc_id)


def loaded_documents() -> set[str]:
    """The ids of the loaded documents, those of files by their stem."""
    from interreg.graph.store import open_store
    store = open_store("memory")
    try:
        return {stem(doc_id) for doc_id in store.document_hashes()}
    finally:
        store.close()


def write_good(folder: Path, name: str = "good.txt", text: str = NEWS) -> Path:
    path = folder / name
    path.write_text("Омск и Бухара\n\n" + text, encoding="utf-8")
    return path


def assert_one_line_each(outcome: Outcome, expected: dict[Path | str, str]) -> None:
    """The summary lists exactly these skipped inputs, each on a line starting with its
    path, with a reason starting with the given text."""
    skipped = outcome.skipped()
    assert set(skipped) == {str(source) for source in expected}, outcome.stderr
    for source, reason in expected.items():
        assert skipped[str(source)].startswith(reason), (source, skipped[str(source)])
        [line] = [line for line in outcome.lines if ": skipped: " in line and line.startswith(f"{source}: ")]
        assert "\n" not in line


# --- one case at a time, through `interreg ingest` --------------------------------------

def test_empty_files_are_skipped_and_the_rest_loads(cli, tmp_path):
    good = write_good(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_text("\n  \n\n", encoding="utf-8")
    (tmp_path / "spaces.html").write_text("   \n", encoding="utf-8")
    outcome = cli("ingest", tmp_path)
    assert outcome.code == 3
    assert_one_line_each(outcome, {tmp_path / "empty.txt": "empty file",
                                   tmp_path / "blank.jsonl": "empty file",
                                   tmp_path / "spaces.html": "empty file"})
    assert loaded_documents() == {good.stem}
    assert "1 new" in outcome.stderr and "3 skipped" in outcome.stderr


def test_binary_files_are_skipped_and_the_rest_loads(cli, tmp_path):
    write_good(tmp_path)
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    (tmp_path / "archive.jsonl").write_bytes(b"PK\x03\x04\x14\x00\x00\x00" * 500)
    (tmp_path / "controls.html").write_bytes(bytes(range(1, 9)) * 200)
    outcome = cli("ingest", tmp_path)
    assert outcome.code == 3
    assert_one_line_each(outcome, {tmp_path / "photo.txt": "binary file",
                                   tmp_path / "archive.jsonl": "binary file",
                                   tmp_path / "controls.html": "binary file"})
    assert loaded_documents() == {"good"}


def test_invalid_utf8_that_is_not_windows_1251_is_skipped(cli, tmp_path):
    write_good(tmp_path)
    (tmp_path / "garbage.txt").write_bytes(bytes(range(0x80, 0x98)) * 20)
    (tmp_path / "koi8.txt").write_bytes(("Омская область подписала соглашение с Бухарской областью "
                                         "о поставках зерна и техники.").encode("koi8-r"))
    outcome = cli("ingest", tmp_path)
    assert outcome.code == 3
    assert_one_line_each(outcome, {tmp_path / "garbage.txt": "not UTF-8 or Windows-1251",
                                   tmp_path / "koi8.txt": "not UTF-8 or Windows-1251 (Cyrillic in another code page"})
    assert loaded_documents() == {"good"}


def test_utf8_with_a_few_broken_bytes_is_read_with_a_note(cli, tmp_path):
    stray = tmp_path / "stray.txt"
    stray.write_bytes(("Омск и Бухара\n\n" + NEWS).encode("utf-8").replace(b" \xd0\xbf\xd0\xbe", b" \xff\xd0\xbe", 1))
    cut = tmp_path / "cut.txt"
    cut.write_bytes(("Казань и Павлодар\n\n" + OTHER_NEWS).encode("utf-8") + "Ещё".encode("utf-8")[:-1])
    outcome = cli("ingest", tmp_path)
    assert outcome.code == 0, outcome.stderr
    assert outcome.skipped() == {}
    assert outcome.notes() == {str(stray): "1 broken UTF-8 sequence replaced with U+FFFD",
                               str(cut): "1 broken UTF-8 sequence replaced with U+FFFD"}
    assert loaded_documents() == {"stray", "cut"}


def test_windows_1251_text_loads_with_a_note_and_is_not_skipped(cli, tmp_path):
    write_good(tmp_path)
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(("Казань и Павлодар\n\n" + OTHER_NEWS).encode("cp1251"))
    legacy_lines = tmp_path / "legacy-lines.jsonl"
    legacy_lines.write_bytes(json.dumps({"id": "cp-1", "text": OTHER_NEWS}, ensure_ascii=False).encode("cp1251"))
    outcome = cli("ingest", tmp_path)
    assert outcome.code == 0, outcome.stderr
    assert outcome.skipped() == {}
    assert outcome.notes() == {str(legacy): "read as Windows-1251",
                               str(legacy_lines): "read as Windows-1251 (1 line)"}
    assert loaded_documents() == {"good", "legacy", "cp-1"}
    assert "0 skipped" in outcome.stderr


def test_a_20_megabyte_text_file_is_skipped_from_its_size(cli, tmp_path):
    write_good(tmp_path)
    huge = tmp_path / "huge.txt"
    with huge.open("w", encoding="utf-8") as out:
        while out.tell() < 20 * MEGABYTE:
            out.write(NEWS * 100)
    huge_page = tmp_path / "huge.html"
    huge_page.write_bytes(b"<p>" + NEWS.encode("utf-8") * 100_000 + b"</p>")
    outcome = cli("ingest", tmp_path)
    assert outcome.code == 3
    page_size = f"{huge_page.stat().st_size / MEGABYTE:.1f} MB"
    assert_one_line_each(outcome, {
        huge: f"{huge.stat().st_size / MEGABYTE:.1f} MB text file, over the limit of {DEFAULT_MAX_CHARS:,} "
              "characters a document (400 kB for a text file; --max-chars or INTERREG_MAX_CHARS)",
        huge_page: f"{page_size} HTML page, over the limit of {DEFAULT_MAX_CHARS:,} characters a document"})
    assert loaded_documents() == {"good"}


def test_documents_over_max_chars_are_skipped_naming_the_size_and_the_limit(cli, tmp_path, monkeypatch):
    write_good(tmp_path)
    long_text = write_good(tmp_path, "long.txt", NEWS * 12)           # under 4,000 bytes: read, then measured
    too_big = write_good(tmp_path, "too-big.txt", NEWS * 20)         # over 4,000 bytes: refused unread
    records = [{"id": "short", "text": OTHER_NEWS}, {"id": "long", "text": OTHER_NEWS * 30}]
    (tmp_path / "news.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records),
                                         encoding="utf-8")
    outcome = cli("ingest", "--max-chars", 1000, tmp_path)
    assert outcome.code == 3
    length = len(long_text.read_text(encoding="utf-8"))
    assert_one_line_each(outcome, {
        long_text: f"{length:,} characters, over the limit of 1,000 a document",
        too_big: f"{too_big.stat().st_size / 1000:.1f} kB text file, over the limit of 1,000 characters",
        f"{tmp_path / 'news.jsonl'}:2": f"{len(OTHER_NEWS) * 30:,} characters, over the limit of 1,000"})
    assert loaded_documents() == {"good", "short"}

    # The same limit from the environment; the command line wins over it.
    monkeypatch.setenv(MAX_CHARS_ENV, "50")
    outcome = cli("extract", tmp_path / "news.jsonl", "-o", tmp_path / "facts.jsonl")
    assert outcome.code == 1
    assert set(outcome.skipped()) == {f"{tmp_path / 'news.jsonl'}:1", f"{tmp_path / 'news.jsonl'}:2"}
    outcome = cli("extract", "--max-chars", 200_000, tmp_path / "news.jsonl", "-o", tmp_path / "facts.jsonl")
    assert outcome.code == 0 and outcome.skipped() == {}


def test_a_20_megabyte_json_lines_file_of_small_documents_reads_and_loads(cli, tmp_path, monkeypatch):
    """Reading and loading only: natasha would take an hour over 20 MB of text, so
    extraction is replaced by one that finds no facts."""
    import interreg.graph.load as load

    class NoFacts:
        def extract(self, document):
            return DocumentFacts(document=document)

    monkeypatch.setattr(load, "_default_extractor", NoFacts)
    big = tmp_path / "big.jsonl"
    count = write_big_json_lines(big, 20 * MEGABYTE)
    outcome = cli("ingest", "--batch-size", 1000, big)
    assert outcome.code == 0, outcome.stderr[-500:]
    assert outcome.skipped() == {}
    assert f"read {count} document(s)" in outcome.stderr
    documents = loaded_documents()
    assert len(documents) == count and {"big-0", f"big-{count - 1}"} <= documents


def test_json_lines_are_read_as_a_stream(tmp_path):
    """Going through a 20 MB file one document at a time never holds much of it."""
    big = tmp_path / "big.jsonl"
    count = write_big_json_lines(big, 20 * MEGABYTE)
    tracemalloc.start()
    try:
        read = sum(1 for item in iter_documents([big]) if isinstance(item, Document))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert read == count
    assert peak < 2 * MEGABYTE


def write_big_json_lines(path: Path, size: int) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        while out.tell() < size:
            out.write(json.dumps({"id": f"big-{count}", "text": f"{count}. " + NEWS * 20},
                                 ensure_ascii=False) + "\n")
            count += 1
    return count


def test_html_junk_is_skipped_and_html_with_text_is_read(cli, tmp_path):
    write_good(tmp_path)
    (tmp_path / "scripts.html").write_text(
        "<html><head><script>var a = '<p>Омск</p>';</script><style>p{}</style></head>"
        "<body><script>track()</script><noscript>Включите JavaScript</noscript></body></html>",
        encoding="utf-8")
    (tmp_path / "furniture.html").write_text(
        "<body><nav>Главная | Новости</nav><div><span></div></span><footer>© 2025</footer>", encoding="utf-8")
    (tmp_path / "punctuation.html").write_text("<p>&nbsp;|&nbsp;</p><p>--- 2025 ---</p><div>", encoding="utf-8")
    (tmp_path / "broken.html").write_text(
        "<html><body><div><p>Омск и Бухара<p>" + NEWS + "</div></span></b><p>Конец", encoding="utf-8")
    (tmp_path / "saved-page.txt").write_text(
        "<!DOCTYPE html><html><head><title>Казань</title></head><body><article><p>" + OTHER_NEWS
        + "</p></article></body></html>", encoding="utf-8")
    outcome = cli("ingest", tmp_path)
    assert outcome.code == 3
    assert_one_line_each(outcome, {tmp_path / "scripts.html": "no text in the HTML page",
                                   tmp_path / "furniture.html": "no text in the HTML page",
                                   tmp_path / "punctuation.html": "no text (no letters)"})
    assert loaded_documents() == {"good", "broken", "saved-page"}
    [saved] = [item for item in iter_documents([tmp_path / "saved-page.txt"])]
    assert saved.text == OTHER_NEWS.strip() and saved.title == "Казань"


@pytest.mark.parametrize("name, text, reason", [
    ("english.txt", "The governor of the Omsk region met the khokim of the Bukhara region. "
                    "The parties signed a cooperation agreement.", "not Russian text (0% Cyrillic letters)"),
    ("uzbek.txt", "Buxoro viloyati hokimi Omsk viloyati gubernatori bilan uchrashdi. "
                  "Tomonlar hamkorlik to‘g‘risida bitim imzoladi.", "not Russian text (0% Cyrillic letters)"),
    ("chinese.txt", "鄂木斯克州州长与布哈拉州州长会晤。双方签署了合作协议。", "not Russian text (0% Cyrillic letters)"),
    ("mixed.txt", "Omsk region (Омская область) and the Bukhara region signed an agreement on grain "
                  "supplies and machinery for the coming years.", "not Russian text (13% Cyrillic letters)"),
    ("ukrainian.txt", "Губернатор Омської області зустрівся з делегацією Бухарської області. Сторони "
                      "підписали угоду про співпрацю у сфері промисловості та сільського господарства.",
     "not Russian text (9% of the Cyrillic letters are not in the Russian alphabet: і"),
])
def test_non_russian_text_is_skipped_with_its_share_of_cyrillic(cli, tmp_path, name, text, reason):
    write_good(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    outcome = cli("ingest", tmp_path)
    assert outcome.code == 3
    assert_one_line_each(outcome, {tmp_path / name: reason})
    assert loaded_documents() == {"good"}


def test_russian_news_with_latin_names_numbers_and_urls_loads(cli, tmp_path):
    news = ("Омская область и компания Siemens Energy AG подписали соглашение (MoU) на 2025–2027 годы. "
            "Подробнее: https://omskportal.ru/news/2025/04/26/siemens-energy-omsk-agreement?utm_source=tg "
            "и https://t.me/omsk_gov. Сумма — 1 250 000 000 руб. (EUR 13,5 млн), CEO Christian Bruch.\n")
    write_good(tmp_path, "latin.txt", news)
    (tmp_path / "short.jsonl").write_text(json.dumps({"id": "tv", "text": "Интервью для Bloomberg TV"},
                                                     ensure_ascii=False), encoding="utf-8")
    outcome = cli("ingest", tmp_path)
    assert outcome.code == 0, outcome.stderr
    assert loaded_documents() == {"latin", "tv"}


def test_a_malformed_json_lines_line_is_listed_with_its_number_and_the_rest_loads(cli, tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [json.dumps({"id": "n-1", "text": NEWS}, ensure_ascii=False),
             '{"id": "n-2", "text": "Омск',
             json.dumps(["not", "an", "object"]),
             json.dumps({"id": "n-4", "text": OTHER_NEWS}, ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = cli("ingest", path)
    assert outcome.code == 3
    assert_one_line_each(outcome, {f"{path}:2": "not valid JSON (Unterminated string",
                                   f"{path}:3": "not a JSON object but list"})
    assert loaded_documents() == {"n-1", "n-4"}


def test_a_missing_path_is_listed_and_the_rest_loads(cli, tmp_path):
    (tmp_path / "news").mkdir()
    good = write_good(tmp_path / "news")
    missing, missing_folder, no_match = tmp_path / "missing.txt", tmp_path / "gone", tmp_path / "*.jsonl"
    outcome = cli("ingest", missing, good.parent, missing_folder, no_match)
    assert outcome.code == 3
    assert_one_line_each(outcome, {missing: "no such file or folder",
                                   missing_folder: "no such file or folder",
                                   no_match: "no readable file matches the pattern"})
    assert loaded_documents() == {"good"}


# --- exit statuses and `interreg extract` ----------------------------------------------

def test_exit_status_is_0_when_everything_was_read_and_1_when_nothing_was(cli, tmp_path):
    write_good(tmp_path)
    assert cli("ingest", tmp_path).code == 0
    assert cli("ingest", tmp_path).code == 0               # read again, unchanged: still loaded
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "empty.txt").write_bytes(b"")
    nothing = cli("ingest", tmp_path / "bad" / "empty.txt", tmp_path / "missing.txt")
    assert nothing.code == 1
    assert set(nothing.skipped()) == {str(tmp_path / "bad" / "empty.txt"), str(tmp_path / "missing.txt")}
    assert cli("extract", tmp_path / "good.txt", "-o", tmp_path / "out.jsonl").code == 0
    assert cli("extract", tmp_path / "bad", "-o", tmp_path / "out.jsonl").code == 1


def test_extract_lists_every_bad_input_and_writes_the_good_ones(cli, tmp_path):
    write_good(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "garbage.txt").write_bytes(bytes(range(0x80, 0x98)) * 20)
    (tmp_path / "legacy.txt").write_bytes(("Казань и Павлодар\n\n" + OTHER_NEWS).encode("cp1251"))
    (tmp_path / "scripts.html").write_text("<script>x()</script>", encoding="utf-8")
    (tmp_path / "english.txt").write_text("The parties signed an agreement.", encoding="utf-8")
    (tmp_path / "news.jsonl").write_text('{"id": "j-1", "text": "' + NEWS.strip() + '"}\n{oops\n', encoding="utf-8")
    with (tmp_path / "huge.txt").open("w", encoding="utf-8") as out:
        out.write(NEWS * (20 * MEGABYTE // len(NEWS.encode("utf-8")) + 1))
    missing = tmp_path / "missing.txt"
    outcome = cli("extract", tmp_path, missing)
    assert outcome.code == 3
    assert sorted(stem(json.loads(line)["id"]) for line in outcome.stdout.splitlines()) == ["good", "j-1", "legacy"]
    assert_one_line_each(outcome, {tmp_path / "empty.txt": "empty file",
                                   tmp_path / "binary.txt": "binary file",
                                   tmp_path / "garbage.txt": "not UTF-8",
                                   tmp_path / "scripts.html": "no text in the HTML page",
                                   tmp_path / "english.txt": "not Russian text",
                                   f"{tmp_path / 'news.jsonl'}:2": "not valid JSON",
                                   tmp_path / "huge.txt": "20.0 MB text file",
                                   missing: "no such file or folder"})
    assert outcome.notes() == {str(tmp_path / "legacy.txt"): "read as Windows-1251"}
    assert "extracted 3 document(s), skipped 8" in outcome.stderr


def test_a_line_break_in_a_file_name_does_not_break_the_line(tmp_path):
    odd = tmp_path / "report\n2025.p\ndf"
    odd.write_bytes(b"%PDF-1.4")
    [item] = iter_documents([odd])
    assert isinstance(item, Skipped) and item.reason.startswith("unsupported file type")
    assert "\n" not in item.line() and item.line().startswith(str(odd).replace("\n", "\\n"))


def test_the_exit_status_reaches_the_shell(interreg_home, tmp_path):
    import os
    import subprocess
    import sys

    good = write_good(tmp_path)
    missing = tmp_path / "missing.txt"
    result = subprocess.run([sys.executable, "-m", "interreg.cli", "ingest", str(good), str(missing)],
                            capture_output=True, text=True, timeout=600,
                            env=dict(os.environ, INTERREG_HOME=str(interreg_home)))
    assert result.returncode == 3, result.stderr
    assert result.stdout == ""
    assert f"{missing}: skipped: no such file or folder" in result.stderr.splitlines()
    assert loaded_documents() == {"good"}
