"""Safe HTML building blocks shared by the views and the report.

Everything that comes from a document (names, sentences, titles, outlets, URLs)
passes through `escape` before it is put into a page, and data handed to a
page's script goes through `script_json`, so a document containing
``<script>`` shows as text and never runs.

>>> escape('<img src=x onerror=alert(1)>')
'&lt;img src=x onerror=alert(1)&gt;'
>>> script_json({"a": "</script>"})
'{"a": "\\\\u003c/script\\\\u003e"}'
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path


def escape(value) -> str:
    """Text of any type as HTML text (quotes included, so it is safe in attributes)."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


def script_json(value) -> str:
    """JSON that can sit inside a <script> element: `<`, `>` and `&` are \\u-escaped,
    so no string in it can close the element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# --- assets -------------------------------------------------------------------------------

def _pyvis_lib() -> Path:
    import pyvis
    return Path(pyvis.__file__).resolve().parent / "lib"


@lru_cache(maxsize=None)
def vendor_asset(relative: str) -> str:
    """A file pyvis ships in its package folder, e.g. ``vis-9.1.2/vis-network.min.js``."""
    path = _pyvis_lib() / relative
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing from the installed pyvis package")
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def own_asset(name: str) -> str:
    """A file shipped in interreg/viz/assets (our CSS and scripts)."""
    return resources.files("interreg.viz").joinpath("assets", name).read_text(encoding="utf-8")


def inline_script(code: str) -> str:
    # A script body may not contain "</script"; our own and vendored code never does,
    # but check rather than produce a broken page.
    if "</script" in code.lower():
        raise ValueError("script text contains </script and cannot be inlined")
    return f"<script>{code}</script>"


def inline_style(css: str) -> str:
    if "</style" in css.lower():
        raise ValueError("style text contains </style and cannot be inlined")
    return f"<style>{css}</style>"


# --- checking a page ----------------------------------------------------------------------

class _ExternalRefs(HTMLParser):
    """Collects resource URLs that would make the browser go to the network."""

    RESOURCE_ATTRS = {"src", "href", "srcset", "data", "poster", "action", "formaction"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in self.RESOURCE_ATTRS and value and _is_remote(value):
                self.found.append(f"<{tag} {name}={value}>")

    handle_startendtag = handle_starttag


def _is_remote(value: str) -> bool:
    return value.strip().lower().startswith(("http://", "https://", "//"))


def external_resources(page: str) -> list[str]:
    """Every tag attribute in `page` that points at the network (scripts, styles,
    images, frames, links); text is ignored. Source URLs from documents are shown as
    text, so a finished page has none.

    >>> external_resources('<script src="https://cdn.example.org/x.js"></script><p>https://a.b</p>')
    ['<script src=https://cdn.example.org/x.js>']
    """
    parser = _ExternalRefs()
    parser.feed(page)
    parser.close()
    return parser.found
