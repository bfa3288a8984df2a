"""Fixed positions for graphs too big to lay out in the browser.

vis-network's physics settles a few hundred nodes quickly, but a 2,000-node page
would spin for a long time. Above `PHYSICS_LIMIT` nodes the view gets positions
computed here and physics is turned off.

`nx.spring_layout` needs scipy for 500 nodes and more, and its dense variant costs
O(n²) per step, so big graphs are laid out in two passes: a spring layout of the
`CORE_SIZE` best-connected nodes, then every other node placed around the
neighbour that reached it first (breadth-first from the core). Cooperation
networks are hub-and-spoke, so this keeps each hub's partners around it.

>>> import networkx as nx
>>> positions = layout(nx.star_graph(5), seed=1)
>>> sorted(positions) == list(range(6))
True
"""

from __future__ import annotations

import math
from collections import deque

import networkx as nx

PHYSICS_LIMIT = 300        # nodes; above it positions are fixed in Python
CORE_SIZE = 300            # nodes laid out by the spring model
SCALE = 1000.0             # vis-network canvas units for the unit square of networkx
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def needs_fixed_layout(node_count: int) -> bool:
    return node_count > PHYSICS_LIMIT


def layout(graph: nx.Graph, seed: int = 7) -> dict:
    """{node: (x, y)} in canvas units; same graph and seed, same positions."""
    if graph.number_of_nodes() == 0:
        return {}
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    ranked = sorted(undirected.nodes, key=lambda n: (-undirected.degree(n), str(n)))
    core = ranked[:CORE_SIZE]
    core_positions = nx.spring_layout(undirected.subgraph(core), seed=seed)
    positions = {node: (float(x), float(y)) for node, (x, y) in core_positions.items()}
    # Spread of the core, to size the rings of placed satellites.
    spacing = 1.0 / math.sqrt(len(core))
    _place_satellites(undirected, positions, spacing, start=list(core))
    _place_unreached(undirected, positions, spacing)
    # More nodes, more canvas: keeps the distance between neighbours about the same.
    scale = SCALE * max(1.0, math.sqrt(len(positions) / CORE_SIZE))
    return {node: (x * scale, y * scale) for node, (x, y) in positions.items()}


def _place_satellites(graph: nx.Graph, positions: dict, spacing: float, start: list) -> None:
    """Breadth-first from `start` (placed nodes): each new node goes on a spiral around
    the neighbour it was reached from."""
    children_placed: dict = {}
    queue = deque(start)
    while queue:
        anchor = queue.popleft()
        for node in sorted(graph.neighbors(anchor), key=str):
            if node in positions:
                continue
            rank = children_placed.get(anchor, 0)
            children_placed[anchor] = rank + 1
            radius = spacing * (0.6 + 0.25 * math.sqrt(rank))
            angle = rank * GOLDEN_ANGLE
            ax, ay = positions[anchor]
            positions[node] = (ax + radius * math.cos(angle), ay + radius * math.sin(angle))
            queue.append(node)


def _place_unreached(graph: nx.Graph, positions: dict, spacing: float) -> None:
    """Components with no core node (small islands) go on a grid below the rest."""
    rest = [component for component in nx.connected_components(graph)
            if not any(node in positions for node in component)]
    if not rest:
        return
    bottom = max(y for _, y in positions.values()) + 3 * spacing
    left = min(x for x, _ in positions.values())
    columns = max(1, int(math.sqrt(len(rest))) + 1)
    for index, component in enumerate(sorted(rest, key=lambda c: (-len(c), sorted(map(str, c))))):
        row, column = divmod(index, columns)
        cx, cy = left + column * 4 * spacing, bottom + row * 4 * spacing
        members = sorted(component, key=str)
        positions[members[0]] = (cx, cy)
        _place_satellites(graph, positions, spacing, start=members[:1])
