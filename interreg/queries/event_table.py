"""The events of the embedded store's graph as columns (numpy arrays), for the queries that
filter, sort or count a place's events: a popular region is a party to tens of thousands,
and reading each one's attributes from its dict costs a cache miss or two per event, where
a column answers the same filter or sort for all of them at once.

Events are numbered (their position in `keys`); each column holds one value per event,
a place's events are an array of those numbers. Dates are proleptic ordinals, 0 for none.
Each column is built on first use, for the whole graph, and kept with its GraphIndex (see
interreg/queries/memory.py), so it lives exactly as long as the graph object it was read from.

>>> import networkx as nx
>>> from datetime import date
>>> graph = nx.MultiDiGraph()
>>> for n, day in enumerate((date(2025, 5, 1), None, date(2024, 1, 2))):
...     graph.add_node(f"Event:e{n}", label="Event", id=f"e{n}", type="trade", status="actual",
...                    day=day, sort_key=f"{day.isoformat() if day else '~'} e{n}")
...     _ = graph.add_edge("Region:RU-OMS", f"Event:e{n}", key="PARTY_TO", role="exporter")
>>> table = EventTable(graph, {"Event": [key for key in graph if key.startswith("Event:")],
...                             "Region": ["Region:RU-OMS"]})
>>> table.first(table.events_of(["Region:RU-OMS"]), "sort_key", 2)
['Event:e2', 'Event:e0']
"""

from __future__ import annotations

from datetime import date

import numpy as np

from interreg.graph.schema import PARTIES

POSITION = np.int32


class EventTable:
    """Columns over the events of `graph`; `by_label` lists its nodes by label (its
    Event nodes, in the order given, are the ones numbered)."""

    def __init__(self, graph, by_label: dict[str, list[str]]):
        self.keys = list(by_label.get("Event", ()))
        self._by_label = by_label
        self.position = {key: place for place, key in enumerate(self.keys)}
        self._graph = graph
        self._columns: dict[str, np.ndarray] = {}
        self._codes: dict[str, dict] = {}          # column → value → its code
        self._ranks: dict[str, np.ndarray] = {}
        self._parties: dict[str, tuple[np.ndarray, np.ndarray]] | None = None
        self._roles: dict[str | None, int] = {}
        self._by_event: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None     # see _edges
        self.party_keys: list[str] = []
        self._party_numbers: dict[str, int] = {}
        self._flags: dict[str, dict[str, np.ndarray]] = {}      # see _pointing

    # --- columns -----------------------------------------------------------------------

    @property
    def day(self) -> np.ndarray:
        """Each event's `day` as an ordinal, 0 when it has none."""
        if "day" not in self._columns:
            nodes = self._graph._node
            self._columns["day"] = np.fromiter(
                ((day.toordinal() if (day := nodes[key]["day"]) is not None else 0) for key in self.keys),
                dtype=np.int32, count=len(self.keys))
        return self._columns["day"]

    def coded(self, name: str) -> tuple[np.ndarray, dict]:
        """A property of few values (type, status) as small integer codes, and the codes."""
        if name not in self._columns:
            nodes, codes = self._graph._node, {}
            self._columns[name] = np.fromiter((codes.setdefault(nodes[key].get(name), len(codes))
                                               for key in self.keys), dtype=np.int32, count=len(self.keys))
            self._codes[name] = codes
        return self._columns[name], self._codes[name]

    def rank(self, order: str) -> np.ndarray:
        """Each event's place in an order: "sort_key" (date, then id, undated last) or
        "newest" (latest date first, then id, undated last)."""
        if order not in self._ranks:
            if order == "sort_key":
                nodes = self._graph._node
                ordered = np.array(sorted(range(len(self.keys)), key=lambda place: nodes[self.keys[place]]["sort_key"]),
                                   dtype=np.int64)
            else:       # a day's events keep their sort_key order, which is by id
                ordered = np.lexsort((self.rank("sort_key"), -self.day, self.day == 0))
            ranks = np.empty(len(self.keys), dtype=np.int64)
            ranks[ordered] = np.arange(len(self.keys))
            self._ranks[order] = ranks
        return self._ranks[order]

    # --- selections --------------------------------------------------------------------

    def events_of(self, sides: list[str], role: str | None = None) -> np.ndarray:
        """The distinct events any of `sides` is a party to (with `role`, when given)."""
        parties = self._party_index()
        found = []
        for side in sides:
            events, roles = parties.get(side, (_NONE, _NONE))
            found.append(events if role is None else events[roles == self._roles.get(role, -1)])
        if len(found) == 1:
            return found[0]
        return np.unique(np.concatenate(found)) if found else _NONE

    def where(self, events: np.ndarray, **wanted) -> np.ndarray:
        """Those of `events` whose coded properties have the values given (e.g. type="trade")."""
        for name, value in wanted.items():
            column, codes = self.coded(name)
            events = events[column[events] == codes.get(value, -1)]
        return events

    def on_or_after(self, events: np.ndarray, day: date) -> np.ndarray:
        """Those of `events` dated `day` or later (`e.day >= day`: undated ones never)."""
        return events[self.day[events] >= day.toordinal()]

    def about(self, topic: str) -> np.ndarray:
        """One flag per event: is it ABOUT `topic`?"""
        return self._pointing("ABOUT", "Topic", topic)

    def of_commodity(self, commodity: str) -> np.ndarray:
        """One flag per event: is it a flow OF_COMMODITY `commodity`?"""
        return self._pointing("OF_COMMODITY", "Commodity", commodity)

    def _pointing(self, rel_type: str, label: str, end: str) -> np.ndarray:
        """Flags of the events with a `rel_type` to `end`, built for every node of `label`
        (where `rel_type` always ends: schema.py) at once."""
        if rel_type not in self._flags:
            predecessors, found = self._graph._pred, {}
            for node in self._by_label.get(label, ()):
                flags = np.zeros(len(self.keys), dtype=bool)
                flags[[self.position[e] for e, keys in predecessors[node].items() if rel_type in keys]] = True
                found[node] = flags
            self._flags[rel_type] = found
        flags = self._flags[rel_type].get(end)
        return flags if flags is not None else np.zeros(len(self.keys), dtype=bool)

    @property
    def topics(self) -> list[str]:
        """Every topic."""
        return list(self._by_label.get("Topic", ()))

    def ids(self, events: np.ndarray) -> list:
        """The `id` of some events, given by number."""
        if "id" not in self._columns:
            nodes = self._graph._node
            self._columns["id"] = np.array([nodes[key]["id"] for key in self.keys] or [None], dtype=object)
        return self._columns["id"][events].tolist()

    def first(self, events: np.ndarray, order: str, limit: int) -> list[str]:
        """The keys of the first `limit` of `events` in `order` (see `rank`), in that order."""
        ranks = self.rank(order)[events]
        if len(events) > limit:
            chosen = np.argpartition(ranks, limit - 1)[:limit]
            events, ranks = events[chosen], ranks[chosen]
        keys = self.keys
        return [keys[place] for place in events[np.argsort(ranks, kind="stable")].tolist()]

    # --- the PARTY_TO relationships, by event -------------------------------------------

    def party_edges(self, events: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every `(party)-[:PARTY_TO]->(e)` of `events`, grouped by event in the order given:
        (the place of its event in `events`, the party's number in `party_keys`, its role's code)."""
        starts, edge_party, edge_role = self._edges()
        first, lengths = starts[events], starts[events + 1] - starts[events]
        ends = np.cumsum(lengths)
        edges = np.repeat(first - (ends - lengths), lengths) + np.arange(ends[-1] if len(ends) else 0)
        return np.repeat(np.arange(len(events)), lengths), edge_party[edges], edge_role[edges]

    def role(self, name: str | None) -> int:
        """The code of a PARTY_TO role (-1: no relationship has it)."""
        self._party_index()
        return self._roles.get(name, -1)

    def number(self, party: str) -> int:
        """A party's number in `party_keys` (-1: it is a party to nothing)."""
        self._edges()
        return self._party_numbers.get(party, -1)

    def _edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The PARTY_TO relationships sorted by event, with where each event's begin."""
        if self._by_event is None:
            parties = self._party_index()
            self.party_keys = list(parties)
            self._party_numbers = {key: number for number, key in enumerate(self.party_keys)}
            lengths = [len(parties[key][0]) for key in self.party_keys]
            events = np.concatenate([parties[key][0] for key in self.party_keys] or [_NONE])
            roles = np.concatenate([parties[key][1] for key in self.party_keys] or [_NONE])
            numbers = np.repeat(np.arange(len(self.party_keys), dtype=np.int32), lengths)
            order = np.argsort(events, kind="stable")
            starts = np.searchsorted(events[order], np.arange(len(self.keys) + 1))
            self._by_event = starts, numbers[order], roles[order]
        return self._by_event

    def _party_index(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per party: its events and the role it has in each, read from the parties' side."""
        if self._parties is None:
            successors, position = self._graph._succ, self.position
            self._parties = {}
            for party in dict.fromkeys(key for label in PARTIES for key in self._by_label.get(label, ())):
                events, roles = [], []
                for event, keys in successors[party].items():
                    rel = keys.get("PARTY_TO")
                    if rel is not None and event in position:
                        events.append(position[event])
                        roles.append(self._roles.setdefault(rel.get("role"), len(self._roles)))
                if events:
                    self._parties[party] = (np.array(events, dtype=POSITION), np.array(roles, dtype=np.int32))
        return self._parties


_NONE = np.zeros(0, dtype=POSITION)


def grouped(groups: np.ndarray, ordinals: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rows grouped by `groups`: (each group, its rows, its earliest and latest day, 0 when
    none), from one day per row (ordinals, 0 for none). A row without a day counts but is
    no group's earliest, as Cypher's min() passes over nulls.

    >>> found, counts, first, last = grouped(np.array([5, 5, 7]), np.array([0, 738000, 0], dtype=np.int32))
    >>> counts.tolist(), first.tolist(), last.tolist()
    ([2, 1], [738000, 0], [738000, 0])
    """
    ordinals = ordinals.astype(np.int64, copy=False)     # room for _NO_DAY whatever the days' type
    found, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    first = np.full(len(found), _NO_DAY, dtype=np.int64)
    np.minimum.at(first, inverse, np.where(ordinals > 0, ordinals, _NO_DAY))
    last = np.zeros(len(found), dtype=np.int64)
    np.maximum.at(last, inverse, ordinals)
    first[first == _NO_DAY] = 0
    return found, counts, first, last


def most(counts: np.ndarray, limit: int) -> np.ndarray:
    """The places of the counts that can be among the `limit` largest: those at least as
    large as the limit-th (ties with it are kept, for the order's later columns to decide)."""
    if len(counts) <= limit:
        return np.arange(len(counts))
    return np.flatnonzero(counts >= np.partition(counts, len(counts) - limit)[len(counts) - limit])


def day_of(ordinal: int) -> date | None:
    return date.fromordinal(int(ordinal)) if ordinal > 0 else None


_NO_DAY = np.iinfo(np.int64).max


def when(ordinals: np.ndarray) -> tuple[date | None, date | None]:
    """The earliest and latest of some days (ordinals, 0 for none): `min(day), max(day)`."""
    dated = ordinals[ordinals > 0]
    if not len(dated):
        return None, None
    return date.fromordinal(int(dated.min())), date.fromordinal(int(dated.max()))
