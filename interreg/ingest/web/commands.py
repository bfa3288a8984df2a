"""`interreg sources` (the outlets of the sources file), and the web inputs of the commands
that load: `interreg ingest` (page URLs, `--feed`, `--sitemap`) and `interreg poll` (what
is new from every outlet), which the graph stage registers beside each other."""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from datetime import date

from interreg.errors import UserError


def register(subparsers) -> None:
    from interreg.ingest.web.sources import SOURCES_ENV

    sources = subparsers.add_parser(
        "sources", help="list the outlets (feeds, sitemaps) that `poll` fetches",
        description="List the outlets of the sources file: name, town, region, feeds and sitemaps, "
                    "with when each was last polled. (The documents behind one event are the "
                    "canned query `interreg query sources`.)")
    sources.add_argument("--sources", metavar="FILE",
                         help=f"the sources file (default: ${SOURCES_ENV} or sources.toml in INTERREG_HOME)")
    sources.set_defaults(func=run_sources)


POLL_HELP = "fetch what is new from every outlet of the sources file and load it"
POLL_DESCRIPTION = ("Fetch each outlet's feeds and sitemaps (a conditional GET: an unchanged feed "
                    "costs one request), fetch the pages not seen before, extract and load them. "
                    "What was read is remembered beside the store, so the next poll fetches only "
                    "what is new.")


def add_poll_options(parser: argparse.ArgumentParser) -> None:
    """The options of `interreg poll` that choose what is fetched (loading options are the ingest's)."""
    from interreg.ingest.web.sources import SOURCES_ENV

    parser.add_argument("--sources", metavar="FILE",
                        help=f"the sources file (default: ${SOURCES_ENV} or sources.toml in INTERREG_HOME)")
    parser.add_argument("--outlet", action="append", metavar="NAME", help="poll only this outlet (repeatable)")
    parser.add_argument("--since", type=iso_date, metavar="DATE",
                        help="pass over items dated before DATE (YYYY-MM-DD), e.g. on the first poll")
    parser.set_defaults(inputs=[], feed=None, sitemap=None, poll=True)


def add_web_inputs(parser: argparse.ArgumentParser) -> None:
    """`--feed` and `--sitemap` for `interreg ingest`."""
    parser.add_argument("--feed", action="extend", nargs="+", metavar="URL",
                        help="RSS or Atom feeds: every page they list is fetched and read")
    parser.add_argument("--sitemap", action="extend", nargs="+", metavar="URL",
                        help="(news) sitemaps or sitemap indexes: every page they list")


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


@contextmanager
def web_reading(args: argparse.Namespace, max_chars: int):
    """(the file inputs, a `WebRead` or None) for `ingest` and `poll`. The reading is
    committed to the poll state when the block ends without an error."""
    from interreg.ingest.web import FetchSettings, Fetcher, Outlet, is_url, load_sources, read_web
    from interreg.ingest.readers.limits import HTML_BYTES_PER_CHAR

    inputs = list(args.inputs or [])
    pages = [value for value in inputs if is_url(value)]
    paths = [value for value in inputs if not is_url(value)]
    outlets: list[Outlet] = []
    if getattr(args, "poll", False):
        outlets = load_sources(args.sources)
        if args.outlet:
            unknown = sorted(set(args.outlet) - {outlet.name for outlet in outlets})
            if unknown:
                raise UserError(f"no outlet {', '.join(map(repr, unknown))} in the sources file "
                                f"(`interreg sources` lists them)")
            outlets = [outlet for outlet in outlets if outlet.name in args.outlet]
        if not outlets:
            raise UserError("the sources file lists no outlet")
    elif args.feed or args.sitemap:
        for option, urls in (("--feed", args.feed), ("--sitemap", args.sitemap)):
            for url in urls or ():
                if not is_url(url):
                    raise UserError(f"{option} takes http(s) URLs, not {url!r} (put files and folders "
                                    f"before {option})")
        outlets = [Outlet(name="", feeds=tuple(args.feed or ()), sitemaps=tuple(args.sitemap or ()))]
    if not inputs and not outlets:
        raise UserError("nothing to read: give files, folders, globs, page URLs, --feed or --sitemap")
    if not pages and not outlets:
        yield paths, None
        return
    settings = FetchSettings.from_env(max_bytes=None)
    if settings.max_bytes == FetchSettings.max_bytes:
        # by default a page may be as big as an HTML file may be (the document limit's markup)
        settings = FetchSettings.from_env(max_bytes=max_chars * HTML_BYTES_PER_CHAR)
    with Fetcher(settings) as fetcher:
        reading = read_web(outlets, pages, fetcher=fetcher, max_chars=max_chars,
                           incremental=getattr(args, "poll", False), since=getattr(args, "since", None))
        yield paths, reading
        reading.commit()


def reading_summary(reading) -> list[str]:
    """What the web reading fetched, for the lines after the ingest's summary."""
    counts = reading.requests
    listings = counts["changed"] + counts["unchanged"]
    lines = []
    if listings:
        lines.append(f"web: {listings} feed(s)/sitemap(s) asked: {counts['changed']} changed, "
                     f"{counts['unchanged']} unchanged (304); {counts['pages']} page(s) fetched")
    elif counts["pages"]:
        lines.append(f"web: {counts['pages']} page(s) fetched")
    return lines


def run_sources(args: argparse.Namespace) -> int:
    from interreg.ingest.web import PollState, load_sources
    from interreg.ingest.web.sources import sources_path

    outlets = load_sources(args.sources)
    state = PollState.load()
    print(f"{len(outlets)} outlet(s) in {sources_path(args.sources)}"
          + (f"; last poll {state.last_poll}" if state.last_poll else "; never polled"))
    for outlet in outlets:
        where = ", ".join(filter(None, (outlet.town, outlet.region)))
        print(f"{outlet.name}" + (f" ({where})" if where else ""))
        for kind, urls in (("feed", outlet.feeds), ("sitemap", outlet.sitemaps)):
            for url in urls:
                known = state.feeds.get(url)
                when = f"  last polled {known['polled']} ({known['status']})" if known else "  not polled yet"
                print(f"  {kind:<8}{url}{when}")
    return 0
