"""HTML pages read by their structure: the text of `<article>`, else `<main>`, else `<body>`.

The fallback of webpage.py, for pages the main-text extractor finds nothing in (a page of
one short paragraph, a page nested deeper than its parser goes). Built on the standard
library's `html.parser`. The page is parsed into a light element tree; the text comes
from `<article>`, else `<main>`, else `<body>`, with the dropped elements (DROPPED_TAGS)
left out, block elements turned into line breaks and entities unescaped. Title, url,
date and outlet come from the usual meta tags.

Pages may nest elements thousands deep (a thousand unclosed `<li>` or `<td>` are a
thousand levels), so nothing here recurses: every walk over the tree keeps its own stack.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from html.parser import HTMLParser

from interreg.ingest.facts import Document
from interreg.ingest.readers.dates import parse_iso_date
from interreg.ingest.readers.outcome import ReadError

DROPPED_TAGS = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript",
                "template", "svg", "iframe", "button", "select", "head"}
BLOCK_TAGS = {"address", "article", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure",
              "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section",
              "table", "tr", "ul", "body", "html"}
CELL_TAGS = {"td", "th"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "param", "source", "track", "wbr"}
# A paragraph is left open by many pages; these start tags close an open <p>.
CLOSES_PARAGRAPH = BLOCK_TAGS - {"body", "html"}
HTML_WHITESPACE = re.compile(r"[ \t\n\r\f]+")


@dataclass(eq=False, repr=False)   # both would recurse through the whole subtree
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def iter(self, skipping: Container[str] = frozenset()):
        """This element and every element below it in document order, leaving out the
        subtrees of the tags in `skipping`."""
        stack = [self]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(child for child in reversed(element.children)
                         if isinstance(child, Element) and child.tag not in skipping)

    def find(self, tag: str, skipping: Container[str] = frozenset()) -> Element | None:
        return next((e for e in self.iter(skipping) if e.tag == tag), None)


class TreeBuilder(HTMLParser):
    """Forgiving tree building: stray end tags are ignored, unclosed ones closed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        if tag in CLOSES_PARAGRAPH and self.open[-1].tag == "p":
            self.open.pop()
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID_TAGS:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)


def parse_html(text: str) -> Element:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def visible_text(element: Element) -> str:
    """The text a reader sees: whitespace collapsed, blocks on their own lines.

    >>> visible_text(parse_html("<p>Омск &amp; Бухара</p><nav>Меню</nav><p>Второй<br>абзац</p>"))
    'Омск & Бухара\\n\\nВторой\\nабзац'
    """
    parts: list[str] = []
    _collect(element, parts)
    text = "".join(parts)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _collect(element: Element, parts: list[str]) -> None:
    # The stack holds what is still to be written, last first: nodes, and the plain
    # strings that close a block or a cell once its children are written.
    stack: list[Element | str] = list(reversed(element.children))
    while stack:
        child = stack.pop()
        if isinstance(child, str):
            # HTML collapses ASCII whitespace only: a no-break space stays what it is.
            parts.append(HTML_WHITESPACE.sub(" ", child))
            continue
        if isinstance(child, Closing):
            parts.append(child.text)
            continue
        if child.tag in DROPPED_TAGS:
            continue
        if child.tag == "br":
            parts.append("\n")
            continue
        if child.tag in BLOCK_TAGS:
            parts.append("\n\n")
            stack.append(Closing("\n\n"))
        elif child.tag in CELL_TAGS:
            stack.append(Closing(" "))
        stack.extend(reversed(child.children))


@dataclass(frozen=True)
class Closing:
    """What `_collect` writes after an element's children: a block's or a cell's break."""

    text: str


def meta_content(root: Element, *keys: str) -> str | None:
    """The content of the first <meta property|name=key> found, in the order of `keys`."""
    metas = [e for e in root.iter() if e.tag == "meta"]
    for key in keys:
        for meta in metas:
            if key in (meta.attrs.get("property"), meta.attrs.get("name")) and meta.attrs.get("content", "").strip():
                return meta.attrs["content"].strip()
    return None


def canonical_url(root: Element) -> str | None:
    for link in (e for e in root.iter() if e.tag == "link"):
        if "canonical" in link.attrs.get("rel", "").lower().split() and link.attrs.get("href", "").strip():
            return link.attrs["href"].strip()
    return meta_content(root, "og:url")


def published_date(root: Element, container: Element):
    """From the page's meta tags, else the first `<time datetime>` of the story itself
    (including its own header, which the text leaves out)."""
    if found := meta_content(root, "article:published_time", "og:published_time", "pubdate", "date"):
        if day := parse_iso_date(found):
            return day
    for time in (e for e in container.iter() if e.tag == "time"):
        if day := parse_iso_date(time.attrs.get("datetime", "")):
            return day
    return None


def content_container(root: Element) -> Element:
    """Where the story is: the `<article>` with the most text (teasers of other stories
    are `<article>`s too), else `<main>`, else `<body>`; never inside a dropped element."""
    articles = [e for e in root.iter(DROPPED_TAGS) if e.tag == "article"]
    if articles:
        return max(articles, key=lambda article: len(visible_text(article)))
    return root.find("main", DROPPED_TAGS) or root.find("body") or root


def read_html_tree(text: str, doc_id: str, source: str) -> Document:
    """One `Document` from an HTML page, read by its structure."""
    root = parse_html(text)
    container = content_container(root)
    body = visible_text(container)
    if not body:
        raise ReadError("no text in the HTML page")
    heading = container.find("h1") or root.find("h1", DROPPED_TAGS)
    title = visible_text(heading) if heading else ""
    if not title and (title_tag := root.find("title")):
        title = " ".join("".join(c for c in title_tag.children if isinstance(c, str)).split())
    return Document(id=doc_id, text=body, title=title or None, url=canonical_url(root),
                    outlet=meta_content(root, "og:site_name"), published=published_date(root, container),
                    source=source)
