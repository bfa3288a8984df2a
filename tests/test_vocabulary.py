"""One vocabulary: Latin place names and coordinates in the gazetteer, Russian and English
words for commodities and statuses, the date forms, query-name suggestions, and a country
asked where a region is expected."""

from __future__ import annotations

from datetime import date

import pytest

from interreg import cli
from interreg.errors import UserError
from interreg.graph.memory import MemoryStore
from interreg.ingest.entities.gazetteer import gazetteer, latin_key
from interreg.queries import catalogue, params, runner, vocabulary
from interreg.queries.catalogue import ParamSpec
from interreg.tables import read_table
from test_queries import hand_built_corpus

# Rough boxes around each country (latitude south..north, longitude west..east), generous by a
# degree or so; a capital outside its country's box is a typo in the data.
COUNTRY_BOXES = {
    "RU": (41.0, 82.0, 19.0, 180.0),
    "UZ": (37.0, 45.7, 55.9, 73.2),
    "KZ": (40.5, 55.5, 46.4, 87.4),
    "BY": (51.2, 56.2, 23.1, 32.8),
    "KG": (39.1, 43.3, 69.2, 80.3),
    "TJ": (36.6, 41.1, 67.3, 75.2),
    "TM": (35.1, 42.8, 52.4, 66.7),
    "AM": (38.8, 41.3, 43.4, 46.7),
    "AZ": (38.3, 41.95, 44.7, 50.4),
    "MN": (41.5, 52.2, 87.7, 119.95),
    "CN": (18.0, 53.6, 73.5, 135.1),
    # further countries: their capitals only
    "VN": (8.0, 23.5, 102.0, 110.0), "TR": (35.8, 42.2, 25.6, 44.9), "AE": (22.6, 26.1, 51.5, 56.4),
    "PL": (49.0, 54.9, 14.1, 24.2), "DE": (47.2, 55.1, 5.8, 15.1), "US": (24.5, 49.4, -125.0, -66.9),
    "KP": (37.6, 43.1, 124.2, 130.7), "KR": (33.1, 38.7, 125.0, 129.6), "IR": (25.0, 39.8, 44.0, 63.4),
    "EG": (22.0, 31.7, 24.7, 36.9), "IN": (6.7, 35.7, 68.1, 97.4), "GE": (41.0, 43.6, 40.0, 46.7),
    "MD": (45.4, 48.5, 26.6, 30.2), "RS": (42.2, 46.2, 18.8, 23.0), "IL": (29.5, 33.4, 34.2, 35.9),
    "IT": (36.6, 47.1, 6.6, 18.6), "FR": (41.3, 51.1, -5.2, 9.6), "JP": (24.0, 45.6, 122.9, 146.0),
    "GB": (49.9, 60.9, -8.2, 1.8), "PK": (23.6, 37.1, 60.9, 77.8), "AF": (29.4, 38.5, 60.5, 74.9),
    "SA": (16.3, 32.2, 34.5, 55.7), "QA": (24.4, 26.2, 50.7, 51.7), "IQ": (29.0, 37.4, 38.8, 48.6),
    "SY": (32.3, 37.3, 35.7, 42.4), "DZ": (18.9, 37.1, -8.7, 12.0), "ZA": (-34.9, -22.1, 16.4, 32.9),
    "ID": (-11.0, 6.1, 95.0, 141.0), "MY": (0.8, 7.4, 99.6, 119.3), "TH": (5.6, 20.5, 97.3, 105.7),
    "LA": (13.9, 22.5, 100.1, 107.7), "CU": (19.8, 23.3, -85.0, -74.1), "BR": (-33.8, 5.3, -74.0, -34.8),
    "UA": (44.3, 52.4, 22.1, 40.3), "LV": (55.6, 58.1, 20.9, 28.3), "LT": (53.9, 56.5, 20.9, 26.9),
    "EE": (57.5, 59.7, 21.7, 28.3), "FI": (59.8, 70.1, 20.5, 31.6), "HU": (45.7, 48.6, 16.1, 22.9),
    "CZ": (48.5, 51.1, 12.1, 18.9),
}


@pytest.fixture(scope="module")
def g():
    return gazetteer()


# --- coordinates ---------------------------------------------------------------------------

def test_every_place_has_coordinates_inside_its_country(g):
    places = g.places()
    assert len([p for p in places if p.kind == "region"]) == 230      # 89 Russian subjects and 141 more
    assert len([p for p in places if p.kind == "country"]) == 51
    for place in places:
        point = g.coordinates(place.iso)
        assert point is not None, place.iso
        south, north, west, east = COUNTRY_BOXES[place.country]
        lat, lon = point
        assert south <= lat <= north and west <= lon <= east, (place.iso, point)


def test_coordinates_are_written_to_two_decimals():
    raw = read_table("interreg.ingest", "data/gazetteer.tsv")
    for row in raw:
        for column in ("lat", "lon"):
            whole, _, decimals = row[column].partition(".")
            assert whole.lstrip("-").isdigit() and len(decimals) == 2, (row["iso"], column, row[column])


def test_neighbouring_capitals_are_where_geography_puts_them(g):
    # a few relations any map shows: a swapped latitude and longitude would break them
    lat = lambda iso: g.coordinates(iso)[0]
    lon = lambda iso: g.coordinates(iso)[1]
    assert lat("RU-MUR") > lat("RU-SPE") > lat("RU-MOW") > lat("RU-KDA")
    assert lon("RU-KGD") < lon("RU-MOW") < lon("RU-OMS") < lon("RU-PRI") < lon("RU-CHU")
    assert lon("UZ-XO") < lon("UZ-BU") < lon("UZ-SA") < lon("UZ-TK") < lon("UZ-AN")
    assert lat("CN-HL") > lat("CN-BJ") > lat("CN-SH") > lat("CN-GD") > lat("CN-HI")


# --- Latin names ---------------------------------------------------------------------------

def test_every_place_has_a_latin_name_that_is_its_own(g):
    seen: dict[str, str] = {}
    for place in g.places():
        names = g.latin_names(place.iso)
        assert names, place.iso
        for name in names:
            assert name.isascii() or any(ch in name for ch in "ÖöÜüÄä"), (place.iso, name)
            key = latin_key(name)
            assert seen.setdefault(key, place.iso) == place.iso, f"{name!r}: {seen[key]} and {place.iso}"


@pytest.mark.parametrize("name, iso", [
    ("Bukhara", "UZ-BU"), ("Bukhara Region", "UZ-BU"), ("bukhara oblast", "UZ-BU"), ("Buxoro viloyati", "UZ-BU"),
    ("Tashkent", "UZ-TK"), ("Tashkent Region", "UZ-TO"), ("Omsk", "RU-OMS"), ("Omsk Oblast", "RU-OMS"),
    ("Moscow", "RU-MOW"), ("Moscow Oblast", "RU-MOS"), ("St. Petersburg", "RU-SPE"),
    ("Osh", "KG-GO"), ("Osh Region", "KG-O"), ("Minsk", "BY-HM"), ("Minsk Region", "BY-MI"),
    ("Bayan-Olgii", "MN-071"), ("Farg'ona", "UZ-FA"), ("Xinjiang", "CN-XJ"), ("Nur-Sultan", "KZ-71"),
    ("Uzbekistan", "UZ"), ("Kazakhstan", "KZ"), ("China", "CN"),
])
def test_latin_names_resolve(g, name, iso):
    assert g.resolve(name).iso == iso


def test_a_shortened_latin_name_two_places_share_names_neither(g):
    assert g.resolve("Altai Krai").iso == "RU-ALT"
    assert g.resolve("Altai Republic").iso == "RU-AL"
    assert g.resolve("Altai") is None


def test_latin_names_never_match_in_russian_text(g):
    text = "Делегация Bukhara и Omsk Oblast приехала в Tashkent, China и Moscow промолчали."
    assert g.match(text) == []
    # and the Cyrillic reading is unchanged
    assert [m.place.iso for m in g.match("Омичи посетили Бухарскую область.")] == ["RU-OMS", "UZ-BU"]


def test_a_misspelt_latin_name_gets_suggestions():
    with pytest.raises(UserError, match=r"did you mean .*UZ-BU"):
        params.place_code("Bukhra", "region")


# --- commodities, statuses, directions -------------------------------------------------------

@pytest.mark.parametrize("kind, word, value", [
    ("commodity", "текстиль", "textiles"), ("commodity", "Textiles", "textiles"),
    ("commodity", "продовольствие", "food"), ("commodity", "лесоматериалы", "timber"),
    ("status", "подписано", "signed"), ("status", "signed", "signed"), ("status", "планируется", "planned"),
    ("status", "утверждено", "approved"), ("status", "состоялась", "held"),
    ("direction", "экспорт", "export"), ("direction", "import", "import"),
])
def test_russian_and_english_words_mean_the_same_value(kind, word, value):
    assert params.convert(ParamSpec("x", kind), word) == value


def test_every_label_the_views_and_the_graph_show_is_accepted():
    for row in read_table("interreg.viz", "assets/palette.tsv"):
        if row["kind"] in ("commodity", "status"):
            assert vocabulary.canonical(row["kind"], row["label"]) == row["key"], row
    for row in read_table("interreg.graph", "data/commodities.tsv"):
        assert vocabulary.canonical("commodity", row["name"]) == row["id"], row


def test_every_word_means_one_value_only():
    for kind in vocabulary.KINDS:
        for value in vocabulary.values(kind):
            for word in vocabulary.names(kind, value):
                assert vocabulary.canonical(kind, word) == value


def test_an_unknown_word_lists_what_is_accepted():
    with pytest.raises(UserError, match=r"'шоколад' is not one of food, textiles"):
        params.convert(ParamSpec("commodity", "commodity"), "шоколад")


def test_commodity_in_russian_gives_the_same_rows_as_in_english(tmp_path):
    store = MemoryStore(tmp_path)
    store.upsert(hand_built_corpus())
    english = runner.run(store, "trade", {"commodity": "textiles"})
    assert english
    assert runner.run(store, "trade", {"commodity": "Текстиль"}) == english
    assert runner.run(store, "agreements", {"status": "подписано"}) == runner.run(store, "agreements",
                                                                                   {"status": "signed"})


# --- dates -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, day", [
    ("2024", date(2024, 1, 1)), ("2024-05", date(2024, 5, 1)), ("2024-05-17", date(2024, 5, 17)),
    ("17.05.2024", date(2024, 5, 17)), ("7.5.2024", date(2024, 5, 7)), ("05.2024", date(2024, 5, 1)),
])
def test_dates_in_every_usual_form(text, day):
    assert params.convert(ParamSpec("since", "date"), text) == day


@pytest.mark.parametrize("text", ["24", "2024-13", "31.02.2024", "май 2024", "2024/05/17"])
def test_a_date_that_is_not_one_says_which_forms_are(text):
    with pytest.raises(UserError, match=r"since: expected a date as 2024, 2024-05"):
        params.convert(ParamSpec("since", "date"), text)


# --- query names and the echo ------------------------------------------------------------

def test_an_unknown_query_name_gets_the_closest_names():
    with pytest.raises(UserError, match=r"unknown query 'partner'; did you mean partners"):
        catalogue.get("partner")
    with pytest.raises(UserError, match=r"did you mean top-regions"):
        catalogue.get("top-region")


def test_the_cli_echoes_the_resolved_place_on_stderr(interreg_home, capsys):
    store = MemoryStore(interreg_home)
    store.upsert(hand_built_corpus())
    store.close()
    assert cli.main(["query", "partners", "--param", "region=Bukhara", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "region: Бухарская область (UZ-BU)" in captured.err
    assert '"partner": "RU-OMS"' in captured.out      # stdout keeps only the rows


# --- a country where a region is asked ------------------------------------------------------

def test_partners_of_a_country_add_up_its_regions_and_its_own_ties(tmp_path):
    store = MemoryStore(tmp_path)
    store.upsert(hand_built_corpus())
    of_country = {row["partner"]: row for row in runner.run(store, "partners", {"region": "Узбекистан"})}
    assert of_country, "Uzbekistan has partners in the corpus"
    assert all(row["country"] != "UZ" for row in of_country.values())    # no ties inside the country
    # each partner's counts are the sum of its links with Uzbek regions and with Uzbekistan itself
    expected: dict[str, int] = {}
    for row in runner.run(store, "network", {"limit": "0"}):
        for side, other, other_country in ((row["region"], row["partner"], row["partner_country"]),
                                           (row["partner"], row["region"], row["region_country"])):
            side_country = gazetteer().get(side).country
            if side_country == "UZ" and other_country != "UZ":
                expected[other] = expected.get(other, 0) + (row["meetings"] or 0)
    assert {p: r["meetings"] for p, r in of_country.items()} == expected


def test_topics_and_agreements_of_a_country_gather_its_regions(tmp_path):
    store = MemoryStore(tmp_path)
    store.upsert(hand_built_corpus())
    for name, key in (("topics", "topic"), ("agreements", "event")):
        of_country = {row[key] for row in runner.run(store, name, {"region": "Узбекистан"})}
        of_bukhara = {row[key] for row in runner.run(store, name, {"region": "UZ-BU"})}
        assert of_bukhara and of_bukhara <= of_country, name
    with pytest.raises(UserError, match="is a country, not a region"):
        runner.run(store, "officials", {"region": "Узбекистан"})


@pytest.mark.neo4j
def test_partners_of_a_country_are_the_same_on_neo4j(tmp_path, neo4j_uri):
    from interreg.graph.neo4j_store import Neo4jStore

    memory_store = MemoryStore(tmp_path)
    memory_store.upsert(hand_built_corpus())
    neo4j_store = Neo4jStore(uri=neo4j_uri)
    try:
        neo4j_store.clear()
        neo4j_store.upsert(hand_built_corpus())
        for name in ("partners", "topics", "agreements"):
            for country in ("UZ", "Россия", "Belarus", "KZ", "CN"):
                on_memory = runner.run(memory_store, name, {"region": country})
                assert runner.run(neo4j_store, name, {"region": country}) == on_memory, (name, country)
            assert runner.run(neo4j_store, name, {"region": "UZ"}), name
    finally:
        neo4j_store.close()
