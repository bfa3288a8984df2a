"""Safe HTML building blocks shared by the views and the report.

Everything that comes from a document (names, sentences, titles, outlets, URLs)
passes through `escape` before it is put into a page, and data handed to a
page's script goes through `script_json`, so a document containing
``<script>`` shows as text and never runs.

>>> escape('<img src=x onerror=alert(1)>')
'&lt;img src=x onerror=alert(1)&gt;'
>>> script_json({"a": "</script>"})
'{"a":"\\\\u003c/script\\\\u003e"}'
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit


# what `html.escape` replaces: text without any of these is returned as it is, at once
_MARKUP_CHARACTERS = re.compile("[&<>\"']")


def escape(value) -> str:
    """Text of any type as HTML text (quotes included, so it is safe in attributes)."""
    if value is None:
        return ""
    text = str(value)
    return html.escape(text, quote=True) if _MARKUP_CHARACTERS.search(text) else text


def script_json(value) -> str:
    """JSON that can sit inside a <script> element: `<`, `>` and `&` are \\u-escaped,
    so no string in it can close the element or open a comment. No spaces after `,` and
    `:`: a big view's data is a good part of its page."""
    text = json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def safe_url(value) -> str | None:
    """`value` when it is an http or https URL with a host, else None: only those become links.

    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)"), safe_url("ftp://x")
    ('https://example.org/a?b=1', None, None)
    """
    text = str(value or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        return None
    return text


def url_host(value) -> str | None:
    """The host of an http(s) URL without «www.»: the outlet of a document that names none.

    >>> url_host("https://www.omsk-news.example/a/1")
    'omsk-news.example'
    """
    url = safe_url(value)
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def link(url, text=None) -> str:
    """An <a> for an http(s) URL (opening in a new tab), or the escaped text when the URL is
    anything else.

    >>> link("https://example.org/x", "статья")
    '<a href="https://example.org/x" target="_blank" rel="noopener noreferrer">статья</a>'
    >>> link("javascript:alert(1)")
    'javascript:alert(1)'
    """
    safe = safe_url(url)
    shown = escape(text if text is not None else (url or ""))
    if not safe:
        return shown
    return f'<a href="{escape(safe)}" target="_blank" rel="noopener noreferrer">{shown}</a>'


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


# a rule of a flat stylesheet (no at-rules, no nesting), and a class named in a selector
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CSS_CLASS = re.compile(r"\.([\w-]+)")


def without_rules(css: str, classes: frozenset[str]) -> str:
    """`css` less the rules whose every selector names one of `classes`. A stylesheet this
    reader cannot take apart whole (at-rules, nesting) comes back as it is.

    >>> without_rules(".a{x:1}.b .a,.c{y:2}.c{z:3}", frozenset({"a"}))
    '.b .a,.c{y:2}.c{z:3}'
    """
    rules = _CSS_RULE.findall(css)
    if sum(len(selectors) + len(body) + 2 for selectors, body in rules) != len(css):
        return css
    return "".join(f"{selectors}{{{body}}}" for selectors, body in rules
                   if not all(classes & set(_CSS_CLASS.findall(selector)) for selector in selectors.split(",")))


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

    # A link is followed only when clicked: nothing is loaded for it.
    LINK_TAGS = {"a", "area"}

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if tag in self.LINK_TAGS and name == "href":
                continue
            if name in self.RESOURCE_ATTRS and value and _is_remote(value):
                self.found.append(f"<{tag} {name}={value}>")

    handle_startendtag = handle_starttag


def _is_remote(value: str) -> bool:
    return value.strip().lower().startswith(("http://", "https://", "//"))


def external_resources(page: str) -> list[str]:
    """Every tag attribute in `page` that makes the browser load something from the
    network (scripts, styles, images, frames, stylesheet links); text and the links of
    <a> elements (source URLs of documents, followed only when clicked) are ignored.

    >>> external_resources('<script src="https://cdn.example.org/x.js"></script><a href="https://a.b">a</a>')
    ['<script src=https://cdn.example.org/x.js>']
    """
    parser = _ExternalRefs()
    parser.feed(page)
    parser.close()
    return parser.found
