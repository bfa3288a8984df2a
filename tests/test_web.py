"""News from the web over real HTTP on 127.0.0.1: feeds, pages, sitemaps, polled incrementally,
and every kind of bad source. No test reaches outside the machine.

The site (tests/web_site.py) serves what each test puts on it and logs every request. The
client's timeouts, retries and pauses are made short through the environment.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta
from email.utils import format_datetime
from datetime import datetime, timezone

import pytest

from interreg.cli import main
from interreg.ingest.web.client import FetchError, FetchSettings, Fetcher
from interreg.ingest.web.feeds import feed_links
from interreg.ingest.web.links import NotAFeed
from interreg.ingest.web.poll import web_document_id
from web_site import NewsSite

OUTLET = "Вести Прииртышья"
TOWN = "Омск"
# Pairs of regions the generated stories are about; each story is its own wording.
PAIRS = [("Омской области", "Бухарской области"), ("Новосибирской области", "Павлодарской области"),
         ("Алтайского края", "Восточно-Казахстанской области"), ("Томской области", "Минской области"),
         ("Тюменской области", "Ташкентской области"), ("Челябинской области", "Костанайской области"),
         ("Свердловской области", "Самаркандской области"), ("Оренбургской области", "Актюбинской области")]
TOPICS = ["сельского хозяйства", "промышленности", "образования", "туризма", "здравоохранения"]
FIRST_DAY = date(2025, 3, 1)


@dataclass
class Outcome:
    code: int
    stderr: str

    def skipped(self) -> dict[str, str]:
        return dict(line.split(": skipped: ", 1) for line in self.stderr.splitlines() if ": skipped: " in line)


@pytest.fixture(scope="session")
def site():
    server = NewsSite().start()
    yield server
    server.stop()


@pytest.fixture
def web(site, interreg_home, monkeypatch, capsys):
    """The site emptied, a fresh store and poll state, a quick and impatient client."""
    site.reset()
    site.slow_seconds = 2.0
    for name, value in {"INTERREG_WEB_INTERVAL": "0", "INTERREG_WEB_BACKOFF": "0.05",
                        "INTERREG_WEB_TIMEOUT": "0.8", "INTERREG_WEB_RETRIES": "1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("INTERREG_SOURCES", raising=False)
    return site


def run(capsys, *args) -> Outcome:
    capsys.readouterr()
    code = main([str(arg) for arg in args])
    return Outcome(code, capsys.readouterr().err)


def story(n: int) -> tuple[str, str]:
    """(headline, article text) of the n-th story."""
    ours, theirs = PAIRS[n % len(PAIRS)]
    topic = TOPICS[n % len(TOPICS)]
    title = f"Делегация {theirs} побывала в гостях у {ours} (выпуск {n + 1})"
    text = (f"Губернатор {ours} провёл переговоры с делегацией {theirs}. "
            f"Стороны подписали соглашение о сотрудничестве в сфере {topic}. "
            f"По словам участников встречи, следующий раунд переговоров пройдёт через {n + 2} месяца.")
    return title, text


def page(n: int, canonical: str | None = None, site_name: str = "vesti.example") -> str:
    title, text = story(n)
    published = (FIRST_DAY + timedelta(days=n)).isoformat()
    link = f"<link rel='canonical' href='{canonical}'>" if canonical else ""
    return (f"<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'><title>{title} | Вести</title>"
            f"<meta property='og:site_name' content='{site_name}'>"
            f"<meta property='article:published_time' content='{published}T09:00:00+06:00'>{link}</head>"
            "<body><nav><a href='/'>Главная</a> <a href='/politics'>Политика</a> <a href='/economy'>Экономика</a></nav>"
            f"<article><h1>{title}</h1><p>{text}</p></article>"
            "<aside><h3>Читайте также</h3><a href='/other'>Погода на выходные: без осадков</a></aside>"
            "<footer>© Вести Прииртышья, 2025</footer></body></html>")


def rss(items: list[int], base: str) -> str:
    entries = "".join(
        f"<item><title>{story(n)[0]}</title><link>{base}/news/{n}</link>"
        f"<pubDate>{format_datetime(datetime(2025, 3, 1, 9, tzinfo=timezone.utc) + timedelta(days=n))}</pubDate>"
        f"<guid>{base}/news/{n}</guid></item>" for n in items)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Вести</title>"
            f"<link>{base}/</link>{entries}</channel></rss>")


def write_sources(home, site, feeds=("/rss.xml",), sitemaps=()) -> None:
    lines = ["[[outlet]]", f'name = "{OUTLET}"', f'town = "{TOWN}"', 'region = "Омская область"',
             "feeds = [" + ", ".join(f'"{site.url(path)}"' for path in feeds) + "]"]
    if sitemaps:
        lines.append("sitemaps = [" + ", ".join(f'"{site.url(path)}"' for path in sitemaps) + "]")
    (home / "sources.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def stored_documents() -> dict[str, dict]:
    from interreg.graph.store import open_store
    store = open_store("memory")
    try:
        return {data["id"]: data for _, data in store.graph.nodes(data=True) if data["label"] == "Document"}
    finally:
        store.close()


def serve_stories(site, numbers) -> None:
    for n in numbers:
        site.put(f"/news/{n}", page(n))


# --- the incremental poll -------------------------------------------------------------

def test_poll_loads_a_feed_then_only_its_new_items_then_costs_only_304s(web, interreg_home, capsys):
    write_sources(interreg_home, web)
    serve_stories(web, range(23))
    web.put("/rss.xml", rss(list(range(20)), web.base), "application/rss+xml", etag=True)

    first = run(capsys, "poll")
    assert first.code == 0, first.stderr
    documents = stored_documents()
    assert len(documents) == 20
    for n in range(20):
        doc = documents[web_document_id(web.url(f"/news/{n}"))]
        assert doc["title"] == story(n)[0]
        assert doc["outlet"] == OUTLET and doc["town"] == TOWN
        assert str(doc["published"]) == (FIRST_DAY + timedelta(days=n)).isoformat()
        assert doc["url"] == web.url(f"/news/{n}")
    assert len(web.asked("/news/")) == 20
    assert (interreg_home / "web-state.json").is_file()       # beside the store

    web.log.clear()
    web.put("/rss.xml", rss(list(range(23)), web.base), "application/rss+xml", etag=True)
    second = run(capsys, "poll")
    assert second.code == 0, second.stderr
    assert sorted(r.path for r in web.asked("/news/")) == ["/news/20", "/news/21", "/news/22"]
    assert [r.conditional for r in web.asked("/rss.xml")] == [True]      # asked with the old ETag
    assert len(stored_documents()) == 23
    assert "read 3 document(s)" in second.stderr and "3 new" in second.stderr

    web.log.clear()
    third = run(capsys, "poll")
    assert third.code == 0, third.stderr
    feed_requests = [r for r in web.log if r.path != "/robots.txt"]
    assert [(r.path, r.conditional, r.status) for r in feed_requests] == [("/rss.xml", True, 304)]
    assert "1 unchanged (304); 0 page(s) fetched" in third.stderr
    assert len(stored_documents()) == 23


def test_poll_since_passes_over_older_items_for_good(web, interreg_home, capsys):
    write_sources(interreg_home, web)
    serve_stories(web, range(6))
    web.put("/rss.xml", rss(list(range(6)), web.base), "application/rss+xml")
    outcome = run(capsys, "poll", "--since", (FIRST_DAY + timedelta(days=4)).isoformat())
    assert outcome.code == 0, outcome.stderr
    assert sorted(r.path for r in web.asked("/news/")) == ["/news/4", "/news/5"]
    web.log.clear()
    run(capsys, "poll")        # no --since now: the older items stay passed over
    assert web.asked("/news/") == []


def test_a_page_that_failed_for_now_is_fetched_again_at_the_next_poll(web, interreg_home, capsys):
    write_sources(interreg_home, web)
    serve_stories(web, range(3))
    web.put("/news/1", page(1), fail_times=10)        # more 503s than the client's retries
    web.put("/rss.xml", rss([0, 1, 2], web.base), "application/rss+xml", etag=True)
    first = run(capsys, "poll")
    assert first.code == 3
    assert first.skipped()[web.url("/news/1")].startswith("HTTP 503 Service Unavailable (2 attempt(s))")
    web.put("/news/1", page(1))
    web.log.clear()
    second = run(capsys, "poll")
    assert second.code == 0, second.stderr
    assert [r.path for r in web.asked("/news/")] == ["/news/1"]     # though the feed answered 304
    assert [r.status for r in web.asked("/rss.xml")] == [304]
    assert len(stored_documents()) == 3


def test_sources_lists_outlets_with_their_feeds_and_last_poll(web, interreg_home, capsys):
    write_sources(interreg_home, web, feeds=("/rss.xml",), sitemaps=("/sitemap.xml",))
    listing = capsys.readouterr() and main(["sources"])
    out = capsys.readouterr().out
    assert listing == 0
    assert f"{OUTLET} ({TOWN}, Омская область)" in out
    assert f"feed    {web.url('/rss.xml')}  not polled yet" in out
    assert f"sitemap {web.url('/sitemap.xml')}" in out


def test_a_broken_sources_file_is_one_line(web, interreg_home, capsys):
    (interreg_home / "sources.toml").write_text('[[outlet]]\nname = "Без лент"\n', encoding="utf-8")
    outcome = run(capsys, "poll")
    assert outcome.code == 2
    assert outcome.stderr.strip().endswith("outlet 1 (Без лент): needs at least one feed or sitemap")
    missing = run(capsys, "sources", "--sources", interreg_home / "nowhere.toml")
    assert missing.code == 2 and "no sources file at" in missing.stderr


# --- ingest: pages, feeds, sitemaps ---------------------------------------------------

def test_ingest_page_urls_feed_and_news_sitemap(web, capsys):
    serve_stories(web, range(8))
    web.put("/atom.xml", "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            "<title>Вести</title>" + "".join(
                f"<entry><title>{story(n)[0]}</title><link href='/news/{n}'/><id>n{n}</id>"
                f"<updated>2025-03-0{n + 1}T10:00:00Z</updated></entry>" for n in (2, 3)) + "</feed>",
            "application/atom+xml")
    web.put("/sitemap-index.xml", "<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            f"<sitemap><loc>{web.url('/sitemap-news.xml')}</loc></sitemap></sitemapindex>", "application/xml")
    web.put("/sitemap-news.xml", "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
            "xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>" + "".join(
                f"<url><loc>{web.url(f'/news/{n}')}</loc><news:news><news:title>{story(n)[0]}</news:title>"
                f"<news:publication_date>2025-03-0{n}</news:publication_date></news:news></url>" for n in (4, 5))
            + "</urlset>", "application/xml")
    outcome = run(capsys, "ingest", web.url("/news/0"), web.url("/news/1"), "--feed", web.url("/atom.xml"),
                  "--sitemap", web.url("/sitemap-index.xml"))
    assert outcome.code == 0, outcome.stderr
    documents = stored_documents()
    assert sorted(documents) == sorted(web_document_id(web.url(f"/news/{n}")) for n in range(6))
    # no sources file entry: the outlet is the page's own site name
    assert {doc["outlet"] for doc in documents.values()} == {"vesti.example"}
    assert all("Agent" not in r.user_agent and r.user_agent.startswith("interreg/") for r in web.log)


def test_feed_versions_rss_091_10_20_and_atom(web):
    base = web.base
    feeds = {
        "rss091": "<?xml version='1.0'?><rss version='0.91'><channel><title>В</title>"
                  f"<item><title>Омск</title><link>{base}/a</link></item></channel></rss>",
        "rss10": "<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
                 "xmlns='http://purl.org/rss/1.0/' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
                 f"<channel rdf:about='{base}/'><title>В</title></channel>"
                 f"<item rdf:about='{base}/a'><title>Омск</title><link>{base}/a</link>"
                 "<dc:date>2025-03-02T10:00:00+06:00</dc:date></item></rdf:RDF>",
        "rss20": rss([0], base).replace(f"{base}/news/0", f"{base}/a"),
        "atom": "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>В</title>"
                f"<entry><title>Омск</title><link href='{base}/a'/><published>2025-03-02T00:00:00Z</published>"
                "</entry></feed>",
    }
    for name, body in feeds.items():
        [link] = feed_links(body.encode("utf-8"), f"{base}/feed", "application/xml")
        assert link.url == f"{base}/a", name
    assert feed_links(feeds["rss10"].encode(), f"{base}/feed")[0].published == date(2025, 3, 2)


# --- bad sources ----------------------------------------------------------------------

def test_every_bad_source_is_one_line_and_the_rest_goes_on(web, capsys):
    serve_stories(web, [0])
    web.put("/gone", "gone", "text/plain", status=410)
    web.put("/feed-is-html", page(1), "text/html")
    web.put("/broken-feed", "<?xml version='1.0'?><rss version='2.0'><channel><item><title>Омск</ti",
            "application/rss+xml")
    web.put("/no-text", "<html><body><nav>Главная | Контакты</nav><footer>© 2025</footer></body></html>")
    web.put("/english", "<html><body><article><p>" + "The governor of the region met a delegation. " * 10
            + "</p></article></body></html>")
    web.put("/photo.jpg", b"\xff\xd8\xff\xe0" + bytes(200), "image/jpeg")
    bad = {
        "/missing": "HTTP 404 Not Found",
        "/gone": "HTTP 410 Gone",
        "/error/500": "HTTP 500 Internal Server Error (2 attempt(s))",
        "/slow/page": "timed out (no answer within 0.8 s, 2 attempt(s))",
        "/loop/a": "redirect loop (",
        "/huge/page": "over 5.0 MB, over the limit of 5.0 MB a page",
        "/no-text": "no text in the HTML page",
        "/english": "not Russian text",
        "/photo.jpg": "not a news page (content type image/jpeg)",
    }
    bad_feeds = {"/feed-is-html": "an HTML page, not a feed",
                 "/broken-feed": "malformed XML (unclosed token), no item could be read"}
    started = time.monotonic()
    outcome = run(capsys, "ingest", web.url("/news/0"), *(web.url(path) for path in bad),
                  *(arg for path in bad_feeds for arg in ("--feed", web.url(path))))
    assert outcome.code == 3, outcome.stderr
    skipped = outcome.skipped()
    expected = {web.url(path): reason for path, reason in {**bad, **bad_feeds}.items()}
    assert set(skipped) == set(expected), outcome.stderr
    for url, reason in expected.items():
        assert skipped[url].startswith(reason), (url, skipped[url])
    assert list(stored_documents()) == [web_document_id(web.url("/news/0"))]
    assert time.monotonic() - started < 30


def test_nothing_read_exits_1(web, capsys):
    outcome = run(capsys, "ingest", web.url("/missing"), "--feed", web.url("/error/503"))
    assert outcome.code == 1
    assert set(outcome.skipped()) == {web.url("/missing"), web.url("/error/503")}


def test_retries_a_5xx_then_reads_the_page(web, capsys):
    web.put("/news/7", page(7), fail_times=1)
    outcome = run(capsys, "ingest", web.url("/news/7"))
    assert outcome.code == 0, outcome.stderr
    assert [r.status for r in web.asked("/news/7")] == [503, 200]


def test_robots_txt_is_honoured(web, capsys):
    web.put("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    web.put("/private/news", page(3))
    serve_stories(web, [0])
    outcome = run(capsys, "ingest", web.url("/news/0"), web.url("/private/news"))
    assert outcome.code == 3
    assert outcome.skipped()[web.url("/private/news")].startswith("disallowed by robots.txt")
    assert web.asked("/private/") == []
    assert len(web.asked("/robots.txt")) == 1


def test_a_site_whose_robots_txt_fails_is_left_alone_for_now(web):
    web.put("/robots.txt", "busy", "text/plain", status=503)
    web.put("/news/1", page(1))
    with Fetcher(FetchSettings(interval=0, retries=0)) as fetcher, pytest.raises(FetchError) as failed:
        fetcher.fetch(web.url("/news/1"))
    assert str(failed.value).startswith("robots.txt could not be read, so the site is left alone this time")
    assert not failed.value.permanent          # the next poll asks again
    assert web.asked("/news/") == []


# --- the client ------------------------------------------------------------------------

def test_windows_1251_pages_by_header_and_by_meta(web):
    title, text = story(2)
    body = f"<html><head><meta charset='windows-1251'><title>{title}</title></head><body><article><p>{text}</p></article></body></html>"
    web.put("/cp1251-header", body.encode("cp1251"), "text/html; charset=windows-1251")
    web.put("/cp1251-meta", body.encode("cp1251"), "text/html")
    with Fetcher(FetchSettings(interval=0)) as fetcher:
        for path in ("/cp1251-header", "/cp1251-meta"):
            decoded, _ = fetcher.fetch(web.url(path)).text()
            assert text in decoded, path


def test_requests_to_one_host_keep_their_interval(web):
    for n in range(4):
        web.put(f"/p{n}", "<p>Омск</p>")
    with Fetcher(FetchSettings(interval=0.2)) as fetcher:
        fetcher.fetch(web.url("/p0"))          # robots.txt first, then the page
        web.log.clear()
        for n in range(1, 4):
            fetcher.fetch(web.url(f"/p{n}"))
    starts = [r.at for r in web.asked("/p")]       # a slow answer of an earlier test may log late
    assert len(starts) == 3
    # the server notes a request when its thread gets to it, which a loaded machine can
    # delay for one request and not the next: the span of all three is what the limit sets
    assert starts[-1] - starts[0] >= 2 * 0.2 * 0.9


def test_conditional_get_gets_304_with_the_last_validators(web):
    web.put("/rss.xml", rss([0], web.base), "application/rss+xml", etag=True)
    with Fetcher(FetchSettings(interval=0)) as fetcher:
        first = fetcher.fetch(web.url("/rss.xml"))
        again = fetcher.fetch(web.url("/rss.xml"), validators=first.validators)
    assert (first.status, again.status, again.body) == (200, 304, b"")


def test_redirects_are_followed_up_to_the_limit(web):
    web.put("/r0", "", status=301, headers={"Location": "/r1"})
    web.put("/r1", "", status=302, headers={"Location": "/final"})
    web.put("/final", "<p>Омск</p>")
    with Fetcher(FetchSettings(interval=0, max_redirects=2)) as fetcher:
        assert fetcher.fetch(web.url("/r0")).final_url == web.url("/final")
    with Fetcher(FetchSettings(interval=0, max_redirects=1)) as fetcher, pytest.raises(FetchError, match="more than 1"):
        fetcher.fetch(web.url("/r0"))


def test_a_page_may_not_claim_another_sites_address(web, capsys):
    web.put("/news/5", page(5, canonical="https://other-outlet.example/news/5"))
    web.put("/news/6", page(6, canonical=web.url("/news/6?utm=1#top")))
    run(capsys, "ingest", web.url("/news/5"), web.url("/news/6"))
    documents = stored_documents()
    assert documents[web_document_id(web.url("/news/5"))]["url"] == web.url("/news/5")
    assert documents[web_document_id(web.url("/news/6?utm=1"))]["url"] == web.url("/news/6?utm=1")


def test_not_a_feed_message_for_garbage():
    with pytest.raises(NotAFeed, match="not an RSS or Atom feed"):
        feed_links(b"just some words", "http://127.0.0.1/feed")


def test_usage_errors_are_one_line(web, capsys):
    nothing = run(capsys, "ingest")
    assert nothing.code == 2 and "nothing to read" in nothing.stderr
    not_url = run(capsys, "ingest", "--feed", "news/")
    assert not_url.code == 2 and "--feed takes http(s) URLs, not 'news/'" in not_url.stderr


def test_gzipped_sitemap_and_its_size_cap():
    import gzip

    from interreg.ingest.web.sitemaps import parse_sitemap
    body = ("<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            "<url><loc>/news/1</loc><lastmod>2025-03-04</lastmod></url></urlset>").encode()
    [link], children = parse_sitemap(gzip.compress(body), "http://127.0.0.1/sitemap.xml.gz", 10_000)
    assert (link.url, link.published, children) == ("http://127.0.0.1/news/1", date(2025, 3, 4), [])
    with pytest.raises(NotAFeed, match="over the limit"):
        parse_sitemap(gzip.compress(body + b" " * 20_000), "http://127.0.0.1/s.xml.gz", 10_000)
    with pytest.raises(NotAFeed, match="not a sitemap"):
        parse_sitemap(b"<html><body>x</body></html>", "http://127.0.0.1/s.xml", 10_000)
