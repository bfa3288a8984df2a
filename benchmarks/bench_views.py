"""How long a view takes to build as the graph grows: 200 and 2,000 regions.

A synthetic cooperation network (regions in hub-and-spoke groups of 20, hubs
linked in a ring, one meeting per pair) is loaded into a fresh embedded store;
then the `network` view is built through the query layer and rendered to HTML.
Prints the seconds for each size and the ratio 2,000 : 200.

    .venv/bin/python benchmarks/bench_views.py [--sizes 200 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from interreg.graph.memory import MemoryStore
from interreg.ingest.facts import Document, DocumentFacts, Evidence, MeetingFact, Place
from interreg.viz import render, views
from interreg.viz.markup import external_resources

GROUP = 20
COUNTRIES = ("RU", "UZ", "KZ", "BY", "KG", "CN")


def region(index: int) -> Place:
    country = COUNTRIES[(index // GROUP) % len(COUNTRIES)]
    return Place(f"{country}-B{index:04d}", f"Регион {index}", country, "region")


def synthetic_facts(count: int) -> list[DocumentFacts]:
    """One document per partner pair, each reporting one meeting."""
    pairs = []
    for index in range(count):
        hub = index - index % GROUP
        if index != hub:
            pairs.append((hub, index))
        elif index:
            pairs.append((index - GROUP, index))
    batch = []
    for number, (a, b) in enumerate(pairs):
        first, second = region(a), region(b)
        text = f"Делегации региона {a} и региона {b} провели переговоры."
        doc = Document(f"bench-{number}", text, outlet=f"Издание {number % 7}",
                       published=date(2024, 1, 1) + timedelta(days=number % 365))
        evidence = Evidence(doc.id, text, 0, len(text))
        parties = sorted((first.iso, second.iso))
        batch.append(DocumentFacts(doc, regions=[first, second],
                                   meetings=[MeetingFact(parties, [], doc.published, evidence)],
                                   partners=[tuple(parties)]))
    return batch


def measure(count: int, repeat: int, folder: Path) -> dict:
    store = MemoryStore(home=folder / f"store-{count}")
    started = time.perf_counter()
    store.upsert(synthetic_facts(count))
    load_seconds = time.perf_counter() - started
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        view = views.build("network", views.through(store), {})
        built = time.perf_counter()
        page = render.render(view)
        done = time.perf_counter()
        if best is None or done - started < best["total"]:
            best = {"query_and_build": built - started, "render": done - built, "total": done - started}
    (folder / f"network-{count}.html").write_text(page, encoding="utf-8")
    assert len(view.nodes) == count and not external_resources(page)
    store.close()
    return {"nodes": len(view.nodes), "edges": len(view.edges), "load": load_seconds,
            "bytes": len(page.encode("utf-8")), **best}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=(200, 2000), metavar=("SMALL", "BIG"))
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = {size: measure(size, args.repeat, Path(tmp)) for size in args.sizes}
    for size, r in results.items():
        print(f"{r['nodes']:>5} nodes {r['edges']:>5} edges: view {r['total']:.2f} s "
              f"(queries+build {r['query_and_build']:.2f} s, render {r['render']:.2f} s), "
              f"page {r['bytes'] / 1e6:.1f} MB; loading the store took {r['load']:.1f} s")
    small, big = (results[size]["total"] for size in args.sizes)
    print(f"ratio {args.sizes[1]} : {args.sizes[0]} = {big / small:.1f}")


if __name__ == "__main__":
    main()
