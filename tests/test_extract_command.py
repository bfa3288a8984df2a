"""`interreg extract` and `interreg eval` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from interreg.cli import main
from interreg.ingest.readers import document_id_for

NEWS = ("Губернатор Омской области провёл встречу с хокимом Бухарской области. "
        "Стороны подписали соглашение о сотрудничестве.")


def test_extract_writes_one_record_per_document(tmp_path, capsys):
    (tmp_path / "omsk.txt").write_text(NEWS, encoding="utf-8")
    lines = [{"id": "kept-id", "text": "Омская область поставляет в Узбекистан древесину.",
              "published": "2025-04-26"}]
    (tmp_path / "more.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines),
                                         encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    assert main(["extract", str(tmp_path / "omsk.txt"), str(tmp_path / "more.jsonl"), "-o", str(out)]) == 0
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    # a file's id: its stem and a digest of its path (docs/inputs.md); JSON Lines ids as given
    records["omsk"] = records.pop(document_id_for(tmp_path / "omsk.txt"))
    assert set(records) == {"omsk", "kept-id"}
    omsk = records["omsk"]["facts"]
    assert set(omsk) == {"regions", "persons", "meetings", "agreements", "trade", "partners"}
    assert [m["parties"] for m in omsk["meetings"]] == [["RU-OMS", "UZ-BU"]]
    assert [(a["parties"], a["status"]) for a in omsk["agreements"]] == [(["RU-OMS", "UZ-BU"], "signed")]
    assert omsk["partners"] == [["RU-OMS", "UZ-BU"]]
    evidence = records["omsk"]["evidence"]["meetings"][0]["evidence"]
    assert NEWS[evidence["start"]:evidence["end"]] == evidence["sentence"]
    kept = records["kept-id"]
    assert kept["document"]["published"] == "2025-04-26"
    assert kept["facts"]["trade"] == [{"from": "RU-OMS", "to": "UZ", "commodity": "timber"}]
    assert "extracted 2 document(s)" in capsys.readouterr().err


def test_extract_reports_skipped_inputs_and_goes_on(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(NEWS, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    assert main(["extract", str(missing), str(good), "-o", "-"]) == 3     # some inputs skipped
    captured = capsys.readouterr()
    assert [json.loads(line)["id"] for line in captured.out.splitlines()] == [document_id_for(good)]
    assert "missing.txt" in captured.err and "skipped 1" in captured.err


def test_extract_to_a_missing_folder_is_a_user_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    code = main(["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "no" / "out.jsonl")])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_eval_prints_the_score_table(shared_dir):
    result = subprocess.run([sys.executable, "-m", "interreg.cli", "eval",
                             "--gold", str(shared_dir / "corpus" / "dev.jsonl")],
                            capture_output=True, text=True, timeout=600,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stderr
    table = result.stdout
    for kind in ("regions", "persons", "meetings", "agreements", "trade", "partners"):
        assert any(line.startswith(kind) for line in table.splitlines())
    assert "partners F1" in table.splitlines()[-1]


def test_eval_without_gold_is_a_user_error(tmp_path, capsys):
    assert main(["eval", "--gold", str(tmp_path / "none.jsonl")]) == 2
    assert "gold corpus not found" in capsys.readouterr().err


def test_blank_document_gives_empty_facts():
    from interreg.ingest.extract import Extractor
    from interreg.ingest.facts import Document
    facts = Extractor().extract(Document(id="blank", text="  \n "))
    assert all(value == [] for value in facts.to_gold().values())


def test_only_skipped_inputs_is_a_failure(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "none.txt"), "-o", str(tmp_path / "out.jsonl")]) == 1
    assert "skipped 1" in capsys.readouterr().err
