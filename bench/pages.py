"""Article text of news pages: the trafilatura reader against the former structural reader.

The pages are tests/fixtures/pages/*.html: Russian news pages written for this benchmark,
with menus, breadcrumbs, sidebars, "read also" and related-news blocks, reader comments,
cookie banners, subscription forms and footers; some in Windows-1251, some in UTF-8; laid
out with `<article>`, with `<div>`s only, and with tables. Beside each page, NAME.txt is
its true article text (headline and paragraphs).

Each page is read by both readers from its bytes, as a file is (`decode_text`), and their
text compared with the truth word by word (multisets of lower-case words): precision is
the share of the words read that are the article's, recall the share of the article's
words that were read. The menu/sidebar/comment page (omsk_bukhara) also goes through
extraction: a fact whose evidence sentence is not in the true article came from the
furniture. Quality figures, not timings: the same on every machine.

Targets: ours at least as good as the former reader in mean F1 of article text, and no
fact from outside the article.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from bench.core import ROOT, Measurement, Scale

PAGES = ROOT / "tests" / "fixtures" / "pages"
FURNITURE_PAGE = "omsk_bukhara"      # the page with a menu, a sidebar and comments
WORD = re.compile(r"\w+")
FACT_KINDS = ("meetings", "agreements", "trade")


def pages() -> list[tuple[str, bytes, str]]:
    """(name, page bytes, true article text) of every fixture page, by name."""
    return [(path.stem, path.read_bytes(), path.with_suffix(".txt").read_text(encoding="utf-8"))
            for path in sorted(PAGES.glob("*.html"))]


def ours(text: str, name: str):
    from interreg.ingest.readers.webpage import read_html
    return read_html(text, name, f"{name}.html")


def former(text: str, name: str):
    from interreg.ingest.readers.htmltree import read_html_tree
    return read_html_tree(text, name, f"{name}.html")


def precision_recall(read: str, truth: str) -> tuple[float, float]:
    """Word-multiset precision and recall of `read` against `truth`.

    >>> precision_recall("меню омск бухара", "Омск Бухара договор")
    (0.6666666666666666, 0.6666666666666666)
    """
    got, want = Counter(WORD.findall(read.lower())), Counter(WORD.findall(truth.lower()))
    common = sum((got & want).values())
    return (common / sum(got.values()) if got else 0.0, common / sum(want.values()) if want else 0.0)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def facts_outside(document, truth: str, extractor) -> tuple[int, int, list[str]]:
    """(facts, facts whose evidence is not in the true article, those sentences)."""
    facts = extractor.extract(document)
    found = [fact for kind in FACT_KINDS for fact in getattr(facts, kind)]
    flat_truth = " ".join(truth.split())
    outside = [fact.evidence.sentence for fact in found if " ".join(fact.evidence.sentence.split()) not in flat_truth]
    return len(found), len(outside), outside


def measure() -> dict:
    """Per page: precision and recall of both readers; and the facts of the furniture page."""
    from interreg.ingest.readers.encoding import decode_text

    results = {}
    for name, data, truth in pages():
        text = decode_text(data).text
        results[name] = {reader.__name__: precision_recall(reader(text, name).text, truth)
                         for reader in (ours, former)}
    return results


def furniture_facts() -> dict:
    from interreg.ingest.extract import Extractor
    from interreg.ingest.readers.encoding import decode_text

    extractor = Extractor()
    [(name, data, truth)] = [page for page in pages() if page[0] == FURNITURE_PAGE]
    text = decode_text(data).text
    return {reader.__name__: facts_outside(reader(text, name), truth, extractor) for reader in (ours, former)}


def run(scale: Scale) -> list[Measurement]:
    rows = []
    scores = measure()
    for name, by_reader in scores.items():
        (p_ours, r_ours), (p_former, r_former) = by_reader["ours"], by_reader["former"]
        rows.append(Measurement("pages", f"article text precision: {name}", p_ours, p_former, "P",
                                note="trafilatura : former reader"))
        rows.append(Measurement("pages", f"article text recall: {name}", r_ours, r_former, "R",
                                note="trafilatura : former reader"))
    mean_f1 = {reader: sum(f1(*by_reader[reader]) for by_reader in scores.values()) / len(scores)
               for reader in ("ours", "former")}
    rows.append(Measurement("pages", "mean F1 of article text", mean_f1["ours"], mean_f1["former"], "F1",
                            target=1.0, note=f"{len(scores)} pages"))
    facts = furniture_facts()
    (all_ours, out_ours, _), (all_former, out_former, _) = facts["ours"], facts["former"]
    inside = {reader: (total - outside) / total if total else 1.0 for reader, (total, outside, _) in facts.items()}
    rows.append(Measurement("pages", f"share of facts from the article itself: {FURNITURE_PAGE}",
                            inside["ours"], inside["former"], "share", target=1.0,
                            note=f"outside the article: trafilatura {out_ours} of {all_ours}, "
                                 f"former reader {out_former} of {all_former}",
                            extra={"outside_ours": out_ours, "outside_former": out_former}))
    return rows
