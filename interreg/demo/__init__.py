"""The bundled sample news (`news.jsonl`) and what `interreg demo` does with it.

`news.jsonl` holds short invented Russian news items about interregional
cooperation, in the style of regional outlets: meetings (the Omsk–Bukhara
talks reported by three outlets), signed and planned agreements, trade in both
directions, with regions of Russia, Uzbekistan, Kazakhstan, Belarus, Kyrgyzstan
and China. People and outlets are fictional; URLs are under example.org.
One JSON object per line: id, url, title, outlet, published (ISO date), text.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

FOCUS_REGION = "UZ-BU"          # the Bukhara region: the demo's question is about its partners
DEFAULT_OUTPUT = Path("interreg-demo")
STORE_FOLDER = "store"          # INTERREG_HOME of the demo's own embedded store, under the output


def news_path() -> Path:
    """The sample corpus shipped with the package."""
    return Path(str(resources.files("interreg.demo").joinpath("news.jsonl")))


@dataclass
class DemoResult:
    output: Path
    store_home: Path
    partners: list[dict]
    index: Path
    views: list[Path] = field(default_factory=list)
    counts: dict = field(default_factory=dict)


@contextmanager
def interreg_home(path: Path):
    """Point INTERREG_HOME at `path` for the duration, so nothing touches the user's store."""
    before = os.environ.get("INTERREG_HOME")
    os.environ["INTERREG_HOME"] = str(path)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("INTERREG_HOME", None)
        else:
            os.environ["INTERREG_HOME"] = before


def run(output: Path = DEFAULT_OUTPUT, out=None) -> DemoResult:
    """Ingest the sample news into a fresh store under `output`, print the Bukhara
    region's partners, and write the report and views into `output`."""
    from interreg.graph.load import ingest
    from interreg.graph.memory import MemoryStore
    from interreg.queries.commands import to_table
    from interreg.queries.runner import run as run_query
    from interreg.viz import report, views

    out = out or sys.stdout
    output = Path(output)
    home = output / STORE_FOLDER
    home.mkdir(parents=True, exist_ok=True)
    with interreg_home(home):
        store = MemoryStore(home=home)
        try:
            store.clear()                      # fresh every time: the demo is repeatable
            print(f"Reading the sample news: {news_path()}", file=out)
            ingest([news_path()], store)
            counts = store.counts()
            nodes = counts.get("nodes", {})
            print("Graph: " + ", ".join(f"{label} {n}" for label, n in sorted(nodes.items()) if n),
                  file=out)
            partners = run_query(store, "partners", {"region": FOCUS_REGION})
            print("\nPartners of the Bukhara region (Бухарская область, UZ-BU):", file=out)
            print(to_table(partners), file=out)
            written = report.write_report(views.through(store), output, store_kind=store.kind,
                                          focus=[FOCUS_REGION])
        finally:
            store.close()
    print(f"Report: {written.index.resolve()}", file=out)
    print("Views:", file=out)
    for path in written.views:
        print(f"  {path.resolve()}", file=out)
    print(f"The demo's own store is in {home.resolve()} (your INTERREG_HOME is untouched).", file=out)
    return DemoResult(output, home, partners, written.index, written.views, counts)
