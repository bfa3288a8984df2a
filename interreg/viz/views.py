"""The four interactive views, each built from canned-query rows.

A view never reads the store itself: it asks `query(name, params)` for rows of the
query catalogue (on a store, `through(store)` gives that function), so every view
works the same on the embedded store and on Neo4j.

    >>> view = build("partners", through(store), {"region": "Бухарская область"})  # doctest: +SKIP
    >>> render.write(view, "bukhara.html")                                           # doctest: +SKIP

| view     | parameters                          | queries used                          |
|----------|-------------------------------------|---------------------------------------|
| partners | region, depth = 1 or 2              | partners, region-profile              |
| network  | country?, since?                    | network                               |
| trade    | party?, commodity?, direction?      | trade                                 |
| events   | region, region_b?                   | region-profile, officials, network    |
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from interreg.errors import UserError
from interreg.viz import charts, palette, search
from interreg.viz.markup import safe_url, url_host
from interreg.viz.model import Report, View, ViewEdge, ViewNode, legend_from, tooltip

Query = Callable[[str, dict], list[dict]]

# How many events an edge tooltip lists before "… и ещё N".
TOOLTIP_EVENTS = 12
# Reports (outlet and sentence) an event tooltip lists.
TOOLTIP_REPORTS = 6

EVENT_TYPES = {"meeting": "встреча", "agreement": "соглашение", "trade": "торговля"}
# Reports the side panel lists for one node or edge; the rest are counted.
PANEL_REPORTS = 60
# Events whose documents a view looks up (the `sources` query, once per event); a view
# of more events lists its events in the panel without their documents.
EVIDENCE_EVENTS = 600


def through(store) -> Query:
    """The query function of a store: catalogue queries run by interreg.queries.runner."""
    from interreg.queries.runner import run

    return lambda name, params: run(store, name, params)


# --- small helpers ---------------------------------------------------------------------------

def country_of(place_id: str | None) -> str:
    """Country code of an ISO 3166-2 region code, or a country code itself: 'UZ-BU' → 'UZ'."""
    return (place_id or "").split("-", 1)[0]


def activity_size(activity: float) -> float:
    """Node size: grows with the square root of activity, so hubs stay readable."""
    return round(12 + 7 * math.sqrt(max(activity, 0)), 1)


def edge_width(events: int) -> float:
    """Edge width: 1 for a single event, growing with the square root of the count."""
    return round(1 + 1.6 * math.sqrt(max(events - 1, 0)), 2)


def contact_count(row: dict) -> int:
    return sum(row.get(k) or 0 for k in ("meetings", "agreements", "trade"))


def event_kind(event: dict) -> str:
    """What an event is, in words: the agreement's kind, the traded commodity, or its type."""
    kind = event.get("kind")
    if event.get("type") == "trade":
        return "торговля: " + palette.label("commodity", kind) if kind else "торговля"
    return kind or EVENT_TYPES.get(event.get("type"), event.get("type") or "событие")


class Sources:
    """The reports behind events, through the `sources` query: outlet, date, sentence, URL.
    Each event is asked once per view; past `EVIDENCE_EVENTS` events none are asked."""

    def __init__(self, query: Query):
        self.query = query
        self.asked: dict[str, list[Report]] = {}

    def reports(self, event: dict) -> list[Report]:
        event_id = event["event"]
        if event_id not in self.asked:
            if len(self.asked) >= EVIDENCE_EVENTS:
                return [Report(event_kind(event), event.get("date"),
                               palette.label("status", event.get("status")) if event.get("status") else "")]
            rows = self.query("sources", {"event": event_id})
            self.asked[event_id] = [self._report(event, row) for row in rows]
        return self.asked[event_id]

    @staticmethod
    def _report(event: dict, row: dict) -> Report:
        url = safe_url(row.get("url"))
        outlet = row.get("outlet") or url_host(url) or ""
        status = palette.label("status", event.get("status")) if event.get("status") else ""
        return Report(event=event_kind(event), date=event.get("date") or row.get("published"),
                      status=status, outlet=outlet, sentence=row.get("sentence") or "", url=url,
                      title=row.get("title") or "")

    def of_events(self, events: list[dict]) -> list[Report]:
        """The reports of several events, newest event first, at most `PANEL_REPORTS`."""
        found: list[Report] = []
        for event in sorted(events, key=lambda e: (e.get("date") or "", e["event"]), reverse=True):
            found.extend(self.reports(event))
            if len(found) >= PANEL_REPORTS:
                return found[:PANEL_REPORTS]
        return found


def event_line(event: dict) -> str:
    """«2025-04-26 · встреча · состоялась · Омские вести, Сибирь-Инфо»."""
    parts = [event.get("date") or "без даты", event_kind(event)]
    if event.get("status"):
        parts.append(palette.label("status", event["status"]))
    outlets = sorted({o for o in event.get("outlets", ()) if o})
    if outlets:
        parts.append(", ".join(outlets))
    return " · ".join(parts)


def place_name(place_id: str, known: dict[str, str]) -> str:
    """The name the query rows gave a place; else the gazetteer's; else its code."""
    if known.get(place_id):
        return known[place_id]
    from interreg.ingest.entities.gazetteer import gazetteer

    place = gazetteer().resolve(place_id)
    return place.name if place is not None else place_id


def resolve_place(value: str, kind: str = "region") -> str:
    """The ISO code of a place the user named in any form the gazetteer knows."""
    from interreg.queries.params import place_code

    return place_code(value, kind)


def profile_events(profile_rows: list[dict]) -> dict[str, dict]:
    """region-profile rows (one per report) → {event id: event}, each event with date,
    type, status, kind, counterparts, persons, outlets and reports (outlet, sentence, document)."""
    events: dict[str, dict] = {}
    for row in profile_rows:
        event = events.setdefault(row["event"], {
            "event": row["event"], "date": row.get("date"), "type": row.get("type"),
            "status": row.get("status"), "kind": row.get("kind"),
            "counterparts": list(row.get("counterparts") or ()),
            "persons": list(row.get("persons") or ()), "outlets": [], "reports": []})
        if row.get("outlet") and row["outlet"] not in event["outlets"]:
            event["outlets"].append(row["outlet"])
        if row.get("sentence"):
            event["reports"].append((row.get("outlet"), row["sentence"], row.get("document")))
    return events


def events_by_counterpart(profile_rows: list[dict]) -> dict[str, list[dict]]:
    """region-profile rows → {counterpart: [event, ...]} (events as `profile_events` gives them)."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for event in profile_events(profile_rows).values():
        for counterpart in event["counterparts"]:
            grouped[counterpart].append(event)
    return grouped


def _country_legend(view: View) -> None:
    labels = {node.category: palette.label("country", node.category) for node in view.nodes}
    view.legend = legend_from(view, labels, "node")
    view.legend_headings["node"] = "Страна (цвет узла)"
    view.key_note = ("Размер узла — активность, толщина связи — число событий. "
                     "Ромб — страна, когда регион в сообщении не назван.")


def _place_node(place_id: str, name: str, colours: palette.Colours, activity: float,
                facts: list[tuple[str, object]]) -> ViewNode:
    country = country_of(place_id)
    is_country = "-" not in place_id
    return ViewNode(id=place_id, label=name, category=country, colour=colours(country),
                    size=activity_size(activity), shape="diamond" if is_country else "dot",
                    tooltip=tooltip(name, [("код", place_id),
                                           ("страна", palette.label("country", country))] + facts),
                    forms=search.forms(place_id, name))


# --- partners --------------------------------------------------------------------------------

def partners_view(query: Query, region: str, depth: int = 1) -> View:
    """A region's cooperation network: its partners (depth 1) and theirs (depth 2)."""
    if depth not in (1, 2):
        raise UserError(f"partners view: depth must be 1 or 2, got {depth}")
    center = resolve_place(region)
    names: dict[str, str] = {}
    pairs: dict[tuple[str, str], dict] = {}        # sorted pair → partners row
    events_of_pair: dict[tuple[str, str], list[dict]] = {}

    def explore(place: str) -> list[str]:
        found = []
        rows = query("partners", {"region": place})
        grouped = events_by_counterpart(query("region-profile", {"region": place, "limit": 0}))
        for row in rows:
            other = row["partner"]
            names[other] = row.get("partner_name") or names.get(other, "")
            pair = tuple(sorted((place, other)))
            if pair not in pairs:
                pairs[pair] = row
                events_of_pair[pair] = grouped.get(other, [])
            found.append(other)
        return found

    first_ring = explore(center)
    if depth == 2:
        for partner in first_ring:
            if "-" in partner:             # countries have no partners query of their own
                explore(partner)

    heading = "Партнёры и их партнёры" if depth == 2 else "Партнёры"
    view = View("partners", f"{heading}: {place_name(center, names)}",
                subtitle=_partners_subtitle(depth, len(first_ring)))
    if not first_ring:
        view.notes.append("Нет данных о партнёрах этого региона в графе.")
    activity: dict[str, int] = defaultdict(int)
    for pair, row in pairs.items():
        for end in pair:
            activity[end] += contact_count(row)
    colours = palette.Colours("country")
    sources = Sources(query)
    places = [center] + sorted({p for pair in pairs for p in pair} - {center})
    events_of_place: dict[str, dict[str, dict]] = defaultdict(dict)
    for pair, events in events_of_pair.items():
        for end in pair:
            events_of_place[end].update((e["event"], e) for e in events)
    for place in places:
        node = _place_node(place, place_name(place, names), colours, activity[place],
                           [("контактов в графе", activity[place])])
        node.reports = sources.of_events(list(events_of_place[place].values()))
        view.nodes.append(node)
    for (a, b), row in sorted(pairs.items()):
        events = sorted(events_of_pair[(a, b)], key=lambda e: (e.get("date") or "", e["event"]))
        count = contact_count(row)
        lines = [event_line(e) for e in events]
        view.edges.append(ViewEdge(
            source=a, target=b, weight=count, width=edge_width(count),
            reports=sources.of_events(events),
            tooltip=tooltip(f"{place_name(a, names)} — {place_name(b, names)}", [
                ("встреч", row.get("meetings")), ("соглашений", row.get("agreements")),
                ("торговых потоков", row.get("trade")),
                ("период", _period(row.get("first"), row.get("last"))),
                ("изданий", row.get("sources"))],
                lines[:TOOLTIP_EVENTS], more=max(0, len(lines) - TOOLTIP_EVENTS))))
    _country_legend(view)
    view.charts.append(charts.partner_bars(rows_of_center(pairs, center), names,
                                           place_name(center, names)))
    return view


def rows_of_center(pairs: dict[tuple[str, str], dict], center: str) -> list[dict]:
    """The partners rows of the centre region (depth 2 adds pairs without it)."""
    return [row for pair, row in pairs.items() if center in pair]


def _partners_subtitle(depth: int, count: int) -> str:
    ring = "партнёры и партнёры партнёров" if depth == 2 else "прямые партнёры"
    return f"{ring}; прямых партнёров: {count}"


def _period(first, last) -> str:
    if not first and not last:
        return ""
    return first if first == last else f"{first or '?'} — {last or '?'}"


# --- network ---------------------------------------------------------------------------------

def network_view(query: Query, country: str | None = None, since: str | None = None) -> View:
    """Every partner pair, optionally with an end in one country or in contact since a day."""
    params = {"country": resolve_place(country, "country") if country else None, "since": since,
              "limit": 0}         # the whole network, not its first rows
    rows = query("network", params)
    names: dict[str, str] = {}
    activity: dict[str, int] = defaultdict(int)
    for row in rows:
        names[row["region"]] = row.get("region_name") or ""
        names[row["partner"]] = row.get("partner_name") or ""
        activity[row["region"]] += contact_count(row)
        activity[row["partner"]] += contact_count(row)
    scope = [f"страна: {palette.label('country', params['country'])}"] if params["country"] else []
    scope += [f"с {since}"] if since else []
    view = View("network", "Сеть межрегионального сотрудничества",
                subtitle="; ".join(scope + [f"пар партнёров: {len(rows)}"]),
                no_reports="Сообщения пары — в её виде событий: interreg view events "
                           "--param region_a=… --param region_b=…")
    if not rows:
        view.notes.append("Нет пар партнёров для этих условий.")
    colours = palette.Colours("country")
    for place in sorted(activity, key=lambda p: (country_of(p), p)):
        view.nodes.append(_place_node(place, place_name(place, names), colours, activity[place],
                                      [("контактов", activity[place])]))
    for row in rows:
        count = contact_count(row)
        view.edges.append(ViewEdge(
            source=row["region"], target=row["partner"], weight=count, width=edge_width(count),
            tooltip=tooltip(f"{place_name(row['region'], names)} — {place_name(row['partner'], names)}", [
                ("встреч", row.get("meetings")), ("соглашений", row.get("agreements")),
                ("торговых потоков", row.get("trade")),
                ("период", _period(row.get("first"), row.get("last"))),
                ("изданий", row.get("sources"))])))
    _country_legend(view)
    return view


# --- trade -----------------------------------------------------------------------------------

def trade_view(query: Query, party: str | None = None, commodity: str | None = None,
               direction: str | None = None) -> View:
    """Directed trade flows, one edge per exporter, importer and commodity."""
    params = {"party": resolve_place(party, "party") if party else None,
              "commodity": commodity, "direction": direction}
    rows = query("trade", {**params, "limit": 0})        # every flow, for the edge counts
    names: dict[str, str] = {}
    flows: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for row in rows:
        names[row["exporter"]] = row.get("exporter_name") or ""
        names[row["importer"]] = row.get("importer_name") or ""
        flows[(row["exporter"], row["importer"], row.get("commodity") or "other")].append(row)
    scope = []
    if params["party"]:
        scope.append(f"участник: {place_name(params['party'], names)}")
    if commodity:
        scope.append(f"товар: {palette.label('commodity', commodity)}")
    title = f"Торговые потоки: {place_name(params['party'], names)}" if params["party"] else \
        "Торговые потоки между регионами"
    view = View("trade", title,
                subtitle="; ".join(scope + [f"потоков: {len(rows)}"]))
    if not rows:
        view.notes.append("Нет торговых потоков для этих условий.")
    activity: dict[str, int] = defaultdict(int)
    for (exporter, importer, _), group in flows.items():
        activity[exporter] += len(group)
        activity[importer] += len(group)
    country_colours = palette.Colours("country")
    for place in sorted(activity, key=lambda p: (country_of(p), p)):
        view.nodes.append(_place_node(place, place_name(place, names), country_colours,
                                      activity[place], [("торговых потоков", activity[place])]))
    commodity_colours = palette.Colours("commodity")
    sources = Sources(query)
    parallel: dict[tuple[str, str], int] = defaultdict(int)
    for (exporter, importer, goods), group in sorted(flows.items()):
        pair = tuple(sorted((exporter, importer)))
        parallel[pair] += 1
        planned_only = all(row.get("status") == "planned" for row in group)
        lines = [_flow_line(row) for row in group]
        flow_events = [{"event": row["event"], "date": row.get("date"), "type": "trade",
                        "kind": row.get("commodity"), "status": row.get("status")}
                       for row in group if row.get("event")]
        view.edges.append(ViewEdge(
            source=exporter, target=importer, category=goods, colour=commodity_colours(goods),
            weight=len(group), width=edge_width(len(group)), arrow=True, dashed=planned_only,
            curve=0.15 * (parallel[pair] - 1), reports=sources.of_events(flow_events),
            tooltip=tooltip(f"{place_name(exporter, names)} → {place_name(importer, names)}", [
                ("товар", palette.label("commodity", goods)),
                ("раздел ТН ВЭД", group[0].get("hs_section")), ("потоков", len(group))],
                lines[:TOOLTIP_EVENTS], more=max(0, len(lines) - TOOLTIP_EVENTS))))
    commodity_labels = {goods: palette.label("commodity", goods) for _, _, goods in flows}
    country_labels = {node.category: palette.label("country", node.category) for node in view.nodes}
    view.legend = legend_from(view, commodity_labels, "edge") + legend_from(view, country_labels, "node")
    view.legend_headings.update(edge="Товар (цвет стрелки)", node="Страна (цвет узла)")
    view.key_note = ("Стрелка — от экспортёра к импортёру, толщина — число потоков, "
                     "пунктир — только планы. Ромб — страна, когда регион не назван.")
    if rows:
        view.charts.append(charts.trade_bars(rows, params["party"],
                                             place_name(params["party"], names) if params["party"] else None))
    return view


def _flow_line(row: dict) -> str:
    parts = [row.get("date") or "без даты", palette.label("status", row.get("status"))]
    if row.get("amount") is not None:
        parts.append(f"{row['amount']:g} {row.get('currency') or ''}".strip())
    return " · ".join(parts)


# --- events ----------------------------------------------------------------------------------

def events_view(query: Query, region: str, region_b: str | None = None) -> View:
    """Regions, people and events: every event of `region` (with `region_b` only, when
    given), each with its date, status and the sentences that report it."""
    center = resolve_place(region)
    other = resolve_place(region_b, "party") if region_b else None
    events = profile_events(query("region-profile", {"region": center, "limit": 0}))
    if other:
        events = {k: e for k, e in events.items() if other in e["counterparts"]}
    names = _names_from_network(query)
    heading = place_name(center, names) + (f" и {place_name(other, names)}" if other else "")
    view = View("events", f"События: {heading}",
                subtitle=f"событий: {len(events)}. Наведите на событие, чтобы увидеть даты, статус и цитаты.")
    if not events:
        view.notes.append("Нет событий для этих условий.")
    node_colour = palette.Colours("node")
    places = {center} | {p for e in events.values() for p in e["counterparts"]}
    if other:
        places.add(other)
    for place in sorted(places):
        node = _place_node(place, place_name(place, names), palette.Colours("country"), 2, [])
        node.category = "country" if "-" not in place else "region"
        node.colour = node_colour(node.category)
        view.nodes.append(node)
    persons: dict[str, str] = {}          # person name → node id
    sources = Sources(query)
    for event in sorted(events.values(), key=lambda e: (e.get("date") or "", e["event"])):
        event_id = f"event:{event['event']}"
        reports = [f"{outlet or 'без издания'}: «{sentence}»" for outlet, sentence, _ in event["reports"]]
        view.nodes.append(ViewNode(
            reports=sources.reports(event),
            id=event_id, label=f"{event_kind(event)}\n{event.get('date') or 'без даты'}",
            category=event.get("type") or "meeting", colour=node_colour(event.get("type")),
            shape="box" if event.get("type") == "agreement" else "dot", size=14,
            tooltip=tooltip(event_kind(event).capitalize(), [
                ("дата", event.get("date") or "не указана"),
                ("статус", palette.label("status", event.get("status"))),
                ("стороны", [place_name(p, names) for p in [center] + event["counterparts"]]),
                ("участники", event["persons"]),
                ("изданий", len(event["outlets"]))],
                reports[:TOOLTIP_REPORTS], more=max(0, len(reports) - TOOLTIP_REPORTS))))
        for place in [center] + event["counterparts"]:
            view.edges.append(ViewEdge(source=place, target=event_id, category="",
                                       tooltip=tooltip(f"{place_name(place, names)}: сторона события")))
        for person in event["persons"]:
            if person not in persons:
                persons[person] = f"person:{person}"
                view.nodes.append(ViewNode(id=persons[person], label=person, category="person",
                                           colour=node_colour("person"), shape="triangle", size=12,
                                           tooltip=tooltip(person, [("роль", "участник события")])))
            view.edges.append(ViewEdge(source=persons[person], target=event_id, colour="#f2b701"))
    _link_officials(query, view, [p for p in sorted(places) if "-" in p], persons, names)
    labels = {category: palette.label("node", category) for category in
              ("region", "country", "person", "meeting", "agreement", "trade")}
    view.legend = legend_from(view, labels, "node")
    view.legend_headings["node"] = "Что это за узел"
    view.key_note = ("Прямоугольник — соглашение, треугольник — человек; пунктир от человека "
                     "ведёт к региону, где он занимает должность.")
    if other:
        # Between two parties the events are a story: drawn in date order, left to right.
        chronological_positions(view, center, other)
        view.charts.append(charts.timeline(
            sorted(events.values(), key=lambda e: (e.get("date") or "9999", e["event"])),
            sources, f"{place_name(center, names)} — {place_name(other, names)}"))
        view.key_note += " События расставлены по датам слева направо."
    return view


# Canvas units between events on the chronological layout, and from the events to the parties.
EVENT_STEP = 170
PARTY_OFFSET = 260


def chronological_positions(view: View, first: str, second: str) -> None:
    """Fixed positions for a pair's events view: events on a line in date order (undated
    last), the first party above them, the second below, people under their first event
    and every other party to the right."""
    events = [n for n in view.nodes if n.id.startswith("event:")]     # in date order, undated first
    width = max(len(events) - 1, 0) * EVENT_STEP
    dated = [n for n in events if "без даты" not in n.label]
    undated = [n for n in events if "без даты" in n.label]
    for index, node in enumerate(dated + undated):
        node.x, node.y = index * EVENT_STEP - width / 2, 0.0
    for node in view.nodes:
        if node.id == first:
            node.x, node.y = 0.0, -PARTY_OFFSET
        elif node.id == second:
            node.x, node.y = 0.0, PARTY_OFFSET
    first_event_of: dict[str, float] = {}
    positions = {n.id: n.x for n in events}
    for edge in view.edges:
        if edge.target in positions and edge.source.startswith("person:"):
            first_event_of.setdefault(edge.source, positions[edge.target])
    stacked: dict[float, int] = defaultdict(int)
    others = 0
    for node in view.nodes:
        if node.x is not None:
            continue
        if node.id in first_event_of:
            x = first_event_of[node.id]
            stacked[x] += 1
            node.x, node.y = x, 70 + 45 * stacked[x]
        else:
            others += 1
            node.x, node.y = width / 2 + EVENT_STEP, -PARTY_OFFSET + 90 * others
    view.positioned = True


def _link_officials(query: Query, view: View, regions: list[str], persons: dict[str, str],
                    names: dict[str, str]) -> None:
    """Dashed edges from the people on the page to the region whose office they hold."""
    for region in regions:
        for row in query("officials", {"region": region}):
            node_id = persons.get(row.get("name"))
            if node_id is None:
                continue
            position = row.get("position") or "должностное лицо"
            view.edges.append(ViewEdge(source=node_id, target=region, dashed=True, colour="#b8a04a",
                                       tooltip=tooltip(f"{row['name']}: {position}",
                                                       [("регион", place_name(region, names))])))


def _names_from_network(query: Query) -> dict[str, str]:
    names: dict[str, str] = {}
    for row in query("network", {"limit": 0}):
        names[row["region"]] = row.get("region_name") or ""
        names[row["partner"]] = row.get("partner_name") or ""
    return names


# --- the catalogue of views ------------------------------------------------------------------

@dataclass(frozen=True)
class ViewSpec:
    name: str
    usage: str                        # the parameters as `interreg view --help` shows them
    description: str
    params: tuple[str, ...]           # accepted --param names
    required: tuple[str, ...]
    build: Callable[..., View]


VIEWS: dict[str, ViewSpec] = {spec.name: spec for spec in (
    ViewSpec("partners", "region [depth=1|2]", "a region's partners (depth=2 adds their partners)",
             ("region", "depth"), ("region",), partners_view),
    ViewSpec("network", "[country] [since]",
             "the whole cooperation network (optionally one country, since a day)",
             ("country", "since"), (), network_view),
    ViewSpec("trade", "[party] [commodity] [direction]", "directed trade flows, coloured by commodity",
             ("party", "commodity", "direction"), (), trade_view),
    ViewSpec("events", "region_a [region_b]  (or region)",
             "regions, people and events of a region, or of a pair",
             ("region", "region_b", "region_a"), (), events_view),
)}


def build(name: str, query: Query, params: dict[str, str]) -> View:
    """Build view `name` with `--param` values given as strings."""
    if name not in VIEWS:
        raise UserError(f"unknown view {name!r}; views: {', '.join(VIEWS)}")
    spec = VIEWS[name]
    params = dict(params)
    if name == "events" and "region_a" in params:      # events(region_a, region_b) reads naturally
        params.setdefault("region", params.pop("region_a"))
    unknown = sorted(set(params) - set(spec.params))
    if unknown:
        raise UserError(f"view {name!r} has no parameter {', '.join(unknown)} "
                        f"(it takes {', '.join(spec.params)})")
    required = ("region",) if name == "events" else spec.required
    missing = [p for p in required if not params.get(p)]
    if missing:
        raise UserError(f"view {name!r} needs --param {missing[0]}=...")
    if "depth" in params:
        try:
            params["depth"] = int(params["depth"])
        except ValueError:
            raise UserError(f"depth must be 1 or 2, got {params['depth']!r}") from None
    return spec.build(query, **{k: v for k, v in params.items() if v not in (None, "")})
