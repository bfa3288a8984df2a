"""Charts for the views and the report, as Vega-Lite specifications with their data.

Vega-Lite describes a chart in a few lines of JSON (marks, fields, scales) and its
browser build draws it with no network; the page inlines vega and vega-lite from
`assets/` (see `render.chart_scripts`) and `assets/charts.js` draws every chart
as SVG, so a chart's marks are elements of the page (hover shows their tooltip).

| chart            | where                              | from                         |
|------------------|------------------------------------|------------------------------|
| `timeline`       | events view of a pair; the report  | region-profile, sources      |
| `partner_bars`   | partners view; the report          | partners                     |
| `trade_bars`     | trade view; the report             | trade                        |
| `contacts_per_year` | the report                      | region-profile               |

>>> chart = partner_bars([{"partner": "RU-OMS", "meetings": 2, "agreements": 1, "trade": 0}],
...                      {"RU-OMS": "Омская область"}, "Бухарская область")
>>> [row["вид"] for row in chart.spec["data"]["values"]]
['встречи', 'соглашения']
"""

from __future__ import annotations

from collections import Counter, defaultdict

from interreg.viz import palette
from interreg.viz.model import Chart

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
# Contact kinds of the partners rows, in the order the bars stack them.
CONTACT_KINDS = (("meetings", "встречи", "meeting"), ("agreements", "соглашения", "agreement"),
                 ("trade", "торговля", "trade"))
TYPE_WORDS = {"meeting": "встреча", "agreement": "соглашение", "trade": "торговля"}
# Bars a chart shows at most (the rest would not be readable).
MAX_BARS = 25


def _config() -> dict:
    return {"font": FONT, "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 260},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "title": {"fontSize": 14, "anchor": "start"}}


def _colour_scale(kind: str, keys: list[str], labels: dict[str, str]) -> dict:
    colours = palette.Colours(kind)
    return {"domain": [labels[k] for k in keys], "range": [colours(k) for k in keys]}


def _spec(title: str, values: list[dict], **body) -> dict:
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "title": title, "width": "container", "data": {"values": values},
            "config": _config(), **body}


# --- the timeline of two parties ---------------------------------------------------------

def timeline(events: list[dict], sources, title: str) -> Chart:
    """A pair's events on a time axis, one lane per type (meeting, agreement, trade); the
    tooltip gives the date, what happened, its status, outlets and the first sentence.
    `events` are `views.profile_events` values; `sources` a `views.Sources`."""
    values, undated = [], 0
    for number, event in enumerate(events, 1):
        if not event.get("date"):
            undated += 1
            continue
        reports = sources.reports(event) if sources is not None else []
        kind = reports[0].event if reports else TYPE_WORDS.get(event.get("type"), "событие")
        outlets = sorted({r.outlet for r in reports if r.outlet}) or sorted(set(event.get("outlets") or ()))
        sentence = next((r.sentence for r in reports if r.sentence), "")
        values.append({
            "дата": event["date"], "тип": TYPE_WORDS.get(event.get("type"), "событие"),
            "событие": kind, "статус": palette.label("status", event.get("status")) if event.get("status") else "",
            "издания": ", ".join(outlets), "сообщений": len(reports),
            "цитата": sentence if len(sentence) <= 160 else sentence[:157] + "…",
            "порядок": number, "описание": f"{event['date']} {kind}"})
    # events of one type on one day are drawn side by side within their lane, not on top
    same_day: Counter = Counter()
    for value in values:
        same_day[(value["дата"], value["тип"])] += 1
        value["ряд"] = same_day[(value["дата"], value["тип"])]
    types = [t for t in ("meeting", "agreement", "trade")
             if any(v["тип"] == TYPE_WORDS[t] for v in values)]
    colour = {"field": "тип", "type": "nominal", "title": "Тип события",
              "scale": _colour_scale("node", types, TYPE_WORDS)}
    tooltip = [{"field": "дата", "type": "temporal", "format": "%d %B %Y", "title": "дата"},
               {"field": "событие"}, {"field": "статус"}, {"field": "издания"},
               {"field": "сообщений", "type": "quantitative"}, {"field": "цитата"}]
    spec = _spec(f"Хронология: {title}", values,
                 height=max(90, 55 * max(len(types), 1)),
                 encoding={"x": {"field": "дата", "type": "temporal", "title": None,
                                 "axis": {"format": "%b %Y", "labelAngle": 0, "tickCount": 8}},
                           "y": {"field": "тип", "type": "nominal", "title": None,
                                 "sort": [TYPE_WORDS[t] for t in types]}},
                 layer=[{"mark": {"type": "point", "filled": True, "size": 180, "opacity": 0.9,
                                  "stroke": "#1d2733", "strokeWidth": 0.6},
                         "encoding": {"color": colour, "tooltip": tooltip,
                                      "yOffset": {"field": "ряд", "type": "ordinal", "legend": None,
                                                  "scale": {"paddingOuter": 0.5}},
                                      "description": {"field": "описание"}}}])
    note = f"Без даты (на шкале нет): {undated}." if undated else ""
    return Chart("chart-timeline", f"Хронология: {title}", spec, note)


# --- partner strength -------------------------------------------------------------------

def partner_bars(rows: list[dict], names: dict[str, str], region_name: str) -> Chart:
    """Stacked bars per partner of a region: meetings, agreements and trade flows; the
    strongest partner on top. `rows` are rows of the `partners` query."""
    totals: Counter = Counter()
    values = []
    for row in rows:
        partner = row.get("partner") or ""
        name = names.get(partner) or row.get("partner_name") or partner
        for column, word, _ in CONTACT_KINDS:
            count = row.get(column) or 0
            if count:
                values.append({"партнёр": name, "вид": word, "число": count})
                totals[name] += count
    kept = {name for name, _ in totals.most_common(MAX_BARS)}
    values = [v for v in values if v["партнёр"] in kept]
    kinds = [(word, node) for _, word, node in CONTACT_KINDS if any(v["вид"] == word for v in values)]
    node_colours = palette.Colours("node")
    spec = _spec(f"Партнёры: {region_name}", values, height={"step": 22},
                 mark={"type": "bar", "tooltip": True},
                 encoding={
                     "y": {"field": "партнёр", "type": "nominal", "title": None, "sort": "-x"},
                     "x": {"aggregate": "sum", "field": "число", "type": "quantitative",
                           "title": "контактов", "axis": {"tickMinStep": 1, "format": "d"}},
                     "color": {"field": "вид", "type": "nominal", "title": "Вид контакта",
                               "scale": {"domain": [w for w, _ in kinds],
                                         "range": [node_colours(n) for _, n in kinds]},
                               "sort": [w for w, _ in kinds]},
                     "order": {"field": "вид", "sort": "ascending"},
                     "tooltip": [{"field": "партнёр"}, {"field": "вид"},
                                 {"field": "число", "type": "quantitative"}]})
    note = f"Показаны {MAX_BARS} сильнейших из {len(totals)}." if len(totals) > MAX_BARS else ""
    return Chart("chart-partners", f"Партнёры: {region_name}", spec, note)


# --- trade by commodity and direction ----------------------------------------------------

def trade_direction(row: dict, party: str | None) -> str:
    """«вывоз» / «ввоз» seen from `party` (a region, or a country and its regions); without
    a party, the countries: «Россия → Узбекистан»."""
    exporter, importer = row.get("exporter") or "", row.get("importer") or ""
    if party:
        if party in (exporter, exporter.split("-", 1)[0]):
            return "вывоз"
        if party in (importer, importer.split("-", 1)[0]):
            return "ввоз"
    return (f"{palette.label('country', exporter.split('-', 1)[0])} → "
            f"{palette.label('country', importer.split('-', 1)[0])}")


def trade_bars(rows: list[dict], party: str | None = None, party_name: str | None = None) -> Chart:
    """Trade flows per commodity, stacked by direction. `rows` are rows of the `trade` query."""
    counts: Counter = Counter()
    for row in rows:
        commodity = palette.label("commodity", row.get("commodity") or "other")
        counts[(commodity, trade_direction(row, party))] += 1
    values = [{"товар": commodity, "направление": direction, "потоков": count}
              for (commodity, direction), count in sorted(counts.items())]
    title = f"Торговля по товарам: {party_name}" if party_name else "Торговля по товарам и направлениям"
    directions = sorted({v["направление"] for v in values}, key=lambda d: (d not in ("вывоз", "ввоз"), d))
    colour = {"field": "направление", "type": "nominal", "title": "Направление", "sort": directions}
    if party:
        colour["scale"] = {"domain": ["вывоз", "ввоз"], "range": ["#1f77b4", "#ff7f0e"]}
    spec = _spec(title, values, height={"step": 22}, mark={"type": "bar", "tooltip": True},
                 encoding={"y": {"field": "товар", "type": "nominal", "title": None, "sort": "-x"},
                           "x": {"aggregate": "sum", "field": "потоков", "type": "quantitative",
                                 "title": "торговых потоков", "axis": {"tickMinStep": 1, "format": "d"}},
                           "color": colour,
                           "tooltip": [{"field": "товар"}, {"field": "направление"},
                                       {"field": "потоков", "type": "quantitative"}]})
    return Chart("chart-trade", title, spec)


# --- contacts per year ----------------------------------------------------------------------

def contacts_per_year(events: list[dict], region_name: str) -> Chart:
    """Events of a region per year, stacked by type. `events` carry `date` and `type`."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    undated = 0
    for event in events:
        if not event.get("date"):
            undated += 1
            continue
        counts[(str(event["date"])[:4], TYPE_WORDS.get(event.get("type"), "событие"))] += 1
    values = [{"год": year, "тип": kind, "событий": count} for (year, kind), count in sorted(counts.items())]
    types = [t for t in ("meeting", "agreement", "trade") if any(v["тип"] == TYPE_WORDS[t] for v in values)]
    spec = _spec(f"Контакты по годам: {region_name}", values, height=220,
                 mark={"type": "bar", "tooltip": True},
                 encoding={"x": {"field": "год", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
                           "y": {"aggregate": "sum", "field": "событий", "type": "quantitative",
                                 "title": "событий", "axis": {"tickMinStep": 1, "format": "d"}},
                           "color": {"field": "тип", "type": "nominal", "title": "Тип события",
                                     "scale": _colour_scale("node", types, TYPE_WORDS)},
                           "tooltip": [{"field": "год"}, {"field": "тип"},
                                       {"field": "событий", "type": "quantitative"}]})
    note = f"Без даты: {undated}." if undated else ""
    return Chart("chart-years", f"Контакты по годам: {region_name}", spec, note)
