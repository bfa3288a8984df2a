"""Fixed positions for graphs too big to lay out in the browser.

vis-network's physics settles a few hundred nodes quickly, but a 2,000-node page
would spin for a long time. Above `PHYSICS_LIMIT` nodes the view gets positions
computed here and physics is turned off.

The nodes are laid out by group (the view passes each node's country), so a
country's regions stay together and countries stay apart:

1. each group on its own: a spring layout of its best-connected nodes with more than
   one link (at most `CORE_SIZE`), then every other node placed on a spiral around
   the neighbour that reached it first
   (breadth-first from the core; cooperation networks are hub-and-spoke, so a hub's
   partners ring it), small islands on a grid below;
2. the group scaled by the size of its nodes, then overlapping nodes pushed apart
   until no two touch (`separate`: node sizes are radii, plus `GAP`);
3. the groups, as circles around their nodes, packed side by side without overlap,
   the biggest in the middle.

`nx.spring_layout` needs scipy for 500 nodes and more and its dense variant costs
O(n²) per step, which is why only a group's core goes through it. The rest walks plain
lists of neighbours sorted by name, so positions depend on the graph, sizes, groups and
seed only: not on the order nodes were added in, nor on PYTHONHASHSEED.

>>> import networkx as nx
>>> positions = layout(nx.star_graph(5), seed=1)
>>> sorted(positions) == list(range(6))
True
"""

from __future__ import annotations

import math
from collections import deque

import networkx as nx
import numpy as np

PHYSICS_LIMIT = 300        # nodes; above it positions are fixed in Python
CORE_SIZE = 120            # nodes of a group laid out by the spring model
DEFAULT_SIZE = 16.0        # node radius in canvas units when none is given
GAP = 6.0                  # canvas units left between two nodes
GROUP_GAP = 160.0          # canvas units between the circles of two groups
SEPARATION_ROUNDS = 80
SPRING_ROUNDS = 35         # networkx default 50; the core of a group settles sooner
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def needs_fixed_layout(node_count: int) -> bool:
    return node_count > PHYSICS_LIMIT


def layout(graph: nx.Graph, seed: int = 7, sizes: dict | None = None, groups: dict | None = None) -> dict:
    """{node: (x, y)} in canvas units; same graph, sizes, groups and seed, same positions.
    `sizes` are node radii (default `DEFAULT_SIZE`); `groups` puts nodes of one group
    together (default: one group)."""
    if graph.number_of_nodes() == 0:
        return {}
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    sizes = sizes or {}
    groups = groups or {}
    members: dict = {}
    for node in sorted(undirected.nodes, key=str):
        members.setdefault(groups.get(node, ""), []).append(node)
    laid_out = []
    for group in sorted(members, key=lambda g: (-len(members[g]), str(g))):
        nodes = members[group]
        radii = np.array([float(sizes.get(n, DEFAULT_SIZE)) for n in nodes])
        unit = group_layout(_neighbours(undirected, nodes), seed)
        points = np.array([unit[n] for n in nodes], dtype=float)
        points = _scaled(points, radii)
        points = separate(points, radii, seed)
        laid_out.append((nodes, points, radii))
    offsets = pack_circles([_circle(points, radii) for _, points, radii in laid_out])
    positions = {}
    for (nodes, points, _), (dx, dy) in zip(laid_out, offsets):
        for node, (x, y) in zip(nodes, points):
            positions[node] = (float(x + dx), float(y + dy))
    return positions


# --- one group ------------------------------------------------------------------------------

def _neighbours(graph: nx.Graph, nodes: list) -> dict:
    """{node: its neighbours within `nodes`, sorted by name}: plain lists, because the
    placement below walks them thousands of times and networkx's subgraph views cost
    more per step than the work itself.

    >>> _neighbours(nx.path_graph(["a", "b", "c"]), ["a", "b"])
    {'a': ['b'], 'b': ['a']}
    """
    inside = set(nodes)
    adjacency = graph.adj
    return {node: sorted((other for other in adjacency[node] if other in inside), key=str) for node in nodes}


def _degree(neighbours: dict, node) -> int:
    # as networkx counts it: a link to itself counts twice
    links = neighbours[node]
    return len(links) + (node in links)


def group_layout(neighbours: dict, seed: int) -> dict:
    """{node: (x, y)} of one group in spring-layout units (about -1…1); `neighbours` as
    `_neighbours` gives them."""
    ranked = sorted(neighbours, key=lambda n: (-_degree(neighbours, n), str(n)))
    # nodes with one link go round their neighbour anyway: the spring model gets the others
    core = [n for n in ranked[:CORE_SIZE] if _degree(neighbours, n) > 1] or ranked[:1]
    if len(core) == 1:
        positions = {core[0]: (0.0, 0.0)}
    else:
        positions = _core_positions(neighbours, core, seed)
    spacing = 1.0 / math.sqrt(len(core))
    _place_satellites(neighbours, positions, spacing, start=list(core))
    _place_unreached(neighbours, positions, spacing)
    return positions


def _core_positions(neighbours: dict, core: list, seed: int) -> dict:
    """The spring layout of the core. The seeded start positions are handed out in the
    order of the graph's nodes, so they go in sorted by name: a subgraph view of networkx
    would give them in the order of a set of names, which changes with PYTHONHASHSEED."""
    inside = set(core)
    graph = nx.Graph()
    graph.add_nodes_from(sorted(core, key=str))
    graph.add_edges_from((node, other) for node in core for other in neighbours[node] if other in inside)
    core_positions = nx.spring_layout(graph, seed=seed, iterations=SPRING_ROUNDS)
    return {node: (float(x), float(y)) for node, (x, y) in core_positions.items()}


def _place_satellites(neighbours: dict, positions: dict, spacing: float, start: list) -> None:
    """Breadth-first from `start` (placed nodes): each new node goes on a spiral around
    the neighbour it was reached from."""
    children_placed: dict = {}
    queue = deque(start)
    while queue:
        anchor = queue.popleft()
        ax, ay = positions[anchor]
        for node in neighbours[anchor]:
            if node in positions:
                continue
            rank = children_placed.get(anchor, 0)
            children_placed[anchor] = rank + 1
            radius = spacing * (0.6 + 0.25 * math.sqrt(rank))
            angle = rank * GOLDEN_ANGLE
            positions[node] = (ax + radius * math.cos(angle), ay + radius * math.sin(angle))
            queue.append(node)


def _place_unreached(neighbours: dict, positions: dict, spacing: float) -> None:
    """Components with no core node (small islands) go on a grid below the rest. The
    breadth-first walk placed every component it touched whole, so the islands are the
    components of the nodes still without a position."""
    rest = _components([node for node in neighbours if node not in positions], neighbours)
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
        _place_satellites(neighbours, positions, spacing, start=members[:1])


def _components(nodes: list, neighbours: dict) -> list[set]:
    """The connected components `nodes` fall into (each a set)."""
    seen: set = set()
    found = []
    for node in nodes:
        if node in seen:
            continue
        component = {node}
        queue = deque([node])
        while queue:
            for other in neighbours[queue.popleft()]:
                if other not in component:
                    component.add(other)
                    queue.append(other)
        seen |= component
        found.append(component)
    return found


def _scaled(points: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """Spring-layout units to canvas units: the group gets about the area its nodes need,
    so neighbours keep a few node widths between them whatever the group's size."""
    if len(points) == 1:
        return points * 0
    centred = points - points.mean(axis=0)
    extent = float(np.abs(centred).max()) or 1.0
    needed = math.sqrt(float(np.sum((2 * radii + 3 * GAP) ** 2))) * 1.5   # side of the square they fill
    return centred * (needed / (2 * extent))


def separate(points: np.ndarray, radii: np.ndarray, seed: int = 7,
             rounds: int = SEPARATION_ROUNDS) -> np.ndarray:
    """Push overlapping nodes apart until every two are at least their radii plus `GAP`
    apart (or `rounds` passes are done). Only pairs in neighbouring cells of a grid as
    wide as the largest wanted distance are compared, so a pass costs O(n); points on
    top of each other are split by a seeded nudge."""
    points = points.copy()
    if len(points) < 2:
        return points
    rng = np.random.default_rng(seed)
    cell = float(2 * radii.max() + GAP)
    for _ in range(rounds):
        first, second = _near_pairs(points, cell)
        if len(first) == 0:
            break
        delta = points[first] - points[second]
        distance = np.sqrt((delta ** 2).sum(axis=1))
        overlap = radii[first] + radii[second] + GAP - distance
        touching = overlap > GAP / 2     # close enough: at least half the gap left
        if not touching.any():
            break
        first, second, delta, distance, overlap = (a[touching] for a in (first, second, delta, distance, overlap))
        stacked = distance < 1e-9
        if stacked.any():
            points[first[stacked]] += rng.normal(scale=GAP, size=(int(stacked.sum()), 2))
            continue
        push = (overlap / 2 * 1.05 / distance)[:, None] * delta
        moves = np.zeros_like(points)
        np.add.at(moves, first, push)
        np.add.at(moves, second, -push)
        points += moves
    return points


def _near_pairs(points: np.ndarray, cell: float) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (each once) of points in the same or neighbouring grid cells. Cells are
    numbered and sorted, and each point looks up the five cells ahead of it (its own, the
    one to the right and three above), so every neighbouring pair comes up once."""
    keys = np.floor(points / cell).astype(np.int64)
    codes = keys[:, 0] * _ROW + keys[:, 1]
    order = np.argsort(codes, kind="stable")
    cells, starts, counts = np.unique(codes[order], return_index=True, return_counts=True)
    firsts, seconds = [], []
    for dx, dy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):
        target = codes + dx * _ROW + dy
        where = np.minimum(np.searchsorted(cells, target), len(cells) - 1)
        found = np.nonzero(cells[where] == target)[0]
        many = counts[where[found]]
        first = np.repeat(found, many)
        within = np.arange(many.sum()) - np.repeat(np.cumsum(many) - many, many)
        second = order[np.repeat(starts[where[found]], many) + within]
        keep = first < second if (dx, dy) == (0, 0) else np.ones(len(first), dtype=bool)
        firsts.append(first[keep])
        seconds.append(second[keep])
    return np.concatenate(firsts), np.concatenate(seconds)


# Cell numbering: x times a row length no grid reaches, plus y.
_ROW = 1 << 32


def overlaps(points: np.ndarray, radii: np.ndarray) -> int:
    """How many pairs of nodes touch or cover each other (distance < the sum of radii)."""
    delta = points[:, None, :] - points[None, :, :]
    distance = np.sqrt((delta ** 2).sum(axis=2))
    touching = distance < (radii[:, None] + radii[None, :])
    np.fill_diagonal(touching, False)
    return int(touching.sum() // 2)


# --- the groups together -------------------------------------------------------------------

def _circle(points: np.ndarray, radii: np.ndarray) -> tuple[float, float, float]:
    """Centre and radius of a circle round a group's nodes."""
    centre = points.mean(axis=0)
    reach = np.sqrt(((points - centre) ** 2).sum(axis=1)) + radii
    return float(centre[0]), float(centre[1]), float(reach.max())


def pack_circles(circles: list[tuple[float, float, float]]) -> list[tuple[float, float]]:
    """Offsets that put circles (cx, cy, r) side by side, `GROUP_GAP` apart: the first at the
    origin, each next one at the nearest free place around those placed (tried on rings)."""
    placed: list[tuple[float, float, float]] = []
    offsets = []
    for cx, cy, radius in circles:
        if not placed:
            spot = (0.0, 0.0)
        else:
            spot = _free_spot(placed, radius)
        placed.append((spot[0], spot[1], radius))
        offsets.append((spot[0] - cx, spot[1] - cy))
    return offsets


def _free_spot(placed: list[tuple[float, float, float]], radius: float) -> tuple[float, float]:
    def fits(x, y):
        return all(math.hypot(x - px, y - py) >= pr + radius + GROUP_GAP for px, py, pr in placed)

    first = placed[0][2] + radius + GROUP_GAP
    step = max(radius, 50.0) / 2
    distance = first
    while True:
        ring = max(12, int(2 * math.pi * distance / step))
        for index in range(ring):
            angle = index * 2 * math.pi / ring
            x, y = distance * math.cos(angle), distance * math.sin(angle)
            if fits(x, y):
                return x, y
        distance += step
