"""The pages in a real browser: headless Chromium with every network request refused.

Needs Debian's `chromium` (apt-get install -y chromium). Without it these tests
skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from interreg.graph.memory import MemoryStore
from interreg.viz import render, report, views
from test_views import sample_facts, synthetic_view

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Requests go to a closed local port and no host name resolves: a page that needs the
# network cannot get it.
OFFLINE_FLAGS = ["--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"]
QUIET_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def chromium() -> str:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        reason = "chromium not installed (apt-get install -y chromium)"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"{reason} (CI=true: not skipping)", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


def browse(chromium: str, page: Path, profile: Path, virtual_time_ms: int | None = 5000) -> str:
    """The DOM of `page` after its scripts ran (by default with 5 s of virtual time, so
    timers and animation frames run too)."""
    budget = [f"--virtual-time-budget={virtual_time_ms}"] if virtual_time_ms else []
    done = subprocess.run(
        [chromium, *QUIET_FLAGS, *OFFLINE_FLAGS, f"--user-data-dir={profile}", *budget,
         "--window-size=1280,900", "--dump-dom", page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture
def store(interreg_home):
    store = MemoryStore(home=interreg_home)
    store.upsert(sample_facts())
    yield store
    store.close()


def test_view_renders_offline_and_document_markup_does_not_run(chromium, store, tmp_path):
    view = views.build("events", views.through(store), {"region": "UZ-BU"})
    page = render.write(view, tmp_path / "events.html")
    dom = browse(chromium, page, tmp_path / "profile")
    assert 'data-rendered="true"' in dom                      # our script ran to its end
    assert "vis-network" in dom and "<canvas" in dom          # vis-network drew its canvas
    assert f"<title>{view.title}</title>" in dom              # the payloads did not set the title
    assert "pwned" not in dom.split("<body")[0]
    assert "видно связей: " in dom


def test_big_view_opens_in_seconds(chromium, tmp_path):
    page = render.write(synthetic_view(2000), tmp_path / "big.html")
    # real time here: with physics off the graph is built while the page loads
    dom = browse(chromium, page, tmp_path / "profile", virtual_time_ms=None)
    assert 'data-rendered="true"' in dom and "<canvas" in dom
    ready_ms = int(re.search(r'data-ready-ms="(\d+)"', dom).group(1))
    assert ready_ms < 10_000, f"2,000-node view took {ready_ms} ms to build in the browser"


def test_report_opens_offline_with_sortable_tables(chromium, store, tmp_path):
    written = report.write_report(views.through(store), tmp_path / "report")
    dom = browse(chromium, written.index, tmp_path / "profile")
    assert 'data-sortable="ready"' in dom
    assert "<title>interreg — отчёт о межрегиональном сотрудничестве</title>" in dom
    assert "Вести &lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom   # shown as text
    for view_page in written.views[:2]:
        assert 'data-rendered="true"' in browse(chromium, view_page, tmp_path / "profile")


# Drives the page's controls the way a reader would, then records what the page shows.
CONTROL_SCRIPT = """<script>
(function () {
  var search = document.getElementById("search");
  search.value = "омская";
  search.dispatchEvent(new Event("change"));
  var afterSearch = document.getElementById("status").textContent;
  var selected = window.interregNetwork.getSelectedNodes().slice().sort().join(",");
  var box = document.querySelector('#legend input[data-category="KZ"]');
  box.checked = false;
  box.dispatchEvent(new Event("change"));
  var afterLegend = document.getElementById("status").textContent;
  box.checked = true;
  box.dispatchEvent(new Event("change"));
  var weight = document.getElementById("min-weight");
  weight.value = "3";
  weight.dispatchEvent(new Event("input"));
  var afterWeight = document.getElementById("status").textContent;
  document.getElementById("reset").click();
  var afterReset = document.getElementById("status").textContent;
  document.body.setAttribute("data-checks", JSON.stringify(
    [afterSearch, selected, afterLegend, afterWeight, afterReset]));
})();
</script>"""


def test_search_legend_and_weight_filter_work(chromium, store, tmp_path):
    import html
    import json

    view = views.build("partners", views.through(store), {"region": "UZ-BU"})
    page = render.write(view, tmp_path / "partners.html")
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", CONTROL_SCRIPT + "</body>"),
                    encoding="utf-8")
    dom = browse(chromium, page, tmp_path / "profile")
    checks = json.loads(html.unescape(re.search(r'data-checks="([^"]*)"', dom).group(1)))
    after_search, selected, after_legend, after_weight, after_reset = checks
    assert after_search == "Омская область: связей 1"
    assert selected == "RU-OMS,UZ-BU"                      # the node found and its neighbour
    assert after_legend == "видно связей: 1 из 2"          # Kazakhstan hidden, with its edge
    assert after_weight == "видно связей: 1 из 2"          # Omsk–Bukhara has 3 events, Karaganda 1
    assert after_reset == "видно связей: 2 из 2"
