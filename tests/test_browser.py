"""The views and the report used as an analyst uses them, in headless Chromium driven by
playwright: hover, click, search, legend, the timeline; every network request refused.

Playwright drives Debian's /usr/bin/chromium (`executable_path`; no browser download).
Without it these tests skip, except under CI=true, where they fail. Screenshots of the
Bukhara partners view, the Omsk–Bukhara timeline and the report's charts are written
to `build/screenshots/` (or $INTERREG_SCREENSHOTS); the path is printed at the end of
the run.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO_ROOT, unavailable
from interreg.graph.memory import MemoryStore
from interreg.viz import render, report, views

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1400, "height": 1000}


# --- the browser, the pages and the screenshots ------------------------------------------

class ScreenshotNote:
    """A pytest plugin object: prints where the screenshots went in the closing summary."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.written: list[Path] = []

    def pytest_terminal_summary(self, terminalreporter):
        if self.written:
            terminalreporter.write_line(f"Screenshots of the views and the report: {self.folder}")
            for path in self.written:
                terminalreporter.write_line(f"  {path.name}")


@pytest.fixture(scope="session")
def screenshots(request) -> ScreenshotNote:
    folder = Path(os.environ.get("INTERREG_SCREENSHOTS") or REPO_ROOT / "build" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    note = ScreenshotNote(folder)
    request.config.pluginmanager.register(note, "interreg-screenshots")
    return note


@pytest.fixture(scope="module")
def browser():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        unavailable("chromium not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


class Opened:
    """A page opened from a file, with what it tried to fetch and what it logged as errors."""

    def __init__(self, browser, path: Path):
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport=VIEWPORT)
        self.page.on("console", lambda message: self.errors.append(message.text)
                     if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.route("**/*", self._only_files)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("body[data-rendered=true], body[data-sortable=ready]")

    def _only_files(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def charts_drawn(self):
        self.page.wait_for_selector("body[data-charts=ready]", timeout=30_000)

    def settled(self):
        """Physics done (the view stops it once stable) and the picture still."""
        self.page.wait_for_function(
            "() => !window.interregNetwork || !window.interregNetwork.physics.physicsEnabled ||"
            " window.interregNetwork.physics.stabilized !== false", timeout=30_000)
        self.page.wait_for_timeout(400)

    def node_on_screen(self, node_id: str) -> tuple[float, float]:
        """Page coordinates of a node's centre."""
        x, y = self.page.evaluate(
            """(id) => { const n = window.interregNetwork; const p = n.getPositions([id])[id];
                         const d = n.canvasToDOM(p); const box = document.querySelector('#graph').getBoundingClientRect();
                         return [box.left + d.x, box.top + d.y]; }""", node_id)
        return x, y

    def close(self):
        assert self.requests == [], f"the page tried to reach the network: {self.requests[:5]}"
        assert self.errors == [], f"console errors: {self.errors[:5]}"
        self.page.close()


@pytest.fixture
def open_page(browser):
    opened: list[Opened] = []

    def opener(path: Path) -> Opened:
        page = Opened(browser, path)
        opened.append(page)
        return page

    yield opener
    for page in opened:
        page.close()


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """The bundled demo news in an embedded store of its own."""
    from interreg import demo
    from interreg.graph.load import ingest

    home = tmp_path_factory.mktemp("demo-home")
    store = MemoryStore(home=home)
    ingest([demo.news_path()], store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def pages(demo_store, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    query = views.through(demo_store)
    built = {
        "partners": views.build("partners", query, {"region": "Бухарская область"}),
        "timeline": views.build("events", query, {"region_a": "Омская область", "region_b": "Бухара"}),
        "trade": views.build("trade", query, {"party": "UZ-BU"}),
    }
    paths = {name: render.write(view, folder / f"{name}.html") for name, view in built.items()}
    paths["report"] = report.write_report(query, folder / "report", focus=["UZ-BU"]).index
    return paths


# --- what the analyst does ----------------------------------------------------------------

def test_hover_shows_a_tooltip_and_a_click_pins_the_evidence_panel(open_page, pages, screenshots):
    opened = open_page(pages["partners"])
    opened.settled()
    page = opened.page
    page.mouse.move(*opened.node_on_screen("RU-OMS"))
    tooltip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert "Омская область" in tooltip.inner_text()
    assert tooltip.query_selector("div.tip dl"), "the tooltip shows its markup as text"   # made into elements on hover

    page.mouse.click(*opened.node_on_screen("RU-OMS"))
    panel = page.wait_for_selector("#panel", state="visible")
    assert panel.get_attribute("data-pinned") == "node:RU-OMS"
    page.mouse.move(5, 5)                                      # away from the graph
    page.wait_for_timeout(300)
    assert page.is_visible("#panel")                           # pinned: it stays
    reports = page.query_selector_all("#panel li.report")
    assert reports, "no reports in the panel"
    text = panel.inner_text()
    assert "Омские вести" in text and "2025-04-26" in text      # outlet and date
    links = page.query_selector_all("#panel a.report-link")
    assert links and all(link.get_attribute("href").startswith("https://") for link in links)
    assert page.evaluate("() => [...document.querySelectorAll('#panel a.report-link')]"
                         ".every(a => a.protocol === 'https:' && a.rel.includes('noopener'))")
    page.screenshot(path=str(screenshots.folder / "partners-bukhara.png"), full_page=True)
    screenshots.written.append(screenshots.folder / "partners-bukhara.png")

    page.click("#panel-close")
    assert not page.is_visible("#panel")


def test_a_click_on_an_edge_lists_the_reports_of_the_pair(open_page, pages):
    opened = open_page(pages["partners"])
    opened.settled()
    edge = opened.page.evaluate(
        "() => window.interregNetwork.body.data.edges.get().find(e => "
        "[e.from, e.to].sort().join() === 'RU-OMS,UZ-BU').id")
    opened.page.evaluate("(id) => window.interregPin('edge', id)", edge)
    text = opened.page.inner_text("#panel")
    assert "Сообщения (" in text and "встреча" in text


def test_search_finds_every_form_the_gazetteer_knows(open_page, pages):
    from interreg.ingest.entities.gazetteer import gazetteer

    opened = open_page(pages["partners"])
    page = opened.page
    forms = gazetteer().names("UZ-BU") + ["Бухарской", "бухарской области", "Бухаре"]
    assert "Бухара" in forms
    for form in forms:
        assert page.evaluate("(text) => window.interregFind(text)", form) == "UZ-BU", form
    suggested = "() => [...document.querySelectorAll('#node-names option')].map(o => o.value)"
    assert page.evaluate(suggested) == []                    # filled in when the box is first used
    page.fill("#search", "Бухара")
    names = page.evaluate("() => window.interregNetwork.body.data.nodes.get().map(n => n.label.replace(/\\s+/g, ' '))")
    assert sorted(page.evaluate(suggested)) == sorted(names) and "Бухарская область" in names
    page.press("#search", "Enter")
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('Бухарская область')")
    assert "UZ-BU" in page.evaluate("() => window.interregNetwork.getSelectedNodes()")
    page.fill("#search", "Омской")
    page.press("#search", "Enter")
    assert page.evaluate("() => window.interregNetwork.getSelectedNodes()")[0] == "RU-OMS"


def test_a_legend_tick_box_hides_its_group(open_page, pages):
    opened = open_page(pages["partners"])
    page = opened.page
    russian = page.evaluate("() => window.interregNetwork.body.data.nodes.get()"
                            ".filter(n => n.category === 'RU').map(n => n.id)")
    assert russian
    page.uncheck("#legend input[data-category=RU]")
    hidden = page.evaluate("(ids) => ids.map(id => window.interregNetwork.body.data.nodes.get(id).hidden)", russian)
    assert all(hidden)
    shown = page.evaluate("() => window.interregNetwork.body.data.nodes.get()"
                          ".filter(n => n.category !== 'RU').every(n => !n.hidden)")
    assert shown
    page.check("#legend input[data-category=RU]")
    assert not any(page.evaluate("(ids) => ids.map(id => window.interregNetwork.body.data.nodes.get(id).hidden)",
                                 russian))


def timeline_marks(page, chart_id: str = "chart-timeline") -> list[tuple[float, str]]:
    """(x on screen, ISO date) of every event mark the timeline drew, left to right."""
    marks = page.evaluate(
        """(id) => [...document.querySelectorAll('#' + id + ' .mark-symbol path[aria-label]')]
                   .map(p => [p.getBoundingClientRect().left + p.getBoundingClientRect().width / 2,
                              p.getAttribute('aria-label')])""", chart_id)
    found = []
    for x, label in marks:
        date = re.search(r"\d{4}-\d{2}-\d{2}", label)
        assert date, label
        found.append((x, date.group()))
    return sorted(found)


def test_the_timeline_draws_the_events_of_a_pair_in_date_order(open_page, pages, demo_store, screenshots):
    opened = open_page(pages["timeline"])
    opened.charts_drawn()
    marks = timeline_marks(opened.page)
    shared = views.build("events", views.through(demo_store), {"region": "RU-OMS", "region_b": "UZ-BU"})
    dated = [n for n in shared.nodes if n.id.startswith("event:") and "без даты" not in n.label]
    assert len(marks) == len(dated) >= 5
    dates = [date for _, date in marks]
    assert dates == sorted(dates)                              # left to right is earlier to later
    assert marks[0][0] < marks[-1][0]
    # the graph under it is in date order too (fixed positions, no physics)
    order = opened.page.evaluate(
        "() => { const n = window.interregNetwork; const p = n.getPositions();"
        " return n.body.data.nodes.get().filter(x => x.id.startsWith('event:'))"
        ".sort((a, b) => p[a.id].x - p[b.id].x).map(x => x.label.split('\\n').pop()); }")
    dated_order = [label for label in order if label != "без даты"]
    assert dated_order == sorted(dated_order)
    path = screenshots.folder / "timeline-omsk-bukhara.png"
    opened.page.screenshot(path=str(path), full_page=True)
    screenshots.written.append(path)


def test_the_report_draws_its_charts(open_page, pages, screenshots):
    opened = open_page(pages["report"])
    opened.charts_drawn()
    page = opened.page
    drawn = page.evaluate("() => [...document.querySelectorAll('#charts .chart-box')]"
                          ".map(box => [box.id, box.querySelectorAll('.mark-symbol path, .mark-rect path').length])")
    assert {chart for chart, _ in drawn} == {"chart-timeline", "chart-partners", "chart-trade", "chart-years"}
    assert all(count > 0 for _, count in drawn), drawn
    # links from the report's tables are real https links
    hrefs = page.evaluate("() => [...document.querySelectorAll('td a[href]')].map(a => a.href)")
    assert hrefs and all(href.startswith("https://") for href in hrefs)
    path = screenshots.folder / "report-charts.png"
    page.locator("#charts").screenshot(path=str(path))
    screenshots.written.append(path)


def test_trade_view_chart_and_panel(open_page, pages):
    opened = open_page(pages["trade"])
    opened.charts_drawn()
    bars = opened.page.evaluate("() => document.querySelectorAll('#chart-trade .mark-rect path').length")
    assert bars > 0


def test_document_markup_stays_text_in_the_panel(open_page, interreg_home, tmp_path):
    from test_views import sample_facts

    store = MemoryStore(home=interreg_home)
    store.upsert(sample_facts())
    view = views.build("partners", views.through(store), {"region": "UZ-BU"})
    opened = open_page(render.write(view, tmp_path / "payload.html"))
    page = opened.page
    page.evaluate("() => window.interregPin('node', 'RU-OMS')")
    text = page.inner_text("#panel")
    assert "<script>document.title='pwned'</script>" in text     # shown, not run
    assert page.title() == view.title
    assert page.evaluate("() => document.querySelectorAll('#panel script, #panel img').length") == 0


def test_the_seed_page_gives_an_omsk_bukhara_timeline(open_page, shared_dir, interreg_home, tmp_path):
    from interreg.graph.load import ingest

    seed = shared_dir / "seeds" / "000_484d7a34880d4032.txt"
    store = MemoryStore(home=interreg_home)
    ingest([seed], store)
    view = views.build("events", views.through(store), {"region_a": "RU-OMS", "region_b": "UZ-BU"})
    opened = open_page(render.write(view, tmp_path / "seed.html"))
    opened.charts_drawn()
    marks = timeline_marks(opened.page)
    assert marks, "no dated Omsk–Bukhara event on the seed page"
    assert [d for _, d in marks] == sorted(d for _, d in marks)
