"""The geographic layout (`interreg view ... --layout geo`): places where their capitals are.

Regions and countries are put at the latitude and longitude of their capital (the
`lat`/`lon` columns of the gazetteer), projected equirectangularly around the middle of
the view with longitudes shrunk by the cosine of the middle latitude, so Central Asia
and Russia keep their shape. Places that share a capital (Минская область and Минск)
are nudged apart; every other node (a person, an event) goes around the first placed
node it is linked to.

>>> from interreg.viz.model import View, ViewNode
>>> view = View("partners", "t", nodes=[ViewNode("UZ-BU", "Бухара", "UZ", "#000"),
...                                     ViewNode("RU-OMS", "Омск", "RU", "#000")])
>>> apply(view)
True
>>> omsk, bukhara = view.nodes[1], view.nodes[0]
>>> omsk.y < bukhara.y and omsk.x > bukhara.x        # north (up) and east of Bukhara
True
"""

from __future__ import annotations

import math

from interreg.viz.model import View

LAYOUTS = ("auto", "geo")
# Canvas units the widest side of the placed region takes (vis-network draws nodes ~16 units).
SPAN = 2400.0
# How far apart two nodes at the same point, or a node and its satellites, are put.
SEPARATION = 60.0
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def coordinates(node_id: str) -> tuple[float, float] | None:
    """(lat, lon) of a region or country id, from the gazetteer; None for anything else."""
    from interreg.ingest.entities.gazetteer import gazetteer

    return gazetteer().coordinates(node_id) if node_id else None


def apply(view: View) -> bool:
    """Give every node of `view` fixed x/y from geography; False (nothing set) when no node
    is a place with coordinates."""
    points = {node.id: coordinates(node.id) for node in view.nodes}
    points = {node_id: point for node_id, point in points.items() if point}
    if not points:
        return False
    positions = _project(points)
    _separate(positions)
    _place_others(view, positions)
    for node in view.nodes:
        node.x, node.y = positions[node.id]
    return True


def _project(points: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    lats = [lat for lat, _ in points.values()]
    lons = [lon for _, lon in points.values()]
    middle_lat = (min(lats) + max(lats)) / 2
    middle_lon = (min(lons) + max(lons)) / 2
    shrink = math.cos(math.radians(middle_lat))
    width = (max(lons) - min(lons)) * shrink
    height = max(lats) - min(lats)
    scale = SPAN / max(width, height, 1.0)         # one place alone, or a few close ones: 1° wide
    # north is up: the canvas's y grows downwards
    return {node_id: ((lon - middle_lon) * shrink * scale, (middle_lat - lat) * scale)
            for node_id, (lat, lon) in points.items()}


def _separate(positions: dict[str, tuple[float, float]]) -> None:
    """Nodes closer than SEPARATION to one placed before them move out on a spiral."""
    placed: list[tuple[float, float]] = []
    for node_id in sorted(positions):
        x, y = positions[node_id]
        step = 0
        while any(math.hypot(x - px, y - py) < SEPARATION for px, py in placed):
            step += 1
            angle, radius = step * GOLDEN_ANGLE, SEPARATION * math.sqrt(step)
            x, y = positions[node_id][0] + radius * math.cos(angle), positions[node_id][1] + radius * math.sin(angle)
        positions[node_id] = (x, y)
        placed.append((x, y))


def _place_others(view: View, positions: dict[str, tuple[float, float]]) -> None:
    """Nodes without coordinates around a placed neighbour (breadth-first), else in a row
    below the map."""
    neighbours: dict[str, list[str]] = {}
    for edge in view.edges:
        neighbours.setdefault(edge.source, []).append(edge.target)
        neighbours.setdefault(edge.target, []).append(edge.source)
    satellites: dict[str, int] = {}
    frontier = [node_id for node_id in sorted(positions)]
    while frontier:
        next_frontier = []
        for anchor in frontier:
            for node_id in sorted(set(neighbours.get(anchor, ()))):
                if node_id in positions:
                    continue
                rank = satellites.get(anchor, 0)
                satellites[anchor] = rank + 1
                angle, radius = rank * GOLDEN_ANGLE, SEPARATION * (1.2 + 0.5 * math.sqrt(rank))
                ax, ay = positions[anchor]
                positions[node_id] = (ax + radius * math.cos(angle), ay + radius * math.sin(angle))
                next_frontier.append(node_id)
        frontier = next_frontier
    bottom = max(y for _, y in positions.values()) + 3 * SEPARATION
    left = min(x for x, _ in positions.values())
    alone = [node.id for node in view.nodes if node.id not in positions]
    for index, node_id in enumerate(alone):
        positions[node_id] = (left + index * SEPARATION, bottom)
