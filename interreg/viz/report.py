"""The static analyst report: one folder that opens from the file system, offline.

`index.html` holds the corpus summary, links to the views (written into
`views/`), and every canned query's rows as a sortable table. Queries with
required parameters run for values taken from the graph itself (see `Examples`):
the most active regions, their main partner, the most reported event, and so on.

    >>> write_report(views.through(store), Path("report"))   # doctest: +SKIP
    Written(index=PosixPath('report/index.html'), ...)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from interreg.errors import UserError
from interreg.outputs import safe_folder
from interreg.queries.runner import LIMIT_PARAM
from interreg.viz import cells, charts, render, views
from interreg.viz.markup import inline_script, inline_style, own_asset
from interreg.viz.model import Chart
from interreg.viz.views import Query

# How many of the most active regions the queries with a region parameter run for.
EXAMPLE_REGIONS = 2


@dataclass
class Table:
    """One query run: its rows, or the reason it could not run."""

    query: str
    description: str
    params: dict
    rows: list[dict] = field(default_factory=list)
    problem: str | None = None
    cut: bool = False               # the query's row limit left rows out

    @property
    def anchor(self) -> str:
        suffix = "-".join(str(v) for v in self.params.values() if v is not None)
        return slug(f"q-{self.query}-{suffix}" if suffix else f"q-{self.query}")

    @property
    def columns(self) -> list[str]:
        return list(self.rows[0]) if self.rows else []

    @cached_property
    def shown(self) -> tuple[list[cells.Column], list[list]]:
        """The columns and cells the page shows (Russian headings, names, links)."""
        return cells.present(self.rows)

    @property
    def title(self) -> str:
        return cells.query_titles().get(self.query, self.description)


@dataclass
class ViewLink:
    path: str          # relative to index.html
    title: str
    description: str
    nodes: int
    edges: int


@dataclass
class CorpusSummary:
    documents: int = 0
    events: int = 0
    reports: int = 0
    outlets: list[tuple[str, int]] = field(default_factory=list)   # (outlet, documents)
    first: str | None = None
    last: str | None = None
    events_by_type: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Written:
    index: Path
    queries: int
    tables: int
    views: list[Path]
    problems: list[str]


def slug(text: str) -> str:
    """A file or anchor name: letters, digits and dashes only. `slug("UZ-BU")` == 'uz-bu'."""
    return re.sub(r"[^a-z0-9а-яё]+", "-", text.lower()).strip("-") or "x"


# --- values for required parameters ----------------------------------------------------------

class Examples:
    """Sensible values for required query parameters, read from the graph through queries."""

    def __init__(self, query: Query, focus: list[str] | None = None):
        self.query = query
        self.focus = list(focus or [])

    @cached_property
    def regions(self) -> list[str]:
        """The focus regions, else the regions with the most foreign partners."""
        if self.focus:
            return self.focus
        ranked = [row["region"] for row in self.query("top-regions", {"limit": EXAMPLE_REGIONS})]
        return ranked[:EXAMPLE_REGIONS]

    def partner_of(self, region: str) -> str | None:
        rows = self.query("partners", {"region": region})
        return rows[0]["partner"] if rows else None

    @cached_property
    def _profile(self) -> list[dict]:
        return self.query("region-profile", {"region": self.regions[0], "limit": 0}) if self.regions else []

    @cached_property
    def event(self) -> str | None:
        """The event of the first region reported by the most documents."""
        counts = Counter(row["event"] for row in self._profile if row.get("document"))
        return min(counts, key=lambda e: (-counts[e], e)) if counts else None

    @cached_property
    def person(self) -> str | None:
        """The person at the most events of the first region."""
        events_of: dict[str, set] = {}
        for row in self._profile:
            for name in row.get("persons") or ():
                events_of.setdefault(name, set()).add(row["event"])
        return min(events_of, key=lambda n: (-len(events_of[n]), n)) if events_of else None

    @cached_property
    def commodity(self) -> str | None:
        counts = Counter(row.get("commodity") for row in self.query("trade", {"limit": 0}) if row.get("commodity"))
        return min(counts, key=lambda c: (-counts[c], c)) if counts else None

    @cached_property
    def since(self) -> str | None:
        """1 January of the year of the latest contact: 'what is new this year'."""
        lasts = [row["last"] for row in self.query("network", {"limit": 0}) if row.get("last")]
        return f"{max(lasts)[:4]}-01-01" if lasts else None

    def for_type(self, param_type: str) -> str | None:
        return {"event": lambda: self.event, "person": lambda: self.person,
                "commodity": lambda: self.commodity, "date": lambda: self.since,
                "country": lambda: views.country_of(self.regions[0]) if self.regions else None,
                }.get(param_type, lambda: None)()


def parameter_sets(spec, examples: Examples) -> tuple[list[dict], str | None]:
    """The parameter values to run `spec` with, or a reason it cannot run."""
    required = [p for p in spec.params if p.required]
    if not required:
        return [{}], None
    firsts = examples.regions if required[0].type == "region" else [examples.for_type(required[0].type)]
    sets = []
    for first in firsts:
        if first is None:
            continue
        values = {required[0].name: first}
        for param in required[1:]:
            if param.type in ("party", "region"):
                value = examples.partner_of(first)
            else:
                value = examples.for_type(param.type)
            if value is None:
                break
            values[param.name] = value
        else:
            sets.append(values)
    if not sets:
        return [], f"в графе нет значения для {', '.join(p.name for p in required)}"
    return sets, None


def run_tables(query: Query, examples: Examples, specs: dict | None = None) -> list[Table]:
    from interreg.queries import catalogue

    specs = specs if specs is not None else catalogue.load()
    tables = []
    for spec in sorted(specs.values(), key=lambda s: (not s.builtin, s.name)):
        sets, reason = parameter_sets(spec, examples)
        if reason:
            tables.append(Table(spec.name, spec.description, {}, problem=reason))
        limit = row_limit(spec)
        for params in sets:
            table = Table(spec.name, spec.description, params)
            try:
                if limit:
                    # one row more than shown tells a cut answer from one of exactly `limit` rows
                    rows = query(spec.name, {**params, LIMIT_PARAM: limit + 1})
                    table.rows, table.cut = rows[:limit], len(rows) > limit
                else:
                    table.rows = query(spec.name, params)
            except UserError as error:
                table.problem = str(error)
            tables.append(table)
    return tables


def row_limit(spec) -> int | None:
    """The default of a query's `limit` parameter, when it has one and it limits (not 0)."""
    param = spec.param(LIMIT_PARAM)
    return int(param.default) if param and param.default not in (None, "", "0") else None


# --- corpus summary --------------------------------------------------------------------------

def corpus_summary(query: Query) -> CorpusSummary:
    """Documents, outlets and publication dates (the `outlets` query), events by type
    (`event-types`)."""
    outlets = query("outlets", {"limit": 0})
    firsts = [row["first"] for row in outlets if row.get("first")]
    lasts = [row["last"] for row in outlets if row.get("last")]
    types = Counter()
    for row in query("event-types", {}):
        types[row.get("type") or "—"] += row["events"]
    return CorpusSummary(
        documents=sum(row["documents"] for row in outlets), events=sum(types.values()),
        reports=sum(row["reports"] for row in outlets),
        outlets=[(row.get("outlet") or "—", row["documents"]) for row in outlets],
        first=min(firsts, default=None), last=max(lasts, default=None),
        events_by_type=sorted(types.items(), key=lambda item: (-item[1], item[0])))


# --- views -----------------------------------------------------------------------------------

def view_plan(examples: Examples) -> list[tuple[str, str, dict]]:
    """(file name, view name, params) of the views the report links to."""
    plan = [("network.html", "network", {}), ("trade.html", "trade", {})]
    for region in examples.regions:
        plan.append((f"partners-{slug(region)}.html", "partners", {"region": region}))
        plan.append((f"partners2-{slug(region)}.html", "partners", {"region": region, "depth": "2"}))
        plan.append((f"events-{slug(region)}.html", "events", {"region": region}))
        partner = examples.partner_of(region)
        if partner:
            plan.append((f"events-{slug(region)}-{slug(partner)}.html", "events",
                         {"region": region, "region_b": partner}))
        plan.append((f"trade-{slug(region)}.html", "trade", {"party": region}))
    return plan


def write_views(query: Query, examples: Examples, folder: Path) -> tuple[list[ViewLink], list[str]]:
    links, problems = [], []
    for file_name, name, params in view_plan(examples):
        try:
            view = views.build(name, query, params)
        except UserError as error:
            problems.append(f"view {name} {params}: {error}")
            continue
        render.write(view, folder / file_name)
        links.append(ViewLink(f"views/{file_name}", view.title, view.subtitle,
                              len(view.nodes), len(view.edges)))
    return links, problems


# --- charts ----------------------------------------------------------------------------------

def report_charts(query: Query, examples: Examples) -> list[Chart]:
    """The charts of the first featured region: the timeline with its main partner, its
    partners' strength, its trade by commodity and direction, its contacts per year."""
    if not examples.regions:
        return []
    region = examples.regions[0]
    profile = views.profile_events(query("region-profile", {"region": region, "limit": 0}))
    names = {row["partner"]: row.get("partner_name") or "" for row in query("partners", {"region": region})}
    name = views.place_name(region, {})
    found = []
    partner = examples.partner_of(region)
    if partner:
        shared = sorted((e for e in profile.values() if partner in e["counterparts"]),
                        key=lambda e: (e.get("date") or "9999", e["event"]))
        found.append(charts.timeline(shared, views.Sources(query),
                                     f"{name} — {views.place_name(partner, names)}"))
    found.append(charts.partner_bars(query("partners", {"region": region}), names, name))
    flows = query("trade", {"party": region, "limit": 0})
    if flows:
        found.append(charts.trade_bars(flows, region, name))
    found.append(charts.contacts_per_year(list(profile.values()), name))
    return found


# --- the page --------------------------------------------------------------------------------

def is_short(rows: list[dict], column: str, limit: int = 24) -> bool:
    """True when no value of the column is longer than `limit` (kept on one line: dates, codes)."""
    return all(len(cells.text(row.get(column))) <= limit for row in rows)


def render_index(tables: list[Table], links: list[ViewLink], summary: CorpusSummary,
                 problems: list[str], store_kind: str, chart_list: list[Chart] = (),
                 focus: str | None = None) -> str:
    environment = Environment(loader=PackageLoader("interreg.viz", "templates"),
                              autoescape=select_autoescape(["html"]))
    template = environment.get_template("report.html")
    return template.render(
        tables=tables, links=links, summary=summary, problems=problems, store_kind=store_kind,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        is_short=is_short, event_types=views.EVENT_TYPES,
        charts=list(chart_list), focus=focus,
        charts_section=render.charts_section(list(chart_list)),
        chart_scripts=render.chart_scripts(list(chart_list)),
        styles=Markup(inline_style(own_asset("report.css"))),
        script=Markup(inline_script(own_asset("report.js"))))


# What a report writes into its folder: the index page, and the views in their own folder.
REPORT_FILES, REPORT_FOLDERS = ("index.html",), ("views",)


def write_report(query: Query, folder: Path, store_kind: str = "memory",
                 focus: list[str] | None = None) -> Written:
    """Write index.html and views/ into `folder`; `focus` names the regions to feature
    (default: the regions with the most foreign partners)."""
    folder = safe_folder(folder, files=REPORT_FILES, folders=REPORT_FOLDERS)
    (folder / "views").mkdir(parents=True, exist_ok=True)
    examples = Examples(query, focus)
    tables = run_tables(query, examples)
    links, problems = write_views(query, examples, folder / "views")
    summary = corpus_summary(query)
    chart_list = report_charts(query, examples)
    problems += [f"{t.query}: {t.problem}" for t in tables if t.problem]
    index = folder / "index.html"
    focus_name = views.place_name(focus[0], {}) if focus else None
    index.write_text(render_index(tables, links, summary, problems, store_kind, chart_list, focus_name),
                     encoding="utf-8")
    return Written(index=index, queries=len({t.query for t in tables}),
                   tables=sum(1 for t in tables if not t.problem),
                   views=[folder / link.path for link in links], problems=problems)
