"""Views inline in Jupyter.

A view page brings its own stylesheet, scripts and element ids (`#graph`,
`#legend`, …). Put straight into a notebook they would restyle the notebook and
clash with a second view, so each page goes into an iframe of its own through
`srcdoc`: a separate document, drawn offline like the page file.

    >>> view = views.build("partners", views.through(store), {"region": "Бухара"})  # doctest: +SKIP
    >>> view                          # doctest: +SKIP
    >>> side_by_side(view, other)     # doctest: +SKIP

The last value of a cell is drawn inline; `side_by_side` puts two views next to each other.

The iframe's sandbox lets the page run its scripts but gives it no access to the
notebook (no same-origin), and links from the evidence panel open in a new tab.
"""

from __future__ import annotations

from dataclasses import dataclass

from interreg.viz.markup import escape

HEIGHT_PX = 640
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"


def frame(view, height: int = HEIGHT_PX, width: str = "100%") -> str:
    """The view's page in an isolated iframe (HTML for a notebook cell)."""
    from interreg.viz import render

    page = render.render(view)
    return (f'<iframe class="interreg-view" title="{escape(view.title)}" srcdoc="{escape(page)}" '
            f'sandbox="{SANDBOX}" style="width:{width};height:{height}px;border:1px solid #d9dee3;'
            f'border-radius:6px;background:#fff"></iframe>')


@dataclass
class SideBySide:
    """Several views in one row of a notebook output."""

    views: tuple
    height: int = HEIGHT_PX

    def _repr_html_(self) -> str:
        share = f"calc({100 / len(self.views):.3f}% - 8px)" if self.views else "100%"
        cells = "".join(f'<div style="flex:0 0 {share};min-width:0">{frame(view, self.height)}</div>'
                        for view in self.views)
        return f'<div class="interreg-views" style="display:flex;gap:8px;width:100%">{cells}</div>'


def side_by_side(*views, height: int = HEIGHT_PX) -> SideBySide:
    return SideBySide(tuple(views), height)
