"""Views inline in Jupyter: a small notebook (written here) is run with nbclient, exported
to HTML with nbconvert and opened in headless Chromium, where two views must draw side
by side, each in its own iframe, without touching the notebook's page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import unavailable
from interreg.graph.memory import MemoryStore
from interreg.viz import notebook, views
from test_views import sample_facts

TESTS_DIR = Path(__file__).resolve().parent

SETUP = """\
from interreg.graph.memory import MemoryStore
from interreg.viz import views
from interreg.viz.notebook import side_by_side
from test_views import sample_facts

store = MemoryStore()
store.upsert(sample_facts())
query = views.through(store)
"""
TWO_VIEWS = """\
side_by_side(views.build("partners", query, {"region": "Бухара"}),
             views.build("trade", query, {}))
"""
ONE_VIEW = """\
views.build("network", query, {})
"""


def test_a_view_shows_itself_in_an_isolated_iframe(interreg_home):
    store = MemoryStore(home=interreg_home)
    store.upsert(sample_facts())
    view = views.build("partners", views.through(store), {"region": "UZ-BU"})
    markup = view._repr_html_()
    assert markup.startswith('<iframe class="interreg-view"') and 'sandbox="allow-scripts' in markup
    assert "allow-same-origin" not in markup                 # the page cannot reach the notebook
    assert 'id="graph"' not in markup                          # the page's ids live inside srcdoc
    assert "&lt;div id=&quot;graph&quot;" in markup
    pair = notebook.side_by_side(view, view)._repr_html_()
    assert pair.count("<iframe") == 2 and "display:flex" in pair


@pytest.mark.browser
def test_two_views_render_side_by_side_in_an_executed_notebook(interreg_home, tmp_path):
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    from test_browser import CHROMIUM, CHROMIUM_FLAGS

    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        unavailable("chromium not installed (apt-get install -y chromium)")
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell(SETUP), nbformat.v4.new_code_cell(TWO_VIEWS),
                  nbformat.v4.new_code_cell(ONE_VIEW)]
    NotebookClient(book, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(TESTS_DIR)}}).execute()
    outputs = [cell.outputs for cell in book.cells]
    assert all(output.get("output_type") != "error" for cells in outputs for output in cells), outputs
    assert "text/html" in outputs[1][0]["data"] and "text/html" in outputs[2][0]["data"]
    page_path = tmp_path / "notebook.html"
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(book)
    page_path.write_text(body, encoding="utf-8")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1200})
            # the notebook template links scripts from CDNs: refused, as everything off the disk
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
                ("file:", "about:", "data:")) else route.abort())
            page.goto(page_path.resolve().as_uri())
            frames = page.query_selector_all("iframe.interreg-view")
            assert len(frames) == 3
            first, second = (frame.bounding_box() for frame in frames[:2])
            assert abs(first["y"] - second["y"]) < 1                 # one row
            assert second["x"] >= first["x"] + first["width"] - 1    # next to each other
            assert first["width"] > 300 and second["width"] > 300
            for element in frames:
                inner = element.content_frame()
                inner.wait_for_selector("body[data-rendered=true]", timeout=60_000)
                lit = inner.evaluate("""() => { const c = document.querySelector('#graph canvas');
                    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    let lit = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) lit++; } return lit; }""")
                assert lit > 0, "a view drew nothing"
            # the views' ids and styles stay inside their frames
            assert page.evaluate("() => document.getElementById('graph') === null && "
                                 "document.getElementById('legend') === null")
            assert page.evaluate("() => [...document.styleSheets].every(sheet => { try { return "
                                 "[...sheet.cssRules].every(rule => !rule.cssText.includes('#legend')); }"
                                 " catch (e) { return true; } })")
            titles = [element.content_frame().title() for element in frames]
            assert titles[0].startswith("Партнёры: Бухарская область") and "Торговые" in titles[1]
        finally:
            browser.close()
